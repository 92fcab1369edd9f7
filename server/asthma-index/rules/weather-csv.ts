// The daily weather CSV for imports and backfills (docs/asthma-index.md, "Daily weather CSV").
// All or nothing: the first malformed row throws with its file line number, so nothing from the file is stored.
import { isIsoDate } from '../../calendar';
import { isDistrictCode, type DistrictCode } from './districts';
import type { DailyWeather } from './features';

export const WEATHER_CSV_HEADER = 'date,district,tmax,tmin,tmean,rh,pressure,pm25,no2,o3_8h,pollen_level,thunderstorm';
const COLUMNS = WEATHER_CSV_HEADER.split(',');

export interface WeatherCsvRow extends DailyWeather {
  district: DistrictCode;
  /** 1-based line in the file (the header is line 1). */
  line: number;
}

export class WeatherCsvError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`weather CSV line ${line}: ${reason}`);
    this.name = 'WeatherCsvError';
  }
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

// Plausible physical ranges: a value outside them is a unit or column mix-up, not weather.
const RANGES: Readonly<Record<string, readonly [number, number]>> = {
  tmax: [-60, 60],
  tmin: [-60, 60],
  tmean: [-60, 60],
  rh: [0, 100],
  pressure: [850, 1090],
  pm25: [0, 2000],
  no2: [0, 2000],
  o3_8h: [0, 2000],
};

function measurement(cells: Record<string, string>, column: string, line: number): number | null {
  const cell = cells[column] ?? '';
  if (cell === '') return null;
  if (!DECIMAL.test(cell)) throw new WeatherCsvError(line, `${column} "${cell}" is not a number`);
  const value = Number(cell);
  const [lo, hi] = RANGES[column] ?? [-Infinity, Infinity];
  if (value < lo || value > hi) throw new WeatherCsvError(line, `${column} ${cell} is outside ${lo}..${hi}`);
  return value;
}

function parseRow(text: string, line: number): WeatherCsvRow {
  const values = text.split(',').map((v) => v.trim());
  if (values.length !== COLUMNS.length) {
    throw new WeatherCsvError(line, `${values.length} columns, expected ${COLUMNS.length}`);
  }
  const cells = Object.fromEntries(COLUMNS.map((name, i) => [name, values[i] ?? '']));
  const date = cells.date ?? '';
  const district = cells.district ?? '';
  if (!isIsoDate(date)) throw new WeatherCsvError(line, `date "${date}" is not a YYYY-MM-DD calendar date`);
  if (!isDistrictCode(district)) throw new WeatherCsvError(line, `unknown district "${district}"`);

  const tmax = measurement(cells, 'tmax', line);
  const tmin = measurement(cells, 'tmin', line);
  if (tmax !== null && tmin !== null && tmin > tmax) throw new WeatherCsvError(line, `tmin ${tmin} is above tmax ${tmax}`);

  const pollen = cells.pollen_level ?? '';
  if (pollen !== '' && !/^[1-5]$/.test(pollen)) throw new WeatherCsvError(line, `pollen_level "${pollen}" is not 1-5`);
  const storm = cells.thunderstorm ?? '';
  if (storm !== '' && storm !== '0' && storm !== '1') throw new WeatherCsvError(line, `thunderstorm "${storm}" is not 0 or 1`);

  return {
    line,
    date,
    district,
    tmax,
    tmin,
    tmean: measurement(cells, 'tmean', line),
    rh: measurement(cells, 'rh', line),
    pressure: measurement(cells, 'pressure', line),
    pm25: measurement(cells, 'pm25', line),
    no2: measurement(cells, 'no2', line),
    o3_8h: measurement(cells, 'o3_8h', line),
    pollenLevel: pollen === '' ? null : Number(pollen),
    thunderstorm: storm === '' ? null : storm === '1',
  };
}

/** Parses the whole file (UTF-8 text, optional BOM, LF or CRLF); blank lines are skipped. */
export function parseWeatherCsv(text: string): WeatherCsvRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if ((lines[0] ?? '').trim() !== WEATHER_CSV_HEADER) {
    throw new WeatherCsvError(1, `header must be ${WEATHER_CSV_HEADER}`);
  }
  const rows: WeatherCsvRow[] = [];
  const seen = new Map<string, number>();
  lines.forEach((text, i) => {
    const line = i + 1;
    if (line === 1 || text.trim() === '') return;
    const row = parseRow(text, line);
    const key = `${row.district} ${row.date}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) throw new WeatherCsvError(line, `${row.district} ${row.date} already given on line ${earlier}`);
    seen.set(key, line);
    rows.push(row);
  });
  return rows;
}

/** Daily records of one district keyed by date, ready for buildIndexInputs. */
export function dailyByDateFor(rows: readonly WeatherCsvRow[], district: DistrictCode): Map<string, DailyWeather> {
  return new Map(rows.filter((r) => r.district === district).map(({ line: _line, district: _district, ...day }) => [day.date, day]));
}
