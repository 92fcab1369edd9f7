// What the referral rules tell the person who got it wrong (issue 38, mutation testing: the
// rules' tests checked where a problem was, not what it said). The messages are shown to the
// clinician (or are the i18n keys the page translates), so each is pinned here.
import { describe, expect, it } from 'vitest';
import { createReferralSchema, isResponseOverdue, responseDeadline, transition, validateReasons } from '../../../../server/referrals/rules';

const CHILD = '00000000-0000-4000-a000-0000000000c1';
const carePlan = { controller: '布地奈德', dose: '200 µg bid', ginaStep: 2, actionPlanGiven: true, nextReviewDate: '2026-04-01' };
const downBody = { childId: CHILD, direction: 'down', toCenterId: '00000000-0000-4000-a000-0000000000f2', urgency: 'routine', reasons: ['D1'], summary: '下转社区', carePlan };

const issues = (input: unknown) => {
  const result = createReferralSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};

describe('validateReasons messages', () => {
  it('names the problem with each code, on its own index', () => {
    expect(validateReasons('up', [])).toEqual({ ok: false, details: [{ path: 'reasons', message: 'choose at least one reason' }] });
    expect(validateReasons('up', ['U5', 'X9', 'D1', 'U5'])).toEqual({
      ok: false,
      details: [
        { path: 'reasons.1', message: 'unknown reason code X9' },
        { path: 'reasons.2', message: 'D1 is for down referrals, not up' },
        { path: 'reasons.3', message: 'U5 is listed twice' },
      ],
    });
  });
});

describe('createReferralSchema messages', () => {
  it('a downward referral without a care plan, or as an emergency, is told why', () => {
    const { carePlan: _omitted, ...withoutPlan } = downBody;
    expect(issues(withoutPlan)).toEqual([{ path: 'carePlan', message: 'a downward referral carries a care plan' }]);
    expect(issues({ ...downBody, urgency: 'emergency' })).toEqual([{ path: 'urgency', message: 'v.referrals.emergencyDown' }]);
  });
});

describe('transition refusals', () => {
  it('an illegal move says which action and which status', () => {
    const referral = { status: 'completed' as const, direction: 'up' as const, fromCenterId: 'C1', toCenterId: 'H1' };
    expect(transition(referral, 'accept', { centerId: 'H1' })).toEqual({
      ok: false,
      code: 'illegal_transition',
      details: [{ path: 'status', message: 'cannot accept a referral that is completed' }],
    });
  });
});

describe('response deadline', () => {
  it('refuses a creation time that is not an instant rather than computing from NaN', () => {
    expect(() => responseDeadline({ urgency: 'urgent', createdAt: 'yesterday' })).toThrow(new RangeError('not an ISO instant: yesterday'));
    expect(() => isResponseOverdue({ status: 'requested', urgency: 'urgent', createdAt: '2026-03-02T00:00:00Z' }, 'soon')).toThrow(RangeError);
  });
});
