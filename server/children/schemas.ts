import { z } from 'zod';
import { chinaMobile, freeText, id, isoDate, label, noFilterWhenEmpty, personName } from '../http/schemas';

export const guardianSchema = z.object({
  name: personName,
  phone: chinaMobile,
  relation: label(20),
});

export const consentSchema = z.object(
  {
    givenBy: personName,
    date: isoDate,
    noticeVersion: label(20),
  },
  { error: (issue) => (issue.input === undefined ? 'v.consentRequired' : undefined) },
);

const count12m = z.number('v.count').int('v.count').min(0, 'v.count').max(50, 'v.count');

/** The year before enrolment as the family reports it (safety rules v2, 8.8): feeds highRisk and U6 from day one. */
export const riskHistorySchema = z.object({
  ocsCourses12m: count12m,
  edVisits12m: count12m,
  admissions12m: count12m,
  everIcuOrIntubated: z.boolean('v.yesNo'),
});
export type RiskHistoryInput = z.infer<typeof riskHistorySchema>;

const childFields = {
  name: personName,
  sex: z.enum(['M', 'F']),
  birthDate: isoDate,
  heightCm: z.number().min(40, 'v.height').max(220, 'v.height').optional(),
  guardian: guardianSchema,
  centerId: id,
  schoolId: id.nullish(),
  diagnosisDate: isoDate.nullish(),
  personalBestPef: z.number().int().min(30, 'v.pef').max(900, 'v.pef').nullish(),
  riskHistory: riskHistorySchema.optional(),
};

/**
 * Linking a parent account. The first account linked is the guardian who consented at enrolment;
 * any later one brings their own relation and consent (checked in the service). sharing: the
 * clinician marks the guardians as seeing each other's contact details and diary notes.
 */
export const guardianLinkSchema = z.object({
  userId: id,
  relation: label(20).optional(),
  consent: z.object({ date: isoDate, noticeVersion: label(20) }).optional(),
  sharing: z.boolean().optional(),
});
export type GuardianLink = z.infer<typeof guardianLinkSchema>;

export const childCreateSchema = z.object({ ...childFields, consent: consentSchema });
export type ChildCreate = z.infer<typeof childCreateSchema>;

/** A partial update of the enrolment details, or a status change with its reason. */
export const childPatchSchema = z
  .object({
    ...(Object.fromEntries(Object.entries(childFields).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof childFields]: z.ZodOptional<(typeof childFields)[K]> }),
    status: z.enum(['active', 'withdrawn', 'transferred']).optional(),
    reason: freeText(500).optional(),
  })
  .refine((p) => !p.status || p.status === 'active' || (p.reason ?? '').length > 0, { message: 'v.required', path: ['reason'] })
  .refine((p) => !p.centerId || (p.reason ?? '').length > 0, { message: 'v.required', path: ['reason'] });
export type ChildPatch = z.infer<typeof childPatchSchema>;

export const childListQuery = z.object({
  centerId: noFilterWhenEmpty(id),
  schoolId: noFilterWhenEmpty(id),
  status: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['active', 'withdrawn', 'transferred', 'all'], 'v.filter').default('active')),
  due: noFilterWhenEmpty(z.enum(['overdue', 'week'], 'v.filter')),
  q: noFilterWhenEmpty(z.string().trim().max(50, 'v.tooLong')),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: noFilterWhenEmpty(z.string().max(300)),
});
export type ChildListQuery = z.infer<typeof childListQuery>;
