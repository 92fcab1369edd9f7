// Worked referrals for the v2 referral figures, checkable by hand.
import { describe, expect, it } from 'vitest';
import type { ReferralForIndicators } from '../../../../server/referrals/rules/indicators';
import { referralFigures, statusAt } from '../../../../server/indicators/v2/referrals';
import { DEFAULT_RESPONSE_LIMITS } from '../../../../server/referrals/rules/timeliness';

const at = (h: number) => new Date(Date.parse('2026-03-02T00:00:00Z') + h * 3_600_000).toISOString();
function referral(urgency: ReferralForIndicators['urgency'], moves: [string, number][], o: Partial<ReferralForIndicators> = {}): ReferralForIndicators {
  const history = [{ from: null, to: 'requested' as const, at: at(0) }, ...moves.map(([to, h]) => ({ from: null, to: to as ReferralForIndicators['status'], at: at(h) }))];
  return { direction: 'up', urgency, status: history.at(-1)!.to, createdAt: at(0), respondedAt: null, reasons: [], outcome: null, history, ...o };
}
const END = Date.parse(at(24 * 30)); // the period ends 30 days after creation
const NOW = at(24 * 40);

describe('referral figures by urgency, open ones apart', () => {
  const rs = [
    referral(
      'emergency',
      [
        ['accepted', 1],
        ['in-progress', 3],
        ['completed', 48],
      ],
      { outcome: 'seen, plan sent' },
    ), // answered in 1 h
    referral('emergency', []), // never answered: late (2 h limit long past)
    referral('urgent', [
      ['accepted', 30],
      ['failed', 24 * 10],
    ]), // answered after 30 h of 24: late; did not attend
    referral('routine', [['rejected', 5]]), // answered in time; ended
    referral(
      'routine',
      [
        ['accepted', 10],
        ['in-progress', 24 * 20],
        ['completed', 24 * 35],
      ],
      { outcome: 'done' },
    ), // completed after the period end: open then
  ];
  const f = referralFigures(rs, END, NOW, DEFAULT_RESPONSE_LIMITS);
  it('answered within the limit, unanswered past it counted late', () => {
    expect(f.answeredInLimit.emergency).toMatchObject({ numerator: 1, denominator: 2 });
    expect(f.answeredInLimit.urgent).toMatchObject({ numerator: 0, denominator: 1 });
    expect(f.answeredInLimit.routine).toMatchObject({ numerator: 2, denominator: 2 });
  });
  it('completion and loop closure over ended referrals only; open ones counted apart', () => {
    // Ended by the period end: completed #1, failed #3, rejected #4. Open: #2 (requested), #5 (in progress then).
    expect(f.completion).toMatchObject({ numerator: 1, denominator: 3 });
    expect(f.loopClosure).toMatchObject({ numerator: 1, denominator: 2 }); // accepted and ended: #1, #3
    expect(f.openAtEnd).toMatchObject({ numerator: 2, denominator: null });
  });
  it('did not attend on its own: failed / attendance known', () => {
    expect(f.didNotAttend).toMatchObject({ numerator: 1, denominator: 3 }); // #1 completed, #3 failed, #5 started
  });
  it('reads the status at the period end from the moves', () => {
    expect(statusAt(rs[4]!, END)).toBe('in-progress');
    expect(statusAt(rs[4]!, Date.parse(NOW))).toBe('completed');
  });
});
