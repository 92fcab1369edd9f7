// Referral indicators read back through the API (split from api.test.ts): over the stored history
// of moves, and over a period as long as a city's year.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { enrol } from '../children/fixtures';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.close();
});

describe('indicators over the stored history', () => {
  // A small history laid out by hand (times UTC; Shanghai is +8 h), then each indicator worked out on paper.
  let iw: World;
  beforeAll(async () => {
    iw = await createWorld();
    const kids = [];
    for (let i = 0; i < 6; i++) kids.push(await enrol(iw));
    const childB = await enrol(iw, { centerId: iw.ids.centreB }, 'clinicB');
    const { centreA, centreB, hospital } = iw.ids;
    let n = 0;
    const put = async (childId: string, direction: 'up' | 'down', from: string, to: string, reasons: string[], createdAt: string, moves: [string, string, string?][], outcome: string | null = null) => {
      const id = `00000000-0000-4000-a000-${String(++n).padStart(12, '0')}`;
      const status = (moves.at(-1)?.[0] ?? 'requested') as any;
      await iw.db
        .insertInto('referrals')
        .values({
          id,
          child_id: childId,
          direction,
          from_center_id: from,
          to_center_id: to,
          urgency: 'routine',
          reasons: JSON.stringify(reasons),
          summary: 's',
          clinical_summary: 'null',
          care_plan: null,
          status,
          outcome,
          previous_referral_id: null,
          created_by: 'u',
          created_at: createdAt,
          updated_at: createdAt,
          accepted_at: null,
          responded_at: null,
          started_at: null,
          completed_at: null,
        })
        .execute();
      let prev: string | null = null;
      for (const [toStatus, at, reason] of [['requested', createdAt] as [string, string], ...moves]) {
        await iw.db
          .insertInto('referral_history')
          .values({ referral_id: id, from_status: prev as any, to_status: toStatus as any, at, by_user_id: 'u', reason: reason ?? null })
          .execute();
        prev = toStatus;
      }
    };
    // R1 up: accepted after 6 h, seen, completed SH 03-02 -> 03-09 = 7 days, with outcome
    await put(
      kids[0]!,
      'up',
      centreA,
      hospital,
      ['U5'],
      '2026-03-02T02:00:00.000Z',
      [
        ['accepted', '2026-03-02T08:00:00.000Z'],
        ['in-progress', '2026-03-04T02:00:00.000Z'],
        ['completed', '2026-03-09T02:00:00.000Z'],
      ],
      '已控制',
    );
    // R2 up: rejected
    await put(kids[1]!, 'up', centreA, hospital, ['U4'], '2026-03-02T02:00:00.000Z', [['rejected', '2026-03-03T02:00:00.000Z', '资料不全']]);
    // R3 up: cancelled before any answer
    await put(kids[2]!, 'up', centreA, hospital, ['U4'], '2026-03-02T02:00:00.000Z', [['cancelled', '2026-03-02T03:00:00.000Z', '家长拒绝']]);
    // R4 up: accepted after 12 h, did not attend
    await put(kids[3]!, 'up', centreA, hospital, ['U7'], '2026-03-02T02:00:00.000Z', [
      ['accepted', '2026-03-02T14:00:00.000Z'],
      ['failed', '2026-03-20T02:00:00.000Z'],
    ]);
    // R5 down: accepted after 24 h (SH 03-05), seen SH 03-10: 5 days, on time
    await put(kids[0]!, 'down', hospital, centreA, ['D1'], '2026-03-04T02:00:00.000Z', [
      ['accepted', '2026-03-05T02:00:00.000Z'],
      ['in-progress', '2026-03-10T02:00:00.000Z'],
    ]);
    // R6: one second before the period starts in Shanghai (02-28 23:59:59), so left out
    await put(kids[4]!, 'up', centreA, hospital, ['U5'], '2026-02-28T15:59:59.000Z', [['accepted', '2026-03-01T02:00:00.000Z']]);
    // R7: centre B's, still requested
    await put(childB, 'up', centreB, hospital, ['U6'], '2026-03-03T02:00:00.000Z', []);
  });
  afterAll(async () => {
    await iw.close();
  });

  const march = '/api/v1/referrals/indicators?from=2026-03-01&to=2026-03-31';

  it("matches hand-computed values for the district (centre A's R1-R5 and centre B's R7)", async () => {
    const res = await iw.call('manager', 'GET', march);
    expect(res.status).toBe(200);
    const i = res.body;
    expect(i.counts.up).toMatchObject({ requested: 1, accepted: 0, completed: 1, rejected: 1, cancelled: 1, failed: 1, 'in-progress': 0 });
    expect(i.counts.down).toMatchObject({ 'in-progress': 1, requested: 0 });
    expect(i.acceptance).toEqual({ numerator: 3, denominator: 4, value: 0.75 }); // R1, R4, R5 of R1, R2, R4, R5 (R7 unanswered)
    expect(i.rejection).toMatchObject({ numerator: 1, denominator: 4, value: 0.25 });
    expect(i.rejection.byReason).toEqual({
      D1: { numerator: 0, denominator: 1, value: 0 },
      U4: { numerator: 1, denominator: 1, value: 1 },
      U5: { numerator: 0, denominator: 1, value: 0 },
      U7: { numerator: 0, denominator: 1, value: 0 },
    });
    expect(i.hoursToAcceptance).toEqual({ count: 3, median: 12, p90: 24 }); // 6, 12, 24 h
    expect(i.completion).toEqual({ numerator: 2, denominator: 5, value: 0.4 }); // R1, R5 of 6 - 1 cancelled
    expect(i.daysToCompletion).toEqual({ count: 1, median: 7 });
    expect(i.loopClosure.value).toBeCloseTo(1 / 3); // R1 of R1, R4, R5
    expect(i.downSeenWithin7Days).toEqual({ numerator: 1, denominator: 1, value: 1 });
    expect(i).toMatchObject({ from: '2026-03-01', to: '2026-03-31', centerId: null, version: '2' });
  });

  it('withholds every figure of centre A about fewer than 5 referrals, whole (issue 31)', async () => {
    const i = (await iw.call('manager', 'GET', `${march}&centerId=${iw.ids.centreA}`)).body;
    const hidden = { numerator: null, denominator: null, value: null, withheld: true };
    expect(i.counts.up).toEqual({ requested: null, accepted: null, 'in-progress': null, completed: null, rejected: null, cancelled: null, failed: null, withheld: true });
    expect(i.acceptance).toEqual(hidden); // 3 of 4
    expect(i.completion).toEqual(hidden); // 2 of 4
    expect(i.rejection).toMatchObject(hidden);
    expect(Object.values(i.rejection.byReason)).toEqual([hidden, hidden, hidden, hidden]);
    expect(i.hoursToAcceptance).toEqual({ count: null, median: null, p90: null, withheld: true });
    expect(i.responseTimeliness.routine).toMatchObject({ limitHours: 72, withinLimit: { withheld: true, numerator: null } });
    expect(JSON.stringify(i)).not.toMatch(/"(numerator|denominator|count)":[1-4]\b/);
  });

  it('scopes a clinician to their own centre; managers and admins see all', async () => {
    const b = (await iw.call('clinicB', 'GET', march)).body;
    expect(b.centerId).toBe(iw.ids.centreB);
    expect(b.counts.up).toMatchObject({ requested: null, withheld: true }); // one referral: withheld
    expect((await iw.call('clinicA', 'GET', march)).body.centerId).toBe(iw.ids.centreA);
    expect((await iw.call('clinicB', 'GET', `${march}&centerId=${iw.ids.centreA}`)).status).toBe(403);
    const all = (await iw.call('admin', 'GET', march)).body;
    expect(all.counts.up.requested + all.counts.up.completed + all.counts.down['in-progress']).toBe(3);
    expect(all.completion).toEqual({ numerator: 2, denominator: 5, value: 0.4 });
    const hospital = (await iw.call('hospital', 'GET', march)).body;
    expect(hospital.completion.denominator).toBe(5);
    for (const who of ['nurse1', 'parent1']) expect((await iw.call(who, 'GET', march)).status).toBe(403);
    expect((await iw.call('manager', 'GET', '/api/v1/referrals/indicators?from=2026-03-31&to=2026-03-01')).status).toBe(400);
  });

  it("keeps the whole programme's as a stored snapshot that follows every change", async () => {
    const before = (await iw.call('manager', 'GET', march)).body;
    const stored = await iw.db.selectFrom('indicator_snapshots').select(['scope', 'from_date', 'to_date']).where('scope', '=', 'referrals:all').execute();
    expect(stored).toEqual([{ scope: 'referrals:all', from_date: '2026-03-01', to_date: '2026-03-31' }]);
    const id = '00000000-0000-4000-a000-000000000999';
    const at = '2026-03-05T02:00:00.000Z';
    const child = (await iw.db.selectFrom('children').select('id').where('center_id', '=', iw.ids.centreB).executeTakeFirstOrThrow()).id;
    await iw.db
      .insertInto('referrals')
      .values({
        id,
        child_id: child,
        direction: 'up',
        from_center_id: iw.ids.centreB,
        to_center_id: iw.ids.hospital,
        urgency: 'routine',
        reasons: '["U5"]',
        summary: 's',
        clinical_summary: 'null',
        care_plan: null,
        status: 'requested',
        outcome: null,
        previous_referral_id: null,
        created_by: 'u',
        created_at: at,
        updated_at: at,
        accepted_at: null,
        responded_at: null,
        started_at: null,
        completed_at: null,
      })
      .execute();
    await iw.db.insertInto('referral_history').values({ referral_id: id, from_status: null, to_status: 'requested', at, by_user_id: 'u', reason: null }).execute();
    try {
      const after = (await iw.call('admin', 'GET', march)).body;
      expect(after.counts.up.requested).toBe(before.counts.up.requested + 1);
      expect(after.completion.denominator).toBe(before.completion.denominator + 1);
    } finally {
      await iw.db.deleteFrom('referral_history').where('referral_id', '=', id).execute();
      await iw.db.deleteFrom('referrals').where('id', '=', id).execute();
    }
  });

  it("recomputes the whole programme's once its snapshot is 10 minutes old, with no change to the data", async () => {
    // The figures depend on the time too (a child not seen 7 days after acceptance).
    const start = iw.clock.now().toISOString();
    try {
      const first = (await iw.call('manager', 'GET', march)).body;
      iw.clock.advance(5 * 60_000);
      expect((await iw.call('manager', 'GET', march)).body.asOf).toBe(first.asOf);
      iw.clock.advance(6 * 60_000);
      expect((await iw.call('manager', 'GET', march)).body.asOf).toBe(iw.clock.now().toISOString());
    } finally {
      iw.clock.set(start);
    }
  });
});

