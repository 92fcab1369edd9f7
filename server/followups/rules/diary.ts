// The parents' daily diary (docs/clinical-rules.md): which dates may be logged, alerts, reminders, diary-derived GINA.
import { addDays, daysBetween, isIsoDate, type IsoDate } from '../../calendar';
import { RuleViolation } from '../../rule-violation';
import { ginaAgeBand, type GinaAgeBand, type GinaAnswers } from './gina';
import type { PefZone } from './pef';
import { diaryDayZone } from './symptom-zone';
import type { ExacerbationKind } from './schedule';

export interface DiaryEntry {
  date: IsoDate;
  daytimeSymptoms: 'none' | 'mild' | 'moderate' | 'severe';
  symptomsOverFewMinutes?: boolean | null;
  nightWaking: boolean;
  nightCough: boolean;
  activityLimited: boolean;
  /** Reliever uses that day, not counting before exercise. */
  relieverUses: number;
  pefAm?: number | null;
  pefPm?: number | null;
  unscheduledCare?: 'none' | 'clinic' | 'ed' | 'admitted' | null;
  ocsStarted?: boolean | null;
  dangerSigns?: readonly string[] | null;
}

/** Urgent kinds double as the R4 event kinds, so the service can hand them to nextDue unchanged. */
export type DiaryAlert = { kind: ExacerbationKind; level: 'urgent' } | { kind: 'yellow_zone_two_days' | 'reliever_frequent'; level: 'nurse' };

export const DIARY_MAX_DAYS_BACK = 3;
export const REMINDER_AFTER_DAYS = 3;
export const RELIEVER_WINDOW_DAYS = 7;
export const RELIEVER_ALERT_ABOVE_DAYS = 2;
export const GINA_WINDOW_DAYS = 28;
export const GINA_MIN_DAYS_LOGGED = 21;

/** A diary date may be today or up to 3 days back; never in the future. */
export function checkDiaryDate(date: string, today: IsoDate): void {
  if (!isIsoDate(date)) {
    throw new RuleViolation('validation_failed', [{ path: 'date', message: 'date must be YYYY-MM-DD' }]);
  }
  const back = daysBetween(date, today);
  if (back < 0 || back > DIARY_MAX_DAYS_BACK) {
    const message = back < 0 ? 'a diary date cannot be in the future' : `a diary entry may be at most ${DIARY_MAX_DAYS_BACK} days back`;
    throw new RuleViolation('diary_date_out_of_range', [{ path: 'date', message }]);
  }
}

/**
 * Alerts raised by a new (or replacing) entry, given the child's other recent entries and PEF reference.
 * Nurse alerts fire only when this entry itself is yellow or used the reliever, so an unchanged run is not re-alerted.
 */
export function diaryAlerts(entry: DiaryEntry, recent: readonly DiaryEntry[], pefReference: number | null): DiaryAlert[] {
  const alerts: DiaryAlert[] = [];
  // The day's zone is the worse of PEF and symptoms, so a child without a meter can raise it too.
  const zone = diaryDayZone(entry, pefReference).zone;
  if (zone === 'red') alerts.push({ kind: 'red_zone', level: 'urgent' });
  if (entry.unscheduledCare === 'ed') alerts.push({ kind: 'ed_visit', level: 'urgent' });
  if (entry.unscheduledCare === 'admitted') alerts.push({ kind: 'admission', level: 'urgent' });
  if (entry.ocsStarted) alerts.push({ kind: 'ocs_started', level: 'urgent' });

  const byDate = latestPerDate([...recent, entry]); // the entry replaces any earlier one for its date
  // Either neighbour counts, because an entry may be back-filled before a day already logged.
  const neighbourZone = (offset: number): PefZone | null => {
    const day = byDate.get(addDays(entry.date, offset));
    return day ? diaryDayZone(day, pefReference).zone : null;
  };
  const notGreen = (z: PefZone | null) => z === 'yellow' || z === 'red';
  if (zone === 'yellow' && (notGreen(neighbourZone(-1)) || notGreen(neighbourZone(1)))) {
    alerts.push({ kind: 'yellow_zone_two_days', level: 'nurse' });
  }
  if (entry.relieverUses > 0 && relieverBusiestWeek(byDate, entry.date) > RELIEVER_ALERT_ABOVE_DAYS) {
    alerts.push({ kind: 'reliever_frequent', level: 'nurse' });
  }
  return alerts;
}

