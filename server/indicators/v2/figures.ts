// Every v2 figure of one scope from its rows (pure): the catalogue's order, ids and units.
import { lastDayOfMonth, type IsoDate } from '../../calendar';
import type { WorkingCalendar } from '../../followups/rules/working-days';
import type { ResponseLimits } from '../../referrals/rules/timeliness';
import { schoolAbsence, type SchoolDiary } from './absence';
import { actionPlanCoverage, diaryAdherence, followedUp90, questionnaireWell, techniqueChecked6m, wellControlledByBand } from './control';
import { reportIndex, severeExacerbations, type ReportIndex } from './exacerbations';
import { activeAtEnd, count, underManagement, type Figure, type Period } from './model';
import { dueOutcomes, onTimeOf, overdueAtEnd, type DueOutcome } from './on-time';
import { referralFigures } from './referrals';
import type { CentreRows, DiaryMonth, ReferralRow } from './load';

export type Unit = 'count' | 'percent' | 'per100childYears' | 'per100schoolDays';

/** The v2 indicators, in the order pages and CSV show them. Labels and definitions: web/i18n/dashboard.ts (`ind.<id>`, `ind.<id>.def`). */
export const INDICATORS: readonly { id: string; unit: Unit }[] = [
  { id: 'children_under_management', unit: 'count' },
  { id: 'active_at_end', unit: 'count' },
  { id: 'followed_up_90d', unit: 'percent' },
  { id: 'on_time_follow_ups', unit: 'percent' },
  { id: 'overdue_at_end', unit: 'count' },
  { id: 'well_controlled', unit: 'percent' },
  { id: 'well_controlled_under6', unit: 'percent' },
  { id: 'well_controlled_6to11', unit: 'percent' },
  { id: 'well_controlled_12plus', unit: 'percent' },
  { id: 'questionnaire_well', unit: 'percent' },
  { id: 'severe_exacerbations_per_100_child_years', unit: 'per100childYears' },
  { id: 'children_with_severe_exacerbation', unit: 'percent' },
  { id: 'school_absence_per_100_school_days', unit: 'per100schoolDays' },
  { id: 'action_plan', unit: 'percent' },
  { id: 'inhaler_technique_6m', unit: 'percent' },
  { id: 'diary_adherence_28d', unit: 'percent' },
  { id: 'referral_answered_in_limit_emergency', unit: 'percent' },
  { id: 'referral_answered_in_limit_urgent', unit: 'percent' },
  { id: 'referral_answered_in_limit_routine', unit: 'percent' },
  { id: 'referral_completion', unit: 'percent' },
  { id: 'referral_loop_closure', unit: 'percent' },
  { id: 'referral_did_not_attend', unit: 'percent' },
  { id: 'referral_open_at_end', unit: 'count' },
];
export const REFERRAL_IDS = INDICATORS.filter((i) => i.id.startsWith('referral_')).map((i) => i.id);
export const unitOf = (id: string): Unit => INDICATORS.find((i) => i.id === id)?.unit ?? 'count';

/** The monthly series of the trend charts, each one of the figures above (enrolments apart). */
export const TREND_SERIES = [
  'enrolments',
  'on_time_follow_ups',
  'well_controlled',
  'well_controlled_under6',
  'well_controlled_6to11',
  'well_controlled_12plus',
  'severe_exacerbations_per_100_child_years',
  'school_absence_per_100_school_days',
  'referral_answered_in_limit_emergency',
  'referral_answered_in_limit_urgent',
  'referral_answered_in_limit_routine',
  'referral_loop_closure',
  'referrals_up',
  'referrals_down',
] as const;

export interface Context {
  /** The day the figures are computed (Asia/Shanghai) and the instant. */
  asOf: IsoDate;
  asOfInstant: string;
  calendar: WorkingCalendar;
  limits: ResponseLimits;
}

const inPeriod = (m: DiaryMonth, p: Period) => m.month >= p.from.slice(0, 7) && m.month <= p.to.slice(0, 7);

function diaryFor(rows: CentreRows, p: Period) {
  const months = rows.diary.filter((m) => inPeriod(m, p));
  const byChild = new Map<string, SchoolDiary>();
  for (const m of months) {
    const d = byChild.get(m.childId) ?? byChild.set(m.childId, { childId: m.childId, answered: 0, absent: 0 }).get(m.childId)!;
    d.answered += m.answered;
    d.absent += m.absent;
  }
  const events = months.flatMap((m) => m.eventDates.filter((date) => date >= p.from && date <= p.to).map((date) => ({ childId: m.childId, date })));
  return { school: [...byChild.values()], events, children: new Set(months.map((m) => m.childId)), months };
}

/** End of the period's last day in Shanghai, or now if sooner: what a referral's status is read at. */
const endOf = (p: Period, ctx: Context) => Math.min(Date.parse(`${p.to}T16:00:00.000Z`), Date.parse(ctx.asOfInstant));

