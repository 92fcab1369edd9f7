// Search parameters each type accepts (docs/fhir.md "Search"). An unknown parameter is refused
// with 400 rather than ignored: a client that thinks it filtered must not get everything.
import { z } from 'zod';
import type { FhirType, SearchParamType } from './map/definitions';
import { fhirError } from './outcome';

const COMMON: Record<string, SearchParamType> = { _count: 'number', _offset: 'number', _format: 'string' };
const CHILD: Record<string, SearchParamType> = { patient: 'reference', subject: 'reference' };

export const SEARCH_PARAMS: Record<FhirType, Record<string, SearchParamType>> = {
  Patient: { _id: 'token', identifier: 'token', active: 'token' },
  RelatedPerson: { ...CHILD },
  Organization: { _id: 'token', type: 'token' },
  Location: { _id: 'token' },
  Encounter: { ...CHILD, date: 'date', class: 'token' },
  Observation: { ...CHILD, code: 'token', category: 'token', date: 'date' },
  QuestionnaireResponse: { ...CHILD, questionnaire: 'reference' },
  Condition: { ...CHILD },
  CarePlan: { ...CHILD },
  Flag: { ...CHILD },
  Consent: { ...CHILD },
  Questionnaire: { _id: 'token', url: 'uri' },
  CodeSystem: { _id: 'token', url: 'uri' },
  ServiceRequest: { ...CHILD, status: 'token' },
  Task: { ...CHILD, status: 'token', owner: 'reference', requester: 'reference' },
};

export interface SearchQuery {
  count: number;
  offset: number;
  params: Record<string, string>;
  /** date bounds from `date=geYYYY-MM-DD&date=leYYYY-MM-DD` (or one exact day). */
  from?: string;
  to?: string;
  patient?: string;
}

const COUNT = z.coerce.number().int().min(0).max(500);
const DATE = /^(eq|ge|le|gt|lt)?(\d{4}-\d{2}-\d{2})$/;
const FORMAT = z.enum(['json', 'application/fhir+json', 'application/json']);

/** Parses a type's search query; `all` holds each parameter's values (a date may be given twice). */
export function parseSearch(type: FhirType, all: Record<string, string[]>): SearchQuery {
  const allowed = { ...COMMON, ...SEARCH_PARAMS[type] };
  const unknown = Object.keys(all).filter((k) => !(k in allowed));
  if (unknown.length) throw fhirError(400, 'not-supported', `Unknown search parameter(s) for ${type}: ${unknown.join(', ')}`, unknown[0]);
  const q: SearchQuery = { count: 50, offset: 0, params: {} };
  for (const [name, values] of Object.entries(all)) {
    if (name !== 'date' && values.length > 1) throw fhirError(400, 'not-supported', `${name} may be given once`, name);
    const value = values[0] ?? '';
    if (name === '_count') q.count = parse(COUNT, value, name);
    else if (name === '_offset') q.offset = parse(z.coerce.number().int().min(0).max(1_000_000), value, name);
    else if (name === '_format') parse(FORMAT, value, name);
    else if (name === 'date') {
      for (const v of values) {
        const m = DATE.exec(v);
        if (!m) throw fhirError(400, 'value', 'date is YYYY-MM-DD with an optional prefix eq, ge, le, gt or lt', 'date');
        const [, prefix = 'eq', day] = m;
        if (prefix === 'eq' || prefix === 'ge' || prefix === 'gt') q.from = prefix === 'gt' ? nextDay(day!) : day;
        if (prefix === 'eq' || prefix === 'le' || prefix === 'lt') q.to = prefix === 'lt' ? nextDay(day!, -1) : day;
      }
    } else if (name === 'patient' || name === 'subject') {
      const id = value.replace(/^Patient\//, '');
      q.patient = parse(z.uuid(), id, name);
    } else {
      if (value.length === 0 || value.length > 200) throw fhirError(400, 'value', `${name} needs a value`, name);
      q.params[name] = value;
    }
  }
  return q;
}

function parse<T>(schema: z.ZodType<T>, value: string, name: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw fhirError(400, 'value', `${name}: ${r.error.issues[0]?.message ?? 'invalid'}`, name);
  return r.data;
}

function nextDay(day: string, by = 1): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + by);
  return d.toISOString().slice(0, 10);
}

/** `system|code`, `|code` or `code` as a token. */
export function token(value: string): { system?: string; code: string } {
  const bar = value.indexOf('|');
  if (bar < 0) return { code: value };
  return { system: value.slice(0, bar) || undefined, code: value.slice(bar + 1) };
}

export const inRange = (date: string, q: SearchQuery) => (!q.from || date.slice(0, 10) >= q.from) && (!q.to || date.slice(0, 10) <= q.to);
