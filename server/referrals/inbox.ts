// GET /referrals: the incoming and outgoing inboxes of a centre, overdue first, then newest first.
import { sql } from 'kysely';
import { nowIso } from '../clock';
import type { Deps, RequestContext } from '../context';
import { audit, auditRead } from '../audit/audit';
import { decodeCursor, encodeCursor, type Page } from '../http/paging';
import type { ReferralListQuery } from './schemas';
import { OPEN_STATUSES, actorOf, assertReferralReader } from './service';
import { lookupsFor, overdueCutoffs, referralView, responseLimits, type ReferralView } from './views';

export async function listReferrals(deps: Deps, ctx: RequestContext, query: ReferralListQuery): Promise<Page<ReferralView>> {
  const actor = actorOf(ctx);
  assertReferralReader(actor);
  const now = nowIso(deps.clock);
  const limits = responseLimits(deps.config);
  const cut = overdueCutoffs(limits, now);
  // 0 = overdue (still requested past its deadline), 1 = everything else; the same rule as isResponseOverdue.
  const rank = sql<number>`(case when status = 'requested' and ((urgency = 'urgent' and created_at < ${cut.urgent}) or (urgency = 'routine' and created_at < ${cut.routine})) then 0 else 1 end)`;

  // Scope first: a clinician sees referrals from or to their centre; an admin sees all (or one centre's).
  const centre = actor.role === 'clinician' ? (actor.centerId ?? '') : query.centerId;
  let q = deps.db.selectFrom('referrals').selectAll().select(rank.as('rank'));
  if (centre !== undefined) {
    if (query.box === 'incoming') q = q.where('to_center_id', '=', centre);
    else if (query.box === 'outgoing') q = q.where('from_center_id', '=', centre);
    else q = q.where((eb) => eb.or([eb('to_center_id', '=', centre), eb('from_center_id', '=', centre)]));
  }
  if (query.status === 'open') q = q.where('status', 'in', [...OPEN_STATUSES]);
  else if (query.status) q = q.where('status', '=', query.status);
  if (query.childId) q = q.where('child_id', '=', query.childId);

  const after = decodeCursor(query.cursor);
  if (after && typeof after[0] === 'number' && typeof after[1] === 'string' && typeof after[2] === 'string') {
    const [r, createdAt, id] = after as [number, string, string];
    q = q.where((eb) =>
      eb.or([
        eb(rank, '>', r),
        eb.and([eb(rank, '=', r), eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])])]),
      ]),
    );
  }
  const rows = await q.orderBy(rank).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const lookups = await lookupsFor(deps.db, page);
  await auditRead(deps.db, deps.clock, ctx, { action: 'list', entity: 'referral', entityId: null });
  const last = page.at(-1);
  return {
    items: page.map((r) => referralView(r, lookups, actor, now, limits)),
    nextCursor: rows.length > query.limit && last ? encodeCursor([Number(last.rank), last.created_at, last.id]) : null,
  };
}
