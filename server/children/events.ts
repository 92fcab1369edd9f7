// Hospital notices a clinician records (safety rules v2, 8.4): an emergency visit, admission or
// discharge that did not come through the diary. Each one raises the urgent alert for an ED visit
// or admission and brings the review forward to 2 working days, in one transaction, audited.
import { z } from 'zod';
import { nowIso, today } from '../clock';
import type { Deps, RequestContext } from '../context';
import { audit } from '../audit/audit';
import { validationFailed } from '../errors';
import { freeText, isoDate } from '../http/schemas';
import { newTimeOrderedId } from '../ids';
import { refreshSchedule } from '../followups/clinical-history';
import { childInScope } from './service';
import { assertMay } from '../auth/policy';

export const childEventSchema = z.object({
  kind: z.enum(['ed', 'admitted', 'discharged']),
  date: isoDate,
  source: z.enum(['hospital', 'parent', 'clinic']),
  note: freeText(1000).optional(),
});
export type ChildEventInput = z.infer<typeof childEventSchema>;

const ALERT_KIND = { ed: 'ed_visit', admitted: 'admission' } as const;

export async function recordChildEvent(deps: Deps, ctx: RequestContext, childId: string, input: ChildEventInput) {
  const actor = ctx.actor!;
  assertMay(actor, 'children.manage');
  const todayDate = today(deps.clock);
  if (input.date > todayDate) throw validationFailed([{ path: 'date', message: 'v.futureDate' }]);
  const now = nowIso(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    const child = await childInScope(trx, actor, childId);
    if (child.status !== 'active') throw validationFailed([{ path: 'childId', message: 'v.childNotActive' }]);
    const id = newTimeOrderedId();
    await trx
      .insertInto('child_events')
      .values({ id, child_id: childId, kind: input.kind, date: input.date, source: input.source, note: input.note || null, created_by: actor.id, created_at: now })
      .execute();
    if (input.kind !== 'discharged') {
      await trx
        .insertInto('clinical_alerts')
        .values({ id: newTimeOrderedId(), child_id: childId, center_id: child.center_id, kind: ALERT_KIND[input.kind], level: 'urgent', source_date: input.date, created_at: now, acknowledged_at: null, acknowledged_by: null })
        .onConflict((oc) => oc.columns(['child_id', 'kind', 'source_date']).doNothing())
        .execute();
    }
    const { due } = await refreshSchedule(trx, childId, todayDate, now);
    await audit(trx, deps.clock, ctx, { action: 'create', entity: 'child_event', entityId: id });
    return { id, childId, kind: input.kind, date: input.date, source: input.source, note: input.note || null, nextDue: due ? { date: due.date, reason: due.reason, graceDays: due.graceDays, overdue: due.overdue } : null };
  });
}
