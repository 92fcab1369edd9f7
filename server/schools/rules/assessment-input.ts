// What the nurse observed at an assessment (docs/school-rubric.md "Assessment input"), and its zod schema.
import { z } from 'zod';
import { compareDates, isIsoDate, type IsoDate } from '../../calendar';
import { text } from '../../text';
import { isMdiExpiry, type StaffTraining } from './requirements';

export interface KitDocuments {
  instructionCard: boolean;
  leaflet: boolean;
  checkCard: boolean;
  adminRecord: boolean;
  replacementNote: boolean;
}

export interface MdiObservation {
  batch: string;
  /** "2026-08" (means its last day) or "2026-08-15". */
  expiry: string;
  /** Puffs remaining. */
  remaining: number;
}

export interface KitObservation {
  label: string;
  spacers: number;
  unlocked: boolean;
  storageOk: boolean;
  docs: KitDocuments;
  mdis: MdiObservation[];
}

export interface AssessmentInput {
  date: IsoDate;
  /** Pupils enrolled. */
  enrolment: number;
  campuses: number;
  kits: KitObservation[];
  /** How many of two staff asked at random knew where the kit is. */
  staffKnewLocation: number;
  healthStaffOk: boolean;
  /** Share of all staff briefed in the last 12 months, 0-1. */
  staffBriefedPct: number;
  staffTraining: StaffTraining[];
  registerUpdatedThisTerm: boolean;
  registerAccessible: boolean;
  /** Pupils with asthma on the register. */
  registered: number;
  plansValid: number;
  consents: number;
  /** A written procedure, with the criteria for calling 120. */
  procedure: boolean;
  postersAllKitLocations: boolean;
  lastDrill: IsoDate | null;
  monthlyChecksLast3: number;
  /** Uses of a kit since the last assessment. */
  uses: number;
  usesLoggedComplete: number;
  usesParentNotified: number;
}

// Messages are i18n keys (web/i18n), so a page shows them in the user's language.
const calendarDate = z.string().refine(isIsoDate, { message: 'v.date' });
const count = z.number().int().min(0);

const mdiSchema = z.object({
  batch: text({ max: 60 }),
  expiry: z.string().refine(isMdiExpiry, { message: 'v.school.mdiExpiry' }),
  remaining: count,
});

const kitSchema = z.object({
  label: text({ max: 100 }),
  spacers: count,
  unlocked: z.boolean(),
  storageOk: z.boolean(),
  docs: z.object({
    instructionCard: z.boolean(),
    leaflet: z.boolean(),
    checkCard: z.boolean(),
    adminRecord: z.boolean(),
    replacementNote: z.boolean(),
  }),
  mdis: z.array(mdiSchema),
});

const trainingSchema = z.object({
  name: text({ max: 100 }),
  date: calendarDate,
  pass: z.boolean(),
});

// Parts of a whole cannot exceed the whole; dates observed cannot lie after the assessment.
type CountField = 'registered' | 'plansValid' | 'consents' | 'uses' | 'usesLoggedComplete' | 'usesParentNotified';
const notMoreThan: [part: CountField, whole: CountField][] = [
  ['plansValid', 'registered'],
  ['consents', 'registered'],
  ['usesLoggedComplete', 'uses'],
  ['usesParentNotified', 'uses'],
];

export const assessmentInputSchema = z
  .object({
    date: calendarDate,
    enrolment: count,
    campuses: z.number().int().min(1),
    kits: z.array(kitSchema),
    staffKnewLocation: z.number().int().min(0).max(2),
    healthStaffOk: z.boolean(),
    staffBriefedPct: z.number().min(0).max(1),
    staffTraining: z.array(trainingSchema),
    registerUpdatedThisTerm: z.boolean(),
    registerAccessible: z.boolean(),
    registered: count,
    plansValid: count,
    consents: count,
    procedure: z.boolean(),
    postersAllKitLocations: z.boolean(),
    lastDrill: calendarDate.nullable(),
    monthlyChecksLast3: z.number().int().min(0).max(3),
    uses: count,
    usesLoggedComplete: count,
    usesParentNotified: count,
  })
  .superRefine((input, ctx) => {
    for (const [part, whole] of notMoreThan) {
      if (input[part] > input[whole]) {
        ctx.addIssue({ code: 'custom', path: [part], message: 'v.school.notMoreThan' });
      }
    }
    if (!isIsoDate(input.date)) return;
    input.staffTraining.forEach((training, i) => {
      if (isIsoDate(training.date) && compareDates(training.date, input.date) > 0) {
        ctx.addIssue({ code: 'custom', path: ['staffTraining', i, 'date'], message: 'v.school.afterAssessment' });
      }
    });
    if (input.lastDrill !== null && isIsoDate(input.lastDrill) && compareDates(input.lastDrill, input.date) > 0) {
      ctx.addIssue({ code: 'custom', path: ['lastDrill'], message: 'v.school.afterAssessment' });
    }
  });
