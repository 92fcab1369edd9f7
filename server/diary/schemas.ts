import { z } from 'zod';
import { freeText, isoDate, label } from '../http/schemas';
import { DANGER_SIGNS } from '../followups/rules/symptom-zone';

const pef = z.number().int().min(30, 'v.pef').max(900, 'v.pef');

export const TRIGGERS = ['cold', 'exercise', 'allergen', 'smoke', 'weather', 'pollution', 'other'] as const;

export const diaryEntrySchema = z.object({
  daytimeSymptoms: z.enum(['none', 'mild', 'moderate', 'severe']),
  symptomsOverFewMinutes: z.boolean().optional(),
  nightWaking: z.boolean(),
  nightCough: z.boolean(),
  activityLimited: z.boolean(),
  relieverUses: z.number().int().min(0).max(50),
  controllerTakenAm: z.boolean().optional(),
  controllerTakenPm: z.boolean().optional(),
  pefAm: pef.optional(),
  pefPm: pef.optional(),
  triggers: z.array(z.enum(TRIGGERS)).max(7).optional(),
  schoolAbsence: z.boolean().optional(),
  unscheduledCare: z.enum(['none', 'clinic', 'ed', 'admitted']).optional(),
  ocsStarted: z.boolean().optional(),
  /** Any one makes the day red and the answer carries the emergency text (safety rules v2). */
  dangerSigns: z.array(z.enum(DANGER_SIGNS, 'v.dangerSign')).max(DANGER_SIGNS.length).optional(),
  note: freeText(1000).optional(),
  clientId: label(64).optional(),
});
export type DiaryEntryInput = z.infer<typeof diaryEntrySchema>;

export const diaryParams = z.object({ id: z.uuid(), date: isoDate });
export const diaryRangeQuery = z.object({ from: isoDate.optional(), to: isoDate.optional() });
