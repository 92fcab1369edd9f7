// Referral indicator edges that mutation testing (issue 38) found unpinned, worked from
// docs/indicators.md: a status counts as reached when the referral is in it even without a history
// entry; loop closure needs completion, not only an outcome text; "seen within 7 days" counts day 7
// and leaves out one still accepted and inside its window on the as-of date.
import { describe, expect, it } from 'vitest';
import { completionRate, downSeenWithin7Days, loopClosureRate, type ReferralForIndicators, type ReferralMove } from '../../../../server/referrals/rules';

const ref = (over: Partial<ReferralForIndicators> & { history?: ReferralMove[] }): ReferralForIndicators => ({
  direction: 'down',
  urgency: 'routine',
  status: 'requested',
  createdAt: '2026-03-01T01:00:00Z',
  reasons: ['D1'],
  outcome: null,
  history: [],
  ...over,
});
const move = (to: ReferralMove['to'], at: string): ReferralMove => ({ from: null, to, at });

describe('reached without a history entry', () => {
  it('a referral in progress with no recorded moves is effective', () => {
    expect(completionRate([ref({ status: 'in-progress' })])).toMatchObject({ numerator: 1 });
    expect(completionRate([ref({ status: 'completed' })])).toMatchObject({ numerator: 1 });
  });
});

describe('loopClosureRate', () => {
  it('counts completed referrals with an outcome, not failed ones that have one', () => {
    const accepted = move('accepted', '2026-03-01T02:00:00Z');
    const closed = ref({ status: 'completed', outcome: '已随访', history: [accepted] });
    const failed = ref({ status: 'failed', outcome: '家长未到', history: [accepted] });
    expect(loopClosureRate([closed, failed])).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
  });
});

describe('downSeenWithin7Days', () => {
  // Accepted 2026-03-02 (Shanghai); started on day 7 (03-09) is on time, day 8 (03-10) is not.
  const accepted = move('accepted', '2026-03-02T02:00:00Z');
  const started = (date: string) => ref({ status: 'in-progress', history: [accepted, move('in-progress', `${date}T02:00:00Z`)] });

  it('counts a start on the 7th day, not on the 8th', () => {
    expect(downSeenWithin7Days([started('2026-03-09')])).toEqual({ numerator: 1, denominator: 1, value: 1 });
    expect(downSeenWithin7Days([started('2026-03-10')])).toEqual({ numerator: 0, denominator: 1, value: 0 });
  });

  it('leaves out one still accepted up to day 7 of its window, and counts it as not seen after', () => {
    const waiting = ref({ status: 'accepted', history: [accepted] });
    expect(downSeenWithin7Days([waiting], { asOf: '2026-03-09T02:00:00Z' })).toEqual({ numerator: 0, denominator: 0, value: null });
    expect(downSeenWithin7Days([waiting], { asOf: '2026-03-10T02:00:00Z' })).toEqual({ numerator: 0, denominator: 1, value: 0 });
    // One already started is counted whatever the as-of date.
    expect(downSeenWithin7Days([started('2026-03-05')], { asOf: '2026-03-06T02:00:00Z' })).toEqual({ numerator: 1, denominator: 1, value: 1 });
  });
});
