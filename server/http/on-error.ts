import { isContention } from '../../db/connection';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../context';
import { AppError } from '../errors';
import { RuleViolation } from '../rule-violation';
import { t } from '../../web/i18n';

// Services name messages by i18n key ("v.ownCentre"); the API answers in English.
const english = (details: { path: string; message: string }[]) => details.map((d) => ({ path: d.path, message: d.message.startsWith('v.') ? t('en', d.message) : d.message }));

export interface ErrorBody {
  error: { code: string; message: string; details: { path: string; message: string }[]; requestId?: string };
}

/** Maps anything thrown to the docs/api.md error shape; a 500 says only "internal" and the request id. */
export function toErrorResponse(err: unknown, c: Context<AppEnv>): { status: number; body: ErrorBody } {
  const requestId = c.get('requestId');
  if (err instanceof AppError) {
    return { status: err.status, body: { error: { code: err.code, message: err.message, details: english(err.details) } } };
  }
  // A pure rule refused the input (e.g. instrument_age_mismatch): a 400 with the rule's code.
  if (err instanceof RuleViolation) {
    return { status: 400, body: { error: { code: err.code, message: err.message, details: err.details } } };
  }
  if (err instanceof HTTPException && err.status < 500) {
    const code = err.status === 403 ? 'forbidden' : err.status === 401 ? 'unauthenticated' : 'bad_request';
    return { status: err.status, body: { error: { code, message: err.message || code, details: [] } } };
  }
  // Contention that outlasted the retries: nothing was written, and the same request may go through in a moment.
  if (isContention(err)) {
    c.get('deps')?.log.warn('database busy', { requestId, path: c.req.path, method: c.req.method, error: err instanceof Error ? err.message : String(err) });
    c.header('Retry-After', '1');
    return { status: 503, body: { error: { code: 'busy', message: 'The database is busy; try again in a moment', details: [], requestId } } };
  }
  c.get('deps')?.log.error('unhandled error', {
    requestId,
    path: c.req.path,
    method: c.req.method,
    error: err instanceof Error ? err.message : String(err),
    stack: err instanceof Error ? err.stack : undefined,
  });
  return { status: 500, body: { error: { code: 'internal', message: 'Internal error', details: [], requestId } } };
}
