// The period's table: every centre's v2 figures and monthly trend points, computed together so that
// small-number suppression can look across centres (suppression.ts), and the district's as their sum
// (referral figures: over the district's referrals, which a centre shares with the hospital).
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema';
import { shanghaiDate } from '../../calendar';
import { childFigures, INDICATORS, monthsOf, prepare, referralPart, REFERRAL_IDS, TREND_SERIES, trendPoint, unitOf, type Context } from './figures';
import { loadCentre, loadReferrals, type CentreRows, type ReferralRow } from './load';
import { count, type Figure, type Period } from './model';
import { publish, withheldCells, type PublishedFigure } from './suppression';

export const TABLE_VERSION = '2';

/** A trend point as stored: the value, null without data, or 'withheld'. */
export type TrendPoint = number | null | 'withheld';

export interface Table {
  version: string;
  from: string;
  to: string;
  district: Record<string, PublishedFigure>;
  centres: Record<string, Record<string, PublishedFigure>>;
  months: { month: string; partial: boolean }[];
  trends: { district: Record<string, TrendPoint[]>; centres: Record<string, Record<string, TrendPoint[]>> };
  /** Active children of the district: decides whether a stale copy may be served while recomputed. */
  activeChildren: number;
}

/** Adds figures of the same indicator over centres (numerators, denominators, coverage and groups add). */
export function sum(id: string, parts: readonly Figure[]): Figure {
  const numerator = parts.reduce((a, f) => a + f.numerator, 0);
  const unit = unitOf(id);
  const group = parts.reduce((a, f) => a + f.group, 0);
  const covered = parts.filter((f) => f.coverage);
  const coverage = covered.length ? { numerator: covered.reduce((a, f) => a + f.coverage!.numerator, 0), denominator: covered.reduce((a, f) => a + f.coverage!.denominator, 0) } : null;
  if (unit === 'count' || parts.every((f) => f.denominator === null)) return { numerator, denominator: null, value: numerator, group, coverage };
  const denominator = parts.reduce((a, f) => a + (f.denominator ?? 0), 0);
  const scale = unit === 'percent' ? 1 : 100;
  return { numerator, denominator, value: denominator > 0 ? (scale * numerator) / denominator : null, group, coverage };
}

/** Withholds across the centres, indicator by indicator (the same rule for figures and each month's points). */
function protect<T>(ids: readonly string[], centreIds: readonly string[], raw: Record<string, Record<string, Figure>>, out: (f: Figure, withheld: boolean) => T): Record<string, Record<string, T>> {
  const result: Record<string, Record<string, T>> = Object.fromEntries(centreIds.map((c) => [c, {}]));
  for (const id of ids) {
    const withheld = withheldCells(centreIds.map((c) => raw[c]![id]!.group));
    centreIds.forEach((c, i) => {
      result[c]![id] = out(raw[c]![id]!, withheld[i]!);
    });
  }
  return result;
}

const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Run between two centres' computations. The indicators worker sets a full garbage collection here:
 * computing the city's table alone, peak heap 48 against 100 MB (test/bench/RESULTS.md), as each
 * centre's rows are garbage once its figures are summed.
 */
let betweenCentres: (() => void) | null = null;
export function setBetweenCentres(fn: (() => void) | null): void {
  betweenCentres = fn;
}
const trendValue = (f: Figure, withheld: boolean): TrendPoint => (withheld ? 'withheld' : f.value);

/** The referrals created in a period (Asia/Shanghai days). */
const createdIn = (rs: readonly ReferralRow[], q: Period) =>
  rs.filter((r) => {
    const d = shanghaiDate(new Date(r.createdAt));
    return d >= q.from && d <= q.to;
  });

/**
 * The district's referral figures and monthly points, from its referrals (a centre's overlap with
 * the hospital's counts once); the other points are the centres' sums.
 */
async function districtReferralPart(db: Kysely<DB>, p: Period, ctx: Context, months: ReturnType<typeof monthsOf>) {
  const referrals = await loadReferrals(db, p);
  const districtMonths = months.map((m): Record<string, Figure> => {
    const monthRefs = createdIn(referrals, m.period);
    return {
      ...referralPart(monthRefs, m.period, ctx),
      referrals_up: count(monthRefs.filter((r) => r.direction === 'up').length),
      referrals_down: count(monthRefs.filter((r) => r.direction === 'down').length),
    };
  });
  return { districtReferrals: referralPart(referrals, p, ctx), districtMonths };
}

export async function computeTable(db: Kysely<DB>, p: Period, ctx: Context): Promise<Table> {
  const centres = (await db.selectFrom('centers').select('id').orderBy('id').execute()).map((c) => c.id);
  const months = monthsOf(p);
  // The district's referral figures first, from every referral of the period (a referral's two
  // centres share it), so that the city's list is not kept while each centre is computed: each
  // centre reads its own (test/bench/RESULTS.md: the table's memory).
  const { districtReferrals, districtMonths } = await districtReferralPart(db, p, ctx, months);
  const raw: Record<string, Record<string, Figure>> = {};
  const rawMonths: Record<string, Record<string, Figure>>[] = months.map(() => ({}));
  let activeChildren = 0;
  for (const c of centres) {
    betweenCentres?.();
    // better-sqlite3 answers synchronously: yield between centres so requests get in.
    await yieldToRequests();
    const rows: CentreRows = await loadCentre(db, c, p);
    const mine = await loadReferrals(db, p, c);
    const prep = prepare(rows, ctx);
    raw[c] = { ...childFigures(rows, p, ctx, prep), ...referralPart(mine, p, ctx) };
    activeChildren += raw[c]!.active_at_end!.numerator;
    months.forEach((m, i) => {
      rawMonths[i]![c] = trendPoint(rows, createdIn(mine, m.period), m.period, ctx, prep);
    });
  }
  const ids = INDICATORS.map((i) => i.id);
  const district: Record<string, PublishedFigure> = {};
  for (const id of ids)
    district[id] = publish(
      REFERRAL_IDS.includes(id)
        ? districtReferrals[id]!
        : sum(
            id,
            centres.map((c) => raw[c]![id]!),
          ),
      false,
    );
  const published = protect(ids, centres, raw, publish);

  const districtTrends: Record<string, TrendPoint[]> = {};
  const centreTrends: Record<string, Record<string, TrendPoint[]>> = Object.fromEntries(centres.map((c) => [c, {}]));
  months.forEach((m, i) => {
    const whole = districtMonths[i]!;
    const protectedMonth = protect(TREND_SERIES, centres, rawMonths[i]!, trendValue);
    for (const s of TREND_SERIES) {
      const d = whole[s]
        ? whole[s]!.value
        : sum(
            s,
            centres.map((c) => rawMonths[i]![c]![s]!),
          ).value;
      (districtTrends[s] ??= []).push(d);
      for (const c of centres) (centreTrends[c]![s] ??= []).push(protectedMonth[c]![s]!);
    }
  });
  return { version: TABLE_VERSION, from: p.from, to: p.to, district, centres: published, months: months.map((m) => ({ month: m.month, partial: m.partial })), trends: { district: districtTrends, centres: centreTrends }, activeChildren };
}
