// What every v2 definition reads: the children of a scope with the days each was under management.
// Pure: dates come in as YYYY-MM-DD, nothing here reads a clock or the database.
import { addDays, daysBetween, type IsoDate } from '../../calendar';

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

export interface ChildRecord {
  id: string;
  enrolledOn: IsoDate;
  /** First day the child was no longer active (withdrawn or transferred out); null while active. */
  inactiveFrom: IsoDate | null;
  birthDate: IsoDate;
  /** Registered at a school (the absence figure's population). */
  atSchool: boolean;
}

/** A figure before suppression: `group` is how many children it is about (the suppression test). */
export interface Figure {
  numerator: number;
  /** null for a count: it has no denominator. */
  denominator: number | null;
  value: number | null;
  group: number;
  /** For a rate: how much of the population it could see (e.g. children assessed / children active). */
  coverage: { numerator: number; denominator: number } | null;
}

export const DAYS_PER_YEAR = 365.25;

export function percent(numerator: number, denominator: number, group: number, coverage: Figure['coverage'] = null): Figure {
  return { numerator, denominator, value: denominator > 0 ? numerator / denominator : null, group, coverage };
}

export function count(n: number): Figure {
  return { numerator: n, denominator: null, value: n, group: n, coverage: null };
}

export const activeOn = (c: ChildRecord, day: IsoDate): boolean => c.enrolledOn <= day && (c.inactiveFrom === null || day < c.inactiveFrom);

/** The child's active days inside the period, as [first, last], or null when none. */
export function activeSpan(c: ChildRecord, p: Period): { first: IsoDate; last: IsoDate } | null {
  const first = c.enrolledOn > p.from ? c.enrolledOn : p.from;
  const lastActive = c.inactiveFrom === null ? p.to : addDays(c.inactiveFrom, -1);
  const last = lastActive < p.to ? lastActive : p.to;
  return first <= last ? { first, last } : null;
}

export const activeDays = (c: ChildRecord, p: Period): number => {
  const span = activeSpan(c, p);
  return span ? daysBetween(span.first, span.last) + 1 : 0;
};

/** Children under management at any time in the period. */
export const underManagement = (children: readonly ChildRecord[], p: Period) => children.filter((c) => activeSpan(c, p) !== null);

/** Children active on the period's last day. */
export const activeAtEnd = (children: readonly ChildRecord[], p: Period) => children.filter((c) => activeOn(c, p.to));

/** Completed years on `day` (a birthday on 29 February counts from 1 March in other years). */
export function ageOn(birthDate: IsoDate, day: IsoDate): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) >= birthDate.slice(5) ? years : years - 1;
}

export const AGE_BANDS = [
  { id: 'under6', min: 0, max: 5 },
  { id: '6to11', min: 6, max: 11 },
  { id: '12plus', min: 12, max: 200 },
] as const;
export type AgeBandId = (typeof AGE_BANDS)[number]['id'];
