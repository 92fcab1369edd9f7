// Where daily weather comes from: the Open-Meteo APIs over HTTP, or the daily weather CSV.
// Both give complete local days per district; the job decides what is observed and what is forecast.
import type { Config } from '../config';
import { addDays, type IsoDate } from '../calendar';
import type { District, DistrictCode } from './rules/districts';
import type { DailyWeather } from './rules/features';
import { combineDaily, openMeteoQuery, parseAirQualityResponse, parseForecastResponse, type OpenMeteoApi } from './rules/open-meteo';
import { parseWeatherCsv, type WeatherCsvRow } from './rules/weather-csv';

export interface WeatherProvider {
  /** Stored with each day ('open-meteo', 'csv'). */
  readonly source: string;
  /**
   * Complete local days for each district. Without a date: the provider's current window
   * (the last 3 days, today and tomorrow); with a date d: d-3 .. d+1.
   */
  fetchDays(districts: readonly District[], date?: IsoDate): Promise<Map<DistrictCode, DailyWeather[]>>;
}

/** The provider could not be reached, answered with an error, too slowly, or with something unreadable. */
export class ProviderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderError';
  }
}

export interface OpenMeteoOptions {
  forecastUrl: string;
  airQualityUrl: string;
  timeoutMs: number;
  /** Districts fetched at once (two requests each); keeps us polite to a free public API. */
  concurrency?: number;
  fetch?: typeof fetch;
}

export function openMeteoOptionsFrom(config: Config): OpenMeteoOptions {
  return { forecastUrl: config.WEATHER_URL, airQualityUrl: config.AIR_QUALITY_URL, timeoutMs: config.PROVIDER_TIMEOUT_MS };
}

export class OpenMeteoProvider implements WeatherProvider {
  readonly source = 'open-meteo';
  constructor(private readonly options: OpenMeteoOptions) {}

  private url(api: OpenMeteoApi, district: District, date?: IsoDate): string {
    const query = openMeteoQuery(api, district, date);
    // The job computes d and d+1, so a dated request also asks for the day after.
    if (date !== undefined) query.set('end_date', addDays(date, 1));
    const base = api === 'forecast' ? this.options.forecastUrl : this.options.airQualityUrl;
    return `${base}${base.includes('?') ? '&' : '?'}${query.toString()}`;
  }

  private async getJson(api: OpenMeteoApi, district: District, date?: IsoDate): Promise<unknown> {
    const what = `${api === 'forecast' ? 'weather' : 'air quality'} for ${district.code}`;
    const doFetch = this.options.fetch ?? fetch;
    let response: Response;
    let text: string;
    try {
      response = await doFetch(this.url(api, district, date), {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      text = await response.text();
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new ProviderError(`${what}: no answer within ${this.options.timeoutMs} ms`);
      }
      const cause = err instanceof Error && err.cause instanceof Error ? `: ${(err.cause as NodeJS.ErrnoException).code ?? err.cause.message}` : '';
      throw new ProviderError(`${what}: request failed (${err instanceof Error ? err.message : String(err)}${cause})`);
    }
    if (!response.ok) throw new ProviderError(`${what}: HTTP ${response.status}`);
    try {
      return JSON.parse(text);
    } catch {
      throw new ProviderError(`${what}: the answer is not valid JSON`);
    }
  }

  private async fetchDistrict(district: District, date?: IsoDate): Promise<DailyWeather[]> {
    const [forecastBody, airBody] = await Promise.all([this.getJson('forecast', district, date), this.getJson('airQuality', district, date)]);
    try {
      const daily = combineDaily(parseForecastResponse(forecastBody), parseAirQualityResponse(airBody));
      return [...daily.values()];
    } catch (err) {
      throw new ProviderError(`${district.code}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async fetchDays(districts: readonly District[], date?: IsoDate): Promise<Map<DistrictCode, DailyWeather[]>> {
    const out = new Map<DistrictCode, DailyWeather[]>();
    const concurrency = Math.max(1, this.options.concurrency ?? 4);
    for (let i = 0; i < districts.length; i += concurrency) {
      const batch = districts.slice(i, i + concurrency);
      const results = await Promise.all(batch.map((d) => this.fetchDistrict(d, date)));
      batch.forEach((d, j) => out.set(d.code, results[j]!));
    }
    return out;
  }
}

/** The daily weather CSV as a provider: parsing is all or nothing (a bad row throws WeatherCsvError with its line). */
export class CsvWeatherProvider implements WeatherProvider {
  readonly source = 'csv';
  readonly rows: WeatherCsvRow[];
  constructor(text: string) {
    this.rows = parseWeatherCsv(text);
  }

  async fetchDays(districts: readonly District[], date?: IsoDate): Promise<Map<DistrictCode, DailyWeather[]>> {
    const wanted = new Set(districts.map((d) => d.code));
    const inWindow = (d: IsoDate) => date === undefined || (d >= addDays(date, -3) && d <= addDays(date, 1));
    const out = new Map<DistrictCode, DailyWeather[]>();
    for (const { line: _line, district, ...day } of this.rows) {
      if (!wanted.has(district) || !inWindow(day.date)) continue;
      const list = out.get(district) ?? [];
      list.push(day);
      out.set(district, list);
    }
    return out;
  }
}
