// A centre's referral report withholds every figure about fewer than 5 referrals, whole (the
// indicators' own small-number rule); figures about 5 or more are published unchanged. Pure.
import { describe, expect, it } from 'vitest';
import { withholdCounts, withholdDistribution, withholdRatio } from '../../../../server/referrals/rules/withheld';

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

  it("withholds a direction's counts together when they total fewer than 5, not by each status", () => {
    const few = { requested: 1, accepted: 1, rejected: 0, 'in-progress': 1, completed: 1, failed: 0, cancelled: 0 };
    expect(withholdCounts(few)).toEqual({ requested: null, accepted: null, rejected: null, 'in-progress': null, completed: null, failed: null, cancelled: null, withheld: true });
    const enough = { ...few, completed: 2 };
    expect(withholdCounts(enough)).toEqual({ ...enough, withheld: false });
  });
});
