// A stored asthma-index day with only what a test sets (district, date, level, when computed): the
// notification and indicator tests need a day to exist, not the index's inputs.
import type { Insertable } from 'kysely';
import type { IndexDayTable } from '../../db/tables/asthma-index';
import type { World } from './world';

export function indexDayRow(fields: { date: string; level: number; computedAt: string; district?: string }): Insertable<IndexDayTable> {
  return {
    district: fields.district ?? 'pudong',
    date: fields.date,
    score: fields.level * 18,
    level: fields.level,
    score_level: fields.level,
    sub_scores: '{}',
    features: '{}',
    inputs: '{}',
    floors: '[]',
    missing: '[]',
    factors: '[]',
    confidence: 'high',
    advice_zh: '建议',
    advice_en: 'Advice',
    algorithm_version: 'test',
    weather_kind: 'forecast',
    weather_fetched_at: fields.computedAt,
    weather_source: 'test',
    run_id: null,
    computed_at: fields.computedAt,
  };
}

/** Stores the day at the world's clock, or moves an existing day to this level (a later run). */
export async function storeIndexDay(w: World, date: string, level: number): Promise<void> {
  const row = indexDayRow({ date, level, computedAt: w.clock.now().toISOString() });
  await w.db
    .insertInto('index_days')
    .values(row)
    .onConflict((oc) => oc.columns(['district', 'date']).doUpdateSet({ level, score_level: level, computed_at: row.computed_at }))
    .execute();
}
