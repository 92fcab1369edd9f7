import { describe, expect, it } from 'vitest';
import { DEFAULT_RESPONSE_LIMITS, inboxRank, isDownStartOverdue, isResponseOverdue, responseDeadline, type ReferralStatus } from '../../../../server/referrals/rules';

const createdAt = '2026-03-02T02:00:00.000Z'; // 10:00 Shanghai
const urgent = { status: 'requested' as ReferralStatus, urgency: 'urgent' as const, createdAt };
const routine = { ...urgent, urgency: 'routine' as const };
const emergency = { ...urgent, urgency: 'emergency' as const };

describe('response deadline', () => {
  it('is 2 h for emergency, 24 h for urgent and 72 h for routine by default', () => {
    expect(DEFAULT_RESPONSE_LIMITS).toEqual({ emergencyHours: 2, urgentHours: 24, routineHours: 72 });
    expect(responseDeadline(emergency)).toBe('2026-03-02T04:00:00.000Z');
    expect(responseDeadline(urgent)).toBe('2026-03-03T02:00:00.000Z');
    expect(responseDeadline(routine)).toBe('2026-03-05T02:00:00.000Z');
  });
});

describe('isResponseOverdue', () => {
  it('emergency: not at exactly 2 h, overdue at 2 h and 1 s', () => {
    expect(isResponseOverdue(emergency, '2026-03-02T03:59:59Z')).toBe(false);
    expect(isResponseOverdue(emergency, '2026-03-02T04:00:00Z')).toBe(false);
    expect(isResponseOverdue(emergency, '2026-03-02T04:00:01Z')).toBe(true);
    // 2 h 1 s is nothing for an urgent referral
    expect(isResponseOverdue(urgent, '2026-03-02T04:00:01Z')).toBe(false);
  });

  it('urgent: not at 23h59 nor at exactly 24h, overdue at 24h01', () => {
    expect(isResponseOverdue(urgent, '2026-03-03T01:59:00Z')).toBe(false);
    expect(isResponseOverdue(urgent, '2026-03-03T02:00:00Z')).toBe(false);
    expect(isResponseOverdue(urgent, '2026-03-03T02:01:00Z')).toBe(true);
  });

  it('routine: not at 71h59, overdue at 72h01', () => {
    expect(isResponseOverdue(routine, '2026-03-05T01:59:00Z')).toBe(false);
    expect(isResponseOverdue(routine, '2026-03-05T02:01:00Z')).toBe(true);
    // 24h01 is nothing for a routine referral
    expect(isResponseOverdue(routine, '2026-03-03T02:01:00Z')).toBe(false);
  });

  it('only while still requested', () => {
    const late = '2026-03-10T00:00:00Z';
    for (const status of ['accepted', 'rejected', 'cancelled', 'in-progress', 'failed', 'completed'] as ReferralStatus[]) {
      expect(isResponseOverdue({ ...urgent, status }, late)).toBe(false);
    }
    expect(isResponseOverdue(urgent, late)).toBe(true);
  });

  it('limits are configurable', () => {
    const limits = { emergencyHours: 1, urgentHours: 4, routineHours: 48 };
    expect(isResponseOverdue(emergency, '2026-03-02T03:00:01Z', limits)).toBe(true);
    expect(isResponseOverdue(urgent, '2026-03-02T05:59:00Z', limits)).toBe(false);
    expect(isResponseOverdue(urgent, '2026-03-02T06:01:00Z', limits)).toBe(true);
    expect(isResponseOverdue(routine, '2026-03-04T01:59:00Z', limits)).toBe(false);
    expect(isResponseOverdue(routine, '2026-03-04T02:01:00Z', limits)).toBe(true);
  });
});

describe('inboxRank', () => {
  const at = (iso: string) => (r: Parameters<typeof inboxRank>[0]) => inboxRank(r, iso);
  it('puts an overdue emergency first, then one awaiting its answer, then other overdue ones, then urgent ones awaiting theirs, then the rest', () => {
    const early = at('2026-03-02T03:00:00Z'); // 1 h after creation
    const late = at('2026-03-03T02:00:01Z'); // 24 h 1 s
    expect([late(emergency), early(emergency), late(urgent), early(urgent), late(routine), early(routine)]).toEqual([0, 1, 2, 3, 4, 4]);
    expect(at('2026-03-05T02:00:01Z')(routine)).toBe(2); // routine past its 72 h
  });

  it('ranks an answered emergency or urgent referral with the rest', () => {
    for (const status of ['accepted', 'rejected', 'cancelled', 'in-progress', 'completed'] as ReferralStatus[]) {
      expect(inboxRank({ ...emergency, status }, '2026-03-03T02:00:00Z')).toBe(4);
      expect(inboxRank({ ...urgent, status }, '2026-03-02T03:00:00Z')).toBe(4);
    }
  });
});

describe('isDownStartOverdue (optional flag)', () => {
  // accepted 2026-03-05 15:00 Shanghai -> should be seen by 2026-03-12 (Shanghai), as R4
  const down = { status: 'accepted' as ReferralStatus, direction: 'down' as const, acceptedAt: '2026-03-05T07:00:00Z' };

  it('flags only after acceptance date + 7 Shanghai days', () => {
    expect(isDownStartOverdue(down, '2026-03-12T15:59:00Z')).toBe(false); // 23:59 on the 12th in Shanghai
    expect(isDownStartOverdue(down, '2026-03-12T16:00:00Z')).toBe(true); // 00:00 on the 13th in Shanghai
  });

  it('not for upward, not-yet-accepted or already started referrals', () => {
    const late = '2026-04-01T00:00:00Z';
    expect(isDownStartOverdue({ ...down, direction: 'up' }, late)).toBe(false);
    expect(isDownStartOverdue({ ...down, status: 'in-progress' }, late)).toBe(false);
    expect(isDownStartOverdue({ ...down, acceptedAt: null }, late)).toBe(false);
  });
});
