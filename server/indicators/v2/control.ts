// Control, questionnaire, action plan and the other "share of active children" figures (v2). Pure.
import { addDays, addMonths, type IsoDate } from '../../calendar';
import { activeAtEnd, ageOn, AGE_BANDS, percent, type AgeBandId, type ChildRecord, type Figure, type Period } from './model';

export interface FollowUpRow {
  childId: string;
  date: IsoDate;
  /** Breaks ties between two follow-ups on one day (the later saved is the latest). */
  savedAt: string;
  gina: 'well' | 'partly' | 'uncontrolled';
  band: 'well' | 'not_well' | 'very_poor' | null;
  ocs: number;
  ed: number;
  admissions: number;
  techniqueChecked: boolean;
}

const later = (a: FollowUpRow, b: FollowUpRow) => a.date > b.date || (a.date === b.date && a.savedAt > b.savedAt);

/** Each child's latest follow-up in the period among those `accept` takes. */
function latestInPeriod(rows: readonly FollowUpRow[], p: Period, accept: (f: FollowUpRow) => boolean): Map<string, FollowUpRow> {
  const latest = new Map<string, FollowUpRow>();
  for (const f of rows) {
    if (f.date < p.from || f.date > p.to || !accept(f)) continue;
    const seen = latest.get(f.childId);
    if (!seen || later(f, seen)) latest.set(f.childId, f);
  }
  return latest;
}

/**
 * Well controlled (GINA): of the children active at the period's end (optionally of one age band
 * on that day) who were assessed in the period, those whose latest assessment in it was well
 * controlled. Coverage: assessed / active. The group is the children assessed.
 */
export function wellControlled(children: readonly ChildRecord[], followUps: readonly FollowUpRow[], p: Period, band?: AgeBandId): Figure {
  return wellControlledOf(
    children,
    latestInPeriod(followUps, p, () => true),
    p,
    band,
  );
}

function wellControlledOf(children: readonly ChildRecord[], latest: Map<string, FollowUpRow>, p: Period, band?: AgeBandId): Figure {
  const b = band ? AGE_BANDS.find((x) => x.id === band)! : null;
  const active = activeAtEnd(children, p).filter((c) => !b || (ageOn(c.birthDate, p.to) >= b.min && ageOn(c.birthDate, p.to) <= b.max));
  const assessed = active.filter((c) => latest.has(c.id));
  const well = assessed.filter((c) => latest.get(c.id)!.gina === 'well').length;
  return percent(well, assessed.length, assessed.length, { numerator: assessed.length, denominator: active.length });
}

/** The overall and age-band figures from one pass over the follow-ups. */
export function wellControlledByBand(children: readonly ChildRecord[], followUps: readonly FollowUpRow[], p: Period): Record<'all' | AgeBandId, Figure> {
  const latest = latestInPeriod(followUps, p, () => true);
  return { all: wellControlledOf(children, latest, p), under6: wellControlledOf(children, latest, p, 'under6'), '6to11': wellControlledOf(children, latest, p, '6to11'), '12plus': wellControlledOf(children, latest, p, '12plus') };
}

/** The same with each child's latest questionnaire band (C-ACT, ACT, TRACK) in the period. */
export function questionnaireWell(children: readonly ChildRecord[], followUps: readonly FollowUpRow[], p: Period): Figure {
  const active = activeAtEnd(children, p);
  const latest = latestInPeriod(followUps, p, (f) => f.band !== null);
  const assessed = active.filter((c) => latest.has(c.id));
  const well = assessed.filter((c) => latest.get(c.id)!.band === 'well').length;
  return percent(well, assessed.length, assessed.length, { numerator: assessed.length, denominator: active.length });
}

/** Children active at the end with a follow-up in the `days` days to the period end (that `accept` takes). */
function seenWithin(children: readonly ChildRecord[], followUps: readonly FollowUpRow[], p: Period, since: IsoDate, accept: (f: FollowUpRow) => boolean): Figure {
  const active = activeAtEnd(children, p);
  const seen = new Set(followUps.filter((f) => f.date >= since && f.date <= p.to && accept(f)).map((f) => f.childId));
  const n = active.filter((c) => seen.has(c.id)).length;
  return percent(n, active.length, active.length);
}

export const followedUp90 = (children: readonly ChildRecord[], followUps: readonly FollowUpRow[], p: Period) => seenWithin(children, followUps, p, addDays(p.to, -89), () => true);

export const techniqueChecked6m = (children: readonly ChildRecord[], followUps: readonly FollowUpRow[], p: Period) => seenWithin(children, followUps, p, addDays(addMonths(p.to, -6), 1), (f) => f.techniqueChecked);

export interface PlanVersion {
  childId: string;
  /** The day the version was saved (Asia/Shanghai). */
  date: IsoDate;
}

/** Action plan: children active at the end with a plan version dated in the 12 months to the period end / children active. */
export function actionPlanCoverage(children: readonly ChildRecord[], plans: readonly PlanVersion[], p: Period): Figure {
  const since = addDays(addMonths(p.to, -12), 1);
  const withPlan = new Set(plans.filter((v) => v.date >= since && v.date <= p.to).map((v) => v.childId));
  const active = activeAtEnd(children, p);
  const n = active.filter((c) => withPlan.has(c.id)).length;
  return percent(n, active.length, active.length);
}

export interface DiaryUse {
  childId: string;
  /** Days logged in the 28 days to the period end. */
  daysLast28: number;
  /** Days logged in the whole period. */
  daysInPeriod: number;
}

/**
 * Diary adherence: days logged in the 28 days to the period end / (children active at the end who
 * logged any day in the period × 28). Coverage: those children / children active. Group: those children.
 */
export function diaryAdherence(children: readonly ChildRecord[], use: readonly DiaryUse[], p: Period): Figure {
  const active = activeAtEnd(children, p);
  const byChild = new Map(use.map((u) => [u.childId, u]));
  const users = active.filter((c) => (byChild.get(c.id)?.daysInPeriod ?? 0) > 0);
  const logged = users.reduce((sum, c) => sum + Math.min(28, byChild.get(c.id)!.daysLast28), 0);
  return percent(logged, users.length * 28, users.length, { numerator: users.length, denominator: active.length });
}
