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

export const contactSchema = z.object({
  name: text(50),
  relation: freeText(30).optional(),
  /** Mobiles, landlines with area code and 3-digit emergency numbers (120). */
  phone: z.string().trim().regex(/^\+?[0-9][0-9 -]{1,18}[0-9]$/, 'v.contactPhone'),
});

export const actionPlanSchema = z.object({
  personalBestPef: z.number().int().min(30, 'v.pef').max(900, 'v.pef').nullable().optional(),
  zones: z.object({
    green: zoneSchema,
    // CCAAP: the yellow and red zones always say which reliever to give.
    yellow: zoneSchema.refine(needsReliever, { message: 'v.relieverRequired', path: ['medicines'] }),
    red: zoneSchema.refine(needsReliever, { message: 'v.relieverRequired', path: ['medicines'] }),
  }),
  callDoctorWhen: text(400),
  call120When: text(400),
  contacts: z.array(contactSchema).min(1, 'v.contactRequired').max(4),
  note: freeText(1000).optional(),
  /** The follow-up at which this version is given to the family. */
  followUpId: z.uuid('v.id').optional(),
});
export type ActionPlanInput = z.infer<typeof actionPlanSchema>;

/** What is stored as JSON in action_plans.plan. */
export type ActionPlanContent = Omit<ActionPlanInput, 'personalBestPef' | 'followUpId'>;
