// The working-day calendar (safety rules v2, 8.4): public holidays and make-up working days, as the
// State Council announces them each year, kept by the admin. The 2-working-day review counts on it.
import { z } from 'zod';
import { nowIso } from '../clock';
import type { Deps, RequestContext } from '../context';
import { audit } from '../audit/audit';
import { isoDate, label } from '../http/schemas';

export const calendarDayBody = z.object({ kind: z.enum(['holiday', 'workday']), name: label(50) });
export const calendarDayParams = z.object({ date: isoDate });
export const calendarQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

export async function listCalendarDays(deps: Deps, year?: number) {
  let q = deps.db.selectFrom('calendar_days').select(['date', 'kind', 'name']).orderBy('date');
  if (year) q = q.where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`);
  return { items: await q.execute() };
}

/** Sets a day (replacing what it was); due dates already stored keep theirs until the child's next change. */
export async function setCalendarDay(deps: Deps, ctx: RequestContext, date: string, body: z.infer<typeof calendarDayBody>) {
  const now = nowIso(deps.clock);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('calendar_days')
      .values({ date, kind: body.kind, name: body.name, updated_by: ctx.actor!.id, updated_at: now })
      .onConflict((oc) => oc.column('date').doUpdateSet({ kind: body.kind, name: body.name, updated_by: ctx.actor!.id, updated_at: now }))
      .execute();
    await audit(trx, deps.clock, ctx, { action: 'set', entity: 'calendar_day', entityId: date });
  });
  return { date, ...body };
}

export async function removeCalendarDay(deps: Deps, ctx: RequestContext, date: string) {
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('calendar_days').where('date', '=', date).execute();
    await audit(trx, deps.clock, ctx, { action: 'delete', entity: 'calendar_day', entityId: date });
  });
}
