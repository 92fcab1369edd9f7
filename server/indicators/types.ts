import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { IsoDate } from '../calendar';

/** Which children an indicator counts: the whole programme, a district, or one centre. */
export interface IndicatorScope {
  centerIds: string[] | null;
}

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

export interface Ratio {
  numerator: number;
  denominator: number;
  value: number | null;
}

export const ratio = (numerator: number, denominator: number): Ratio => ({ numerator, denominator, value: denominator > 0 ? numerator / denominator : null });

export interface Bilingual {
  zh: string;
  en: string;
}

/** A programme indicator: defined once, versioned, with its cohort and period stated in words. */
export interface IndicatorDefinition {
  id: string;
  version: string;
  label: Bilingual;
  /** What is counted over what, in one line (shown in the dashboard's notes and the CSV). */
  definition: Bilingual;
  unit: 'count' | 'percent' | 'per100childYears';
  compute(db: Kysely<DB>, scope: IndicatorScope, period: Period): Promise<Ratio>;
}
