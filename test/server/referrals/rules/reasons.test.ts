import { describe, expect, it } from 'vitest';
import { EMERGENCY_REASON_CODES, REFERRAL_REASONS, carePlanSchema, createReferralSchema, isHandoverInFuture, referralReason, referralUrgency, validateReasons } from '../../../../server/referrals/rules';

const carePlan = { controller: '布地奈德福莫特罗 80/4.5', dose: '1吸 每日2次', ginaStep: 3, actionPlanGiven: true, nextReviewDate: '2026-03-12' };
const CHILD = '00000000-0000-4000-a000-0000000000c1';
const upBody = { childId: CHILD, direction: 'up', toCenterId: '00000000-0000-4000-a000-0000000000f1', urgency: 'routine', reasons: ['U5', 'U6'], summary: '连续两次随访未控制' };
const downBody = { ...upBody, direction: 'down', toCenterId: '00000000-0000-4000-a000-0000000000f2', reasons: ['D1', 'D2'], summary: '诊断明确，下转社区', carePlan };

function issuePaths(input: unknown): string[] {
  const result = createReferralSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
}

describe('reason codes', () => {
  it('U1-U3 up emergency, U4-U10 up routine, D1-D4 down, each with both labels', () => {
    const byGroup = (g: string) => REFERRAL_REASONS.filter((r) => r.group === g).map((r) => r.code);
    expect(byGroup('up-emergency')).toEqual(['U1', 'U2', 'U3']);
    expect(EMERGENCY_REASON_CODES).toEqual(['U1', 'U2', 'U3']);
    expect(byGroup('up-routine')).toEqual(['U4', 'U5', 'U6', 'U7', 'U8', 'U9', 'U10']);
    expect(byGroup('down')).toEqual(['D1', 'D2', 'D3', 'D4']);
    for (const r of REFERRAL_REASONS) {
      expect(r.direction).toBe(r.code.startsWith('U') ? 'up' : 'down');
      expect(r.label.zh.length).toBeGreaterThan(0);
      expect(r.label.en.length).toBeGreaterThan(0);
    }
    expect(referralReason('U10')?.group).toBe('up-routine');
    expect(referralReason('X1')).toBeUndefined();
  });
});

describe('validateReasons', () => {
  it('accepts codes of the direction, urgent or routine alike', () => {
    expect(validateReasons('up', ['U1', 'U7'])).toEqual({ ok: true });
    expect(validateReasons('down', ['D3'])).toEqual({ ok: true });
  });

  it('needs at least one code', () => {
    expect(validateReasons('up', [])).toEqual({ ok: false, details: [{ path: 'reasons', message: expect.any(String) }] });
  });

  it('flags wrong-direction, unknown and repeated codes by position', () => {
    const check = validateReasons('up', ['U5', 'D1', 'u5', 'U5']);
    expect(check.ok).toBe(false);
    expect(check.ok ? [] : check.details.map((d) => d.path)).toEqual(['reasons.1', 'reasons.2', 'reasons.3']);
    expect(validateReasons('down', ['U3'])).toMatchObject({ ok: false, details: [{ path: 'reasons.0' }] });
  });
});

describe('carePlanSchema', () => {
  it('accepts a full plan', () => {
    expect(carePlanSchema.parse(carePlan)).toEqual(carePlan);
  });

  it.each([
    ['controller', { controller: '  ' }],
    ['dose', { dose: '' }],
    ['ginaStep', { ginaStep: 0 }],
    ['ginaStep', { ginaStep: 6 }],
    ['ginaStep', { ginaStep: 2.5 }],
    ['actionPlanGiven', { actionPlanGiven: 'yes' }],
    ['nextReviewDate', { nextReviewDate: '2026-02-30' }],
    ['nextReviewDate', { nextReviewDate: '12/03/2026' }],
  ])('rejects a bad %s', (path, patch) => {
    const result = carePlanSchema.safeParse({ ...carePlan, ...patch });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual([path]);
  });
});

describe('referralUrgency (clinical safety rules 8.5)', () => {
  it('makes any referral with U1, U2 or U3 an emergency, whatever urgency was sent', () => {
    for (const code of ['U1', 'U2', 'U3']) {
      for (const sent of ['routine', 'urgent', 'emergency'] as const) expect(referralUrgency(sent, ['U5', code]), `${sent} ${code}`).toBe('emergency');
    }
  });

  it("keeps the clinician's call otherwise, emergency included", () => {
    expect(referralUrgency('routine', ['U5', 'U6'])).toBe('routine');
    expect(referralUrgency('urgent', ['U7'])).toBe('urgent');
    expect(referralUrgency('emergency', ['U9'])).toBe('emergency');
  });
});

