// GET /referrals: the incoming and outgoing inboxes of a centre, overdue first, then newest first.
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { DB, ReferralTable } from '../../db/schema';
import { nowIso } from '../clock';
import type { Deps, RequestContext } from '../context';
import { auditRead } from '../audit/audit';
import { decodeCursor, encodeCursor, type Page } from '../http/paging';
import type { ReferralListQuery } from './schemas';
import { OPEN_STATUSES, actorOf, assertReferralReader } from './service';
import { lookupsFor, overdueCutoffs, referralView, responseLimits, type ReferralView } from './views';

type Row = ReferralTable;
type Key = readonly [createdAt: string, id: string];

/** Newest first: created_at, then id, both descending (the inbox's order within each rank). */
const newestFirst = (a: Row, b: Row): number => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

export interface InboxRunsOptions {
  /** Whose inbox; undefined: every referral (an admin). */
  centre: string | undefined;
  box?: 'incoming' | 'outgoing';
  status?: ReferralListQuery['status'];
  childId?: string;
  /** Creation instants before which a still-requested referral is overdue. */
  cut: { urgent: string; routine: string };
  overdue: boolean;
  after: Key | null;
  limit: number;
}

/**
 * The queries for up to `limit` rows of one rank (overdue or not) of an inbox, each in inbox order,
 * to be merged. Each scope is one run of an index in that order (migrations 0016, 0018): a page reads
 * only its rows instead of sorting all of a centre's (for the hospital, all 100,000 at city scale).
 */
export function inboxRuns(db: Kysely<DB>, o: InboxRunsOptions) {
  // The same rule as isResponseOverdue, with created_at kept out of the index choice (+).
  const overdue = sql<boolean>`(status = 'requested' and ((urgency = 'urgent' and +created_at < ${o.cut.urgent}) or (urgency = 'routine' and +created_at < ${o.cut.routine})))`;
  // One child's referrals are few: then the child's index, with the centre checked row by row (+).
  const col = (name: 'to_center_id' | 'from_center_id') => (o.childId ? sql<string>`+${sql.ref(name)}` : sql.ref<string>(name));
  const c = o.centre;
  type Scope = (q: SelectQueryBuilder<DB, 'referrals', Row>) => SelectQueryBuilder<DB, 'referrals', Row>;
  const scopes: Scope[] =
    c === undefined ? [(q) => q]
    : o.box === 'incoming' ? [(q) => q.where(col('to_center_id'), '=', c)]
    : o.box === 'outgoing' ? [(q) => q.where(col('from_center_id'), '=', c)]
    // Both boxes: a referral to and from the same centre is listed once, as incoming.
    : [(q) => q.where(col('to_center_id'), '=', c), (q) => q.where(col('from_center_id'), '=', c).where('to_center_id', '!=', c)];
  return scopes.map((scope) => {
    let q = scope(db.selectFrom('referrals').selectAll());
    if (o.status === 'open') q = q.where('status', 'in', [...OPEN_STATUSES]);
    else if (o.status) q = q.where('status', '=', o.status);
    if (o.childId) q = q.where('child_id', '=', o.childId);
    q = q.where(o.overdue ? overdue : sql<boolean>`not ${overdue}`);
    // The overdue, one child's and the open referrals are few: those are sorted, with created_at and id
    // kept out of the index choice (+) so that it is made on the centre and status, or the child.
    // Everything else is read in order: a box, or a box's one status (migrations 0016 and 0018), so a
    // page that cannot fill never reads rows it then drops.
    const sorted = o.overdue || o.childId !== undefined || o.status === 'open';
    const createdAt = sorted ? sql<string>`+created_at` : sql.ref<string>('created_at');
    const id = sorted ? sql<string>`+id` : sql.ref<string>('id');
    if (o.after) {
      const [afterCreatedAt, afterId] = o.after;
      q = q.where((eb) => eb.or([eb(createdAt, '<', afterCreatedAt), eb.and([eb(createdAt, '=', afterCreatedAt), eb(id, '<', afterId)])]));
    }
    return q.orderBy(createdAt, 'desc').orderBy(id, 'desc').limit(o.limit);
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
  const rank = async (overdue: boolean, after: Key | null, limit: number): Promise<Row[]> => {
    const runs = await Promise.all(inboxRuns(deps.db, { ...base, overdue, after, limit }).map((q) => q.execute()));
    return runs.flat().sort(newestFirst).slice(0, limit);
  };

  // The cursor: [rank (0 overdue, 1 the rest), created_at, id] of the page's last row.
  const c = decodeCursor(query.cursor);
  const after = c && (c[0] === 0 || c[0] === 1) && typeof c[1] === 'string' && typeof c[2] === 'string' ? { rank: c[0], key: [c[1], c[2]] as const } : null;
  const want = query.limit + 1;
  const rows: { row: Row; rank: 0 | 1 }[] = [];
  if (!after || after.rank === 0) for (const row of await rank(true, after?.key ?? null, want)) rows.push({ row, rank: 0 });
  if (rows.length < want) for (const row of await rank(false, after?.rank === 1 ? after.key : null, want - rows.length)) rows.push({ row, rank: 1 });

  const page = rows.slice(0, query.limit);
  const lookups = await lookupsFor(deps.db, page.map((r) => r.row));
  await auditRead(deps.db, deps.clock, ctx, { action: 'list', entity: 'referral', entityId: null });
  const last = page.at(-1);
  return {
    items: page.map((r) => referralView(r.row, lookups, actor, now, limits)),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.rank, last.row.created_at, last.row.id]) : null,
  };
}
