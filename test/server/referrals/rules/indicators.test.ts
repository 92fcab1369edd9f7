import { describe, expect, it } from 'vitest';
import {
  REFERRAL_INDICATORS_VERSION,
  acceptanceRate,
  completionRate,
  countsByDirectionAndStatus,
  daysToCompletion,
  downSeenWithin7Days,
  hoursToAcceptance,
  loopClosureRate,
  median,
  percentileNearestRank,
  referralIndicators,
  rejectionRate,
  responseTimeliness,
  type ReferralForIndicators,
  type ReferralStatus,
} from '../../../../server/referrals/rules';

/** Builds a referral whose status is its last move; history records every move from 'requested'. */
function referral(
  direction: 'up' | 'down',
  reasons: string[],
  createdAt: string,
  moves: [ReferralStatus, string][],
  outcome: string | null = null,
  urgency: ReferralForIndicators['urgency'] = reasons.some((c) => ['U1', 'U2', 'U3'].includes(c)) ? 'emergency' : 'routine',
): ReferralForIndicators {
  let from: ReferralStatus = 'requested';
  const history = moves.map(([to, at]) => {
    const move = { from, to, at };
    from = to;
    return move;
  });
  return { direction, urgency, reasons, createdAt, status: from, outcome, history };
}

// Times are UTC; Shanghai is +8 h. "h" = hours from creation to acceptance.
const R = [
  // R1 up: accepted 6 h; seen; completed SH 03-02 -> 03-09 = 7 days, with outcome
  referral(
    'up',
    ['U5'],
    '2026-03-02T02:00:00Z',
    [
      ['accepted', '2026-03-02T08:00:00Z'],
      ['in-progress', '2026-03-06T02:00:00Z'],
      ['completed', '2026-03-09T02:00:00Z'],
    ],
    '调整为ICS/LABA',
  ),
  // R2 up emergency (U1): accepted 2 h; in progress
  referral('up', ['U1'], '2026-03-02T00:00:00Z', [
    ['accepted', '2026-03-02T02:00:00Z'],
    ['in-progress', '2026-03-02T04:00:00Z'],
  ]),
  // R3 up: rejected
  referral('up', ['U4', 'U5'], '2026-03-03T02:00:00Z', [['rejected', '2026-03-04T02:00:00Z']]),
  // R4 up: cancelled before any response
  referral('up', ['U4'], '2026-03-03T02:00:00Z', [['cancelled', '2026-03-03T05:00:00Z']]),
  // R5 up: accepted 36 h; child did not attend
  referral('up', ['U7'], '2026-03-04T00:00:00Z', [
    ['accepted', '2026-03-05T12:00:00Z'],
    ['failed', '2026-03-20T00:00:00Z'],
  ]),
  // R6 down: accepted 24 h (SH 03-02 10:00); seen SH 03-09 14:00 = 7 calendar days (172 h) -> on time;
  // completed SH 03-01 -> 03-10 = 9 days, with outcome
  referral(
    'down',
    ['D1'],
    '2026-03-01T02:00:00Z',
    [
      ['accepted', '2026-03-02T02:00:00Z'],
      ['in-progress', '2026-03-09T06:00:00Z'],
      ['completed', '2026-03-10T02:00:00Z'],
    ],
    '社区随访，控制良好',
  ),
  // R7 down: accepted 12 h (SH 03-01 22:00); seen SH 03-09 01:00 = 8 calendar days -> late
  referral('down', ['D2'], '2026-03-01T02:00:00Z', [
    ['accepted', '2026-03-01T14:00:00Z'],
    ['in-progress', '2026-03-08T17:00:00Z'],
  ]),
  // R8 down: accepted 20 h (SH 03-06), then cancelled by the hospital
  referral('down', ['D2', 'D3'], '2026-03-05T02:00:00Z', [
    ['accepted', '2026-03-05T22:00:00Z'],
    ['cancelled', '2026-03-07T02:00:00Z'],
  ]),
  // R9 down: no response yet
  referral('down', ['D1'], '2026-03-10T02:00:00Z', []),
  // R10 up emergency (U2): rejected after 1 h
  referral('up', ['U2'], '2026-03-10T02:00:00Z', [['rejected', '2026-03-10T03:00:00Z']]),
  // R11 up: accepted 30 h; completed SH 03-02 -> 03-05 = 3 days but no outcome (e.g. imported record)
  referral('up', ['U9'], '2026-03-02T02:00:00Z', [
    ['accepted', '2026-03-03T08:00:00Z'],
    ['in-progress', '2026-03-04T02:00:00Z'],
    ['completed', '2026-03-05T02:00:00Z'],
  ]),
  // R12 down: accepted 48 h (SH 03-09), not yet seen
  referral('down', ['D1'], '2026-03-07T02:00:00Z', [['accepted', '2026-03-09T02:00:00Z']]),
];

