// Severe exacerbations (v2): one attack counts once. Pure.
import { daysBetween, type IsoDate } from '../../calendar';
import { activeDays, activeOn, DAYS_PER_YEAR, percent, underManagement, type ChildRecord, type Figure, type Period } from './model';
import type { FollowUpRow } from './control';

/** A diary day with an emergency visit, an admission or an oral steroid started. */
export interface DiaryEventDay {
  childId: string;
  date: IsoDate;
}

/** Diary event days this close to the previous one belong to the same attack (design: the R4 review window). */
export const SAME_ATTACK_DAYS = 7;

export interface ExacerbationFigures {
  /** Episodes per 100 child-years: numerator episodes, denominator child-years. */
  perChildYears: Figure;
  /** Children with at least one episode / children under management. */
  childrenWithOne: Figure;
}

/**
 * Per follow-up report in the period (the child active that day): episodes = max(oral steroid
 * courses, ED visits, admissions), since one attack may need all three. A report covers the days
 * after the child's previous follow-up up to its own date. A diary event day in the period (the
 * child active) counts unless a report, of any date, covers it; uncovered event days less than
 * SAME_ATTACK_DAYS apart are one episode. Child-time: each child's active days in the period.
 * Coverage: children with a report or a diary day in the period / children under management.
 * `diaryChildren`: the children who logged any diary day in the period.
 */
/** Which days each child's follow-up reports cover: built once for all the periods asked of the same rows. */
export type ReportIndex = Map<string, { after: IsoDate | null; to: IsoDate }[]>;

export function reportIndex(followUps: readonly FollowUpRow[]): ReportIndex {
  const dates = new Map<string, Set<IsoDate>>();
  for (const f of followUps) (dates.get(f.childId) ?? dates.set(f.childId, new Set()).get(f.childId)!).add(f.date);
  const index: ReportIndex = new Map();
  for (const [id, set] of dates) {
    const sorted = [...set].sort();
    index.set(
      id,
      sorted.map((d, i) => ({ after: i === 0 ? null : sorted[i - 1]!, to: d })),
    );
  }
  return index;
}

export function severeExacerbations(
  children: readonly ChildRecord[],
  followUps: readonly FollowUpRow[],
  diaryEvents: readonly DiaryEventDay[],
  diaryChildren: ReadonlySet<string>,
  p: Period,
  windows: ReportIndex = reportIndex(followUps),
): ExacerbationFigures {
  const population = underManagement(children, p);
  const byId = new Map(population.map((c) => [c.id, c]));
  const episodes = new Map<string, number>();
  const add = (id: string, n: number) => episodes.set(id, (episodes.get(id) ?? 0) + n);
  const reported = new Set<string>();
  for (const f of followUps) {
    if (f.date < p.from || f.date > p.to) continue;
    const child = byId.get(f.childId);
    if (!child || !activeOn(child, f.date)) continue;
    reported.add(f.childId);
    add(f.childId, Math.max(f.ocs, f.ed, f.admissions));
  }
  const uncovered = new Map<string, IsoDate[]>();
  for (const e of diaryEvents) {
    const child = byId.get(e.childId);
    if (!child || e.date < p.from || e.date > p.to || !activeOn(child, e.date)) continue;
    const covered = (windows.get(e.childId) ?? []).some((w) => (w.after === null || e.date > w.after) && e.date <= w.to);
    if (!covered) (uncovered.get(e.childId) ?? uncovered.set(e.childId, []).get(e.childId)!).push(e.date);
  }
  for (const [id, days] of uncovered) {
    const sorted = [...new Set(days)].sort();
    let n = 0;
    let last: IsoDate | null = null;
    for (const d of sorted) {
      if (last === null || daysBetween(last, d) >= SAME_ATTACK_DAYS) n += 1;
      last = d;
    }
    add(id, n);
  }
  const total = [...episodes.values()].reduce((a, b) => a + b, 0);
  const childYears = population.reduce((sum, c) => sum + activeDays(c, p), 0) / DAYS_PER_YEAR;
  const seen = population.filter((c) => reported.has(c.id) || diaryChildren.has(c.id)).length;
  const coverage = { numerator: seen, denominator: population.length };
  const withOne = population.filter((c) => (episodes.get(c.id) ?? 0) > 0).length;
  return {
    perChildYears: { numerator: total, denominator: childYears, value: childYears > 0 ? (100 * total) / childYears : null, group: population.length, coverage },
    childrenWithOne: percent(withOne, population.length, population.length, coverage),
  };
}