/** Most reliever days in any 7-day window that contains `date`. */
function relieverBusiestWeek(byDate: ReadonlyMap<IsoDate, DiaryEntry>, date: IsoDate): number {
  // Each day of the 13 around the date looked up once (a diary write runs this: 49 date sums before).
  const span = 2 * RELIEVER_WINDOW_DAYS - 1;
  const used: boolean[] = [];
  for (let i = 0; i < span; i++) used.push((byDate.get(addDays(date, i - (RELIEVER_WINDOW_DAYS - 1)))?.relieverUses ?? 0) > 0);
  let most = 0;
  // The windows [start, start + 6] for start = 0..6 (index 6 is the date itself).
  for (let start = 0; start < RELIEVER_WINDOW_DAYS; start++) {
    let days = 0;
    for (let k = start; k < start + RELIEVER_WINDOW_DAYS; k++) if (used[k]) days++;
    most = Math.max(most, days);
  }
  return most;
}

/** Remind the parent after 3 days without an entry; pass the enrolment date when nothing was ever logged. */
export function diaryReminderDue(lastEntryDate: IsoDate, today: IsoDate): boolean {
  return daysBetween(lastEntryDate, today) >= REMINDER_AFTER_DAYS;
}

export interface DiaryGina {
  answers: GinaAnswers;
  ageBand: GinaAgeBand;
  daysLogged: number;
}

/**
 * GINA answers from the last 28 days (ending today) when at least 21 are logged; per-week rates are averaged
 * over the logged days.
 */
export function ginaFromDiary(entries: readonly DiaryEntry[], ageYears: number, today: IsoDate): DiaryGina | null {
  const from = addDays(today, 1 - GINA_WINDOW_DAYS);
  const days = [...latestPerDate(entries.filter((e) => e.date >= from && e.date <= today)).values()];
  if (days.length < GINA_MIN_DAYS_LOGGED) return null;
  const moreThanPerWeek = (timesPerWeek: number, on: (d: DiaryEntry) => boolean) => days.filter(on).length * 7 > timesPerWeek * days.length;
  const any = (on: (d: DiaryEntry) => boolean) => days.some(on);
  const reliever = (d: DiaryEntry) => d.relieverUses > 0;
  const ageBand = ginaAgeBand(ageYears);
  // 6+: Q1 symptom days >2/wk, Q2 any night waking, Q3 reliever days >2/wk, Q4 any activity limitation.
  // <=5: Q1 days with symptoms over a few minutes (any symptom if not asked) >1/wk, Q2 any activity limitation,
  //      Q3 reliever days >1/wk, Q4 any night waking or night cough.
  const answers: GinaAnswers =
    ageBand === '6_and_over'
      ? {
          q1: moreThanPerWeek(2, (d) => d.daytimeSymptoms !== 'none'),
          q2: any((d) => d.nightWaking),
          q3: moreThanPerWeek(2, reliever),
          q4: any((d) => d.activityLimited),
        }
      : {
          q1: moreThanPerWeek(1, (d) => d.symptomsOverFewMinutes ?? d.daytimeSymptoms !== 'none'),
          q2: any((d) => d.activityLimited),
          q3: moreThanPerWeek(1, reliever),
          q4: any((d) => d.nightWaking || d.nightCough),
        };
  return { answers, ageBand, daysLogged: days.length };
}

function latestPerDate(entries: readonly DiaryEntry[]): Map<IsoDate, DiaryEntry> {
  return new Map(entries.map((e) => [e.date, e]));
}
