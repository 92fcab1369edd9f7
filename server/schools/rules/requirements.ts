// How many kits and trained staff a school needs, and when an MDI or a training still counts.
import { addDays, compareDates, daysBetween, isIsoDate, lastDayOfMonth, type IsoDate } from '../../calendar';

/** Victoria: at least 2 kits, one more per 300 pupils; each extra campus needs its own kit. */
export function kitsRequired(pupils: number, campuses = 1): number {
  return Math.max(2, 1 + Math.ceil(pupils / 300)) + (campuses - 1);
}

/** ATS/NASN stock-inhaler statement: at least 2 trained staff, 1 per 225 pupils. */
export function trainedRequired(pupils: number): number {
  return Math.max(2, Math.ceil(pupils / 225));
}

/** Fewer puffs than a repeat dose course needs: replace soon (40), or barely one course left (20). */
export const LOW_PUFFS = 40;
export const CRITICAL_PUFFS = 20;

const MONTH_ONLY = /^\d{4}-(0[1-9]|1[0-2])$/;

/** True for an expiry as printed on the label: a month ("2026-08") or a full date. */
export function isMdiExpiry(expiry: string): boolean {
  return MONTH_ONLY.test(expiry) || isIsoDate(expiry);
}

/** A month-only expiry ("2026-08") means the last day of that month, as labels intend. */
export function mdiExpiryDate(expiry: string): IsoDate {
  if (MONTH_ONLY.test(expiry)) return lastDayOfMonth(expiry);
  if (isIsoDate(expiry)) return expiry;
  throw new RangeError(`not an MDI expiry: ${expiry}`);
}

/** An MDI whose expiry is on or before the date no longer counts as in date. */
export function isMdiExpired(expiry: string, onDate: IsoDate): boolean {
  return compareDates(mdiExpiryDate(expiry), onDate) <= 0;
}

/** Days from `onDate` until the MDI expires (0 or less when expired). */
export function daysToExpiry(expiry: string, onDate: IsoDate): number {
  return daysBetween(onDate, mdiExpiryDate(expiry));
}

/** Replacements must be ordered a week before expiry, but never due before the day we noticed. */
export function replacementDueDate(expiry: string, onDate: IsoDate): IsoDate {
  const due = addDays(mdiExpiryDate(expiry), -7);
  return compareDates(due, onDate) < 0 ? onDate : due;
}

export const TRAINING_VALID_DAYS = 365;

export interface StaffTraining {
  name: string;
  date: IsoDate;
  pass: boolean;
}

/** A competency pass counts for 365 days (day 365 still valid, day 366 not); a future date never counts. */
export function isTrainingValid(training: StaffTraining, assessmentDate: IsoDate): boolean {
  if (!training.pass) return false;
  const age = daysBetween(training.date, assessmentDate);
  return age >= 0 && age <= TRAINING_VALID_DAYS;
}

/** People, not certificates: one person trained twice counts once. */
export function validlyTrainedCount(trainings: readonly StaffTraining[], assessmentDate: IsoDate): number {
  const names = trainings.filter((t) => isTrainingValid(t, assessmentDate)).map((t) => t.name.trim().toLowerCase());
  return new Set(names).size;
}
