import { describe, expect, it } from 'vitest';
import { backoffMs, capAllows, dueKinds, inQuietHours, MAX_ATTEMPTS, mainlandMobile, nextStep, quietEnd, releaseAt, type ChildChoices } from '../../../server/notifications/rules';

const at = (iso: string) => new Date(iso);

describe('quiet hours', () => {
  it('21:00-07:00 by default runs over midnight', () => {
    expect(inQuietHours('20:59', '21:00', '07:00')).toBe(false);
    expect(inQuietHours('21:00', '21:00', '07:00')).toBe(true);
    expect(inQuietHours('03:00', '21:00', '07:00')).toBe(true);
    expect(inQuietHours('06:59', '21:00', '07:00')).toBe(true);
    expect(inQuietHours('07:00', '21:00', '07:00')).toBe(false);
  });
  it('a window inside a day, and an empty one', () => {
    expect(inQuietHours('12:30', '12:00', '14:00')).toBe(true);
    expect(inQuietHours('14:00', '12:00', '14:00')).toBe(false);
    expect(inQuietHours('03:00', '07:00', '07:00')).toBe(false);
  });
  it('holds the index computed at 06:00 Shanghai until 07:00, and one computed at 22:00 until the next morning', () => {
    expect(quietEnd(at('2026-03-01T22:00:00Z'), '21:00', '07:00').toISOString()).toBe('2026-03-01T23:00:00.000Z'); // 06:00 -> 07:00 same day
    expect(quietEnd(at('2026-03-02T14:00:00Z'), '21:00', '07:00').toISOString()).toBe('2026-03-02T23:00:00.000Z'); // 22:00 -> 07:00 next day
    expect(quietEnd(at('2026-03-02T02:00:00Z'), '21:00', '07:00').toISOString()).toBe('2026-03-02T02:00:00.000Z'); // 10:00: at once
  });
  it('lets the urgent acknowledgement go at once, even at night', () => {
    const night = at('2026-03-02T15:00:00Z'); // 23:00 Shanghai
    expect(releaseAt('urgent', night, { from: '21:00', until: '07:00' })).toEqual(night);
    expect(releaseAt('diary', night, { from: '21:00', until: '07:00' }).toISOString()).toBe('2026-03-02T23:00:00.000Z');
  });
});

describe('retries', () => {
  it('backs off 1, 2, 4, 8, 16 minutes, at most an hour', () => {
    expect([1, 2, 3, 4, 5].map(backoffMs)).toEqual([60_000, 120_000, 240_000, 480_000, 960_000]);
    expect(backoffMs(20)).toBe(3_600_000);
  });
  it('retries a temporary error until the last attempt, never a permanent one; an unbound address is dropped', () => {
    const now = at('2026-03-02T02:00:00Z');
    expect(nextStep({ result: 'temporary', code: 'wechat:45009' }, 1, now, 'index')).toEqual({ status: 'pending', nextAttemptAt: at('2026-03-02T02:01:00Z'), error: 'wechat:45009' });
    expect(nextStep({ result: 'temporary', code: 'http:503' }, MAX_ATTEMPTS, now, 'index')).toEqual({ status: 'failed', error: 'http:503', unbind: false });
    expect(nextStep({ result: 'permanent', code: 'sms:isv.TEMPLATE_MISSING_PARAMETERS' }, 1, now, 'index')).toEqual({ status: 'failed', error: 'sms:isv.TEMPLATE_MISSING_PARAMETERS', unbind: false });
    expect(nextStep({ result: 'unbound', code: 'wechat:43004' }, 1, now, 'index')).toEqual({ status: 'failed', error: 'wechat:43004', unbind: true });
    expect(nextStep({ result: 'sent', providerId: 'B1' }, 2, now, 'index')).toEqual({ status: 'sent', providerId: 'B1' });
  });
  it('after an uncertain send (no answer came) tries again only the urgent acknowledgement', () => {
    const now = at('2026-03-02T02:00:00Z');
    for (const kind of ['index', 'diary', 'followup'] as const) {
      expect(nextStep({ result: 'uncertain', code: 'sms:timeout' }, 1, now, kind)).toEqual({ status: 'failed', error: 'uncertain:sms:timeout', unbind: false });
    }
    expect(nextStep({ result: 'uncertain', code: 'wechat:timeout' }, 1, now, 'urgent')).toEqual({ status: 'pending', nextAttemptAt: at('2026-03-02T02:01:00Z'), error: 'wechat:timeout' });
    expect(nextStep({ result: 'uncertain', code: 'wechat:timeout' }, MAX_ATTEMPTS, now, 'urgent')).toEqual({ status: 'failed', error: 'uncertain:wechat:timeout', unbind: false });
  });
});

