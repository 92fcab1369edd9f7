// Request shapes for the referral API (docs/api.md); the create body itself lives with the rules.
import { z } from 'zod';
import { freeText, isoDate } from '../http/schemas';
import { pageQuery } from '../http/paging';
import { createReferralSchema, REFERRAL_ACTIONS, REFERRAL_STATUSES } from './rules';

/** The docs/api.md body plus an optional link to the referral this one follows (a re-referral). */
export const referralCreateBody = createReferralSchema.safeExtend({
  previousReferralId: z.uuid().optional(),
});
export type ReferralCreate = z.infer<typeof referralCreateBody>;

const optionalText = freeText(2000).optional();

/**
 * A move's note. Accepting may also book the appointment: a date (not before today, checked by the
 * service with its clock) and optionally a time of day; a time needs a date, and only 'accept' books.
 */
const appointmentFields = {
  appointmentDate: isoDate.optional(),
  appointmentTime: z
    .string('v.time')
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'v.time')
    .optional(),
};
const timeNeedsDate = (b: { appointmentDate?: string; appointmentTime?: string }) => b.appointmentTime === undefined || b.appointmentDate !== undefined;
const timeNeedsDateIssue = { path: ['appointmentDate'], message: 'v.appointmentDateForTime' };
export const appointmentBody = z.object(appointmentFields).refine(timeNeedsDate, timeNeedsDateIssue);
export const transitionBody = z.object({ reason: optionalText, outcome: optionalText, ...appointmentFields }).refine(timeNeedsDate, timeNeedsDateIssue);
export type TransitionBody = z.infer<typeof transitionBody>;

export const referralParams = z.object({ id: z.uuid() });
export const actionParams = z.object({ id: z.uuid(), action: z.enum(REFERRAL_ACTIONS) });

/** status: one status, or 'open' for requested, accepted and in-progress together. */
export const referralStatusFilter = z.enum([...REFERRAL_STATUSES, 'open']);
export type ReferralStatusFilter = z.infer<typeof referralStatusFilter>;

export const referralListQuery = pageQuery.extend({
  box: z.enum(['incoming', 'outgoing']).optional(),
  status: referralStatusFilter.optional(),
  childId: z.uuid().optional(),
  /** Admin only: whose inbox (with box) to look at. */
  centerId: z.uuid().optional(),
});
export type ReferralListQuery = z.infer<typeof referralListQuery>;

export const indicatorsQuery = z.object({ from: isoDate.optional(), to: isoDate.optional(), centerId: z.uuid().optional() });
export type IndicatorsQuery = z.infer<typeof indicatorsQuery>;
