// When a parent's message may go, what is due, how a failure is retried and the daily cap. Pure: the
// caller passes the Shanghai wall clock, the instant and what it read; nothing here reads a clock.
import type { NotifyChannel, NotifyKind } from '../../db/schema';
import { addDays, type IsoDate } from '../calendar';
import { diaryReminderDue, REMINDER_AFTER_DAYS } from '../followups/rules/diary';

export const DEFAULT_QUIET_FROM = '21:00';
export const DEFAULT_QUIET_UNTIL = '07:00';
export const DEFAULT_MIN_LEVEL = 3;
export const DIARY_REMINDER_AT = '19:00';
export const FOLLOW_UP_REMINDER_AT = '09:00';
export const FOLLOW_UP_DAYS_BEFORE = 2;
export const DIARY_REMINDER_DAYS = REMINDER_AFTER_DAYS;
export const MAX_ATTEMPTS = 6;
const FIRST_RETRY_MS = 60_000;
const MAX_RETRY_MS = 3_600_000;

/** 'HH:MM' inside [from, until), which may run over midnight (21:00-07:00) or not (12:00-14:00); from = until: never quiet. */
export function inQuietHours(time: string, from: string, until: string): boolean {
  if (from === until) return false;
  return from < until ? time >= from && time < until : time >= from || time < until;
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

export function shanghaiWallClock(instant: Date): { date: IsoDate; time: string } {
  const iso = new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** The instant quiet hours end after `instant` (or `instant` itself when it is not quiet). */
export function quietEnd(instant: Date, from: string, until: string): Date {
  const { date, time } = shanghaiWallClock(instant);
  if (!inQuietHours(time, from, until)) return instant;
  const day = time >= until ? addDays(date, 1) : date;
  return new Date(Date.parse(`${day}T${until}:00+08:00`));
}

/**
 * When a message may leave: the urgent acknowledgement at once (it answers what the parent has just
 * recorded and repeats "call 120"), everything else at the end of the parent's quiet hours.
 */
export function releaseAt(kind: NotifyKind, instant: Date, quiet: { from: string; until: string }): Date {
  return kind === 'urgent' ? instant : quietEnd(instant, quiet.from, quiet.until);
}

/** 1, 2, 4, 8, 16 minutes between attempts, at most an hour. */
export const backoffMs = (attempts: number) => Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));

/**
 * What an adapter reports. temporary: rate limit, 5xx, a connection refused: the message did not
 * go. uncertain: the request went out and no answer came (a read timeout, a connection cut): the
 * provider may have taken it. permanent: the message can never go. unbound: the address is dead
 * (unsubscribed openid, number not a mobile).
 */
export type SendOutcome = { result: 'sent'; providerId: string | null } | { result: 'temporary'; code: string } | { result: 'uncertain'; code: string } | { result: 'permanent'; code: string } | { result: 'unbound'; code: string };

export type NextStep = { status: 'sent'; providerId: string | null } | { status: 'pending'; nextAttemptAt: Date; error: string } | { status: 'failed'; error: string; unbind: boolean };

/**
 * After an uncertain send only the urgent acknowledgement is tried again: a parent told twice what
 * to do in a red-zone day is better than a parent not told (docs/notifications.md); an index or a
 * reminder that may have arrived is not sent a second time.
 */
export function nextStep(outcome: SendOutcome, attempts: number, instant: Date, kind: NotifyKind): NextStep {
  switch (outcome.result) {
    case 'sent':
      return { status: 'sent', providerId: outcome.providerId };
    case 'uncertain':
      if (kind === 'urgent' && attempts < MAX_ATTEMPTS) return { status: 'pending', nextAttemptAt: new Date(instant.getTime() + backoffMs(attempts)), error: outcome.code };
      return { status: 'failed', error: `uncertain:${outcome.code}`, unbind: false };
    case 'temporary':
      if (attempts < MAX_ATTEMPTS) return { status: 'pending', nextAttemptAt: new Date(instant.getTime() + backoffMs(attempts)), error: outcome.code };
      return { status: 'failed', error: outcome.code, unbind: false };
    case 'permanent':
      return { status: 'failed', error: outcome.code, unbind: false };
    case 'unbound':
      return { status: 'failed', error: outcome.code, unbind: true };
  }
}

/** Messages a parent gets on one channel in one day, whatever their children and choices (SMS costs the programme per part). */
export const DAILY_CAP: Record<NotifyChannel, number> = { sms: 3, wechat: 6, push: 6 };

/**
 * Whether one more message may go: never a second of the same kind for the same child that day,
 * and at most the channel's cap a day, except the urgent acknowledgement (it carries "call 120").
 */
export function capAllows(channel: NotifyChannel, message: { kind: NotifyKind; childId: string }, sentToday: readonly { kind: NotifyKind; childId: string }[]): boolean {
  if (sentToday.some((s) => s.kind === message.kind && s.childId === message.childId)) return false;
  if (message.kind === 'urgent') return true;
  return sentToday.filter((s) => s.kind !== 'urgent').length < DAILY_CAP[channel];
}

export interface ChildChoices {
  childId: string;
  kinds: Record<NotifyKind, boolean>;
  minLevel: number;
  /** The child's district index level today, null when none was computed. */
  levelToday: number | null;
  lastDiaryDate: IsoDate | null;
  enrolledOn: IsoDate;
  nextDueDate: IsoDate | null;
  /** A red-zone alert raised from the diary today. */
  redZoneToday: boolean;
}

/** What is due for one parent's child now (the outbox key makes a repeat a no-op). */
export function dueKinds(now: { date: IsoDate; time: string }, child: ChildChoices): NotifyKind[] {
  const due: NotifyKind[] = [];
  if (child.kinds.index && child.levelToday !== null && child.levelToday >= child.minLevel) due.push('index');
  if (child.kinds.diary && now.time >= DIARY_REMINDER_AT && diaryReminderDue(child.lastDiaryDate ?? child.enrolledOn, now.date)) due.push('diary');
  if (child.kinds.followup && now.time >= FOLLOW_UP_REMINDER_AT && child.nextDueDate === addDays(now.date, FOLLOW_UP_DAYS_BEFORE)) due.push('followup');
  if (child.kinds.urgent && child.redZoneToday) due.push('urgent');
  return due;
}

/** A mainland China mobile number: 11 digits from 13-19 (an optional +86 or 86 is dropped). */
export function mainlandMobile(phone: string): string | null {
  const digits = phone.replace(/[\s-]/g, '').replace(/^(\+?86)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}
