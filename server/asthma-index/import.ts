// import-weather: the daily weather CSV into weather_days, all or nothing (a malformed row names its line).
import { today } from '../clock';
import { nowIso } from '../clock';
import type { Deps } from '../context';
import { DISTRICTS } from './rules/districts';
import { CsvWeatherProvider } from './provider';
import { upsertWeatherDays, type StoredWeatherDay } from './store';

export interface ImportResult {
  rows: number;
  districts: number;
  from: string;
  to: string;
}

/** Throws WeatherCsvError (with the line) before anything is written; the write is one transaction. */
export async function importWeatherCsv(deps: Deps, text: string): Promise<ImportResult> {
  const provider = new CsvWeatherProvider(text);
  if (provider.rows.length === 0) throw new RangeError('the CSV has a header but no rows');
  const byDistrict = await provider.fetchDays(DISTRICTS);
  const todayDate = today(deps.clock);
  const fetchedAt = nowIso(deps.clock);
  const days: StoredWeatherDay[] = [];
  for (const [district, list] of byDistrict) {
    for (const day of list) days.push({ district, day, kind: day.date < todayDate ? 'observed' : 'forecast', source: provider.source, fetchedAt });
  }
  await deps.db.transaction().execute((trx) => upsertWeatherDays(trx, days));
  const dates = provider.rows.map((r) => r.date).sort();
  return { rows: days.length, districts: byDistrict.size, from: dates[0]!, to: dates[dates.length - 1]! };
}
