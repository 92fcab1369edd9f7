// A centre's referral report withholds every figure about fewer than 5 referrals, whole (the
// indicators' own small-number rule); figures about 5 or more are published unchanged. Pure.
import { describe, expect, it } from 'vitest';
import { withholdCounts, withholdDistribution, withholdRatio, withholdSmallReferralFigures } from '../../../../server/referrals/rules/withheld';
import type { ReferralIndicators } from '../../../../server/referrals/rules/indicators';

/** A centre's report where every figure is about n referrals (n accepted of n, and so on). */
const report = (n: number): ReferralIndicators => {
  const ratio = { numerator: n, denominator: n, value: n ? 100 : null };
  const counts = { requested: n, accepted: 0, rejected: 0, 'in-progress': 0, completed: 0, failed: 0, cancelled: 0 };
  const timeliness = (limitHours: number) => ({ limitHours, withinLimit: ratio, hoursToResponse: { count: n, median: 3, p90: 9 } });
  return {
    version: '1',
    counts: { up: counts, down: counts },
    acceptance: ratio,
    rejection: { ...ratio, byReason: { U5: ratio } },
    hoursToAcceptance: { count: n, median: 3, p90: 9 },
    completion: ratio,
    daysToCompletion: { count: n, median: 10 },
    loopClosure: ratio,
    downSeenWithin7Days: ratio,
    responseTimeliness: { emergency: timeliness(2), urgent: timeliness(24), routine: timeliness(72) },
  };
};

describe('withholding small referral figures', () => {
  it('withholds a ratio over fewer than 5 referrals whole, and publishes one over 5', () => {
    expect(withholdRatio({ numerator: 3, denominator: 4, value: 75 })).toEqual({ numerator: null, denominator: null, value: null, withheld: true });
    expect(withholdRatio({ numerator: 0, denominator: 0, value: null })).toEqual({ numerator: null, denominator: null, value: null, withheld: true });
    expect(withholdRatio({ numerator: 4, denominator: 5, value: 80 })).toEqual({ numerator: 4, denominator: 5, value: 80, withheld: false });
  });

  it('withholds a distribution of fewer than 5 times, statistics and all', () => {
    expect(withholdDistribution({ count: 4, median: 12, p90: 30 })).toEqual({ count: null, median: null, p90: null, withheld: true });
    expect(withholdDistribution({ count: 5, median: 12, p90: 30 })).toEqual({ count: 5, median: 12, p90: 30, withheld: false });
  });

  it('withholds every figure of a report about 4 referrals, keeping the version and the response limits; publishes one about 5 whole', () => {
    const small = withholdSmallReferralFigures(report(4));
    expect(small.version).toBe('1');
    expect([
      small.counts.up.withheld,
      small.counts.down.withheld,
      small.acceptance.withheld,
      small.rejection.withheld,
      small.rejection.byReason.U5!.withheld,
      small.hoursToAcceptance.withheld,
      small.completion.withheld,
      small.daysToCompletion.withheld,
      small.loopClosure.withheld,
      small.downSeenWithin7Days.withheld,
    ]).toEqual(Array(10).fill(true));
    for (const [urgency, limit] of [
      ['emergency', 2],
      ['urgent', 24],
      ['routine', 72],
    ] as const) {
      expect(small.responseTimeliness[urgency]).toEqual({
        limitHours: limit,
        withinLimit: { numerator: null, denominator: null, value: null, withheld: true },
        hoursToResponse: { count: null, median: null, p90: null, withheld: true },
      });
    }
    expect(small.daysToCompletion).toEqual({ count: null, median: null, withheld: true });
    const whole = withholdSmallReferralFigures(report(5));
    expect(whole.acceptance).toEqual({ numerator: 5, denominator: 5, value: 100, withheld: false });
    expect(whole.rejection).toEqual({ numerator: 5, denominator: 5, value: 100, withheld: false, byReason: { U5: { numerator: 5, denominator: 5, value: 100, withheld: false } } });
    expect(whole.responseTimeliness.urgent).toEqual({ limitHours: 24, withinLimit: { numerator: 5, denominator: 5, value: 100, withheld: false }, hoursToResponse: { count: 5, median: 3, p90: 9, withheld: false } });
    expect(whole.daysToCompletion).toEqual({ count: 5, median: 10, withheld: false });
    expect(whole.counts.up).toMatchObject({ requested: 5, withheld: false });
  });

  it("withholds a direction's counts together when they total fewer than 5, not by each status", () => {
    const few = { requested: 1, accepted: 1, rejected: 0, 'in-progress': 1, completed: 1, failed: 0, cancelled: 0 };
    expect(withholdCounts(few)).toEqual({ requested: null, accepted: null, rejected: null, 'in-progress': null, completed: null, failed: null, cancelled: null, withheld: true });
    const enough = { ...few, completed: 2 };
    expect(withholdCounts(enough)).toEqual({ ...enough, withheld: false });
  });
});
