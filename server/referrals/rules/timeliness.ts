// Referral timeliness, docs/referrals.md (design, configurable). Pure: `now` is passed in.
import { addDays, compareDates, shanghaiDate } from '../../calendar';
import type { ReferralDirection, ReferralStatus } from './state-machine';

/** Emergency: U1-U3 (clinical safety rules 8.5); urgent and routine: the clinician's call. */
export const REFERRAL_URGENCIES = ['emergency', 'urgent', 'routine'] as const;
export type ReferralUrgency = (typeof REFERRAL_URGENCIES)[number];

export interface ResponseLimits {
  emergencyHours: number;
  urgentHours: number;
  routineHours: number;
}

/** Emergency: accept or reject within 2 h of creation; urgent within 24 h; routine within 72 h. */
export const DEFAULT_RESPONSE_LIMITS: ResponseLimits = { emergencyHours: 2, urgentHours: 24, routineHours: 72 };

/** A downward referral, once accepted, should see the child within this many calendar days (R4). */
export const DEFAULT_DOWN_START_DAYS = 7;

const HOUR_MS = 3_600_000;

function instantMs(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO instant: ${iso}`);
  return ms;
}

/** The receiving side's limit for this urgency, in hours. */
export function responseHours(urgency: ReferralUrgency, limits: ResponseLimits = DEFAULT_RESPONSE_LIMITS): number {
  return urgency === 'emergency' ? limits.emergencyHours : urgency === 'urgent' ? limits.urgentHours : limits.routineHours;
}

/** The instant by which the receiving organisation must accept or reject (ISO UTC). */
export function responseDeadline(referral: { urgency: ReferralUrgency; createdAt: string }, limits: ResponseLimits = DEFAULT_RESPONSE_LIMITS): string {
  return new Date(instantMs(referral.createdAt) + responseHours(referral.urgency, limits) * HOUR_MS).toISOString();
}

/**
 * Overdue in both inboxes: still 'requested' strictly after the deadline. Exactly at the
 * deadline is still "within" the limit; any response (or cancellation) clears the flag.
 */
export function isResponseOverdue(referral: { status: ReferralStatus; urgency: ReferralUrgency; createdAt: string }, now: string, limits: ResponseLimits = DEFAULT_RESPONSE_LIMITS): boolean {
  if (referral.status !== 'requested') return false;
  return instantMs(now) > instantMs(responseDeadline(referral, limits));
}

/**
 * Where a referral stands in every inbox (lower first): 0 an overdue emergency, 1 an emergency
 * still awaiting its answer, 2 another overdue one, 3 an urgent one awaiting its answer within its
 * limit (above routine work: it becomes overdue soonest), 4 the rest. Within a rank, newest first.
 * An answered referral ranks with the rest: the order is about who must act now.
 */
export type InboxRank = 0 | 1 | 2 | 3 | 4;
export const INBOX_RANKS: readonly InboxRank[] = [0, 1, 2, 3, 4];
/** The rank of everything nobody must act on now. */
export const REST_RANK: InboxRank = 4;

export function inboxRank(referral: { status: ReferralStatus; urgency: ReferralUrgency; createdAt: string }, now: string, limits: ResponseLimits = DEFAULT_RESPONSE_LIMITS): InboxRank {
  const overdue = isResponseOverdue(referral, now, limits);
  if (referral.urgency === 'emergency' && referral.status === 'requested') return overdue ? 0 : 1;
  if (overdue) return 2;
  return referral.urgency === 'urgent' && referral.status === 'requested' ? 3 : REST_RANK;
}

/**
 * Optional flag (design, beyond the spec's overdue rule): an accepted downward referral whose
 * child has not been seen (no 'start') by acceptance date + 7 Shanghai calendar days, the same
 * "within 7 days" reading as R4. Upward referrals have their own validity window -> 'fail'.
 */
export function isDownStartOverdue(referral: { status: ReferralStatus; direction: ReferralDirection; acceptedAt: string | null }, now: string, days: number = DEFAULT_DOWN_START_DAYS): boolean {
  if (referral.status !== 'accepted' || referral.direction !== 'down' || referral.acceptedAt === null) return false;
  const dueBy = addDays(shanghaiDate(new Date(instantMs(referral.acceptedAt))), days);
  return compareDates(shanghaiDate(new Date(instantMs(now))), dueBy) > 0;
}
