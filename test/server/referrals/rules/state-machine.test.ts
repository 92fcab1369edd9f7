import { describe, expect, it } from 'vitest';
import { REFERRAL_ACTIONS, REFERRAL_STATUSES, REFERRAL_TRANSITIONS, TERMINAL_REFERRAL_STATUSES, allowedActions, isTerminalStatus, transition, type ReferralAction, type ReferralStatus } from '../../../../server/referrals/rules';

// A community centre (C1) refers up to a hospital (H1).
const referring = { centerId: 'C1' };
const receiving = { centerId: 'H1' };
const bystander = { centerId: 'C2' };
const at = (status: ReferralStatus) => ({ status, direction: 'up' as const, fromCenterId: 'C1', toCenterId: 'H1' });
const text = { reason: '家长要求改期', outcome: '已调整为ICS/LABA，3个月后社区随访' };

describe('referral transitions: every allowed move', () => {
  const allowed: [ReferralStatus, ReferralAction, typeof receiving, ReferralStatus][] = [
    ['requested', 'accept', receiving, 'accepted'],
    ['requested', 'reject', receiving, 'rejected'],
    ['requested', 'cancel', referring, 'cancelled'],
    ['accepted', 'start', receiving, 'in-progress'],
    ['accepted', 'fail', receiving, 'failed'],
    ['accepted', 'cancel', referring, 'cancelled'],
    ['in-progress', 'complete', receiving, 'completed'],
  ];
  it.each(allowed)('%s --%s--> %s', (from, action, actor, to) => {
    expect(transition(at(from), action, actor, text)).toEqual({ ok: true, to });
  });

  it('the exported table is exactly these seven moves', () => {
    expect(REFERRAL_TRANSITIONS.map((t) => [t.from, t.action, t.to])).toEqual(allowed.map(([from, action, , to]) => [from, action, to]));
  });

  it('same for a downward referral (hospital H1 -> centre C1)', () => {
    const down = { status: 'requested' as const, direction: 'down' as const, fromCenterId: 'H1', toCenterId: 'C1' };
    expect(transition(down, 'accept', { centerId: 'C1' })).toEqual({ ok: true, to: 'accepted' });
    expect(transition(down, 'accept', { centerId: 'H1' })).toMatchObject({ ok: false, code: 'forbidden' });
  });
});

describe('referral transitions: illegal moves', () => {
  it.each([
    ['requested', 'complete', receiving],
    ['requested', 'start', receiving],
    ['requested', 'fail', receiving],
    ['accepted', 'accept', receiving],
    ['accepted', 'reject', receiving],
    ['in-progress', 'cancel', referring],
    ['in-progress', 'fail', receiving],
    ['completed', 'cancel', referring],
    ['rejected', 'accept', receiving],
    ['cancelled', 'accept', receiving],
    ['failed', 'start', receiving],
  ] as [ReferralStatus, ReferralAction, typeof receiving][])('%s cannot %s', (from, action, actor) => {
    expect(transition(at(from), action, actor, text)).toMatchObject({ ok: false, code: 'illegal_transition' });
  });

  it('no action leaves a terminal status', () => {
    expect([...TERMINAL_REFERRAL_STATUSES].sort()).toEqual(['cancelled', 'completed', 'failed', 'rejected']);
    for (const status of TERMINAL_REFERRAL_STATUSES) {
      expect(isTerminalStatus(status)).toBe(true);
      for (const action of REFERRAL_ACTIONS) {
        const actor = action === 'cancel' ? referring : receiving;
        expect(transition(at(status), action, actor, text)).toMatchObject({ ok: false, code: 'illegal_transition' });
      }
    }
    expect(REFERRAL_STATUSES.filter((s) => !isTerminalStatus(s))).toEqual(['requested', 'accepted', 'in-progress']);
  });
});