describe('isHandoverInFuture', () => {
  const now = '2026-03-02T02:00:00.000Z';
  it('allows a call up to 5 minutes ahead of the server clock, not later', () => {
    expect(isHandoverInFuture('2026-03-02T09:55:00+08:00', now)).toBe(false);
    expect(isHandoverInFuture('2026-03-02T10:05:00+08:00', now)).toBe(false);
    expect(isHandoverInFuture('2026-03-02T10:05:01+08:00', now)).toBe(true);
  });
});

describe('createReferralSchema', () => {
  const handover = { to: '急诊科王医生', at: '2026-03-02T09:50:00+08:00' };

  it('accepts an upward referral without a care plan and a downward one with it', () => {
    expect(issuePaths(upBody)).toEqual([]);
    expect(issuePaths(downBody)).toEqual([]);
    // urgent with routine codes is the clinician's call
    expect(issuePaths({ ...upBody, urgency: 'urgent' })).toEqual([]);
  });

  it('requires the phone handover for an emergency: U1-U3 ticked, or emergency sent', () => {
    expect(issuePaths({ ...upBody, reasons: ['U2'] })).toEqual(['phoneHandover']);
    expect(issuePaths({ ...upBody, urgency: 'urgent', reasons: ['U5', 'U3'] })).toEqual(['phoneHandover']);
    expect(issuePaths({ ...upBody, urgency: 'emergency' })).toEqual(['phoneHandover']);
    expect(createReferralSchema.safeParse({ ...upBody, reasons: ['U1'] }).error?.issues[0]?.message).toBe('v.referrals.phoneHandover');
    expect(issuePaths({ ...upBody, reasons: ['U1'], phoneHandover: handover })).toEqual([]);
    expect(issuePaths({ ...upBody, urgency: 'emergency', phoneHandover: handover })).toEqual([]);
    // Not needed, but kept when given, for any urgency.
    expect(issuePaths({ ...upBody, phoneHandover: handover })).toEqual([]);
  });

  it('checks who was told (typed text, at most 100 characters) and when (an instant with its offset)', () => {
    const emergency = { ...upBody, reasons: ['U1'] };
    expect(issuePaths({ ...emergency, phoneHandover: { ...handover, to: '  ' } })).toEqual(['phoneHandover.to']);
    expect(issuePaths({ ...emergency, phoneHandover: { ...handover, to: '王\u0007医生' } })).toEqual(['phoneHandover.to']);
    expect(issuePaths({ ...emergency, phoneHandover: { ...handover, to: '王'.repeat(101) } })).toEqual(['phoneHandover.to']);
    expect(issuePaths({ ...emergency, phoneHandover: { ...handover, to: '王'.repeat(100) } })).toEqual([]);
    for (const at of ['2026-03-02T09:50', '2026-02-30T09:50:00+08:00', 'yesterday', '']) {
      expect(issuePaths({ ...emergency, phoneHandover: { ...handover, at } }), at).toEqual(['phoneHandover.at']);
    }
    expect(issuePaths({ ...emergency, phoneHandover: { to: '王医生' } })).toEqual(['phoneHandover.at']);
  });

  it('refuses an emergency going down: an emergency goes up', () => {
    expect(issuePaths({ ...downBody, urgency: 'emergency' })).toEqual(['urgency']);
    expect(issuePaths({ ...downBody, urgency: 'emergency', phoneHandover: handover })).toEqual(['urgency']);
    expect(issuePaths({ ...downBody, urgency: 'urgent' })).toEqual([]);
  });

  it('a downward referral without a care plan fails at carePlan', () => {
    const { carePlan: _omitted, ...noPlan } = downBody;
    expect(issuePaths(noPlan)).toEqual(['carePlan']);
  });

  it('reasons must match the direction, reported per item', () => {
    expect(issuePaths({ ...upBody, reasons: ['U5', 'D2'] })).toEqual(['reasons.1']);
    expect(issuePaths({ ...downBody, reasons: ['D1', 'U5', 'U6'] })).toEqual(['reasons.1', 'reasons.2']);
    expect(issuePaths({ ...upBody, reasons: [] })).toEqual(['reasons']);
  });

  it('reports both care plan and reasons problems together', () => {
    const { carePlan: _omitted, ...noPlan } = downBody;
    // U2 is not a downward code; it does not make a downward referral ask for a phone handover.
    expect(issuePaths({ ...noPlan, reasons: ['U2'] })).toEqual(['carePlan', 'reasons.0']);
  });

  it('field errors come first: blank summary, bad enums, nested care plan field', () => {
    expect(issuePaths({ ...upBody, summary: ' ' })).toEqual(['summary']);
    expect(issuePaths({ ...upBody, direction: 'sideways', urgency: 'soon' })).toEqual(['direction', 'urgency']);
    expect(issuePaths({ ...downBody, carePlan: { ...carePlan, ginaStep: 7 } })).toEqual(['carePlan.ginaStep']);
    expect(issuePaths({ ...upBody, childId: 'ch1', toCenterId: '' })).toEqual(['childId', 'toCenterId']);
  });
});