describe('median and nearest-rank percentile', () => {
  it('median averages the two middle values when the count is even', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('p90 is the ceil(0.9 n)-th smallest value', () => {
    expect(percentileNearestRank([], 90)).toBeNull();
    // n = 10 -> rank 9; n = 11 -> rank ceil(9.9) = 10; n = 1 -> rank 1
    expect(percentileNearestRank([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 90)).toBe(9);
    expect(percentileNearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10);
    expect(percentileNearestRank([7], 90)).toBe(7);
  });
});

describe('referral indicators on a hand-computed history (12 referrals)', () => {
  it('counts by direction and current status', () => {
    const zero = { requested: 0, accepted: 0, rejected: 0, cancelled: 0, 'in-progress': 0, failed: 0, completed: 0 };
    expect(countsByDirectionAndStatus(R)).toEqual({
      // up: R1 R11 completed, R2 in progress, R3 R10 rejected, R4 cancelled, R5 failed
      up: { ...zero, completed: 2, 'in-progress': 1, rejected: 2, cancelled: 1, failed: 1 },
      // down: R6 completed, R7 in progress, R8 cancelled, R9 requested, R12 accepted
      down: { ...zero, completed: 1, 'in-progress': 1, cancelled: 1, requested: 1, accepted: 1 },
    });
  });

  it('acceptance rate = accepted-ever / (accepted-ever + rejected)', () => {
    // accepted-ever: R1 R2 R5 R6 R7 R8 R11 R12 = 8 (R8 counts though later cancelled); rejected R3 R10 = 2
    // 8 / (8 + 2) = 0.8
    expect(acceptanceRate(R)).toEqual({ numerator: 8, denominator: 10, value: 0.8 });
  });

  it('rejection rate, overall and per reason code', () => {
    // 2 / 10 = 0.2; per code over the 10 responded (R4 and R9 never responded):
    // U5 on R1 R3 -> 1 of 2; U4 on R3 (R4 cancelled) -> 1 of 1; U2 on R10 -> 1 of 1;
    // D1 on R6 R12 (R9 unanswered) -> 0 of 2; D2 on R7 R8 -> 0 of 2;
    // D3 (R8), U1 (R2), U7 (R5), U9 (R11) each on one accepted referral -> 0 of 1
    const ratio = (numerator: number, denominator: number) => ({ numerator, denominator, value: numerator / denominator });
    expect(rejectionRate(R)).toEqual({
      numerator: 2,
      denominator: 10,
      value: 0.2,
      byReason: {
        D1: ratio(0, 2),
        D2: ratio(0, 2),
        D3: ratio(0, 1),
        U1: ratio(0, 1),
        U2: ratio(1, 1),
        U4: ratio(1, 1),
        U5: ratio(1, 2),
        U7: ratio(0, 1),
        U9: ratio(0, 1),
      },
    });
  });

  it('hours to acceptance: median and nearest-rank p90', () => {
    // hours sorted: 2 (R2), 6 (R1), 12 (R7), 20 (R8), 24 (R6), 30 (R11), 36 (R5), 48 (R12); n = 8
    // median = (20 + 24) / 2 = 22; p90 rank = ceil(0.9 × 8) = ceil(7.2) = 8 -> 48
    expect(hoursToAcceptance(R)).toEqual({ count: 8, median: 22, p90: 48 });
  });

  it('有效转诊率 = reached in-progress or completed / (created - cancelled)', () => {
    // reached: R1 R2 R6 R7 R11 = 5; created 12 - cancelled (R4, R8) 2 = 10; 5 / 10 = 0.5
    expect(completionRate(R)).toEqual({ numerator: 5, denominator: 10, value: 0.5 });
  });

  it('median days to completion (Shanghai calendar days)', () => {
    // R11 3, R1 7, R6 9 -> median 7
    expect(daysToCompletion(R)).toEqual({ count: 3, median: 7 });
  });

  it('loop closure = completed with outcome / accepted-ever', () => {
    // with outcome: R1 R6 = 2 (R11 has none); accepted-ever 8; 2 / 8 = 0.25
    expect(loopClosureRate(R)).toEqual({ numerator: 2, denominator: 8, value: 0.25 });
  });

  it('downward referrals seen within 7 days of acceptance', () => {
    // accepted down: R6 R7 R8 R12 = 4; seen within 7 calendar days: R6 only; 1 / 4 = 0.25
    expect(downSeenWithin7Days(R)).toEqual({ numerator: 1, denominator: 4, value: 0.25 });
    // asOf SH 03-12: R12 (accepted SH 03-09, still 'accepted', 3 days in) can still make it -> left out;
    // R8 was cancelled, so it stays: 1 / 3
    expect(downSeenWithin7Days(R, { asOf: '2026-03-12T02:00:00Z' })).toEqual({ numerator: 1, denominator: 3, value: 1 / 3 });
    // asOf SH 03-17: R12's window (to 03-16) has passed -> back in: 1 / 4
    expect(downSeenWithin7Days(R, { asOf: '2026-03-17T02:00:00Z' }).denominator).toBe(4);
  });

  it('answered within the limit, emergency apart from routine', () => {
    // emergency (2 h): R2 accepted at 2 h exactly, R10 rejected at 1 h -> 2 / 2
    // routine (72 h): answered R1 6, R3 24, R5 36, R6 24, R7 12, R8 20, R11 30, R12 48 h -> all in time;
    // R4 cancelled at 3 h before any answer -> left out; R9 still requested: late once 72 h have passed
    const t = responseTimeliness(R, { asOf: '2026-03-13T02:00:01Z' });
    expect(t.emergency).toEqual({ limitHours: 2, withinLimit: { numerator: 2, denominator: 2, value: 1 }, hoursToResponse: { count: 2, median: 1.5, p90: 2 } });
    expect(t.routine.withinLimit).toEqual({ numerator: 8, denominator: 9, value: 8 / 9 });
    expect(t.urgent).toEqual({ limitHours: 24, withinLimit: { numerator: 0, denominator: 0, value: null }, hoursToResponse: { count: 0, median: null, p90: null } });
    // At exactly 72 h R9 is still in time, so left out
    expect(responseTimeliness(R, { asOf: '2026-03-13T02:00:00Z' }).routine.withinLimit.denominator).toBe(8);
  });

  it('referralIndicators gathers them all under the version', () => {
    const all = referralIndicators(R);
    expect(all.version).toBe(REFERRAL_INDICATORS_VERSION);
    expect(all.acceptance.value).toBe(0.8);
    expect(all.completion.value).toBe(0.5);
    expect(all.downSeenWithin7Days.value).toBe(0.25);
    expect(all.responseTimeliness.emergency.withinLimit.value).toBe(1);
  });
});

describe('answered within the limit, per urgency', () => {
  // Created at 09:00 UTC unless said; asOf 12:00. Emergency limit 2 h by default.
  const at = (h: number, m = 0, s = 0) => new Date(Date.UTC(2026, 2, 2, h, m, s)).toISOString();
  const asOf = at(12);
  const T = [
    referral('up', ['U1'], at(9), [['accepted', at(11)]]), // E1: exactly 2 h -> on time
    referral('up', ['U2'], at(9), [['accepted', at(11, 0, 1)]]), // E2: 2 h 1 s -> late
    referral('up', ['U3'], at(9), []), // E3: unanswered, deadline 11:00 passed at asOf -> late
    referral('up', ['U1'], at(11), []), // E4: unanswered, deadline 13:00 still ahead -> left out
    referral('up', ['U1'], at(9), [['cancelled', at(10)]]), // E5: withdrawn in time -> left out
    referral('up', ['U2'], at(5), [['cancelled', at(8)]]), // E6: cancelled after 3 h unanswered -> late
    // E7: the store kept the answer (1 h) though the history lacks the acceptance -> on time
    { ...referral('up', ['U9'], at(9), [['in-progress', at(11)]], null, 'emergency'), respondedAt: at(10) },
    referral('up', ['U9'], at(9), [['completed', at(11)]], null, 'emergency'), // E8: answered, time unknown -> left out
    referral('up', ['U6'], '2026-03-01T09:00:00.000Z', [['rejected', '2026-03-02T08:00:00.000Z']], null, 'urgent'), // 23 h -> on time
    referral('up', ['U6'], '2026-02-28T09:00:00.000Z', [['accepted', '2026-03-01T10:00:00.000Z']], null, 'urgent'), // 25 h -> late
    referral('up', ['U5'], '2026-02-27T09:00:00.000Z', [['accepted', '2026-03-02T07:00:00.000Z']]), // 70 h -> on time
  ];

  it('reports emergency, urgent and routine apart; unanswered past the limit count as late', () => {
    const t = responseTimeliness(T, { asOf });
    // on time E1, E7 of counted E1, E2, E3, E6, E7
    expect(t.emergency.withinLimit).toEqual({ numerator: 2, denominator: 5, value: 0.4 });
    expect(t.emergency.hoursToResponse).toMatchObject({ count: 3, median: 2 }); // 1, 2, 2.0003
    expect(t.urgent).toMatchObject({ limitHours: 24, withinLimit: { numerator: 1, denominator: 2, value: 0.5 }, hoursToResponse: { count: 2, median: 24, p90: 25 } });
    expect(t.routine).toMatchObject({ limitHours: 72, withinLimit: { numerator: 1, denominator: 1, value: 1 } });
  });

  it('counts one still waiting as late when no asOf is given', () => {
    // E3 and E4 both late now
    expect(responseTimeliness(T).emergency.withinLimit).toEqual({ numerator: 2, denominator: 6, value: 2 / 6 });
  });

  it('uses the configured limits', () => {
    // 3 h: E2 in time; E3 (deadline 12:00 = asOf) and E6 (cancelled at 3 h exactly) left out
    const t = responseTimeliness(T, { asOf, limits: { emergencyHours: 3, urgentHours: 26, routineHours: 72 } });
    expect(t.emergency).toMatchObject({ limitHours: 3, withinLimit: { numerator: 3, denominator: 3, value: 1 } });
    expect(t.urgent.withinLimit.value).toBe(1);
  });
});

describe('referral indicators with no data', () => {
  it('ratios have value null, distributions null, counts zero', () => {
    const all = referralIndicators([]);
    const timely = Object.values(all.responseTimeliness).map((u) => u.withinLimit);
    for (const r of [all.acceptance, all.rejection, all.completion, all.loopClosure, all.downSeenWithin7Days, ...timely]) {
      expect(r).toMatchObject({ numerator: 0, denominator: 0, value: null });
    }
    expect(all.rejection.byReason).toEqual({});
    expect(all.hoursToAcceptance).toEqual({ count: 0, median: null, p90: null });
    expect(all.daysToCompletion).toEqual({ count: 0, median: null });
    expect(Object.values(all.counts.up).length).toBeGreaterThan(0);
    expect(Object.values(all.counts.up).every((n) => n === 0)).toBe(true);
  });

  it('a completed referral implies acceptance even if its acceptance entry is missing', () => {
    const partial: ReferralForIndicators = {
      direction: 'up',
      urgency: 'routine',
      status: 'completed',
      createdAt: '2026-03-02T02:00:00Z',
      reasons: ['U5'],
      outcome: '已复诊',
      history: [{ from: 'in-progress', to: 'completed', at: '2026-03-04T02:00:00Z' }],
    };
    expect(acceptanceRate([partial])).toEqual({ numerator: 1, denominator: 1, value: 1 });
    expect(hoursToAcceptance([partial]).count).toBe(0); // no instant to measure from
    expect(loopClosureRate([partial]).value).toBe(1);
  });
});
