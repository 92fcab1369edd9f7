// Referral indicators, docs/referrals.md and docs/indicators.md. Pure functions over the referrals the caller chose
// (created in the period, for a centre or overall). A change to any definition bumps the version,
// so a published figure can always say which rules produced it.
import { daysBetween, shanghaiDate } from '../../calendar';
import { DEFAULT_DOWN_START_DAYS, DEFAULT_RESPONSE_LIMITS, REFERRAL_URGENCIES, responseDeadline, responseHours, type ReferralUrgency, type ResponseLimits } from './timeliness';
import { REFERRAL_STATUSES, type ReferralDirection, type ReferralStatus } from './state-machine';

// 2: answered within the limit, per urgency (emergency apart, clinical safety rules 8.5).
export const REFERRAL_INDICATORS_VERSION = '2';

export interface ReferralMove {
  from: ReferralStatus | null; // null for the creation entry, if the store records one
  to: ReferralStatus;
  at: string; // ISO UTC instant
}

export interface ReferralForIndicators {
  direction: ReferralDirection;
  urgency: ReferralUrgency;
  status: ReferralStatus;
  createdAt: string;
  /** The stored first accept or reject, if the store has one; else read from the history. */
  respondedAt?: string | null;
  reasons: readonly string[];
  outcome?: string | null;
  history: readonly ReferralMove[];
}

export interface Ratio {
  numerator: number;
  denominator: number;
  value: number | null; // null when the denominator is 0: "no data", not 0 %
}

export interface Distribution {
  count: number;
  median: number | null;
  p90: number | null;
}

export type StatusCounts = Record<ReferralStatus, number>;

function ratio(numerator: number, denominator: number): Ratio {
  return { numerator, denominator, value: denominator === 0 ? null : numerator / denominator };
}

/** First instant the referral moved to `status`, or null if it never did. */
function reachedAt(referral: ReferralForIndicators, status: ReferralStatus): string | null {
  const move = referral.history.filter((m) => m.to === status).sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0];
  return move?.at ?? null;
}

function reached(referral: ReferralForIndicators, status: ReferralStatus): boolean {
  return referral.status === status || reachedAt(referral, status) !== null;
}

// in-progress, failed and completed can only follow acceptance, so they imply it even if the
// acceptance entry is missing; a referral cancelled after acceptance still counts (history).
function acceptedEver(referral: ReferralForIndicators): boolean {
  return (['accepted', 'in-progress', 'failed', 'completed'] as const).some((s) => reached(referral, s));
}

function hoursBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 3_600_000;
}

function calendarDaysBetween(from: string, to: string): number {
  return daysBetween(shanghaiDate(new Date(from)), shanghaiDate(new Date(to)));
}

