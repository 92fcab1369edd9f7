// One error type for the whole app; server/http/on-error.ts turns it into the docs/api.md shape.
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface ErrorDetail {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

export const validationFailed = (details: ErrorDetail[], message = 'Validation failed') => new AppError(400, 'validation_failed', message, details);
export const unauthenticated = (message = 'Please sign in') => new AppError(401, 'unauthenticated', message);
export const forbidden = (message = 'Your role may not do this') => new AppError(403, 'forbidden', message);
export const notFound = (message = 'Not found') => new AppError(404, 'not_found', message);
export const conflict = (message: string, code = 'conflict') => new AppError(409, code, message);
export const illegalTransition = (message: string) => new AppError(409, 'illegal_transition', message);
export const rateLimited = (message = 'Too many attempts; try again later') => new AppError(429, 'rate_limited', message);
