// Open-Meteo forecast and air-quality responses -> one DailyWeather per complete local day,
// and the daily records -> IndexInputs for day d. Pure: fetching lives elsewhere.
import { addDays, isIsoDate, type IsoDate } from '../../calendar';
import { dailyMeanTemperature, isPresent, type DailyWeather, type IndexInputs } from './features';
import { currentIndexParams } from './params';
import type { IndexParams } from './params-v0.1';

/** The response is not what we asked for (time zone, units, shape); never guess around it. */
export class ProviderFormatError extends Error {
  constructor(message: string) {
    super(`Open-Meteo: ${message}`);
    this.name = 'ProviderFormatError';
  }
}

export const OPEN_METEO_FORECAST_URL = 'https://api.open-meteo.com/v1/forecast';
export const OPEN_METEO_AIR_QUALITY_URL = 'https://air-quality-api.open-meteo.com/v1/air-quality';
const SHANGHAI_UTC_OFFSET_SECONDS = 28_800;

const FORECAST_HOURLY = ['temperature_2m', 'relative_humidity_2m', 'pressure_msl', 'weather_code'] as const;
const FORECAST_DAILY = ['temperature_2m_max', 'temperature_2m_min'] as const;
const AIR_HOURLY = ['pm2_5', 'nitrogen_dioxide', 'ozone'] as const;

// Open-Meteo writes µg/m³ with the Greek mu (U+03BC); the micro sign (U+00B5) means the same.
const MICROGRAMS = ['μg/m³', 'µg/m³'];
const EXPECTED_UNITS: Readonly<Record<string, readonly string[]>> = {
  time: ['iso8601'],
  temperature_2m: ['°C'],
  temperature_2m_max: ['°C'],
  temperature_2m_min: ['°C'],
  relative_humidity_2m: ['%'],
  pressure_msl: ['hPa'],
  weather_code: ['wmo code'],
  pm2_5: MICROGRAMS,
  nitrogen_dioxide: MICROGRAMS,
  ozone: MICROGRAMS,
};

/** A day of Open-Meteo's forecast: the weather part of the index's daily inputs. */
export type ForecastDay = Pick<DailyWeather, 'date' | 'tmax' | 'tmin' | 'tmean' | 'rh' | 'pressure' | 'thunderstorm'>;

export interface AirQualityDay {
  date: IsoDate;
  pm25: number | null;
  no2: number | null;
  o3_8h: number | null;
}

