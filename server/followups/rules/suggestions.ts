// Treatment and referral suggestions for the clinician (docs/clinical-rules.md, U5/U6 of docs/referrals.md): never prescriptions.
import { addMonths, daysBetween, type IsoDate } from '../../calendar';
import { hasExacerbation, isExacerbation, oldestFirst, type ExacerbationCounts, type FollowUpRecord, type PromptReviewEvent } from './schedule';

export interface AssessedFollowUp extends FollowUpRecord {
  inhalerTechniqueOk?: boolean | null;
  adherenceOk?: boolean | null;
}

export type ReferralCriterion = 'U5' | 'U6';

export interface ReferralSuggestion {
  suggested: boolean;
  criteria: ReferralCriterion[];
}

export const STEP_DOWN_MIN_WELL_DAYS = 90;
export const U5_MIN_GAP_DAYS = 28;

/** Uncontrolled at the latest follow-up, or partly controlled at the latest two: control is not good enough. */
export function controlCallsForMore(followUps: readonly Pick<FollowUpRecord, 'date' | 'ginaLevel'>[]): boolean {
  const sorted = oldestFirst(followUps);
  const latest = sorted.at(-1);
  const previous = sorted.at(-2);
  if (!latest) return false;
  return latest.ginaLevel === 'uncontrolled' || (latest.ginaLevel === 'partly' && previous?.ginaLevel === 'partly');
}

export type StepUpPrompt = 'stepUpSuggested' | 'checkTechniqueFirst' | null;

/**
 * Safety rules v2 (8.9): "consider stepping up" only when the latest follow-up checked inhaler
 * technique and adherence and found both fine; otherwise the prompt is to correct those first.
 */
export function stepUpPrompt(followUps: readonly AssessedFollowUp[]): StepUpPrompt {
  if (!controlCallsForMore(followUps)) return null;
  const latest = oldestFirst(followUps).at(-1)!;
  return latest.inhalerTechniqueOk === true && latest.adherenceOk === true ? 'stepUpSuggested' : 'checkTechniqueFirst';
}

/** GINA treatment steps by age: 1-5 from 6 years, 1-4 at 5 and under. */
export const maxGinaStep = (ageYears: number): number => (ageYears <= 5 ? 4 : 5);

/** Well at every follow-up of a run spanning >= 90 days up to the latest, with no exacerbation since the run began. */
export function stepDownEligible(followUps: readonly FollowUpRecord[], events: readonly PromptReviewEvent[]): boolean {
  const sorted = oldestFirst(followUps);
  let start = sorted.length;
  while (start > 0 && sorted[start - 1]?.ginaLevel === 'well') start--;
  const run = sorted.slice(start);
  const first = run[0];
  const latest = run.at(-1);
  if (!first || !latest || daysBetween(first.date, latest.date) < STEP_DOWN_MIN_WELL_DAYS) return false;
  // The first follow-up's counts cover the time before the run, so they do not count against it.
  if (run.slice(1).some((f) => hasExacerbation(f.exacerbations))) return false;
  return !events.some((e) => isExacerbation(e.kind) && e.date >= first.date);
}

/** What the family reported at enrolment (safety rules v2, 8.8): the 12 months before `recordedOn`. */
export interface RiskHistory {
  ocsCourses12m: number;
  edVisits12m: number;
  admissions12m: number;
  everIcuOrIntubated: boolean;
  recordedOn: IsoDate;
}

/**
 * Severe exacerbations dated in the 12 months up to today. The same course or visit is often both in the
 * diary and at the next follow-up, so each kind takes the larger of the two sources rather than their sum.
 * The risk history taken at enrolment covers the year before it, which follow-ups and diary do not: it
 * is added, and counts until 12 months after it was recorded (its events are at most that recent; the
 * safer reading keeps them a little longer rather than drop them early).
 */
export function exacerbationsInLast12Months(followUps: readonly FollowUpRecord[], events: readonly PromptReviewEvent[], today: IsoDate, history?: RiskHistory | null): ExacerbationCounts {
  const from = addMonths(today, -12);
  const within = (date: IsoDate) => date > from && date <= today;
  const recorded = followUps.filter((f) => within(f.date));
  const reported = events.filter((e) => within(e.date));
  const count = (kind: keyof ExacerbationCounts, eventKind: PromptReviewEvent['kind']) =>
    Math.max(
      recorded.reduce((sum, f) => sum + f.exacerbations[kind], 0),
      reported.filter((e) => e.kind === eventKind).length,
    );
  const before = history && within(history.recordedOn) ? history : null;
  return {
    ocsCourses: count('ocsCourses', 'ocs_started') + (before?.ocsCourses12m ?? 0),
    edVisits: count('edVisits', 'ed_visit') + (before?.edVisits12m ?? 0),
    admissions: count('admissions', 'admission') + (before?.admissions12m ?? 0),
  };
}

export interface ReferralFacts {
  followUps: readonly AssessedFollowUp[];
  events: readonly PromptReviewEvent[];
  today: IsoDate;
  riskHistory?: RiskHistory | null;
}

/**
 * U5: uncontrolled at the latest two follow-ups >= 4 weeks apart, technique and adherence checked OK at the latest.
 * U6: >= 2 oral steroid courses or any admission in 12 months, or ever in intensive care.
 */
export function referralSuggested(facts: ReferralFacts): ReferralSuggestion {
  const criteria: ReferralCriterion[] = [];
  const sorted = oldestFirst(facts.followUps);
  const latest = sorted.at(-1);
  const previous = sorted.at(-2);
  if (previous && latest && previous.ginaLevel === 'uncontrolled' && latest.ginaLevel === 'uncontrolled' && daysBetween(previous.date, latest.date) >= U5_MIN_GAP_DAYS && latest.inhalerTechniqueOk === true && latest.adherenceOk === true) {
    criteria.push('U5');
  }
  const recent = exacerbationsInLast12Months(facts.followUps, facts.events, facts.today, facts.riskHistory);
  if (recent.ocsCourses >= 2 || recent.admissions > 0 || facts.riskHistory?.everIcuOrIntubated === true) criteria.push('U6');
  return { suggested: criteria.length > 0, criteria };
}
