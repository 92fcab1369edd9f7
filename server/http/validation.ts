// One validation path for the API and the pages: the same zod schema, messages in the caller's
// language. Custom messages are i18n keys ("v.phone"); zod's own messages come from its locale.
import { z } from 'zod';
import type { Lang } from '../context';
import type { ErrorDetail } from '../errors';
import { validationFailed } from '../errors';
import { t } from '../../web/i18n';

const zhLocale = z.locales.zhCN().localeError;
const enLocale = z.locales.en().localeError;

function message(issue: z.core.$ZodIssue, lang: Lang): string {
  if (issue.message.startsWith('v.')) return t(lang, issue.message);
  return issue.message;
}

export function detailsOf(error: z.ZodError, lang: Lang, prefix = ''): ErrorDetail[] {
  const at = (path: string) => (prefix && path ? `${prefix}.${path}` : prefix || path);
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.');
    // A strict object names each field it does not take, so the caller sees which one.
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: at(path ? `${path}.${key}` : key), message: message(issue, lang) }));
    return [{ path: at(path), message: message(issue, lang) }];
  });
}

export type Validated<T> = { ok: true; data: T } | { ok: false; details: ErrorDetail[] };

export function validate<S extends z.ZodType>(schema: S, value: unknown, lang: Lang, prefix = ''): Validated<z.infer<S>> {
  const result = schema.safeParse(value, { error: lang === 'zh' ? zhLocale : enLocale });
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, details: detailsOf(result.error, lang, prefix) };
}

/** Validates or throws 400 validation_failed naming each field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, lang: Lang = 'en', prefix = ''): z.infer<S> {
  const result = validate(schema, value, lang, prefix);
  if (!result.ok) throw validationFailed(result.details);
  return result.data;
}