type Series = (number | null)[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads one block ("hourly" or "daily"): its time axis and the named series, with units checked. */
function readBlock(body: Record<string, unknown>, block: 'hourly' | 'daily', variables: readonly string[]) {
  const values = body[block];
  const units = body[`${block}_units`];
  if (!isRecord(values)) throw new ProviderFormatError(`no "${block}" block`);
  if (!isRecord(units)) throw new ProviderFormatError(`no "${block}_units" block`);
  const time = values.time;
  const timeForm = block === 'hourly' ? /^\d{4}-\d{2}-\d{2}T\d{2}:00$/ : /^\d{4}-\d{2}-\d{2}$/;
  if (!Array.isArray(time) || !time.every((t) => typeof t === 'string' && timeForm.test(t))) {
    throw new ProviderFormatError(`${block}.time is not a list of local ${block === 'hourly' ? 'hours' : 'dates'}`);
  }
  const series: Record<string, Series> = {};
  for (const name of ['time', ...variables]) {
    const unit = units[name];
    if (unit === undefined && name === 'time') continue;
    if (typeof unit !== 'string' || !EXPECTED_UNITS[name]?.includes(unit)) {
      throw new ProviderFormatError(`${block} ${name} in unit ${JSON.stringify(unit)}, expected ${EXPECTED_UNITS[name]?.join(' or ')}`);
    }
    if (name === 'time') continue;
    const column = values[name];
    if (!Array.isArray(column)) throw new ProviderFormatError(`${block}.${name} is missing`);
    if (column.length !== time.length) {
      throw new ProviderFormatError(`${block}.${name} has ${column.length} values for ${time.length} times`);
    }
    if (!column.every((v) => v === null || (typeof v === 'number' && Number.isFinite(v)))) {
      throw new ProviderFormatError(`${block}.${name} holds something other than numbers and null`);
    }
    series[name] = column as Series;
  }
  return { time: time as string[], series };
}

function checkEnvelope(body: unknown): Record<string, unknown> {
  if (!isRecord(body)) throw new ProviderFormatError('response is not a JSON object');
  if (body.utc_offset_seconds !== SHANGHAI_UTC_OFFSET_SECONDS) {
    throw new ProviderFormatError(`utc_offset_seconds is ${JSON.stringify(body.utc_offset_seconds)}, expected 28800 (Asia/Shanghai)`);
  }
  return body;
}

/** Row indexes of each complete local day: a day is complete when all 24 hourly slots (00..23) are in the response. */
function completeDays(time: readonly string[]): Map<IsoDate, number[]> {
  const slots = new Map<IsoDate, (number | undefined)[]>();
  time.forEach((t, row) => {
    const date = t.slice(0, 10);
    const hour = Number(t.slice(11, 13));
    if (!isIsoDate(date) || hour > 23) throw new ProviderFormatError(`bad hourly time ${t}`);
    const day = slots.get(date) ?? new Array<number | undefined>(24).fill(undefined);
    if (day[hour] !== undefined) throw new ProviderFormatError(`hour ${t} appears twice`);
    day[hour] = row;
    slots.set(date, day);
  });
  const complete = new Map<IsoDate, number[]>();
  for (const [date, rows] of [...slots].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (rows.every((r) => r !== undefined)) complete.set(date, rows as number[]);
  }
  return complete;
}

/** Daily means are kept to two decimals, the precision of the daily CSV, so fetched and imported days score alike. */
function toHundredths(value: number): number {
  return Math.round(value * 100) / 100;
}

function validValues(series: Series, rows: readonly number[]): number[] {
  return rows.map((r) => series[r]).filter((v): v is number => isPresent(v));
}

function meanOf(values: readonly number[], minCount: number): number | null {
  if (values.length < minCount || values.length === 0) return null;
  return toHundredths(values.reduce((a, b) => a + b, 0) / values.length);
}

/** Max of the 17 eight-hour running means that lie inside the day (00-07 ... 16-23). */
function ozoneDailyMax8h(hourly: readonly (number | null)[], params: IndexParams): number | null {
  const { o3WindowMinHours, o3MinWindows } = params.dailyCompleteness;
  const windows: number[] = [];
  for (let start = 0; start + 8 <= hourly.length; start += 1) {
    const mean = meanOf(hourly.slice(start, start + 8).filter(isPresent), o3WindowMinHours);
    if (mean !== null) windows.push(mean);
  }
  return windows.length >= o3MinWindows ? Math.max(...windows) : null;
}

export function parseForecastResponse(body: unknown, params: IndexParams = currentIndexParams): ForecastDay[] {
  const envelope = checkEnvelope(body);
  const hourly = readBlock(envelope, 'hourly', FORECAST_HOURLY);
  // The daily block is optional; when present its max/min are the provider's own local-day extremes.
  const daily = envelope.daily === undefined ? null : readBlock(envelope, 'daily', FORECAST_DAILY);
  const dailyRow = new Map(daily?.time.map((date, row) => [date, row]) ?? []);
  const { meanMinHours } = params.dailyCompleteness;
  const [temperature, rh, pressure, weatherCode] = FORECAST_HOURLY.map((name) => hourly.series[name] as Series) as [Series, Series, Series, Series];

  return [...completeDays(hourly.time)].map(([date, rows]) => {
    const temps = validValues(temperature, rows);
    // Hourly extremes only from a well-covered day, so a gap cannot hide the afternoon peak.
    const hourlyExtremes = temps.length >= meanMinHours;
    const row = dailyRow.get(date);
    const fromDaily = (name: string) => (daily && row !== undefined ? (daily.series[name]?.[row] ?? null) : null);
    const tmax = fromDaily('temperature_2m_max') ?? (hourlyExtremes ? Math.max(...temps) : null);
    const tmin = fromDaily('temperature_2m_min') ?? (hourlyExtremes ? Math.min(...temps) : null);
    const tmean = meanOf(temps, meanMinHours) ?? dailyMeanTemperature({ tmax, tmin, tmean: null });
    const codes = validValues(weatherCode, rows);
    const thunderstorm = codes.some((c) => params.thunderstormWeatherCodes.includes(c)) ? true : codes.length >= meanMinHours ? false : null;
    return {
      date,
      tmax,
      tmin,
      tmean,
      rh: meanOf(validValues(rh, rows), meanMinHours),
      pressure: meanOf(validValues(pressure, rows), meanMinHours),
      thunderstorm,
    };
  });
}

export function parseAirQualityResponse(body: unknown, params: IndexParams = currentIndexParams): AirQualityDay[] {
  const hourly = readBlock(checkEnvelope(body), 'hourly', AIR_HOURLY);
  const { pollutantMinHours } = params.dailyCompleteness;
  const [pm25, no2, ozone] = AIR_HOURLY.map((name) => hourly.series[name] as Series) as [Series, Series, Series];
  return [...completeDays(hourly.time)].map(([date, rows]) => ({
    date,
    pm25: meanOf(validValues(pm25, rows), pollutantMinHours),
    no2: meanOf(validValues(no2, rows), pollutantMinHours),
    o3_8h: ozoneDailyMax8h(
      rows.map((r) => ozone[r] ?? null),
      params,
    ),
  }));
}

/** One record per complete forecast day; air quality joins where it has the same complete day, else stays missing. */
export function combineDaily(forecast: readonly ForecastDay[], air: readonly AirQualityDay[]): Map<IsoDate, DailyWeather> {
  const airByDate = new Map(air.map((a) => [a.date, a]));
  return new Map(
    forecast.map((day) => {
      const a = airByDate.get(day.date);
      return [day.date, { ...day, pm25: a?.pm25 ?? null, no2: a?.no2 ?? null, o3_8h: a?.o3_8h ?? null, pollenLevel: null }];
    }),
  );
}

/** Inputs for day d from the daily records of d-3..d; a missing record leaves its inputs missing. */
export function buildIndexInputs(dailyByDate: ReadonlyMap<IsoDate, DailyWeather>, date: IsoDate): IndexInputs {
  const on = (offset: number) => dailyByDate.get(addDays(date, offset));
  const day = on(0);
  const prev = on(-1);
  return {
    tmax: day?.tmax ?? null,
    tmin: day?.tmin ?? null,
    tmean: day?.tmean ?? null,
    prevTmean: prev ? dailyMeanTemperature(prev) : null,
    prevTmin: prev?.tmin ?? null,
    prev3Tmean: [-3, -2, -1].map((offset) => {
      const earlier = on(offset);
      return earlier ? dailyMeanTemperature(earlier) : null;
    }),
    rh: day?.rh ?? null,
    p: day?.pressure ?? null,
    prevP: prev?.pressure ?? null,
    pm25: day?.pm25 ?? null,
    no2: day?.no2 ?? null,
    o3_8h: day?.o3_8h ?? null,
    pollenLevel: day?.pollenLevel ?? null,
    thunderstorm: day?.thunderstorm ?? null,
  };
}

export type OpenMeteoApi = 'forecast' | 'airQuality';

/**
 * Query for a district centroid. Without a date: the last 3 days plus today and tomorrow
 * (past_days=3, forecast_days=2). With a date d: exactly d-3..d, enough for prev and prev3.
 */
export function openMeteoQuery(api: OpenMeteoApi, centroid: { lat: number; lon: number }, date?: IsoDate): URLSearchParams {
  const query = new URLSearchParams({ latitude: String(centroid.lat), longitude: String(centroid.lon) });
  if (api === 'forecast') {
    query.set('hourly', FORECAST_HOURLY.join(','));
    query.set('daily', FORECAST_DAILY.join(','));
  } else {
    query.set('hourly', AIR_HOURLY.join(','));
  }
  query.set('timezone', 'Asia/Shanghai');
  if (date === undefined) {
    query.set('past_days', '3');
    query.set('forecast_days', '2');
  } else {
    if (!isIsoDate(date)) throw new RangeError(`not a calendar date: ${date}`);
    query.set('start_date', addDays(date, -3));
    query.set('end_date', date);
  }
  return query;
}

export function openMeteoUrl(api: OpenMeteoApi, centroid: { lat: number; lon: number }, date?: IsoDate): string {
  const base = api === 'forecast' ? OPEN_METEO_FORECAST_URL : OPEN_METEO_AIR_QUALITY_URL;
  return `${base}?${openMeteoQuery(api, centroid, date).toString()}`;
}
