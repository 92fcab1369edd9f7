// The one rule for text a person types (names, labels, notes): what no keyboard produces is
// refused, not stored. Pure; used by every zod schema that takes free text.
import { z } from 'zod';

/** C0 controls but tab and newline, DEL, and the C1 block: never typed, often invisible. */
const CONTROL_MULTILINE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
/** A single-line field also refuses tab, newline and carriage return. */
const CONTROL_LINE = /[\u0000-\u001F\u007F-\u009F]/;
/** Half of a surrogate pair on its own: not a character, and stored as garbage by most systems. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export type TextProblem = 'control' | 'surrogate';

/** Why a raw input is not text a person typed, or null when it is. */
export function textProblem(raw: string, multiline: boolean): TextProblem | null {
  if (LONE_SURROGATE.test(raw)) return 'surrogate';
  // A CR LF pair from a browser's textarea is a newline, not a control.
  const s = multiline ? raw.replace(/\r\n/g, '\n') : raw;
  if ((multiline ? CONTROL_MULTILINE : CONTROL_LINE).test(s)) return 'control';
  return null;
}

/** Length as a reader counts it: characters (code points), not UTF-16 units or bytes. */
export const charLength = (s: string): number => {
  let n = 0;
  for (const _ of s) n += 1;
  return n;
};

/** The stored form: NFC (one encoding per character), line ends as \n, trimmed. */
export const normaliseText = (s: string, multiline = false): string => (multiline ? s.replace(/\r\n?/g, '\n') : s).normalize('NFC').trim();

export interface TextOptions {
  /** Most characters allowed, after normalising and trimming. */
  max: number;
  /** Refuse a value that is empty once trimmed (names, labels). Default true. */
  required?: boolean;
  /** Notes and summaries may hold newlines and tabs. Default false. */
  multiline?: boolean;
}

/**
 * A zod string schema for typed text. Messages are i18n keys: v.textControl, v.textSurrogate,
 * v.required, v.tooLong. Every check reports its own issue, so a refused value names the field once
 * per reason.
 */
export function text({ max, required = true, multiline = false }: TextOptions) {
  return z
    .string('v.required')
    .superRefine((raw, ctx) => {
      const problem = textProblem(raw, multiline);
      if (problem) ctx.addIssue({ code: 'custom', message: problem === 'control' ? 'v.textControl' : 'v.textSurrogate', abort: true });
    })
    .overwrite((s) => normaliseText(s, multiline))
    .refine((s) => !required || s.length > 0, { message: 'v.required', abort: true })
    .refine((s) => charLength(s) <= max, 'v.tooLong')
    .meta({ maxLength: max, ...(required ? { minLength: 1 } : {}) });
}
