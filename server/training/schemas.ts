// Request bodies of the clinician-training and coverage API; the pages validate their forms with
// the same schemas. Messages are catalogue keys (web/i18n/training.ts).
import { z } from 'zod';
import { id, isoDate } from '../http/schemas';
import { text } from '../text';
import { MAX_PREVALENCE_PERCENT } from './rules/coverage';
import { DEFAULT_VALID_MONTHS } from './rules/readiness';

export const COURSE_TOPICS = ['gina_assessment', 'inhaler_technique', 'spirometry_pef', 'action_plans', 'referral_criteria'] as const;
export const COURSE_FORMATS = ['lecture', 'workshop', 'placement'] as const;
/** What a trainer may tick as observed in a competency check. */
export const CHECKLIST_ITEMS = ['gina_assessment_done', 'inhaler_teaching_observed', 'spacer_teaching_observed', 'pef_measured', 'action_plan_written', 'referral_criteria_stated'] as const;

export const courseBody = z.object({
  title: text({ max: 100 }),
  topic: z.enum(COURSE_TOPICS),
  hours: z.number().positive('v.training.hours').max(500, 'v.training.hours'),
  format: z.enum(COURSE_FORMATS),
  validMonths: z.number().int().min(1, 'v.training.validMonths').max(120, 'v.training.validMonths').default(DEFAULT_VALID_MONTHS),
});
export type CourseBody = z.infer<typeof courseBody>;

export const sessionBody = z.object({
  date: isoDate,
  place: text({ max: 100 }),
  /** A clinician account (usually the hospital's) who runs it and records its outcomes. */
  trainerId: id,
});
export type SessionBody = z.infer<typeof sessionBody>;

export const enrolBody = z.object({
  sessionId: id,
  /** Omitted by a clinician enrolling themself. */
  clinicianId: id.optional(),
});
export type EnrolBody = z.infer<typeof enrolBody>;

export const attendanceBody = z.object({ sessionId: id, clinicianId: id, attended: z.boolean('v.answerQuestion') });
export type AttendanceBody = z.infer<typeof attendanceBody>;

export const competencyBody = z.object({
  sessionId: id,
  clinicianId: id,
  result: z.enum(['pass', 'fail']),
  checklist: z.array(z.enum(CHECKLIST_ITEMS)).min(1, 'v.training.checklist').max(CHECKLIST_ITEMS.length),
  /** The day of the check; the session's day when omitted. */
  date: isoDate.optional(),
});
export type CompetencyBody = z.infer<typeof competencyBody>;

export const populationBody = z.object({
  year: z.number().int().min(2000, 'v.training.year').max(2100, 'v.training.year'),
  population: z.number().int('v.training.population').positive('v.training.population').max(10_000_000, 'v.training.population'),
  source: text({ max: 200 }),
});
export type PopulationBody = z.infer<typeof populationBody>;

export const prevalenceBody = z.object({
  percent: z.number().gt(0, 'v.training.prevalence').max(MAX_PREVALENCE_PERCENT, 'v.training.prevalence'),
  source: text({ max: 300 }),
});
export type PrevalenceBody = z.infer<typeof prevalenceBody>;

export const coverageQuery = z.object({ months: z.coerce.number().int().min(1).max(36).default(12) });