/** Median: middle value, or the mean of the two middle values when the count is even. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile: the ceil(p/100 × n)-th smallest value, always an observed value. */
export function percentileNearestRank(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

function distribution(values: readonly number[]): Distribution {
  return { count: values.length, median: median(values), p90: percentileNearestRank(values, 90) };
}

function zeroCounts(): StatusCounts {
  return Object.fromEntries(REFERRAL_STATUSES.map((s) => [s, 0])) as StatusCounts;
}

/** Counts: referrals by direction and current status. */
export function countsByDirectionAndStatus(referrals: readonly ReferralForIndicators[]): Record<ReferralDirection, StatusCounts> {
  const counts = { up: zeroCounts(), down: zeroCounts() };
  for (const r of referrals) counts[r.direction][r.status] += 1;
  return counts;
}

/** Acceptance rate: accepted-ever / responded (accepted-ever + rejected). */
export function acceptanceRate(referrals: readonly ReferralForIndicators[]): Ratio {
  const accepted = referrals.filter(acceptedEver).length;
  const rejected = referrals.filter((r) => r.status === 'rejected').length;
  return ratio(accepted, accepted + rejected);
}

export interface RejectionRate extends Ratio {
  /** Per referral reason code: rejected carrying the code / responded carrying the code. */
  byReason: Record<string, Ratio>;
}

/** Rejection rate: rejected / responded (accepted-ever + rejected), with the same split per reason code. */
export function rejectionRate(referrals: readonly ReferralForIndicators[]): RejectionRate {
  const responded = referrals.filter((r) => r.status === 'rejected' || acceptedEver(r));
  const rejected = responded.filter((r) => r.status === 'rejected');
  const codes = [...new Set(responded.flatMap((r) => r.reasons))].sort();
  const byReason: Record<string, Ratio> = {};
  for (const code of codes) {
    const withCode = (r: ReferralForIndicators) => r.reasons.includes(code);
    byReason[code] = ratio(rejected.filter(withCode).length, responded.filter(withCode).length);
  }
  return { ...ratio(rejected.length, responded.length), byReason };
}

/** Hours to acceptance: creation to first acceptance, elapsed hours; median and nearest-rank p90. */
export function hoursToAcceptance(referrals: readonly ReferralForIndicators[]): Distribution {
  const hours = referrals.flatMap((r) => {
    const at = reachedAt(r, 'accepted');
    return at === null ? [] : [hoursBetween(r.createdAt, at)];
  });
  return distribution(hours);
}

/** 有效转诊率: reached in-progress or completed / (all created in the period − cancelled). */
export function completionRate(referrals: readonly ReferralForIndicators[]): Ratio {
  const effective = referrals.filter((r) => reached(r, 'in-progress') || reached(r, 'completed')).length;
  const notCancelled = referrals.filter((r) => r.status !== 'cancelled').length;
  return ratio(effective, notCancelled);
}

/** Days to completion: Shanghai calendar days from creation to completion; the median. */
export function daysToCompletion(referrals: readonly ReferralForIndicators[]): { count: number; median: number | null } {
  const days = referrals.flatMap((r) => {
    const at = reachedAt(r, 'completed');
    return at === null ? [] : [calendarDaysBetween(r.createdAt, at)];
  });
  return { count: days.length, median: median(days) };
}

/** Loop closure: completed with a non-blank outcome / accepted-ever. */
export function loopClosureRate(referrals: readonly ReferralForIndicators[]): Ratio {
  const closed = referrals.filter((r) => r.status === 'completed' && (r.outcome ?? '').trim() !== '').length;
  return ratio(closed, referrals.filter(acceptedEver).length);
}

/**
 * Down seen within 7 days: accepted down referrals started (in-progress) by acceptance date + 7
 * Shanghai calendar days / accepted down referrals. With `asOf`, one still 'accepted' and inside
 * its window is left out of both, as it can still go either way.
 */
export function downSeenWithin7Days(referrals: readonly ReferralForIndicators[], options: { asOf?: string; days?: number } = {}): Ratio {
  const days = options.days ?? DEFAULT_DOWN_START_DAYS;
  let seen = 0;
  let accepted = 0;
  for (const r of referrals) {
    if (r.direction !== 'down') continue;
    const acceptedAt = reachedAt(r, 'accepted');
    if (acceptedAt === null) continue;
    const startedAt = reachedAt(r, 'in-progress');
    const onTime = startedAt !== null && calendarDaysBetween(acceptedAt, startedAt) <= days;
    const stillOpen = options.asOf !== undefined && r.status === 'accepted' && calendarDaysBetween(acceptedAt, options.asOf) <= days;
    if (stillOpen) continue;
    accepted += 1;
    if (onTime) seen += 1;
  }
  return ratio(seen, accepted);
}

export interface ResponseTimeliness {
  /** The limit applied, in hours after creation. */
  limitHours: number;
  /** Accepted or rejected by the limit / those answered plus those unanswered past it. */
  withinLimit: Ratio;
  /** Creation to the first accept or reject, in hours. */
  hoursToResponse: Distribution;
}

/** The first accept or reject: the stored instant, else the history's. */
function respondedAt(referral: ReferralForIndicators): string | null {
  if (referral.respondedAt) return referral.respondedAt;
  const times = [reachedAt(referral, 'accepted'), reachedAt(referral, 'rejected')].filter((t): t is string => t !== null);
  return times.sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? null;
}

/**
 * Answered within the receiving side's limit, for each urgency apart (emergency 2 h, urgent 24 h,
 * routine 72 h by default). One answered by its deadline is on time, later is late. One never
 * answered is late once its deadline has passed while it waited: still requested at `asOf` (or
 * with no `asOf`), or cancelled after the deadline. One still inside its limit, or cancelled
 * before it, is left out of both; so is one accepted with no time of acceptance kept.
 */
export function responseTimeliness(referrals: readonly ReferralForIndicators[], options: { asOf?: string; limits?: ResponseLimits } = {}): Record<ReferralUrgency, ResponseTimeliness> {
  const limits = options.limits ?? DEFAULT_RESPONSE_LIMITS;
  const out = {} as Record<ReferralUrgency, ResponseTimeliness>;
  for (const urgency of REFERRAL_URGENCIES) {
    let onTime = 0;
    let counted = 0;
    const hours: number[] = [];
    for (const r of referrals) {
      if (r.urgency !== urgency) continue;
      const deadline = Date.parse(responseDeadline(r, limits));
      const answered = respondedAt(r);
      if (answered !== null) {
        hours.push(hoursBetween(r.createdAt, answered));
        counted += 1;
        if (Date.parse(answered) <= deadline) onTime += 1;
        continue;
      }
      // Never answered: late if its deadline passed while it waited; otherwise left out.
      const cancelledAt = r.status === 'cancelled' ? reachedAt(r, 'cancelled') : null;
      const late = r.status === 'requested' ? options.asOf === undefined || Date.parse(options.asOf) > deadline : cancelledAt !== null && Date.parse(cancelledAt) > deadline;
      if (late) counted += 1;
    }
    out[urgency] = { limitHours: responseHours(urgency, limits), withinLimit: ratio(onTime, counted), hoursToResponse: distribution(hours) };
  }
  return out;
}

export interface ReferralIndicators {
  version: string;
  counts: Record<ReferralDirection, StatusCounts>;
  acceptance: Ratio;
  rejection: RejectionRate;
  hoursToAcceptance: Distribution;
  completion: Ratio;
  daysToCompletion: { count: number; median: number | null };
  loopClosure: Ratio;
  downSeenWithin7Days: Ratio;
  responseTimeliness: Record<ReferralUrgency, ResponseTimeliness>;
}

/** All referral indicators at once, stamped with the definitions' version. */
export function referralIndicators(referrals: readonly ReferralForIndicators[], options: { asOf?: string; limits?: ResponseLimits } = {}): ReferralIndicators {
  return {
    version: REFERRAL_INDICATORS_VERSION,
    counts: countsByDirectionAndStatus(referrals),
    acceptance: acceptanceRate(referrals),
    rejection: rejectionRate(referrals),
    hoursToAcceptance: hoursToAcceptance(referrals),
    completion: completionRate(referrals),
    daysToCompletion: daysToCompletion(referrals),
    loopClosure: loopClosureRate(referrals),
    downSeenWithin7Days: downSeenWithin7Days(referrals, options),
    responseTimeliness: responseTimeliness(referrals, options),
  };
}
