import { describe, expect, it } from 'vitest';
import { dueNotifications, isQuietTime, nextQuietEnd, shanghaiWallClock } from '../../../server/family-app/push-rules';

const prefs = { district: 'pudong', minLevel: 3, diaryReminderAt: '19:30', followUpReminders: true };
// On 2026-03-02: a has had no entry for 3 days (last 02-27), b logged yesterday.
const kids = [
  { id: 'a', lastDiaryDate: '2026-02-27', enrolledOn: '2025-09-01', nextDueDate: '2026-03-04' },
  { id: 'b', lastDiaryDate: '2026-03-01', enrolledOn: '2025-09-01', nextDueDate: '2026-04-01' },
];

describe('push scheduling rules', () => {
  it('quiet hours are 21:00 to 06:59 Shanghai time', () => {
    expect(['20:59', '07:00', '12:00'].map(isQuietTime)).toEqual([false, false, false]);
    expect(['21:00', '23:59', '00:00', '06:59'].map(isQuietTime)).toEqual([true, true, true, true]);
    expect(shanghaiWallClock(new Date('2026-03-02T13:00:00Z'))).toEqual({ date: '2026-03-02', time: '21:00' });
    expect(shanghaiWallClock(new Date('2026-03-02T16:30:00Z'))).toEqual({ date: '2026-03-03', time: '00:30' });
    expect(nextQuietEnd(new Date('2026-03-02T14:00:00Z'))).toBe('2026-03-02T23:00:00.000Z');
    expect(nextQuietEnd(new Date('2026-03-02T20:00:00Z'))).toBe('2026-03-02T23:00:00.000Z');
  });

  it('nothing during quiet hours, whatever is due', () => {
    expect(dueNotifications({ date: '2026-03-02', time: '21:30' }, prefs, 5, kids)).toEqual([]);
    expect(dueNotifications({ date: '2026-03-02', time: '06:59' }, prefs, 5, kids)).toEqual([]);
  });

  it('the index from the chosen level only', () => {
    expect(dueNotifications({ date: '2026-03-02', time: '07:00' }, prefs, 2, [])).toEqual([]);
    expect(dueNotifications({ date: '2026-03-02', time: '07:00' }, prefs, 3, [])).toEqual([{ kind: 'index', childId: '' }]);
    expect(dueNotifications({ date: '2026-03-02', time: '07:00' }, prefs, null, [])).toEqual([]);
    expect(dueNotifications({ date: '2026-03-02', time: '07:00' }, { ...prefs, district: null }, 5, [])).toEqual([]);
  });

  it('a diary reminder from the chosen time for a child with no entry for 3 days; a follow-up reminder two days before', () => {
    expect(dueNotifications({ date: '2026-03-02', time: '19:29' }, prefs, null, kids)).toEqual([{ kind: 'followup', childId: 'a' }]);
    expect(dueNotifications({ date: '2026-03-02', time: '19:30' }, prefs, null, kids)).toEqual([
      { kind: 'diary', childId: 'a' },
      { kind: 'followup', childId: 'a' },
    ]);
    expect(dueNotifications({ date: '2026-03-02', time: '08:59' }, prefs, null, kids)).toEqual([]);
    expect(dueNotifications({ date: '2026-03-03', time: '10:00' }, prefs, null, kids)).toEqual([]);
    expect(dueNotifications({ date: '2026-03-02', time: '10:00' }, { ...prefs, followUpReminders: false }, null, kids)).toEqual([]);
  });

  it('the diary reminder comes on the third day without an entry (spec: no entry for 3 days), counted from enrolment when nothing was ever logged', () => {
    const diaryFor = (date: string, children: Parameters<typeof dueNotifications>[3]) => dueNotifications({ date, time: '19:30' }, { ...prefs, followUpReminders: false }, null, children).map((n) => `${n.kind} ${n.childId}`);
    const child = (id: string, lastDiaryDate: string | null, enrolledOn = '2026-02-28') => ({ id, lastDiaryDate, enrolledOn, nextDueDate: null });
    // Last entry 02-28: 03-01 and 03-02 without one is 2 days; 03-03 is the third.
    expect(diaryFor('2026-03-02', [child('c', '2026-02-28')])).toEqual([]);
    expect(diaryFor('2026-03-03', [child('c', '2026-02-28')])).toEqual(['diary c']);
    // And each day after, until a day is logged.
    expect(diaryFor('2026-03-04', [child('c', '2026-02-28')])).toEqual(['diary c']);
    // Never logged: from the enrolment (02-28).
    expect(diaryFor('2026-03-02', [child('d', null)])).toEqual([]);
    expect(diaryFor('2026-03-03', [child('d', null)])).toEqual(['diary d']);
    // Logged today, or a day back-filled into the last 3: nothing.
    expect(diaryFor('2026-03-03', [child('e', '2026-03-03'), child('f', '2026-03-01')])).toEqual([]);
    // Without a chosen time, no diary reminder at all.
    expect(dueNotifications({ date: '2026-03-04', time: '20:00' }, { ...prefs, diaryReminderAt: null, followUpReminders: false }, null, [child('g', null)])).toEqual([]);
  });
});
