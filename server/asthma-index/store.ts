// Reads and writes of the asthma-index tables, shared by the job, the backfill, the import and the seed.
// Every function takes the caller's Kysely (usually a transaction), so a run commits or rolls back as a whole.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { IndexDayTable, WeatherKind } from '../../db/tables/asthma-index';
import type { IsoDate } from '../calendar';
import { composeAdvice, describeFactors } from './rules/advice';
import type { DailyWeather } from './rules/features';
import { indexParamsFor } from './rules/params';
import type { IndexComputed } from './rules/score';

export interface StoredWeatherDay {
  district: string;
  day: DailyWeather;
  kind: WeatherKind;
  source: string;
  fetchedAt: string;
}

// SQLite allows 32766 bound values per statement; 16 columns x 400 rows stays far below.
const CHUNK = 400;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Observed days are kept unless a newer observation comes; forecasts are replaced by any later fetch. */
export async function upsertWeatherDays(db: Kysely<DB>, days: readonly StoredWeatherDay[]): Promise<number> {
  let written = 0;
  for (const part of chunks(days)) {
    const result = await db
      .insertInto('weather_days')
      .values(
        part.map(({ district, day, kind, source, fetchedAt }) => ({
          district,
          date: day.date,
          kind,
          source,
          fetched_at: fetchedAt,
          tmax: day.tmax,
          tmin: day.tmin,
          tmean: day.tmean,
          rh: day.rh,
          pressure: day.pressure,
          pm25: day.pm25,
          no2: day.no2,
          o3_8h: day.o3_8h,
          pollen_level: day.pollenLevel,
          thunderstorm: day.thunderstorm === null ? null : day.thunderstorm ? 1 : 0,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['district', 'date'])
          .doUpdateSet((eb) => ({
            kind: eb.ref('excluded.kind'),
            source: eb.ref('excluded.source'),
            fetched_at: eb.ref('excluded.fetched_at'),
            tmax: eb.ref('excluded.tmax'),
            tmin: eb.ref('excluded.tmin'),
            tmean: eb.ref('excluded.tmean'),
            rh: eb.ref('excluded.rh'),
            pressure: eb.ref('excluded.pressure'),
            pm25: eb.ref('excluded.pm25'),
            no2: eb.ref('excluded.no2'),
            o3_8h: eb.ref('excluded.o3_8h'),
            pollen_level: eb.ref('excluded.pollen_level'),
            thunderstorm: eb.ref('excluded.thunderstorm'),
          }))
          .where((eb) => eb.or([eb('weather_days.kind', '=', 'forecast'), eb('excluded.kind', '=', 'observed')])),
      )
      .executeTakeFirst();
    written += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return written;
}

export interface WeatherRecord extends DailyWeather {
  kind: WeatherKind;
  fetchedAt: string;
  source: string;
}

/** Stored weather of the given districts between two dates (inclusive), by district then date. */
export async function loadWeather(db: Kysely<DB>, districts: readonly string[], from: IsoDate, to: IsoDate): Promise<Map<string, Map<IsoDate, WeatherRecord>>> {
  const rows = await db
    .selectFrom('weather_days')
    .selectAll()
    .where('district', 'in', districts as string[])
    .where('date', '>=', from)
    .where('date', '<=', to)
    .execute();
  const out = new Map<string, Map<IsoDate, WeatherRecord>>(districts.map((d) => [d, new Map()]));
  for (const r of rows) {
    out.get(r.district)?.set(r.date, {
      date: r.date,
      tmax: r.tmax,
      tmin: r.tmin,
      tmean: r.tmean,
      rh: r.rh,
      pressure: r.pressure,
      pm25: r.pm25,
      no2: r.no2,
      o3_8h: r.o3_8h,
      pollenLevel: r.pollen_level,
      thunderstorm: r.thunderstorm === null ? null : r.thunderstorm === 1,
      kind: r.kind,
      fetchedAt: r.fetched_at,
      source: r.source,
    });
  }
  return out;
}

/**
 * The row for one computed day. Plain-words factors are stored so reads never recompute them; the
 * advice is stored as it was sent, and reads re-render it from the rules (storedDayAdvice).
 */
export function indexDayRow(district: string, date: IsoDate, result: IndexComputed, weather: { kind: WeatherKind; fetchedAt: string; source: string }, runId: string | null, computedAt: string): IndexDayTable {
  const advice = composeAdvice(result, indexParamsFor(result.algorithmVersion));
  return {
    district,
    date,
    score: result.score,
    level: result.level,
    score_level: result.scoreLevel,
    sub_scores: JSON.stringify(result.subScores),
    features: JSON.stringify(result.features),
    inputs: JSON.stringify(result.inputs),
    floors: JSON.stringify(result.floors),
    missing: JSON.stringify(result.missing),
    factors: JSON.stringify(describeFactors(result)),
    confidence: result.confidence,
    advice_zh: advice.zh,
    advice_en: advice.en,
    algorithm_version: result.algorithmVersion,
    weather_kind: weather.kind,
    weather_fetched_at: weather.fetchedAt,
    weather_source: weather.source,
    run_id: runId,
    computed_at: computedAt,
  };
}

/** One row per district and date: a rerun replaces the earlier result. */
export async function upsertIndexDays(db: Kysely<DB>, rows: readonly IndexDayTable[]): Promise<number> {
  let written = 0;
  for (const part of chunks(rows, 100)) {
    const result = await db
      .insertInto('index_days')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['district', 'date']).doUpdateSet((eb) => ({
          score: eb.ref('excluded.score'),
          level: eb.ref('excluded.level'),
          score_level: eb.ref('excluded.score_level'),
          sub_scores: eb.ref('excluded.sub_scores'),
          features: eb.ref('excluded.features'),
          inputs: eb.ref('excluded.inputs'),
          floors: eb.ref('excluded.floors'),
          missing: eb.ref('excluded.missing'),
          factors: eb.ref('excluded.factors'),
          confidence: eb.ref('excluded.confidence'),
          advice_zh: eb.ref('excluded.advice_zh'),
          advice_en: eb.ref('excluded.advice_en'),
          algorithm_version: eb.ref('excluded.algorithm_version'),
          weather_kind: eb.ref('excluded.weather_kind'),
          weather_fetched_at: eb.ref('excluded.weather_fetched_at'),
          weather_source: eb.ref('excluded.weather_source'),
          run_id: eb.ref('excluded.run_id'),
          computed_at: eb.ref('excluded.computed_at'),
        })),
      )
      .executeTakeFirst();
    written += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return written;
}
