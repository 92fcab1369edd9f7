// Request shapes shared by the JSON API and the pages, so both validate the same way.
import { z } from 'zod';
import { DISTRICT_CODES } from './rules/districts';
import { isoDate } from '../http/schemas';

export const districtCode = z.enum(DISTRICT_CODES, 'v.district');

export const subscriptionBody = z.object({
  district: districtCode,
  minLevel: z.number('v.minLevel').int('v.minLevel').min(1, 'v.minLevel').max(5, 'v.minLevel'),
  channel: z.literal('webhook'),
  target: z.url({ protocol: /^https?$/, hostname: z.regexes.hostname, error: 'v.webhookUrl' }).max(500, 'v.tooLong'),
  secret: z.string().min(16, 'v.webhookSecret').max(200, 'v.tooLong').optional(),
});

export const runJobBody = z.object({ date: isoDate.optional(), district: districtCode.optional(), offline: z.boolean().optional() });