describe('daily cap', () => {
  it('never sends a second message of one kind for one child in a day', () => {
    expect(capAllows('sms', { kind: 'index', childId: 'c1' }, [{ kind: 'index', childId: 'c1' }])).toBe(false);
    expect(capAllows('sms', { kind: 'index', childId: 'c2' }, [{ kind: 'index', childId: 'c1' }])).toBe(true);
  });
  it('stops at the channel cap, except for the urgent acknowledgement', () => {
    const three = [
      { kind: 'index' as const, childId: 'c1' },
      { kind: 'diary' as const, childId: 'c1' },
      { kind: 'followup' as const, childId: 'c1' },
    ];
    expect(capAllows('sms', { kind: 'diary', childId: 'c2' }, three)).toBe(false);
    expect(capAllows('wechat', { kind: 'diary', childId: 'c2' }, three)).toBe(true);
    expect(capAllows('sms', { kind: 'urgent', childId: 'c1' }, three)).toBe(true);
    expect(capAllows('sms', { kind: 'urgent', childId: 'c1' }, [...three, { kind: 'urgent', childId: 'c1' }])).toBe(false);
  });
});

describe('what is due', () => {
  const child: ChildChoices = {
    childId: 'c1',
    kinds: { index: true, diary: true, followup: true, urgent: true },
    minLevel: 3,
    levelToday: 3,
    lastDiaryDate: '2026-02-27',
    enrolledOn: '2026-01-01',
    nextDueDate: '2026-03-04',
    redZoneToday: false,
  };
  it('the index from the chosen level, reminders from their hour', () => {
    expect(dueKinds({ date: '2026-03-02', time: '07:00' }, child)).toEqual(['index']);
    expect(dueKinds({ date: '2026-03-02', time: '09:00' }, child)).toEqual(['index', 'followup']);
    expect(dueKinds({ date: '2026-03-02', time: '19:00' }, child)).toEqual(['index', 'diary', 'followup']);
    expect(dueKinds({ date: '2026-03-02', time: '07:00' }, { ...child, levelToday: 2 })).toEqual([]);
    expect(dueKinds({ date: '2026-03-02', time: '19:00' }, { ...child, lastDiaryDate: '2026-03-01' })).toEqual(['index', 'followup']);
  });
  it('nothing the parent turned off; the acknowledgement after a red-zone day', () => {
    const off = { ...child, kinds: { index: false, diary: false, followup: false, urgent: true }, redZoneToday: true };
    expect(dueKinds({ date: '2026-03-02', time: '23:00' }, off)).toEqual(['urgent']);
  });
});

describe('mainland mobile numbers', () => {
  it('accepts 11 digits from 13-19, with or without +86', () => {
    expect(mainlandMobile('13800138000')).toBe('13800138000');
    expect(mainlandMobile('+86 138-0013-8000')).toBe('13800138000');
    expect(mainlandMobile('02158001234')).toBeNull(); // a Shanghai landline
    expect(mainlandMobile('12800138000')).toBeNull();
    expect(mainlandMobile('+85291234567')).toBeNull(); // Hong Kong
  });
});
