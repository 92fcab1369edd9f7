// Loads what the pure rules need about one child, and writes back the derived schedule fields.
import { sql, type Kysely } from 'kysely';
import type { Bool, ChildStatus, ChildTable, DB, GinaLevel } from '../../db/schema';
import { prepareQuery } from '../../db/prepared';
import { shanghaiDate, type IsoDate } from '../calendar';
import {
  exacerbationsInLast12Months,
  isHighRisk,
  nextDue,
  referralSuggested,
  stepDownEligible,
  stepUpPrompt,
  type AssessedFollowUp,
  type NextDue,
  type PromptReviewEvent,
  type PromptReviewKind,
  type RiskHistory,
  type WorkingCalendar,
} from './rules';

export interface ClinicalHistory {
  followUps: AssessedFollowUp[];
  events: PromptReviewEvent[];
  /** What the family reported at enrolment (8.8); null when it was not taken. */
  risk: RiskHistory | null;
}

/** The child's most recent follow-up as the child page shows it (read with the history). */
export interface LatestAssessment {
  date: IsoDate;
  instrument: string | null;
  score: number | null;
  scoreBand: string | null;
  ginaLevel: GinaLevel;
}

export interface Suggestions {
  stepUpSuggested: boolean;
  /** Control calls for more, but technique and adherence were not both checked and fine (8.9). */
  checkTechniqueFirst: boolean;
  stepDownEligible: boolean;
  referralSuggested: boolean;
  referralCriteria: string[];
}

const PROMPT_KINDS: readonly string[] = ['red_zone', 'ed_visit', 'admission', 'ocs_started'];

// Every follow-up and diary write that reschedules a child runs these: built once (db/prepared.ts).
const historyRows = prepareQuery((db, childId: string) =>
  db
    .selectFrom('follow_ups')
    .select(['date', 'gina_level', 'treatment_changed', 'ocs_courses', 'ed_visits', 'admissions', 'inhaler_technique_ok', 'adherence_ok', 'instrument', 'score', 'score_band', 'created_at', 'id'])
    .where('child_id', '=', childId)
    .orderBy('date')
    .orderBy('created_at')
    .orderBy('id'),
);
// 'urgent' and 'down' are written into the SQL, not bound: the partial indexes (migration 0020)
// are chosen for literals; for a bound value SQLite would prepare the statement again at each run.
const urgentAlerts = prepareQuery((db, childId: string) => db.selectFrom('clinical_alerts').select(['kind', 'source_date']).where('child_id', '=', childId).where('level', '=', sql.lit<'urgent'>('urgent')));
const acceptedDownReferrals = prepareQuery((db, childId: string) => db.selectFrom('referrals').select('accepted_at').where('child_id', '=', childId).where('direction', '=', sql.lit<'down'>('down')).where('accepted_at', 'is not', null));
const childEvents = prepareQuery((db, childId: string) => db.selectFrom('child_events').select(['kind', 'date']).where('child_id', '=', childId));
/** The child's risk-history columns: callers that already hold the child row pass it instead of a read. */
export type RiskColumns = Pick<ChildTable, 'risk_ocs_courses_12m' | 'risk_ed_visits_12m' | 'risk_admissions_12m' | 'risk_ever_icu' | 'risk_recorded_on'>;
const childRisk = prepareQuery((db, childId: string) => db.selectFrom('children').select(['risk_ocs_courses_12m', 'risk_ed_visits_12m', 'risk_admissions_12m', 'risk_ever_icu', 'risk_recorded_on']).where('id', '=', childId));

const riskHistoryOf = (r: RiskColumns | undefined): RiskHistory | null =>
  r?.risk_recorded_on ? { ocsCourses12m: r.risk_ocs_courses_12m ?? 0, edVisits12m: r.risk_ed_visits_12m ?? 0, admissions12m: r.risk_admissions_12m ?? 0, everIcuOrIntubated: r.risk_ever_icu === 1, recordedOn: r.risk_recorded_on } : null;
const EVENT_KIND = { ed: 'ed_visit', admitted: 'admission', discharged: 'discharged' } as const;
const childStatus = prepareQuery((db, childId: string) => db.selectFrom('children').select(['status', 'enrolled_on']).where('id', '=', childId));
const setChildSchedule = prepareQuery(
  (db, dueDate: string | null, dueReason: string | null, dueDetail: string | null, dueGrace: number | null, latestLevel: GinaLevel | null, latestDate: string | null, highRisk: Bool, now: string, childId: string) =>
    db
      .updateTable('children')
      .set({ next_due_date: dueDate, next_due_reason: dueReason, next_due_detail: dueDetail, next_due_grace: dueGrace, latest_gina_level: latestLevel, latest_follow_up_date: latestDate, high_risk: highRisk, updated_at: now })
      .where('id', '=', childId),
);

/** A follow-up as the history reads it (with the stored order's keys: date, created_at, id). */
export type HistoryRow = Awaited<ReturnType<typeof historyRows>>[number];

