// The referral inbox, read as runs of an index merged (migrations 0016, 0018): every way of asking for it,
// paged through to the end, lists exactly the referrals a plain filter and sort would, in the same
// order (overdue emergencies, emergencies awaiting an answer, other overdue ones, the rest; each newest
// first); and each run of the rest reads its index in order without a sort.
import { CompiledQuery, type Compilable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxRuns } from '../../../server/referrals/inbox';
import { sqliteOnly } from '../../helpers/pg';
import { childRow } from '../../helpers/child-row';
import { createWorld, ids, type World } from '../../helpers/world';

let w: World;
const children: string[] = [];
interface Ref {
  id: string;
  child_id: string;
  from_center_id: string;
  to_center_id: string;
  urgency: string;
  status: string;
  created_at: string;
}
const referrals: Ref[] = [];

// World clock: 2026-03-02T02:00Z. Still requested and created before these: overdue (2 h / 24 h / 72 h).
const CUT = { emergency: '2026-03-02T00:00:00.000Z', urgent: '2026-03-01T02:00:00.000Z', routine: '2026-02-27T02:00:00.000Z' };
const STATUSES = ['requested', 'requested', 'accepted', 'in-progress', 'completed', 'completed', 'rejected', 'cancelled', 'failed'];

function random(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

beforeAll(async () => {
  w = await createWorld();
  const rnd = random(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  for (let i = 0; i < 4; i++) {
    const id = `00000000-0000-4000-8c00-${String(i + 1).padStart(12, '0')}`;
    children.push(id);
    await w.db
      .insertInto('children')
      .values(childRow({ id, name: `c${i}`, center_id: i % 2 ? ids.centreB : ids.centreA }))
      .execute();
  }
  const routes = [
    [ids.centreA, ids.hospital],
    [ids.hospital, ids.centreA],
    [ids.centreB, ids.hospital],
    [ids.hospital, ids.centreB],
    [ids.centreA, ids.centreB],
  ] as const;
  const times: string[] = [];
  for (let i = 0; i < 160; i++) {
    // A few instants shared by several referrals: the id breaks the tie.
    const at = i % 9 === 8 ? pick(times) : new Date(Date.parse('2026-02-22T00:00:00Z') + Math.floor(rnd() * 9 * 86_400_000)).toISOString();
    times.push(at);
    const [from, to] = i === 80 ? [ids.centreA, ids.centreA] : pick(routes);
    const r: Ref = {
      id: `0190${String(i).padStart(4, '0')}-0000-7000-8000-${Math.floor(rnd() * 1e12)
        .toString()
        .padStart(12, '0')}`,
      child_id: pick(children),
      from_center_id: from,
      to_center_id: to,
      urgency: pick(['emergency', 'urgent', 'routine']),
      status: pick(STATUSES),
      created_at: at,
    };
    referrals.push(r);
  }
  // Emergencies still inside their 2 hours (few at random): three from each centre, up.
  for (let i = 0; i < 6; i++) {
    const at = new Date(Date.parse(CUT.emergency) + (i % 3) * 40 * 60_000 + (i < 3 ? 0 : 1000)).toISOString();
    referrals.push({
      id: `0191${String(i).padStart(4, '0')}-0000-7000-8000-000000000000`,
      child_id: children[i % 4]!,
      from_center_id: i < 3 ? ids.centreA : ids.centreB,
      to_center_id: ids.hospital,
      urgency: 'emergency',
      status: 'requested',
      created_at: at,
    });
  }
  // Urgent referrals still inside their 24 hours: rank 3, above the rest.
  for (let i = 0; i < 6; i++) {
    const at = new Date(Date.parse(CUT.urgent) + (i % 3) * 3 * 3_600_000 + (i < 3 ? 0 : 1000)).toISOString();
    referrals.push({
      id: `0192${String(i).padStart(4, '0')}-0000-7000-8000-000000000000`,
      child_id: children[i % 4]!,
      from_center_id: i < 3 ? ids.centreA : ids.centreB,
      to_center_id: ids.hospital,
      urgency: 'urgent',
      status: 'requested',
      created_at: at,
    });
  }
  for (const r of referrals) {
    await w.db
      .insertInto('referrals')
      .values({
        ...r,
        direction: r.to_center_id === ids.hospital ? 'up' : 'down',
        reasons: '["R1"]',
        summary: 's',
        clinical_summary: '{}',
        care_plan: null,
        outcome: null,
        previous_referral_id: null,
        created_by: w.userIds.clinicA!,
        updated_at: r.created_at,
        accepted_at: null,
        responded_at: null,
        started_at: null,
        completed_at: null,
      } as never)
      .execute();
  }
});
afterAll(async () => w.close());

const OPEN = ['requested', 'accepted', 'in-progress'];
const isOverdue = (r: Ref) => r.status === 'requested' && r.created_at < CUT[r.urgency as keyof typeof CUT];
/** 0 overdue emergency, 1 emergency awaiting its answer, 2 other overdue, 3 urgent awaiting its answer, 4 the rest. */
const rankOf = (r: Ref) => (r.status === 'requested' && r.urgency === 'emergency' ? (isOverdue(r) ? 0 : 1) : isOverdue(r) ? 2 : r.status === 'requested' && r.urgency === 'urgent' ? 3 : 4);

/** What the inbox must list: the plain definition, filtered and sorted in memory. */
function expected(centre: string | undefined, q: { box?: string; status?: string; childId?: string }): string[] {
  return referrals
    .filter((r) => centre === undefined || (q.box === 'incoming' ? r.to_center_id === centre : q.box === 'outgoing' ? r.from_center_id === centre : r.to_center_id === centre || r.from_center_id === centre))
    .filter((r) => !q.status || (q.status === 'open' ? OPEN.includes(r.status) : r.status === q.status))
    .filter((r) => !q.childId || r.child_id === q.childId)
    .sort((a, b) => rankOf(a) - rankOf(b) || (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : a.id < b.id ? 1 : -1))
    .map((r) => r.id);
}

async function pagedThrough(user: string, params: Record<string, string>, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 200; pages++) {
    const qs = new URLSearchParams({ ...params, limit: String(limit), ...(cursor ? { cursor } : {}) });
    const res = await w.call(user, 'GET', `/api/v1/referrals?${qs}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    seen.push(...res.body.items.map((r: { id: string }) => r.id));
    cursor = res.body.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error('the inbox did not end');
}

describe('the referral inbox', () => {
  it('has referrals of every rank in every box, so the comparison means something', () => {
    for (const centre of [ids.centreA, ids.hospital]) {
      const ofCentre = referrals.filter((r) => r.to_center_id === centre || r.from_center_id === centre);
      const byRank = [0, 1, 2, 3, 4].map((rank) => ofCentre.filter((r) => rankOf(r) === rank).length);
      expect(byRank[0]).toBeGreaterThan(1);
      expect(byRank[1]).toBeGreaterThan(1);
      expect(byRank[2]).toBeGreaterThan(1);
      expect(byRank[3]).toBeGreaterThan(1);
      expect(byRank[4]).toBeGreaterThan(20);
    }
  });

  const who: [user: string, centre: string | undefined, extra: Record<string, string>][] = [
    ['clinicA', ids.centreA, {}],
    ['hospital', ids.hospital, {}],
    ['admin', undefined, {}],
    ['admin', ids.hospital, { centerId: ids.hospital }],
  ];
  for (const [user, centre, extra] of who) {
    it(`lists what the plain filter and sort would, page by page, for ${user}${extra.centerId ? ' (one centre)' : ''}`, async () => {
      for (const box of [undefined, 'incoming', 'outgoing']) {
        for (const status of [undefined, 'open', 'requested', 'completed']) {
          for (const childId of [undefined, children[0]!]) {
            const q = { ...(box ? { box } : {}), ...(status ? { status } : {}), ...(childId ? { childId } : {}) };
            // An admin without a centre sees every referral, whatever the box.
            const want = expected(centre, centre === undefined ? { status, childId } : q);
            const limits = childId || status ? [1, 7] : [7, 500];
            for (const limit of limits) expect(await pagedThrough(user, { ...extra, ...q }, limit), `${JSON.stringify(q)} limit ${limit}`).toEqual(want);
          }
        }
      }
    });
  }

  it('lists a referral from a centre to itself once', async () => {
    const self = referrals[80]!;
    const ids80 = await pagedThrough('clinicA', {}, 500);
    expect(ids80.filter((id) => id === self.id)).toHaveLength(1);
  });
});

describe.runIf(sqliteOnly)('the inbox query plans', () => {
  const planOf = async (query: Compilable<unknown>) => {
    const compiled = query.compile();
    const rows = await w.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]));
    return rows.rows.map((r) => r.detail).join(' | ');
  };
  const base = { centre: ids.hospital, cut: CUT, after: { rank: 0, key: ['2026-03-01T00:00:00.000Z', '0190'] } as const, limit: 51 };

  it('walks each box of a centre, or its one status, in inbox order: no sort, no row read to be dropped', async () => {
    for (const status of [undefined, 'completed', 'accepted'] as const) {
      const [incoming, outgoing] = await Promise.all(inboxRuns(w.db, { ...base, status, pressing: false }).map(planOf));
      if (status) {
        expect(incoming).toMatch(/^SEARCH referrals USING INDEX referrals_to_status_created \(to_center_id=\? AND status=\?/);
        expect(outgoing).toMatch(/^SEARCH referrals USING INDEX referrals_from_status_created \(from_center_id=\? AND status=\?/);
      } else {
        expect(incoming).toMatch(/^SEARCH referrals USING INDEX referrals_to_created \(to_center_id=\?/);
        expect(outgoing).toMatch(/^SEARCH referrals USING INDEX referrals_from_created \(from_center_id=\?/);
      }
      expect(`${incoming} ${outgoing}`).not.toContain('TEMP B-TREE');
    }
    // An admin's list of every centre: by time, or by one status and time.
    const [all] = await Promise.all(inboxRuns(w.db, { ...base, centre: undefined, pressing: false }).map(planOf));
    expect(all).toMatch(/^SCAN referrals USING INDEX referrals_created/);
    const [failed] = await Promise.all(inboxRuns(w.db, { ...base, centre: undefined, status: 'failed', pressing: false }).map(planOf));
    expect(failed).toMatch(/^SEARCH referrals USING INDEX referrals_status_created \(status=\?/);
    expect(failed).not.toContain('TEMP B-TREE');
  });

  it('finds the pressing ranks and the open through the centre and status, and one child through the child', async () => {
    for (const runs of [inboxRuns(w.db, { ...base, pressing: true }), inboxRuns(w.db, { ...base, status: 'open', pressing: false })]) {
      const [incoming, outgoing] = await Promise.all(runs.map(planOf));
      expect(incoming).toMatch(/^SEARCH referrals USING INDEX referrals_to_status_created \(to_center_id=\? AND status=\?\)/);
      expect(outgoing).toMatch(/^SEARCH referrals USING INDEX referrals_from_status_created \(from_center_id=\? AND status=\?\)/);
    }
    const [everyPressing] = await Promise.all(inboxRuns(w.db, { ...base, centre: undefined, pressing: true }).map(planOf));
    expect(everyPressing).toMatch(/^SEARCH referrals USING INDEX referrals_status_created \(status=\?\)/);
    for (const pressing of [true, false]) {
      for (const plan of await Promise.all(inboxRuns(w.db, { ...base, childId: children[0], pressing }).map(planOf))) {
        expect(plan).toMatch(/^SEARCH referrals USING INDEX referrals_child \(child_id=\?\)/);
      }
    }
  });
});