export function referralPart(referrals: readonly ReferralRow[], p: Period, ctx: Context): Record<string, Figure> {
  const r = referralFigures(referrals, endOf(p, ctx), ctx.asOfInstant, ctx.limits);
  return {
    referral_answered_in_limit_emergency: r.answeredInLimit.emergency,
    referral_answered_in_limit_urgent: r.answeredInLimit.urgent,
    referral_answered_in_limit_routine: r.answeredInLimit.routine,
    referral_completion: r.completion,
    referral_loop_closure: r.loopClosure,
    referral_did_not_attend: r.didNotAttend,
    referral_open_at_end: r.openAtEnd,
  };
}

/** What a centre's figures share across the period and its months: the follow-up days per child and the due dates' outcomes (they depend on today, not on the period). */
export interface Prepared {
  visits: Map<string, IsoDate[]>;
  outcomes: DueOutcome[];
  reports: ReportIndex;
}

export function prepare(rows: CentreRows, ctx: Context): Prepared {
  const visits = new Map<string, IsoDate[]>();
  for (const f of rows.followUps) (visits.get(f.childId) ?? visits.set(f.childId, []).get(f.childId)!).push(f.date);
  return { visits, outcomes: dueOutcomes(rows.dueChanges, visits, ctx.asOf), reports: reportIndex(rows.followUps) };
}

/** The children's figures of one scope for a period (referral figures: referralPart). */
export function childFigures(rows: CentreRows, p: Period, ctx: Context, prep: Prepared = prepare(rows, ctx)): Record<string, Figure> {
  const diary = diaryFor(rows, p);
  const exac = severeExacerbations(rows.children, rows.followUps, diary.events, diary.children, p, prep.reports);
  const days = new Map<string, number>();
  for (const m of diary.months) days.set(m.childId, (days.get(m.childId) ?? 0) + m.days);
  const use = [...days].map(([childId, daysInPeriod]) => ({ childId, daysInPeriod, daysLast28: rows.diaryLast28.get(childId) ?? 0 }));
  return {
    children_under_management: count(underManagement(rows.children, p).length),
    active_at_end: count(activeAtEnd(rows.children, p).length),
    followed_up_90d: followedUp90(rows.children, rows.followUps, p),
    on_time_follow_ups: onTimeOf(prep.outcomes, p),
    overdue_at_end: overdueAtEnd(rows.children, rows.dueChanges, prep.visits, p),
    ...wellControlledAll(rows, p),
    questionnaire_well: questionnaireWell(rows.children, rows.followUps, p),
    severe_exacerbations_per_100_child_years: exac.perChildYears,
    children_with_severe_exacerbation: exac.childrenWithOne,
    school_absence_per_100_school_days: schoolAbsence(rows.children, diary.school, p, ctx.calendar),
    action_plan: actionPlanCoverage(rows.children, rows.plans, p),
    inhaler_technique_6m: techniqueChecked6m(rows.children, rows.followUps, p),
    diary_adherence_28d: diaryAdherence(rows.children, use, p),
  };
}

function wellControlledAll(rows: CentreRows, p: Period) {
  const w = wellControlledByBand(rows.children, rows.followUps, p);
  return { well_controlled: w.all, well_controlled_under6: w.under6, well_controlled_6to11: w['6to11'], well_controlled_12plus: w['12plus'] };
}

/** The months of the period, each cut to the period; the last is partial when the period ends before the month does. */
export function monthsOf(p: Period): { month: string; period: Period; partial: boolean }[] {
  const out = [];
  for (let m = p.from.slice(0, 7); m <= p.to.slice(0, 7); ) {
    const last = lastDayOfMonth(m);
    out.push({ month: m, period: { from: m === p.from.slice(0, 7) ? p.from : `${m}-01`, to: last < p.to ? last : p.to }, partial: last > p.to || (m === p.from.slice(0, 7) && p.from.slice(8) !== '01') });
    const [y, mo] = m.split('-').map(Number) as [number, number];
    m = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  }
  return out;
}

/** One month's trend points of a scope: only the series the charts draw. */
export function trendPoint(rows: CentreRows, referrals: readonly ReferralRow[], p: Period, ctx: Context, prep: Prepared): Record<string, Figure> {
  const diary = diaryFor(rows, p);
  const exac = severeExacerbations(rows.children, rows.followUps, diary.events, diary.children, p, prep.reports);
  const refs = referralPart(referrals, p, ctx);
  return {
    enrolments: count(rows.children.filter((c) => c.enrolledOn >= p.from && c.enrolledOn <= p.to).length),
    on_time_follow_ups: onTimeOf(prep.outcomes, p),
    ...wellControlledAll(rows, p),
    severe_exacerbations_per_100_child_years: exac.perChildYears,
    school_absence_per_100_school_days: schoolAbsence(rows.children, diary.school, p, ctx.calendar),
    referral_answered_in_limit_emergency: refs.referral_answered_in_limit_emergency!,
    referral_answered_in_limit_urgent: refs.referral_answered_in_limit_urgent!,
    referral_answered_in_limit_routine: refs.referral_answered_in_limit_routine!,
    referral_loop_closure: refs.referral_loop_closure!,
    referrals_up: count(referrals.filter((r) => r.direction === 'up').length),
    referrals_down: count(referrals.filter((r) => r.direction === 'down').length),
  };
}
