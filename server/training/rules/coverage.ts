// Treatment coverage (诊疗率, issue 36): children under management / (catchment children 0-14 ×
// expected prevalence). Pure: no I/O, no clock; dates and figures come in.
import { addDays, addMonths, lastDayOfMonth, type IsoDate } from '../../calendar';

/**
 * The default expected prevalence when the admin has set none: the 2-year current prevalence of
 * asthma among urban children aged 0-14 in Shanghai in the third national survey (2010), 5.28 %
 * (docs/training-and-coverage.md gives the reference).
 */
export const DEFAULT_PREVALENCE = {
  percent: 5.28,
  source: 'National Cooperative Group on Childhood Asthma, third national survey of asthma in urban children aged 0-14 (2010): Shanghai, 2-year current prevalence 5.28%',
} as const;
export const MAX_PREVALENCE_PERCENT = 50;

/** Expected asthmatic children in a catchment: population × prevalence. */
export const expectedChildren = (population: number, prevalencePercent: number): number => (population * prevalencePercent) / 100;

/** Under management / expected; null when nothing is expected (no population entered). */
export const coverageOf = (underManagement: number, expected: number): number | null => (expected > 0 ? underManagement / expected : null);

/** The population figure for a year: the latest entered for that year or before, else the earliest after. */
export function populationFor(rows: readonly { year: number; population: number }[], year: number): number | null {
  const sorted = [...rows].sort((a, b) => a.year - b.year);
  const before = sorted.filter((r) => r.year <= year);
  return (before[before.length - 1] ?? sorted[0])?.population ?? null;
}

/** The month ends from `from`'s month to `to`'s month; the last is `to` itself (a month still running). */
export function monthEnds(from: IsoDate, to: IsoDate): { month: string; end: IsoDate }[] {
  const out: { month: string; end: IsoDate }[] = [];
  for (let d = `${from.slice(0, 7)}-01`; d <= to; d = addMonths(d, 1)) {
    const end = lastDayOfMonth(d.slice(0, 7));
    out.push({ month: d.slice(0, 7), end: end < to ? end : to });
  }
  return out;
}

export interface CentreCoverage {
  centerId: string;
  underManagement: number;
  expected: number;
  value: number | null;
}

/** The district's coverage: every centre with a population, summed before dividing. */
export function districtCoverage(rows: readonly CentreCoverage[]): CentreCoverage {
  const withPopulation = rows.filter((r) => r.expected > 0);
  const underManagement = withPopulation.reduce((a, r) => a + r.underManagement, 0);
  const expected = withPopulation.reduce((a, r) => a + r.expected, 0);
  return { centerId: 'district', underManagement, expected, value: coverageOf(underManagement, expected) };
}

/** Highlighted on the dashboard: a centre whose published coverage is under the district's. */
export const belowDistrict = (centre: number | null, district: number | null): boolean => centre !== null && district !== null && centre < district;

/**
 * The windows compared around a centre's first training: the `months` before it, and from it on for
 * as long, stopping at `today`. Null after when the training is today or later.
 */
export function beforeAfterWindows(trainedOn: IsoDate, today: IsoDate, months = 6): { before: { from: IsoDate; to: IsoDate }; after: { from: IsoDate; to: IsoDate } | null } {
  const before = { from: addMonths(trainedOn, -months), to: addDays(trainedOn, -1) };
  if (trainedOn >= today) return { before, after: null };
  const end = addDays(addMonths(trainedOn, months), -1);
  return { before, after: { from: trainedOn, to: end < today ? end : today } };
}
