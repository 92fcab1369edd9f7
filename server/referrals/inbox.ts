// GET /referrals: the incoming and outgoing inboxes of a centre, in five ranks (overdue emergencies,
// emergencies awaiting an answer, other overdue referrals, urgent ones awaiting an answer, the rest),
// each newest first.
import { portableSql } from '../../db/sql';
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { DB, ReferralTable } from '../../db/schema';
import { nowIso } from '../clock';
import type { Deps, RequestContext } from '../context';
import { auditRead } from '../audit/audit';
import { decodeCursor, encodeCursor, type Page } from '../http/paging';
import { INBOX_RANKS, REST_RANK, type InboxRank } from './rules';
import type { ReferralListQuery } from './schemas';
import { OPEN_STATUSES, assertReferralReader } from './service';
import { actorOf } from '../auth/actor';
import { lookupsFor, overdueCutoffs, referralView, responseLimits, type OverdueCutoffs, type ReferralView } from './views';

type Row = ReferralTable & { inbox_rank: number };
type Key = readonly [createdAt: string, id: string];
/** Where the previous page ended: its last row's rank and key. */
export type InboxAfter = { rank: InboxRank; key: Key };

/** Inbox order: rank first, then newest first (created_at, then id, both descending). */
const inboxOrder = (a: Row, b: Row): number => a.inbox_rank - b.inbox_rank || (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

export interface InboxRunsOptions {
  /** Whose inbox; undefined: every referral (an admin). */
  centre: string | undefined;
  box?: 'incoming' | 'outgoing';
  status?: ReferralListQuery['status'];
  childId?: string;
  /** Creation instants before which a still-requested referral is overdue. */
  cut: OverdueCutoffs;
  /** Ranks 0-3 (still requested: emergencies, overdue ones, urgent ones), or REST_RANK, the rest. */
  pressing: boolean;
  after: InboxAfter | null;
  limit: number;
}

/**
 * The queries for up to `limit` rows of one part of an inbox, each in inbox order, to be merged.
 * Each scope is one run of an index in that order (migrations 0016, 0018): a page reads only its
 * rows instead of sorting all of a centre's (for the hospital, all 100,000 at city scale).
 */
export function inboxRuns(db: Kysely<DB>, o: InboxRunsOptions) {
  // The same rule as inboxRank (rules/timeliness.ts), with created_at kept out of the index choice (+).
  const { cut } = o;
  const { unindexed } = portableSql(db);
  const pressing = sql<boolean>`(status = 'requested' and (urgency in ('emergency', 'urgent') or (urgency = 'routine' and ${unindexed('created_at')} < ${cut.routine})))`;
  const rank = o.pressing
    ? sql<number>`(case when urgency = 'emergency' then (case when ${unindexed('created_at')} < ${cut.emergency} then 0 else 1 end) when urgency = 'urgent' and ${unindexed('created_at')} >= ${cut.urgent} then 3 else 2 end)`
    : sql<number>`${sql.lit(REST_RANK)}`;
  // One child's referrals are few: then the child's index, with the centre checked row by row (+).
  const col = (name: 'to_center_id' | 'from_center_id') => (o.childId ? unindexed(name) : sql.ref<string>(name));
  const c = o.centre;
  type Q = SelectQueryBuilder<DB, 'referrals', ReferralTable>;
  const scopes: ((q: Q) => Q)[] =
    c === undefined
      ? [(q) => q]
      : o.box === 'incoming'
        ? [(q) => q.where(col('to_center_id'), '=', c)]
        : o.box === 'outgoing'
          ? [(q) => q.where(col('from_center_id'), '=', c)]
          : // Both boxes: a referral to and from the same centre is listed once, as incoming.
            [(q) => q.where(col('to_center_id'), '=', c), (q) => q.where(col('from_center_id'), '=', c).where('to_center_id', '!=', c)];
  return scopes.map((scope) => {
    let q = scope(db.selectFrom('referrals').selectAll());
    if (o.status === 'open') q = q.where('status', 'in', [...OPEN_STATUSES]);
    else if (o.status) q = q.where('status', '=', o.status);
    if (o.childId) q = q.where('child_id', '=', o.childId);
    q = q.where(o.pressing ? pressing : sql<boolean>`not ${pressing}`);
    // The pressing part, one child's and the open referrals are few: those are sorted, with created_at
    // and id kept out of the index choice (+) so that it is made on the centre and status, or the child.
    // Everything else is read in order: a box, or a box's one status (migrations 0016 and 0018), so a
    // page that cannot fill never reads rows it then drops.
    const sorted = o.pressing || o.childId !== undefined || o.status === 'open';
    const createdAt = sorted ? unindexed('created_at') : sql.ref<string>('created_at');
    const id = sorted ? unindexed('id') : sql.ref<string>('id');
    const after = o.after;
    if (after) {
      const [afterCreatedAt, afterId] = after.key;
      q = q.where((eb) => {
        const older = eb.or([eb(createdAt, '<', afterCreatedAt), eb.and([eb(createdAt, '=', afterCreatedAt), eb(id, '<', afterId)])]);
        return o.pressing ? eb.or([eb(rank, '>', after.rank), eb.and([eb(rank, '=', after.rank), older])]) : older;
      });
    }
    const ranked = q.select(rank.as('inbox_rank'));
    return (o.pressing ? ranked.orderBy(rank) : ranked).orderBy(createdAt, 'desc').orderBy(id, 'desc').limit(o.limit);
  });
}

export async function listReferrals(deps: Deps, ctx: RequestContext, query: ReferralListQuery): Promise<Page<ReferralView>> {
  const actor = actorOf(ctx);
  assertReferralReader(actor);
  const now = nowIso(deps.clock);
  const limits = responseLimits(deps.config);
  // Scope first: a clinician sees referrals from or to their centre; an admin sees all (or one centre's).
  const centre = actor.role === 'clinician' ? (actor.centerId ?? '') : query.centerId;
  const base = { centre, box: query.box, status: query.status, childId: query.childId, cut: overdueCutoffs(limits, now) };
  const part = async (pressing: boolean, after: InboxAfter | null, limit: number): Promise<Row[]> => {
    const runs = await Promise.all(inboxRuns(deps.db, { ...base, pressing, after, limit }).map((q) => q.execute()));
    return runs.flat().sort(inboxOrder).slice(0, limit);
  };
  // The pressing ranks hold only still-requested referrals: none under a filter by another status.
  const mayBeRequested = !query.status || query.status === 'requested' || query.status === 'open';

  // The cursor: [rank, created_at, id] of the page's last row.
  const c = decodeCursor(query.cursor);
  const after: InboxAfter | null = c && INBOX_RANKS.includes(c[0] as InboxRank) && typeof c[1] === 'string' && typeof c[2] === 'string' ? { rank: c[0] as InboxRank, key: [c[1], c[2]] } : null;
  const want = query.limit + 1;
  const rows: Row[] = [];
  if (mayBeRequested && (!after || after.rank < REST_RANK)) rows.push(...(await part(true, after, want)));
  if (rows.length < want) rows.push(...(await part(false, after?.rank === REST_RANK ? after : null, want - rows.length)));

  const page = rows.slice(0, query.limit);
  const lookups = await lookupsFor(deps.db, page);
  await auditRead(deps.db, deps.clock, ctx, { action: 'list', entity: 'referral', entityId: null });
  const last = page.at(-1);
  return {
    items: page.map((r) => referralView(r, lookups, actor, now, limits)),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.inbox_rank, last.created_at, last.id]) : null,
  };
}