describe('indicators over a city-sized period', () => {
  // More referrals in the period than SQLite takes as bound values in one statement (32,766).
  const COUNT = 33_000;
  let bw: World;
  beforeAll(async () => {
    bw = await createWorld();
    const child = await enrol(bw);
    const { centreA, hospital } = bw.ids;
    await bw.db.transaction().execute(async (trx) => {
      for (let start = 0; start < COUNT; start += 500) {
        const ids = Array.from({ length: Math.min(500, COUNT - start) }, (_, i) => `00000000-0000-4000-c000-${String(start + i).padStart(12, '0')}`);
        const at = (i: number) => new Date(Date.UTC(2026, 2, 1, 0, 0, 0) + (start + i) * 60_000).toISOString();
        await trx
          .insertInto('referrals')
          .values(
            ids.map((id, i) => ({
              id,
              child_id: child,
              direction: 'up' as const,
              from_center_id: centreA,
              to_center_id: hospital,
              urgency: 'routine' as const,
              reasons: '["U5"]',
              summary: 's',
              clinical_summary: 'null',
              care_plan: null,
              status: (i % 2 ? 'accepted' : 'requested') as 'accepted',
              outcome: null,
              previous_referral_id: null,
              created_by: 'u',
              created_at: at(i),
              updated_at: at(i),
              accepted_at: null,
              responded_at: null,
              started_at: null,
              completed_at: null,
            })),
          )
          .execute();
        await trx
          .insertInto('referral_history')
          .values(
            ids.flatMap((id, i) => [
              { referral_id: id, from_status: null, to_status: 'requested' as const, at: at(i), by_user_id: 'u', reason: null },
              ...(i % 2 ? [{ referral_id: id, from_status: 'requested' as const, to_status: 'accepted' as const, at: at(i + 60), by_user_id: 'u', reason: null }] : []),
            ]),
          )
          .execute();
      }
    });
  }, 60_000);
  afterAll(async () => {
    await bw.close();
  });

  it('counts every referral and its history instead of failing on the number of them', async () => {
    for (const who of ['manager', 'clinicA']) {
      const res = await bw.call(who, 'GET', '/api/v1/referrals/indicators?from=2026-02-01&to=2026-04-30');
      expect(res.status, who).toBe(200);
      expect(res.body.counts.up).toMatchObject({ requested: COUNT / 2, accepted: COUNT / 2 });
      // Acceptance is over the answered ones: the requested half has no answer yet.
      expect(res.body.acceptance).toMatchObject({ numerator: COUNT / 2, denominator: COUNT / 2, value: 1 });
      expect(res.body.hoursToAcceptance).toMatchObject({ count: COUNT / 2, median: 1 });
    }
  });
});
