import type { z } from 'zod';
import type { ErrorDetail } from '../errors';

/** Zod issues as api.md details: dotted paths like "answers.3" or "guardian.phone". */
export function zodDetails(error: z.ZodError, prefix = ''): ErrorDetail[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return { path: prefix && path ? `${prefix}.${path}` : prefix || path, message: issue.message };
  });
}
