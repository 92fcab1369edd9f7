// The signed-in parent's own children at a glance, for the parent's home page and the family app.
import type { Actor, Deps, RequestContext } from '../context';
import { auditRead } from '../audit/audit';
import { actorOf } from '../auth/actor';
import { today } from '../clock';
import type { IsoDate } from '../calendar';
import { visibleChildren } from '../children/scope';
import { assertMay } from '../auth/policy';

export interface FamilyChild {
  id: string;
  name: string;
  birthDate: IsoDate;
  status: string;
  nextDue: IsoDate | null;
  latestGinaLevel: string | null;
  /** The action plan's version in force, or null without one. */
  planVersion: number | null;
  /** Whether today's diary (Shanghai date) has an entry. */
  loggedToday: boolean;
}

/** The parent's children, by name; each one's record read is audited. */
export async function familyChildren(deps: Deps, ctx: RequestContext): Promise<FamilyChild[]> {
  const actor: Actor = actorOf(ctx);
  assertMay(actor, 'family.own');
  const todayDate = today(deps.clock);
  const rows = await deps.db.selectFrom('children').select(['id', 'name', 'birth_date', 'status', 'next_due_date', 'latest_gina_level']).where(visibleChildren(actor)).orderBy('name').orderBy('id').execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [logged, plans] = await Promise.all([
    deps.db.selectFrom('diary_entries').select('child_id').where('child_id', 'in', ids).where('date', '=', todayDate).execute(),
    deps.db
      .selectFrom('action_plans')
      .select(['child_id', (eb) => eb.fn.max('version').as('version')])
      .where('child_id', 'in', ids)
      .groupBy('child_id')
      .execute(),
  ]);
  const loggedIds = new Set(logged.map((l) => l.child_id));
  const planOf = new Map(plans.map((p) => [p.child_id, Number(p.version)]));
  for (const id of ids) await auditRead(deps.db, deps.clock, ctx, { action: 'read', entity: 'child', entityId: id });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    birthDate: r.birth_date,
    status: r.status,
    nextDue: r.next_due_date,
    latestGinaLevel: r.latest_gina_level,
    planVersion: planOf.get(r.id) ?? null,
    loggedToday: loggedIds.has(r.id),
  }));
}
