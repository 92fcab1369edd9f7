// Next-due scheduling R1-R5 (docs/clinical-rules.md). Intervals are constants so a clinical review changes one place.
import { addDays, addMonths, compareDates, daysBetween, type IsoDate } from '../../calendar';
import type { GinaLevel } from './gina';
import { addWorkingDays, NO_CALENDAR, type WorkingCalendar } from './working-days';

export type ChildStatus = 'active' | 'withdrawn' | 'transferred';

export interface ExacerbationCounts {
  ocsCourses: number;
  edVisits: number;
  admissions: number;
}

export interface FollowUpRecord {
  date: IsoDate;
  ginaLevel: GinaLevel;
  treatmentChanged: boolean;
  /** Exacerbations since the previous follow-up, as recorded at this one. */
  exacerbations: ExacerbationCounts;
}

/** Exacerbations reported between follow-ups (diary, ED/admission notices). */
export type ExacerbationKind = 'red_zone' | 'ed_visit' | 'admission' | 'ocs_started';
/** Everything that brings a review forward (R4); a downward referral's acceptance or a discharge is no exacerbation. */
export type PromptReviewKind = ExacerbationKind | 'downward_referral_accepted' | 'discharged';

export interface PromptReviewEvent {
  date: IsoDate;
  kind: PromptReviewKind;
}

export interface ScheduleInput {
  status: ChildStatus;
  enrolmentDate: IsoDate;
  followUps: readonly FollowUpRecord[];
  events: readonly PromptReviewEvent[];
  today: IsoDate;
  /** Public holidays and make-up working days, for the 2-working-day review (none: Monday-Friday). */
  calendar?: WorkingCalendar;
}

export type DueReason =
  | { reason: 'R1'; detail: { kind: 'enrolment' | 'treatment_changed'; on: IsoDate } }
  | { reason: 'R2'; detail: { kind: GinaLevel; on: IsoDate } }
  | { reason: 'R3'; detail: { kind: 'well_sustained'; on: IsoDate; since: IsoDate } }
  | { reason: 'R4'; detail: { kind: PromptReviewKind; on: IsoDate } };

export type NextDue = DueReason & { date: IsoDate; overdue: boolean; graceDays: number };

export const AFTER_START_OR_CHANGE_DAYS = 28;
export const INTERVAL_DAYS_BY_LEVEL: Record<GinaLevel, number> = { uncontrolled: 14, partly: 28, well: 84 };
export const SUSTAINED_WELL_MIN_GAP_DAYS = 84;
export const SUSTAINED_WELL_INTERVAL_DAYS = 168;
export const PROMPT_REVIEW_DAYS = 7;
export const ROUTINE_GRACE_DAYS = 7;
export const EXACERBATION_GRACE_DAYS = 2;
/** Safety rules v2: an emergency visit, admission or discharge is reviewed within 2 working days, grace 0. */
export const HOSPITAL_REVIEW_WORKING_DAYS = 2;
export const HOSPITAL_GRACE_DAYS = 0;
const HOSPITAL_KINDS: readonly PromptReviewKind[] = ['ed_visit', 'admission', 'discharged'];
export const MAX_INTERVAL_MONTHS = 12;

const EXACERBATION_KINDS: readonly PromptReviewKind[] = ['red_zone', 'ed_visit', 'admission', 'ocs_started'];

export function isExacerbation(kind: PromptReviewKind): kind is ExacerbationKind {
  return EXACERBATION_KINDS.includes(kind);
}

export function hasExacerbation(counts: ExacerbationCounts): boolean {
  return counts.ocsCourses + counts.edVisits + counts.admissions > 0;
}

/** Follow-ups oldest first; same-date follow-ups keep their given order. */
export function oldestFirst<T extends { date: IsoDate }>(records: readonly T[]): T[] {
  return [...records].sort((a, b) => compareDates(a.date, b.date));
}

/** R5: overdue only once today is past the due date plus its grace. */
export function isOverdue(dueDate: IsoDate, graceDays: number, today: IsoDate): boolean {
  return compareDates(today, addDays(dueDate, graceDays)) > 0;
}

