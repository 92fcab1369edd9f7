// Referrals read as ServiceRequest + Task, scoped by referralInScope for every row returned.
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import type { DB, ReferralTable } from '../../db/schema';
import type { Actor } from '../context';
import { auditRead } from '../audit/audit';
import { referralInScope } from '../referrals/service';
import { REFERRAL_STATUSES } from '../referrals/rules';
import { fhirContext, type FhirEnv } from './auth';
import { toServiceRequest, toTask } from './map/referral';
import { fhirError } from './outcome';
import type { Resource } from './record';
import type { SearchQuery } from './search';

export const referralResources = (row: ReferralTable): Resource[] => [toServiceRequest(row), toTask(row)] as Resource[];

/** The Task with the reason given at its latest move (reject, cancel, fail). */
export async function taskOf(db: Kysely<DB>, row: ReferralTable): Promise<Resource> {
  const last = await db.selectFrom('referral_history').select('reason').where('referral_id', '=', row.id).orderBy('id', 'desc').executeTakeFirst();
  return toTask(row, { statusReason: last?.reason ?? null }) as Resource;
}

const orgId = (v: string) => v.replace(/^Organization\//, '');

export async function searchReferrals(c: Context<FhirEnv>, actor: Actor, type: 'ServiceRequest' | 'Task', q: SearchQuery): Promise<{ total: number; resources: Resource[] }> {
  const deps = c.get('deps');
  // The same parties rule as referralInScope, so a page and its total are SQL's; referralInScope
  // below still decides for each row returned.
  let sql = deps.db.selectFrom('referrals');
  if (actor.role === 'clinician') {
    const centre = actor.centerId ?? '';
    sql = sql.where((eb) => eb.or([eb('from_center_id', '=', centre), eb('to_center_id', '=', centre)]));
  }
  if (q.patient) sql = sql.where('child_id', '=', q.patient);
  if (q.params.status) {
    const statuses = q.params.status.split(',');
    if (type === 'Task') {
      if (!statuses.every((s) => (REFERRAL_STATUSES as readonly string[]).includes(s))) throw fhirError(400, 'value', 'status is a Task status the platform uses', 'status');
      sql = sql.where('status', 'in', statuses as ReferralTable['status'][]);
    } else {
      const map: Record<string, ReferralTable['status'][]> = { active: ['requested', 'accepted', 'in-progress'], completed: ['completed'], revoked: ['rejected', 'cancelled', 'failed'] };
      if (!statuses.every((s) => s in map)) throw fhirError(400, 'value', 'status is active, completed or revoked', 'status');
      sql = sql.where(
        'status',
        'in',
        statuses.flatMap((s) => map[s]!),
      );
    }
  }
  if (q.params.owner) sql = sql.where('to_center_id', '=', orgId(q.params.owner));
  if (q.params.requester) sql = sql.where('from_center_id', '=', orgId(q.params.requester));
  const { n } = await sql.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const ids = await sql.select('id').orderBy('created_at').orderBy('id').limit(q.count).offset(q.offset).execute();
  const out: Resource[] = [];
  for (const { id } of ids) {
    const row = await referralInScope(deps.db, actor, id).catch(() => undefined);
    if (!row) continue;
    out.push(type === 'Task' ? await taskOf(deps.db, row) : (toServiceRequest(row) as Resource));
  }
  await auditRead(deps.db, deps.clock, fhirContext(c), { action: 'fhir_search', entity: 'referral', entityId: q.patient ?? null });
  return { total: Number(n), resources: out };
}
