// After each index run: one outbox row per subscription and day at or above its minimum level,
// written in the run's transaction. The unique (subscription, date) key means never two for a day.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { IndexDayTable } from '../../db/tables/asthma-index';
import { nowIso, type Clock } from '../clock';
import { newId } from '../ids';
import { INDEX_LEVELS, storedDayAdvice } from './rules/advice';
import { findDistrict } from './rules/districts';
import type { IndexLevel } from './rules/params-v0.1';
import { toApiConfidence } from './rules/score';

export const DELIVERY_EVENT = 'asthma_index.daily';

/** The JSON a subscriber receives; the same fields as GET /api/v1/asthma-index, plus ids. */
export function deliveryPayload(outboxId: string, subscriptionId: string, day: IndexDayTable): string {
  const district = findDistrict(day.district);
  return JSON.stringify({
    event: DELIVERY_EVENT,
    deliveryId: outboxId,
    subscriptionId,
    district: day.district,
    districtName: district?.name ?? { zh: day.district, en: day.district },
    date: day.date,
    level: day.level,
    label: INDEX_LEVELS[day.level as IndexLevel].label,
    score: day.score,
    confidence: toApiConfidence(day.confidence),
    // The same rendering as the API, so a subscriber reads what the page shows.
    advice: storedDayAdvice({ level: day.level, inputs: day.inputs, algorithmVersion: day.algorithm_version }),
    algorithmVersion: day.algorithm_version,
    computedAt: day.computed_at,
  });
}

/** Creates the outbox rows for computed days; returns how many new rows were written. */
export async function createOutboxForDays(db: Kysely<DB>, clock: Clock, days: readonly IndexDayTable[]): Promise<number> {
  if (days.length === 0) return 0;
  const subscriptions = await db
    .selectFrom('subscriptions')
    .select(['id', 'district', 'min_level'])
    .where('active', '=', 1)
    .where('district', 'in', [...new Set(days.map((d) => d.district))])
    .execute();
  const now = nowIso(clock);
  let created = 0;
  for (const day of days) {
    for (const sub of subscriptions) {
      if (sub.district !== day.district || day.level < sub.min_level) continue;
      const id = newId();
      const result = await db
        .insertInto('outbox')
        .values({
          id,
          subscription_id: sub.id,
          date: day.date,
          level: day.level,
          payload: deliveryPayload(id, sub.id, day),
          status: 'pending',
          attempts: 0,
          next_attempt_at: now,
          last_error: null,
          created_at: now,
          sent_at: null,
        })
        .onConflict((oc) => oc.columns(['subscription_id', 'date']).doNothing())
        .executeTakeFirst();
      created += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
  }
  return created;
}
