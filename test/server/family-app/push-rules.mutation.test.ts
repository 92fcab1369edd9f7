// Minute edges of the push schedule (server/family-app/push-rules.ts) that mutation testing (issue 38) found
// unpinned: quiet hours begin at 21:00 sharp, and the follow-up reminder is sent from 09:00 sharp.
import { describe, expect, it } from 'vitest';
import { dueNotifications, nextQuietEnd } from '../../../server/family-app/push-rules';

describe('push schedule edges', () => {
  it('from 21:00 Shanghai the end of quiet hours is 07:00 the next day; before 07:00, the same morning', () => {
    // 21:00 Shanghai on 2026-03-02 is 13:00 UTC; the next 07:00 Shanghai is 2026-03-02T23:00Z.
    expect(nextQuietEnd(new Date('2026-03-02T13:00:00Z'))).toBe('2026-03-02T23:00:00.000Z');
    // 06:00 Shanghai (22:00 UTC the day before): the same morning's 07:00.
    expect(nextQuietEnd(new Date('2026-03-01T22:00:00Z'))).toBe('2026-03-01T23:00:00.000Z');
  });

  it('the follow-up reminder is due from 09:00 exactly, two days before the due date', () => {
    const prefs = { district: null, minLevel: null, diaryReminderAt: null, followUpReminders: true };
    const child = { id: 'c1', lastDiaryDate: '2026-03-02', enrolledOn: '2026-01-01', nextDueDate: '2026-03-04' };
    expect(dueNotifications({ date: '2026-03-02', time: '08:59' }, prefs, null, [child])).toEqual([]);
    expect(dueNotifications({ date: '2026-03-02', time: '09:00' }, prefs, null, [child])).toEqual([{ kind: 'followup', childId: 'c1' }]);
  });
});
