// Each centre's referrals are read on their own while the table is built (the city's list is not
// kept for the whole computation): a centre gets the referrals from it and to it, the district each
// referral once, and only those created in the period (Asia/Shanghai days).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childRow } from '../../../helpers/child-row';
import { createWorld, type World } from '../../../helpers/world';
import { loadReferralCounts, loadReferrals } from '../../../../server/indicators/v2/load';
import { countsByDirectionAndStatus } from '../../../../server/referrals/rules/indicators';
import { computeTable } from '../../../../server/indicators/v2/table';

let w: World;
const P = { from: '2026-01-01', to: '2026-02-28' };
const CTX = { asOf: '2026-03-05', asOfInstant: '2026-03-05T02:00:00.000Z', calendar: { holidays: new Set<string>(), workdays: new Set<string>() }, limits: { emergencyHours: 2, urgentHours: 24, routineHours: 72 } };

async function childAt(id: string, centerId: string) {
  await w.db
    .insertInto('children')
    .values(childRow({ id, center_id: centerId, sex: 'F', birth_date: '2018-01-01', height_cm: 120 }))
    .execute();
}

type Move = [from: 'requested' | 'accepted' | 'in-progress' | null, to: 'requested' | 'accepted' | 'in-progress' | 'completed', at: string];
async function referral(id: string, r: { child: string; direction: 'up' | 'down'; from: string; to: string; createdAt: string; status: 'requested' | 'accepted' | 'completed'; outcome?: string; moves: Move[] }) {
  await w.db
    .insertInto('referrals')
    .values({
      id,
      child_id: r.child,
      direction: r.direction,
      from_center_id: r.from,
      to_center_id: r.to,
      urgency: 'routine',
      reasons: '["R1"]',
      summary: 's',
      clinical_summary: 'c',
      care_plan: null,
      status: r.status,
      outcome: r.outcome ?? null,
      previous_referral_id: null,
      created_by: w.userIds.clinicA!,
      created_at: r.createdAt,
      updated_at: r.createdAt,
      accepted_at: null,
      responded_at: null,
      started_at: null,
      completed_at: null,
      phone_handover_to: null,
      phone_handover_at: null,
      appointment_date: null,
      appointment_time: null,
    })
    .execute();
  for (const [from, to, at] of r.moves) await w.db.insertInto('referral_history').values({ referral_id: id, from_status: from, to_status: to, at, by_user_id: w.userIds.clinicA!, reason: null }).execute();
}

const UP_A = 'r0000000-0000-4000-a000-000000000001';
const UP_B = 'r0000000-0000-4000-a000-000000000002';
const DOWN_A = 'r0000000-0000-4000-a000-000000000003';
const BEFORE = 'r0000000-0000-4000-a000-000000000004';

beforeAll(async () => {
  w = await createWorld();
  await childAt('00000000-0000-4000-c000-000000000001', w.ids.centreA);
  await childAt('00000000-0000-4000-c000-000000000002', w.ids.centreB);
  const [a, b, hospital] = [w.ids.centreA, w.ids.centreB, w.ids.hospital];
  // Up from A in January, completed with an outcome; up from B in February, still waiting; down to A
  // in February, accepted; and one up from A created on 31 December at 23:30 in Shanghai (outside).
  await referral(UP_A, {
    child: '00000000-0000-4000-c000-000000000001',
    direction: 'up',
    from: a,
    to: hospital,
    createdAt: '2026-01-10T02:00:00.000Z',
    status: 'completed',
    outcome: '已复诊',
    moves: [
      [null, 'requested', '2026-01-10T02:00:00.000Z'],
      ['requested', 'accepted', '2026-01-10T05:00:00.000Z'],
      ['accepted', 'in-progress', '2026-01-12T02:00:00.000Z'],
      ['in-progress', 'completed', '2026-01-20T02:00:00.000Z'],
    ],
  });
  await referral(UP_B, { child: '00000000-0000-4000-c000-000000000002', direction: 'up', from: b, to: hospital, createdAt: '2026-02-05T02:00:00.000Z', status: 'requested', moves: [[null, 'requested', '2026-02-05T02:00:00.000Z']] });
  await referral(DOWN_A, {
    child: '00000000-0000-4000-c000-000000000001',
    direction: 'down',
    from: hospital,
    to: a,
    createdAt: '2026-02-10T02:00:00.000Z',
    status: 'accepted',
    moves: [
      [null, 'requested', '2026-02-10T02:00:00.000Z'],
      ['requested', 'accepted', '2026-02-10T06:00:00.000Z'],
    ],
  });
  await referral(BEFORE, { child: '00000000-0000-4000-c000-000000000001', direction: 'up', from: a, to: hospital, createdAt: '2025-12-31T15:30:00.000Z', status: 'requested', moves: [[null, 'requested', '2025-12-31T15:30:00.000Z']] });
});
afterAll(async () => {
  await w.close();
});

describe("the table's referrals, read centre by centre", () => {
  it('a centre reads the referrals from it and to it, with their moves; none from before the period', async () => {
    const ofA = await loadReferrals(w.db, P, w.ids.centreA);
    expect(ofA.map((r) => [r.direction, r.fromCenterId, r.toCenterId, r.status, r.history.length])).toEqual([
      ['up', w.ids.centreA, w.ids.hospital, 'completed', 4],
      ['down', w.ids.hospital, w.ids.centreA, 'accepted', 2],
    ]);
    expect(ofA[0]!.history.at(-1)).toEqual({ from: 'in-progress', to: 'completed', at: '2026-01-20T02:00:00.000Z' });
    expect((await loadReferrals(w.db, P, w.ids.centreB)).map((r) => r.createdAt)).toEqual(['2026-02-05T02:00:00.000Z']);
    expect(await loadReferrals(w.db, P, w.ids.hospital)).toHaveLength(3);
    expect(await loadReferrals(w.db, P)).toHaveLength(3);
  });

  it("the dashboard's counts by direction and status come from the database, as from the list", async () => {
    const counts = await loadReferralCounts(w.db, P);
    expect(counts).toEqual(countsByDirectionAndStatus(await loadReferrals(w.db, P)));
    expect([counts.up.completed, counts.up.requested, counts.down.accepted]).toEqual([1, 1, 1]);
  });

  it('the district counts each referral once, month by month, from the whole list read before the centres', async () => {
    const table = await computeTable(w.db, P, CTX);
    expect(table.trends.district.referrals_up).toEqual([1, 1]);
    expect(table.trends.district.referrals_down).toEqual([0, 1]);
    // Open at the end: B's waiting referral and the accepted one down to A.
    expect(table.district.referral_open_at_end!.numerator).toBe(2);
    expect(table.district.referral_loop_closure).toEqual(expect.objectContaining({ numerator: 1, denominator: 1 }));
  });
});
