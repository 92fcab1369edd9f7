// Field schemas shared by every feature, with i18n keys as their messages.
import { z } from 'zod';
import { isIsoDate } from '../calendar';

export const isoDate = z.string().refine(isIsoDate, 'v.date');
export const id = z.uuid('v.id');
/** Mainland China mobile numbers: 11 digits starting 13-19. */
export const chinaMobile = z.string().trim().regex(/^1[3-9]\d{9}$/, 'v.phone');
export const personName = z.string().trim().min(1, 'v.required').max(50, 'v.tooLong');
export const freeText = (max: number) => z.string().trim().max(max, 'v.tooLong');
/** Form checkboxes and JSON booleans alike. */
export const flag = z.boolean();
