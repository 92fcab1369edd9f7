import { z } from 'zod';
import { freeText } from '../http/schemas';
import { text as typedText } from '../text';

const text = (max: number) => typedText({ max, multiline: true });

export const MEDICINE_ROLES = ['controller', 'reliever', 'other'] as const;

export const medicineSchema = z.object({
  role: z.enum(MEDICINE_ROLES),
  name: text(80),
  /** As the clinician writes it (e.g. "2 puffs via spacer"); the app never computes a dose. */
  dose: text(160),
});
export type Medicine = z.infer<typeof medicineSchema>;

const zoneSchema = z.object({
  signs: text(600),
  medicines: z.array(medicineSchema).max(6),
  actions: freeText(600).default(''),
});

const needsReliever = (zone: { medicines: Medicine[] }) => zone.medicines.some((m) => m.role === 'reliever');

/**
 * The red zone's reliever in numbers (safety rules 8.7). Offered pre-filled with the UK guidance for
 * schools: 2 puffs every 2 minutes, up to 10 puffs, call 120; repeat if help has not come in 10 minutes.
 */
export const STANDARD_RELIEVER_SCHEDULE = { puffs: 2, everyMinutes: 2, maxPuffs: 10, repeatAfterMinutes: 10 } as const;

/** A whole number in [min, max]; every failure (missing, not a number, a fraction, out of range) says the one message. */
const whole = (min: number, max: number, message: string) => z.number({ error: message }).int(message).min(min, message).max(max, message);

// Our bounds: no dose above 20 puffs exists in any children's guidance; 60 minutes is the longest
// wait a plan may print between doses or before repeating (GINA's "every 20 minutes" fits).
export const relieverScheduleSchema = z
  .object(
    {
      puffs: whole(1, 20, 'v.schedule.puffs'),
      everyMinutes: whole(1, 60, 'v.schedule.everyMinutes'),
      maxPuffs: whole(1, 20, 'v.schedule.maxPuffs'),
      repeatAfterMinutes: whole(1, 60, 'v.schedule.repeatAfterMinutes'),
    },
    { error: 'v.schedule.required' },
  )
  // Compared only when both numbers are valid: an out-of-range one is reported once, by its own name.
  .refine((s) => s.maxPuffs >= s.puffs, { message: 'v.schedule.maxBelowPuffs', path: ['maxPuffs'], when: (payload) => payload.issues.length === 0 });
export type RelieverSchedule = z.infer<typeof relieverScheduleSchema>;

export const contactSchema = z.object({
  name: text(50),
  relation: freeText(30).optional(),
  /** Mobiles, landlines with area code and 3-digit emergency numbers (120). */
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 -]{1,18}[0-9]$/, 'v.contactPhone'),
});

export const actionPlanSchema = z.object({
  personalBestPef: z.number().int().min(30, 'v.pef').max(900, 'v.pef').nullable().optional(),
  zones: z.object({
    green: zoneSchema,
    // CCAAP: the yellow and red zones always say which reliever to give.
    yellow: zoneSchema.refine(needsReliever, { message: 'v.relieverRequired', path: ['medicines'] }),
    red: zoneSchema.extend({ relieverSchedule: relieverScheduleSchema }).refine(needsReliever, { message: 'v.relieverRequired', path: ['medicines'] }),
  }),
  callDoctorWhen: text(400),
  call120When: text(400),
  contacts: z.array(contactSchema).min(1, 'v.contactRequired').max(4),
  note: freeText(1000).optional(),
  /** The follow-up at which this version is given to the family. */
  followUpId: z.uuid('v.id').optional(),
});
export type ActionPlanInput = z.infer<typeof actionPlanSchema>;

type Zone = z.infer<typeof zoneSchema>;

/** What is stored as JSON in action_plans.plan. Plans saved before rule 8.7 have no relieverSchedule. */
export type ActionPlanContent = Omit<ActionPlanInput, 'personalBestPef' | 'followUpId' | 'zones'> & {
  zones: { green: Zone; yellow: Zone; red: Zone & { relieverSchedule?: RelieverSchedule } };
};
