// Which notifications are due for one subscription at one moment. Pure: the caller passes the
// Shanghai wall-clock date and time and what it read from the database.
import { addDays, type IsoDate } from '../calendar';
import { diaryReminderDue } from '../followups/rules/diary';
import type { PushKind } from '../../db/tables/family-app';

/** Quiet hours, Asia/Shanghai wall clock: nothing is created or sent from 21:00 to 06:59. */
export const QUIET_FROM = '21:00';
export const QUIET_UNTIL = '07:00';
/** Follow-up reminders go out from this time, two days before the due date. */
export const FOLLOW_UP_REMINDER_AT = '09:00';
export const FOLLOW_UP_REMINDER_DAYS_BEFORE = 2;

/** 'HH:MM' inside 21:00-07:00. */
export function isQuietTime(time: string): boolean {
  return time >= QUIET_FROM || time < QUIET_UNTIL;
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The Asia/Shanghai wall clock (UTC+8 all year) for an instant. */
export function shanghaiWallClock(instant: Date): { date: IsoDate; time: string } {
  const iso = new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** The next end of quiet hours after an instant, as a UTC ISO string (07:00 Shanghai). */
export function nextQuietEnd(instant: Date): string {
  const { date, time } = shanghaiWallClock(instant);
  const day = time >= QUIET_FROM ? addDays(date, 1) : date;
  return new Date(Date.parse(`${day}T${QUIET_UNTIL}:00+08:00`)).toISOString();
}

export interface SubscriptionPrefs {
  district: string | null;
  minLevel: number | null;
  diaryReminderAt: string | null;
  followUpReminders: boolean;
}

export interface FamilyChild {
  id: string;
  /** The latest diary day logged for the child (entries are dated today or up to 3 days back); null if none. */
  lastDiaryDate: IsoDate | null;
  enrolledOn: IsoDate;
  nextDueDate: IsoDate | null;
}

export interface DueNotification {
  kind: PushKind;
  /** '' for the district index. */
  childId: string;
}

/**
 * What one subscription should receive now (the outbox's unique key keeps it to once per kind,
 * child and day, however often this runs): the day's index at or above the chosen level, a diary
 * reminder from the chosen time once the child has had no entry for 3 days (the spec's rule,
 * diaryReminderDue: counted from the enrolment when nothing was ever logged; again each day until
 * a day is logged), and a follow-up reminder two days before the due date. Nothing during quiet hours.
 */
export function dueNotifications(
  now: { date: IsoDate; time: string },
  prefs: SubscriptionPrefs,
  indexLevelToday: number | null,
  children: readonly FamilyChild[],
): DueNotification[] {
  if (isQuietTime(now.time)) return [];
  const due: DueNotification[] = [];
  if (prefs.district && prefs.minLevel !== null && indexLevelToday !== null && indexLevelToday >= prefs.minLevel) {
    due.push({ kind: 'index', childId: '' });
  }
  if (prefs.diaryReminderAt && now.time >= prefs.diaryReminderAt) {
    for (const child of children) if (diaryReminderDue(child.lastDiaryDate ?? child.enrolledOn, now.date)) due.push({ kind: 'diary', childId: child.id });
  }
  if (prefs.followUpReminders && now.time >= FOLLOW_UP_REMINDER_AT) {
    const target = addDays(now.date, FOLLOW_UP_REMINDER_DAYS_BEFORE);
    for (const child of children) if (child.nextDueDate === target) due.push({ kind: 'followup', childId: child.id });
  }
  return due;
}
