// Referral figures (v2): by urgency, open referrals apart, did-not-attend on its own. Pure.
import { responseTimeliness, type ReferralForIndicators } from '../../referrals/rules/indicators';
import { REFERRAL_URGENCIES, type ReferralUrgency, type ResponseLimits } from '../../referrals/rules/timeliness';
import type { ReferralStatus } from '../../referrals/rules/state-machine';
import { count, percent, type Figure } from './model';

const ENDED: readonly ReferralStatus[] = ['completed', 'rejected', 'cancelled', 'failed'];

/** The referral's status at `endMs` from its moves (the stored status when no move is kept). */
export function statusAt(r: ReferralForIndicators, endMs: number): ReferralStatus {
  if (r.history.length === 0) return r.status;
  let status: ReferralStatus = 'requested';
  let at = -Infinity;
  for (const m of r.history) {
    const t = Date.parse(m.at);
    if (t <= endMs && t >= at) {
      status = m.to;
      at = t;
    }
  }
  return status;
}

const reachedBy = (r: ReferralForIndicators, statuses: readonly ReferralStatus[], endMs: number) => statuses.includes(statusAt(r, endMs)) || r.history.some((m) => statuses.includes(m.to) && Date.parse(m.at) <= endMs);

export interface ReferralFigures {
  answeredInLimit: Record<ReferralUrgency, Figure>;
  completion: Figure;
  loopClosure: Figure;
  didNotAttend: Figure;
  openAtEnd: Figure;
}

/**
 * Over the referrals created in the period, each as it stood at `endMs` (the period's end, or now
 * if sooner). Answered within the limit, per urgency: answered (accepted or rejected) by the limit
 * / answered plus unanswered past it (one still inside its limit, or cancelled before it, is left
 * out). Completion: completed / ended (completed, rejected, cancelled, failed); open ones are
 * left out and counted apart. Loop closure: completed with an outcome / accepted and ended.
 * Did not attend: failed / accepted whose attendance is known (started, completed or failed).
 */
export function referralFigures(referrals: readonly ReferralForIndicators[], endMs: number, asOf: string, limits: ResponseLimits): ReferralFigures {
  const timeliness = responseTimeliness(referrals, { asOf, limits });
  const answeredInLimit = {} as Record<ReferralUrgency, Figure>;
  for (const u of REFERRAL_URGENCIES) {
    const w = timeliness[u].withinLimit;
    answeredInLimit[u] = percent(w.numerator, w.denominator, w.denominator);
  }
  const ended = referrals.filter((r) => ENDED.includes(statusAt(r, endMs)));
  const completed = ended.filter((r) => statusAt(r, endMs) === 'completed');
  const acceptedEnded = ended.filter((r) => reachedBy(r, ['accepted', 'in-progress', 'completed', 'failed'], endMs));
  const closed = completed.filter((r) => (r.outcome ?? '').trim() !== '');
  const attendanceKnown = referrals.filter((r) => reachedBy(r, ['in-progress', 'completed', 'failed'], endMs));
  const failed = attendanceKnown.filter((r) => statusAt(r, endMs) === 'failed');
  return {
    answeredInLimit,
    completion: percent(completed.length, ended.length, ended.length),
    loopClosure: percent(closed.length, acceptedEnded.length, acceptedEnded.length),
    didNotAttend: percent(failed.length, attendanceKnown.length, attendanceKnown.length),
    openAtEnd: count(referrals.length - ended.length),
  };
}
