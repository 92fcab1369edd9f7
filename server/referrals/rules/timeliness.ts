// Referral timeliness, docs/referrals.md (design, configurable). Pure: `now` is passed in.
import { addDays, compareDates, shanghaiDate } from '../../calendar';
import type { ReferralDirection, ReferralStatus } from './state-machine';

export type ReferralUrgency = 'urgent' | 'routine';

export interface ResponseLimits {
  urgentHours: number;
  routineHours: number;
}

/** Urgent: accept or reject within 24 h of creation; routine within 72 h. */
export const DEFAULT_RESPONSE_LIMITS: ResponseLimits = { urgentHours: 24, routineHours: 72 };

/** A downward referral, once accepted, should see the child within this many calendar days (R4). */
export const DEFAULT_DOWN_START_DAYS = 7;

const HOUR_MS = 3_600_000;

function instantMs(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO instant: ${iso}`);
  return ms;
}

/** The instant by which the receiving organisation must accept or reject (ISO UTC). */
export function responseDeadline(
  referral: { urgency: ReferralUrgency; createdAt: string },
  limits: ResponseLimits = DEFAULT_RESPONSE_LIMITS,
): string {
  const hours = referral.urgency === 'urgent' ? limits.urgentHours : limits.routineHours;
  return new Date(instantMs(referral.createdAt) + hours * HOUR_MS).toISOString();
}

/**
 * Overdue in both inboxes: still 'requested' strictly after the deadline. Exactly at the
 * deadline is still "within" the limit; any response (or cancellation) clears the flag.
 */
export function isResponseOverdue(
  referral: { status: ReferralStatus; urgency: ReferralUrgency; createdAt: string },
  now: string,
  limits: ResponseLimits = DEFAULT_RESPONSE_LIMITS,
): boolean {
  if (referral.status !== 'requested') return false;
  return instantMs(now) > instantMs(responseDeadline(referral, limits));
}

/**
 * Optional flag (design, beyond the spec's overdue rule): an accepted downward referral whose
 * child has not been seen (no 'start') by acceptance date + 7 Shanghai calendar days, the same
 * "within 7 days" reading as R4. Upward referrals have their own validity window -> 'fail'.
 */
export function isDownStartOverdue(
  referral: { status: ReferralStatus; direction: ReferralDirection; acceptedAt: string | null },
  now: string,
  days: number = DEFAULT_DOWN_START_DAYS,
): boolean {
  if (referral.status !== 'accepted' || referral.direction !== 'down' || referral.acceptedAt === null) return false;
  const dueBy = addDays(shanghaiDate(new Date(instantMs(referral.acceptedAt))), days);
  return compareDates(shanghaiDate(new Date(instantMs(now))), dueBy) > 0;
}
