// Field schemas shared by every feature, with i18n keys as their messages.
import { z } from 'zod';
import { isIsoDate } from '../calendar';
import { text } from '../text';

export const isoDate = z.string('v.date').refine(isIsoDate, 'v.date');
export const id = z.uuid('v.id');
/** Mainland China mobile numbers: 11 digits starting 13-19. */
export const chinaMobile = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, 'v.phone');
export const personName = text({ max: 50 });
/** A required one-line label or name of at most `max` characters. */
export const label = (max: number) => text({ max });
/** Optional multi-line notes: may be empty; newlines and tabs allowed. */
export const freeText = (max: number) => text({ max, required: false, multiline: true });
/** A query or form filter left empty ("?due=") means no filter, not an invalid one. */
export const noFilterWhenEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
/** Form checkboxes and JSON booleans alike. */
export const flag = z.boolean();