describe('referral transitions: wrong side is forbidden', () => {
  it('the referring centre cannot accept, reject, start, fail or complete', () => {
    for (const [status, action] of [
      ['requested', 'accept'],
      ['requested', 'reject'],
      ['accepted', 'start'],
      ['accepted', 'fail'],
      ['in-progress', 'complete'],
    ] as [ReferralStatus, ReferralAction][]) {
      expect(transition(at(status), action, referring, text)).toEqual({ ok: false, code: 'forbidden' });
    }
  });

  it('the receiving centre cannot cancel', () => {
    expect(transition(at('requested'), 'cancel', receiving, text)).toEqual({ ok: false, code: 'forbidden' });
    expect(transition(at('accepted'), 'cancel', receiving, text)).toEqual({ ok: false, code: 'forbidden' });
  });

  it('a third centre can do nothing', () => {
    for (const action of REFERRAL_ACTIONS) {
      expect(transition(at('requested'), action, bystander, text)).toEqual({ ok: false, code: 'forbidden' });
    }
  });

  it('side is checked before status (receiving centre cancelling a completed referral)', () => {
    expect(transition(at('completed'), 'cancel', receiving, text)).toEqual({ ok: false, code: 'forbidden' });
  });
});

describe('referral transitions: reason and outcome', () => {
  it.each([
    ['requested', 'reject', receiving],
    ['requested', 'cancel', referring],
    ['accepted', 'cancel', referring],
  ] as [ReferralStatus, ReferralAction, typeof receiving][])('%s %s needs a non-blank reason', (from, action, actor) => {
    for (const input of [{}, { reason: '' }, { reason: '   ' }, { reason: null }]) {
      expect(transition(at(from), action, actor, input)).toEqual({
        ok: false,
        code: 'validation_failed',
        details: [{ path: 'reason', message: expect.any(String) }],
      });
    }
    expect(transition(at(from), action, actor, { reason: '床位已满' }).ok).toBe(true);
  });

  it('complete needs a non-blank outcome; a reason does not do instead', () => {
    for (const input of [{}, { outcome: ' \n' }, { reason: '已完成' }]) {
      expect(transition(at('in-progress'), 'complete', receiving, input)).toEqual({
        ok: false,
        code: 'validation_failed',
        details: [{ path: 'outcome', message: expect.any(String) }],
      });
    }
    expect(transition(at('in-progress'), 'complete', receiving, { outcome: '诊断明确' })).toEqual({ ok: true, to: 'completed' });
  });

  it('accept, start and fail need no text', () => {
    expect(transition(at('requested'), 'accept', receiving).ok).toBe(true);
    expect(transition(at('accepted'), 'start', receiving).ok).toBe(true);
    expect(transition(at('accepted'), 'fail', receiving).ok).toBe(true);
  });

  it('an illegal move is reported as such even without a reason', () => {
    expect(transition(at('completed'), 'cancel', referring)).toMatchObject({ ok: false, code: 'illegal_transition' });
  });
});

describe('allowedActions', () => {
  const expected: Record<ReferralStatus, { receiving: ReferralAction[]; referring: ReferralAction[] }> = {
    requested: { receiving: ['accept', 'reject'], referring: ['cancel'] },
    accepted: { receiving: ['start', 'fail'], referring: ['cancel'] },
    'in-progress': { receiving: ['complete'], referring: [] },
    rejected: { receiving: [], referring: [] },
    cancelled: { receiving: [], referring: [] },
    failed: { receiving: [], referring: [] },
    completed: { receiving: [], referring: [] },
  };
  it.each(REFERRAL_STATUSES)('in %s', (status) => {
    expect(allowedActions(at(status), receiving)).toEqual(expected[status].receiving);
    expect(allowedActions(at(status), referring)).toEqual(expected[status].referring);
    expect(allowedActions(at(status), bystander)).toEqual([]);
  });

  it('every listed action succeeds with the text it needs, and no other does', () => {
    for (const status of REFERRAL_STATUSES) {
      for (const actor of [receiving, referring]) {
        const listed = allowedActions(at(status), actor);
        for (const action of REFERRAL_ACTIONS) {
          expect(transition(at(status), action, actor, text).ok).toBe(listed.includes(action));
        }
      }
    }
  });
});