/** The next follow-up, why, and whether it is overdue; null for withdrawn or transferred children. */
export function nextDue(input: ScheduleInput): NextDue | null {
  if (input.status !== 'active') return null;
  const followUps = oldestFirst(input.followUps);
  const latest = followUps.at(-1);
  const anchor = latest?.date ?? input.enrolmentDate;

  let due: DueReason & { date: IsoDate } = routineDue(followUps, input.events, input.enrolmentDate);
  // Today's intervals stay under 6 months; the cap keeps the 12-month promise if a review lengthens them.
  const cap = addMonths(anchor, MAX_INTERVAL_MONTHS);
  if (compareDates(due.date, cap) > 0) due = { ...due, date: cap };

  // R4 counts only what happened after the latest review (with no review yet: from enrolment on).
  const pending = oldestFirst(input.events.filter((e) => (latest ? e.date > latest.date : e.date >= input.enrolmentDate)));
  let graceDays = pending.some((e) => isExacerbation(e.kind)) ? EXACERBATION_GRACE_DAYS : ROUTINE_GRACE_DAYS;
  // The earliest review any pending event asks for; on a tie the stricter grace.
  const prompts = pending.map((e) => promptReview(e, input.calendar ?? NO_CALENDAR));
  prompts.sort((a, b) => compareDates(a.date, b.date) || a.grace - b.grace);
  const first = prompts[0];
  // Replaces a later routine date; on a tie the exacerbation is the more useful reason to show.
  if (first && compareDates(first.date, due.date) <= 0) {
    due = { reason: 'R4', detail: { kind: first.event.kind, on: first.event.date }, date: first.date };
    graceDays = Math.min(graceDays, first.grace);
  }
  return { ...due, graceDays, overdue: isOverdue(due.date, graceDays, input.today) };
}

/** When one event wants the child seen: 2 working days after a hospital event, else 7 days. */
function promptReview(event: PromptReviewEvent, cal: WorkingCalendar): { event: PromptReviewEvent; date: IsoDate; grace: number } {
  if (HOSPITAL_KINDS.includes(event.kind)) {
    return { event, date: addWorkingDays(event.date, HOSPITAL_REVIEW_WORKING_DAYS, cal), grace: HOSPITAL_GRACE_DAYS };
  }
  return { event, date: addDays(event.date, PROMPT_REVIEW_DAYS), grace: isExacerbation(event.kind) ? EXACERBATION_GRACE_DAYS : ROUTINE_GRACE_DAYS };
}

function routineDue(followUps: readonly FollowUpRecord[], events: readonly PromptReviewEvent[], enrolmentDate: IsoDate): DueReason & { date: IsoDate } {
  const latest = followUps.at(-1);
  const previous = followUps.at(-2);
  if (!latest) {
    const date = addDays(enrolmentDate, AFTER_START_OR_CHANGE_DAYS);
    return { reason: 'R1', detail: { kind: 'enrolment', on: enrolmentDate }, date };
  }
  const on = latest.date;
  if (latest.treatmentChanged) {
    return { reason: 'R1', detail: { kind: 'treatment_changed', on }, date: addDays(on, AFTER_START_OR_CHANGE_DAYS) };
  }
  if (previous && isSustainedWell(previous, latest, events)) {
    return {
      reason: 'R3',
      detail: { kind: 'well_sustained', on, since: previous.date },
      date: addDays(on, SUSTAINED_WELL_INTERVAL_DAYS),
    };
  }
  const date = addDays(on, INTERVAL_DAYS_BY_LEVEL[latest.ginaLevel]);
  return { reason: 'R2', detail: { kind: latest.ginaLevel, on }, date };
}

/** R3: well at both, >= 12 weeks apart, neither changed treatment, no exacerbation from the first to the second. */
function isSustainedWell(previous: FollowUpRecord, latest: FollowUpRecord, events: readonly PromptReviewEvent[]): boolean {
  return (
    previous.ginaLevel === 'well' &&
    latest.ginaLevel === 'well' &&
    !previous.treatmentChanged &&
    !latest.treatmentChanged &&
    daysBetween(previous.date, latest.date) >= SUSTAINED_WELL_MIN_GAP_DAYS &&
    !hasExacerbation(latest.exacerbations) &&
    !events.some((e) => isExacerbation(e.kind) && e.date >= previous.date && e.date <= latest.date)
  );
}
