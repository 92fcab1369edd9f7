import { z } from 'zod';
import { freeText, isoDate } from '../http/schemas';

const count = z.number().int().min(0).max(50);

export const followUpSchema = z.object({
  date: isoDate,
  mode: z.enum(['clinic', 'phone', 'home']),
  instrument: z.enum(['C-ACT', 'ACT', 'TRACK']).optional(),
  answers: z.array(z.number().int()).max(10),
  gina: z.object({ q1: z.boolean('v.ginaAnswer'), q2: z.boolean('v.ginaAnswer'), q3: z.boolean('v.ginaAnswer'), q4: z.boolean('v.ginaAnswer') }, 'v.ginaAnswer'),
  exacerbations: z.object({ ocsCourses: count, edVisits: count, admissions: count }).optional(),
  pef: z.number().int().min(30, 'v.pef').max(900, 'v.pef').optional(),
  inhalerTechniqueOk: z.boolean().optional(),
  adherenceOk: z.boolean().optional(),
  actionPlanGiven: z.boolean().optional(),
  treatmentChanged: z.boolean().optional(),
  ginaStep: z.number().int().min(1).max(5).optional(),
  note: freeText(2000).optional(),
});
export type FollowUpInput = z.infer<typeof followUpSchema>;

export const worklistQuery = z.object({
  centerId: z.uuid().optional(),
  within: z.coerce.number().int().min(0).max(90).default(14),
  filter: z.enum(['uncontrolled', 'high_risk', 'overdue']).optional(),
  // docs/api.md lists: ?limit= (default 50, max 500) and an opaque ?cursor=.
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
export type WorklistQuery = z.infer<typeof worklistQuery>;