const storedOrder = (a: HistoryRow, b: HistoryRow) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.created_at !== b.created_at ? (a.created_at < b.created_at ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The history, and the latest follow-up from the same read (the last row: oldest first). adding: a
 * follow-up this transaction is about to store, placed where the stored order will put it (ids and
 * times compare as SQLite compares their ASCII text), so what is computed can go into its own row.
 */
export async function loadClinicalHistory(db: Kysely<DB>, childId: string, adding?: HistoryRow, riskRow?: RiskColumns): Promise<ClinicalHistory & { latest: LatestAssessment | null }> {
  const rows = await historyRows(db, childId);
  if (adding) {
    const at = rows.findIndex((r) => storedOrder(r, adding) > 0);
    rows.splice(at < 0 ? rows.length : at, 0, adding);
  }
  const last = rows.at(-1);
  const latest = last ? { date: last.date, instrument: last.instrument, score: last.score, scoreBand: last.score_band, ginaLevel: last.gina_level } : null;
  const followUps: AssessedFollowUp[] = rows.map((r) => ({
    date: r.date,
    ginaLevel: r.gina_level,
    treatmentChanged: r.treatment_changed === 1,
    exacerbations: { ocsCourses: r.ocs_courses, edVisits: r.ed_visits, admissions: r.admissions },
    inhalerTechniqueOk: r.inhaler_technique_ok === null ? null : r.inhaler_technique_ok === 1,
    adherenceOk: r.adherence_ok === null ? null : r.adherence_ok === 1,
  }));
  const alerts = await urgentAlerts(db, childId);
  const events: PromptReviewEvent[] = alerts.filter((a) => PROMPT_KINDS.includes(a.kind)).map((a) => ({ date: a.source_date, kind: a.kind as PromptReviewKind }));
  // A child handed back by the hospital is reviewed at the centre within 7 days (docs/referrals.md).
  const handedBack = await acceptedDownReferrals(db, childId);
  for (const r of handedBack) events.push({ date: shanghaiDate(new Date(r.accepted_at!)), kind: 'downward_referral_accepted' });
  // Hospital notices a clinician recorded (POST /children/:id/events): reviewed within 2 working days.
  for (const e of await childEvents(db, childId)) events.push({ date: e.date, kind: EVENT_KIND[e.kind] });
  const risk = riskHistoryOf(riskRow ?? (await childRisk(db, childId))[0]);
  return { followUps, events, risk, latest };
}

const HOSPITAL_EVENT_KINDS: readonly string[] = ['ed_visit', 'admission', 'discharged'];

/** The admin's holiday calendar, read only when a hospital event needs working days. */
export async function workingCalendarFor(db: Kysely<DB>, events: readonly PromptReviewEvent[]): Promise<WorkingCalendar | undefined> {
  if (!events.some((e) => HOSPITAL_EVENT_KINDS.includes(e.kind))) return undefined;
  const from = events.reduce((min, e) => (e.date < min ? e.date : min), events[0]!.date);
  const rows = await db.selectFrom('calendar_days').select(['date', 'kind']).where('date', '>=', from).execute();
  return { holidays: new Set(rows.filter((r) => r.kind === 'holiday').map((r) => r.date)), workdays: new Set(rows.filter((r) => r.kind === 'workday').map((r) => r.date)) };
}

export function suggestionsFor(history: ClinicalHistory, today: IsoDate): Suggestions {
  const stepUp = stepUpPrompt(history.followUps);
  const referral = referralSuggested({ followUps: history.followUps, events: history.events, today, riskHistory: history.risk });
  return {
    stepUpSuggested: stepUp === 'stepUpSuggested',
    checkTechniqueFirst: stepUp === 'checkTechniqueFirst',
    stepDownEligible: stepDownEligible(history.followUps, history.events),
    referralSuggested: referral.suggested,
    referralCriteria: referral.criteria,
  };
}

/**
 * Recomputes and stores the child's next due date, latest level and risk flag (same transaction as
 * the change). known: the child's status and enrolment as the caller read them in this transaction,
 * and a follow-up it is about to store (loadClinicalHistory).
 */
export async function refreshSchedule(
  db: Kysely<DB>,
  childId: string,
  today: IsoDate,
  now: string,
  known?: { child: { status: ChildStatus; enrolled_on: string } & RiskColumns; adding?: HistoryRow },
): Promise<{ due: NextDue | null; highRisk: boolean; history: ClinicalHistory }> {
  const [child] = known ? [known.child] : await childStatus(db, childId);
  if (!child) throw new Error(`no child ${childId}`);
  const history = await loadClinicalHistory(db, childId, known?.adding, known?.child);
  const calendar = await workingCalendarFor(db, history.events);
  const due = nextDue({ status: child.status, enrolmentDate: child.enrolled_on, followUps: history.followUps, events: history.events, today, calendar });
  const latest = history.followUps.at(-1);
  // From enrolment on: the risk history and diary events count before the first follow-up too.
  const highRisk = isHighRisk({
    ginaLevel: latest?.ginaLevel ?? null,
    exacerbationsLast12Months: exacerbationsInLast12Months(history.followUps, history.events, today, history.risk),
    everIntensiveCare: history.risk?.everIcuOrIntubated === true,
  });
  await setChildSchedule(db, due?.date ?? null, due?.reason ?? null, due ? JSON.stringify(due.detail) : null, due?.graceDays ?? null, latest?.ginaLevel ?? null, latest?.date ?? null, highRisk ? 1 : 0, now, childId);
  return { due, highRisk, history };
}
