// Errors of the FHIR interface as OperationOutcome (FHIR R4 http.html#errors), with the same
// statuses the JSON API gives for the same refusal (docs/api.md "Errors").
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { AppError } from '../errors';
import { HTTPException } from 'hono/http-exception';
import { RuleViolation } from '../rule-violation';
import { t } from '../../web/i18n';

// Services name messages by i18n key ("v.ownCentre"); the interface answers in English.
const english = (m: string) => (m.startsWith('v.') ? t('en', m) : m);

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

type IssueCode = 'invalid' | 'structure' | 'required' | 'value' | 'not-supported' | 'not-found' | 'forbidden' | 'login' | 'security' | 'conflict' | 'business-rule' | 'too-costly' | 'exception' | 'processing' | 'informational' | 'throttled';

export interface Issue {
  severity: 'error' | 'warning' | 'information';
  code: IssueCode;
  diagnostics?: string;
  expression?: string[];
}

export class FhirError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly issues: Issue[],
  ) {
    super(issues[0]?.diagnostics ?? 'error');
  }
}

export const fhirError = (status: ContentfulStatusCode, code: IssueCode, diagnostics: string, expression?: string) => new FhirError(status, [{ severity: 'error', code, diagnostics, ...(expression ? { expression: [expression] } : {}) }]);

export const operationOutcome = (issues: Issue[]) => ({ resourceType: 'OperationOutcome' as const, issue: issues });

const CODE_OF_STATUS: Record<number, IssueCode> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  405: 'not-supported',
  409: 'conflict',
  410: 'not-found',
  412: 'conflict',
  413: 'too-costly',
  415: 'not-supported',
  422: 'processing',
  429: 'throttled',
};

/** Any error thrown below a FHIR route, as status + OperationOutcome; unknown errors are 500 without detail. */
export function toOutcome(err: unknown): { status: ContentfulStatusCode; body: ReturnType<typeof operationOutcome>; internal: boolean } {
  if (err instanceof FhirError) return { status: err.status, body: operationOutcome(err.issues), internal: false };
  if (err instanceof RuleViolation) {
    return { status: 400, body: operationOutcome(err.details.map((p) => ({ severity: 'error', code: 'business-rule', diagnostics: `${err.code}: ${english(p.message)}`, expression: [p.path] }))), internal: false };
  }
  if (err instanceof ZodError) {
    return { status: 400, body: operationOutcome(err.issues.map((i) => ({ severity: 'error', code: 'invalid', diagnostics: i.message, expression: [i.path.join('.') || '$'] }))), internal: false };
  }
  if (err instanceof AppError) {
    const code = err.code === 'illegal_transition' ? 'business-rule' : (CODE_OF_STATUS[err.status] ?? 'processing');
    const issues: Issue[] = err.details.length
      ? err.details.map((d) => ({ severity: 'error', code, diagnostics: `${err.code}: ${english(d.message)}`, ...(d.path ? { expression: [d.path] } : {}) }))
      : [{ severity: 'error', code, diagnostics: `${err.code}: ${err.message}` }];
    return { status: err.status, body: operationOutcome(issues), internal: false };
  }
  if (err instanceof HTTPException && err.status < 500) {
    return { status: err.status as ContentfulStatusCode, body: operationOutcome([{ severity: 'error', code: CODE_OF_STATUS[err.status] ?? 'invalid', diagnostics: err.message || 'refused' }]), internal: false };
  }
  return { status: 500, body: operationOutcome([{ severity: 'error', code: 'exception', diagnostics: 'internal error' }]), internal: true };
}
