import { addDays, ageInYears, compareDates } from '../calendar';
import { nowIso, today } from '../clock';
import type { Actor, Deps, RequestContext } from '../context';
import type { IsoDate } from '../calendar';
import { audit, auditRead } from '../audit/audit';
import { validationFailed } from '../errors';
import { actorOf, scopeKeyOf } from '../auth/actor';
import { newTimeOrderedId } from '../ids';
import { childBriefInScope, childInScope, graceFor } from '../children/service';
import { assertClinicalWriter, visibleChildren } from '../children/scope';
import { refreshSchedule, suggestionsFor } from './clinical-history';
import { dueReasonText } from './due-text';
import { decodeCursor, encodeCursor } from '../http/paging';
import { sql, type Kysely, type Selectable } from 'kysely';
import { prepareInsert, prepareQuery } from '../../db/prepared';
import type { DB, FollowUpTable } from '../../db/schema';
import { offloadableRead, runRead, runReadJson } from '../reads/offload';
import { worklistCacheFor } from './worklist-cache';
import { ginaControlLevel, isOverdue, maxGinaStep, pefReference, pefZone, resolveInstrument, scoreInstrument } from './rules';
import type { FollowUpInput, WorklistQuery } from './schemas';
import { assertMay } from '../auth/policy';

// A follow-up write runs these every time: built once (db/prepared.ts).
const insertFollowUp = prepareInsert('follow_ups', [
  'id',
  'child_id',
  'center_id',
  'date',
  'mode',
  'instrument',
  'answers',
  'score',
  'score_band',
  'gina_q1',
  'gina_q2',
  'gina_q3',
  'gina_q4',
  'gina_level',
  'ocs_courses',
  'ed_visits',
  'admissions',
  'pef',
  'pef_zone',
  'inhaler_technique_ok',
  'adherence_ok',
  'action_plan_given',
  'treatment_changed',
  'gina_step',
  'note',
  'high_risk',
  'next_due_date',
  'next_due_reason',
  'suggestions',
  'created_by',
  'created_at',
]);

/** Logs a follow-up: scores it, reschedules the child and returns what was computed. One transaction. */
export async function logFollowUp(deps: Deps, ctx: RequestContext, childId: string, input: FollowUpInput) {
  const actor = ctx.actor!;
  assertClinicalWriter(actor);
  const todayDate = today(deps.clock);
  const now = nowIso(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    const child = await childInScope(trx, actor, childId);
    if (child.status !== 'active') throw validationFailed([{ path: 'childId', message: 'v.childNotActive' }]);
    if (compareDates(input.date, todayDate) > 0) throw validationFailed([{ path: 'date', message: 'v.futureDate' }]);
    if (compareDates(input.date, child.birth_date) < 0) throw validationFailed([{ path: 'date', message: 'v.date' }]);
    const age = ageInYears(child.birth_date, input.date);
    if (input.ginaStep !== undefined && input.ginaStep > maxGinaStep(age)) throw validationFailed([{ path: 'ginaStep', message: 'v.ginaStepUnder6' }]);
    const instrument = resolveInstrument(age, input.instrument);
    const scored = scoreInstrument(instrument, input.answers);
    const ginaLevel = ginaControlLevel(input.gina);
    const reference = pefReference({ personalBest: child.personal_best_pef, sex: child.sex, heightCm: child.height_cm, ageYears: age });
    const zone = input.pef !== undefined && reference.value !== null ? pefZone(input.pef, reference.value) : null;
    const exacerbations = input.exacerbations ?? { ocsCourses: 0, edVisits: 0, admissions: 0 };
    const id = newTimeOrderedId();
    const bool = (v: boolean | undefined) => (v === undefined ? null : v ? 1 : 0);
    const row = {
      id,
      child_id: childId,
      center_id: actor.centerId ?? child.center_id,
      date: input.date,
      mode: input.mode,
      instrument,
      answers: JSON.stringify(input.answers),
      score: scored.score,
      score_band: scored.scoreBand,
      gina_q1: input.gina.q1 ? 1 : 0,
      gina_q2: input.gina.q2 ? 1 : 0,
      gina_q3: input.gina.q3 ? 1 : 0,
      gina_q4: input.gina.q4 ? 1 : 0,
      gina_level: ginaLevel,
      ocs_courses: exacerbations.ocsCourses,
      ed_visits: exacerbations.edVisits,
      admissions: exacerbations.admissions,
      pef: input.pef ?? null,
      pef_zone: zone,
      inhaler_technique_ok: bool(input.inhalerTechniqueOk),
      adherence_ok: bool(input.adherenceOk),
      action_plan_given: bool(input.actionPlanGiven),
      treatment_changed: input.treatmentChanged ? 1 : 0,
      gina_step: input.ginaStep ?? null,
      note: input.note ?? null,
      created_by: actor.id,
      created_at: now,
    } as const;
    // The schedule is computed with this follow-up placed in the history first, so its own row is
    // written once, complete (an insert and then an update of it cost ~25 µs more a write).
    const { due, highRisk, history } = await refreshSchedule(trx, childId, todayDate, now, { child, adding: row });
    const suggestions = suggestionsFor(history, todayDate);
    await insertFollowUp(trx, { ...row, high_risk: highRisk ? 1 : 0, next_due_date: due?.date ?? null, next_due_reason: due?.reason ?? null, suggestions: JSON.stringify(suggestions) });
    await audit(trx, deps.clock, ctx, { action: 'create', entity: 'follow_up', entityId: id });
    const flags: string[] = [];
    if (highRisk) flags.push('highRisk');
    if (suggestions.stepUpSuggested) flags.push('stepUpSuggested');
    if (suggestions.checkTechniqueFirst) flags.push('checkTechniqueFirst');
    if (suggestions.stepDownEligible) flags.push('stepDownEligible');
    if (suggestions.referralSuggested) flags.push('referralSuggested');
    return {
      id,
      childId,
      instrument,
      score: scored.score,
      scoreBand: scored.scoreBand,
      ginaLevel,
      pefZone: zone,
      pefBasis: reference.basis,
      nextDue: due ? { date: due.date, reason: due.reason } : null,
      flags,
      referralCriteria: suggestions.referralCriteria,
    };
  });
}

const followUpsOf = prepareQuery((db, childId: string) => db.selectFrom('follow_ups').selectAll().where('child_id', '=', childId).orderBy('date', 'desc').orderBy('created_at', 'desc').orderBy('id', 'desc'));
// A page: newest first, after the (date, created_at, id) of the previous page's last follow-up.
const followUpPage = prepareQuery((db, childId: string, date: string, createdAt: string, id: string, limit: number) =>
  db.selectFrom('follow_ups').selectAll().where('child_id', '=', childId).where(sql<boolean>`(date, created_at, id) < (${date}, ${createdAt}, ${id})`).orderBy('date', 'desc').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit),
);
// Greater than any stored (date, created_at, id): the first page.
const NEWEST = '\uffff';

/**
 * A child's follow-ups, newest first: all of them (the pages), or one page of `limit` after
 * `cursor` (the API, docs/api.md lists).
 */
/** The child's latest follow-up recorded for this date (the one an action plan is most likely given at), or null. */
export async function followUpOn(deps: Deps, ctx: RequestContext, childId: string, date: IsoDate): Promise<string | null> {
  const child = await childInScope(deps.db, actorOf(ctx), childId);
  const row = await deps.db.selectFrom('follow_ups').select('id').where('child_id', '=', child.id).where('date', '=', date).orderBy('created_at', 'desc').executeTakeFirst();
  return row?.id ?? null;
}

export async function listFollowUps(deps: Deps, ctx: RequestContext, childId: string): Promise<FollowUpItem[]>;
export async function listFollowUps(deps: Deps, ctx: RequestContext, childId: string, page: { limit: number; cursor?: string }): Promise<{ items: FollowUpItem[]; nextCursor: string | null }>;
export async function listFollowUps(deps: Deps, ctx: RequestContext, childId: string, page: { limit: number; cursor?: string }, json: 'json'): Promise<string>;
export async function listFollowUps(deps: Deps, ctx: RequestContext, childId: string, page?: { limit: number; cursor?: string }, json?: 'json') {
  if (json && page) {
    const body = await runReadJson(deps, readFollowUps, ctx.actor!, childId, page);
    await auditRead(deps.db, deps.clock, ctx, { action: 'read', entity: 'follow_up', entityId: childId });
    return body;
  }
  const listed = await runRead(deps, readFollowUps, ctx.actor!, childId, page ?? null);
  await auditRead(deps.db, deps.clock, ctx, { action: 'read', entity: 'follow_up', entityId: childId });
  return page ? listed : listed.items;
}

const readFollowUps = offloadableRead('followUps', async (db: Kysely<DB>, actor: Actor, childId: string, page: { limit: number; cursor?: string } | null) => {
  let after: [string, string, string] = [NEWEST, NEWEST, NEWEST];
  if (page?.cursor) {
    const parts = decodeCursor(page.cursor);
    if (!parts || parts.length !== 3 || !parts.every((p) => typeof p === 'string')) throw validationFailed([{ path: 'cursor', message: 'v.cursor' }]);
    after = parts as [string, string, string];
  }
  await childBriefInScope(db, actor, childId);
  const rows = page ? await followUpPage(db, childId, ...after, page.limit + 1) : await followUpsOf(db, childId);
  if (!page) return { items: rows.map(followUpItem), nextCursor: null };
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return { items: items.map(followUpItem), nextCursor: rows.length > page.limit && last ? encodeCursor([last.date, last.created_at, last.id]) : null };
});

export type FollowUpItem = ReturnType<typeof followUpItem>;

function followUpItem(f: Selectable<FollowUpTable>) {
  return {
    id: f.id,
    date: f.date,
    mode: f.mode,
    centerId: f.center_id,
    instrument: f.instrument,
    answers: f.answers ? (JSON.parse(f.answers) as number[]) : [],
    score: f.score,
    scoreBand: f.score_band,
    gina: { q1: f.gina_q1 === 1, q2: f.gina_q2 === 1, q3: f.gina_q3 === 1, q4: f.gina_q4 === 1 },
    ginaLevel: f.gina_level,
    exacerbations: { ocsCourses: f.ocs_courses, edVisits: f.ed_visits, admissions: f.admissions },
    pef: f.pef,
    pefZone: f.pef_zone,
    inhalerTechniqueOk: f.inhaler_technique_ok === null ? null : f.inhaler_technique_ok === 1,
    adherenceOk: f.adherence_ok === null ? null : f.adherence_ok === 1,
    actionPlanGiven: f.action_plan_given === null ? null : f.action_plan_given === 1,
    treatmentChanged: f.treatment_changed === 1,
    ginaStep: f.gina_step,
    note: f.note,
    highRisk: f.high_risk === 1,
    nextDue: f.next_due_date ? { date: f.next_due_date, reason: f.next_due_reason } : null,
    suggestions: JSON.parse(f.suggestions),
  };
}

/**
 * A centre's children due within `within` days or overdue, oldest due first, with why and open alerts.
 * Computed once per change to the centre's data (worklist-cache.ts); every read is audited.
 */
export async function worklist(deps: Deps, ctx: RequestContext, query: WorklistQuery) {
  const actor = ctx.actor!;
  assertMay(actor, 'worklist.read');
  const centerId = actor.role === 'clinician' ? actor.centerId! : query.centerId;
  if (!centerId) throw validationFailed([{ path: 'centerId', message: 'v.required' }]);
  const todayDate = today(deps.clock);
  // The key holds every variable the answer depends on (worklistKey); the centre's version covers the data.
  const cache = worklistCacheFor<WorklistPage>(deps.db);
  const key = worklistKey(actor, centerId, todayDate, query);
  const version = await cache.version(centerId);
  const page = await cache.getOrCompute(key, version, () => computeWorklist(deps, actor, centerId, todayDate, query));
  await auditRead(deps.db, deps.clock, ctx, { action: 'worklist', entity: 'child', entityId: null });
  return { centerId, today: todayDate, items: page.items, nextCursor: page.nextCursor };
}

/** Every variable the page depends on but the centre's data: the caller's scope, the centre, the day and the query. */
export const worklistKey = (actor: Actor, centerId: string, todayDate: IsoDate, query: WorklistQuery): string => [scopeKeyOf(actor), centerId, todayDate, query.within, query.filter ?? '', query.limit, query.cursor ?? ''].join('|');

type WorklistPage = Awaited<ReturnType<typeof computeWorklist>>;
export type WorklistItem = WorklistPage['items'][number];

/** The sort key (due date, name, id), no due date first: children with only an open alert. */
const worklistOrder = sql<string>`coalesce(next_due_date, '')`;

async function computeWorklist(deps: Deps, actor: Actor, centerId: string, todayDate: IsoDate, query: WorklistQuery) {
  let q = deps.db
    .selectFrom('children')
    .select(['id', 'name', 'birth_date', 'guardian_phone', 'next_due_date', 'next_due_reason', 'next_due_detail', 'next_due_grace', 'latest_gina_level', 'high_risk'])
    .where('center_id', '=', centerId)
    .where('status', '=', 'active')
    .where(visibleChildren(actor))
    .where((eb) => eb.or([eb('next_due_date', '<=', addDays(todayDate, query.within)), eb('id', 'in', eb.selectFrom('clinical_alerts').select('child_id').where('center_id', '=', centerId).where('acknowledged_at', 'is', null))]));
  if (query.filter === 'uncontrolled') q = q.where('latest_gina_level', '=', 'uncontrolled');
  if (query.filter === 'high_risk') q = q.where('high_risk', '=', 1);
  const after = decodeCursor(query.cursor);
  if (query.cursor && (!after || after.length !== 3 || !after.every((p) => typeof p === 'string'))) {
    throw validationFailed([{ path: 'cursor', message: 'v.cursor' }]);
  }
  if (after) q = q.where(sql<boolean>`(${worklistOrder}, name, id) > (${after[0]}, ${after[1]}, ${after[2]})`);
  const fetched = await q
    .orderBy(worklistOrder)
    .orderBy('name')
    .orderBy('id')
    .limit(query.limit + 1)
    .execute();
  const rows = fetched.slice(0, query.limit);
  const last = rows.at(-1);
  const nextCursor = fetched.length > query.limit && last ? encodeCursor([last.next_due_date ?? '', last.name, last.id]) : null;
  const alerts = rows.length
    ? await deps.db
        .selectFrom('clinical_alerts')
        .select(['id', 'child_id', 'kind', 'level', 'source_date'])
        .where('center_id', '=', centerId)
        .where('acknowledged_at', 'is', null)
        .where(
          'child_id',
          'in',
          rows.map((r) => r.id),
        )
        .execute()
    : [];
  const lang = 'en' as const;
  const alertsOf = new Map<string, typeof alerts>();
  for (const a of alerts) alertsOf.set(a.child_id, [...(alertsOf.get(a.child_id) ?? []), a]);
  let items = rows.map((r) => {
    const graceDays = graceFor(r.next_due_reason, r.next_due_grace);
    const overdue = r.next_due_date ? isOverdue(r.next_due_date, graceDays, todayDate) : false;
    return {
      childId: r.id,
      name: r.name,
      age: ageInYears(r.birth_date, todayDate),
      guardianPhone: r.guardian_phone,
      dueDate: r.next_due_date,
      reason: r.next_due_reason,
      reasonDetail: r.next_due_detail ? JSON.parse(r.next_due_detail) : null,
      reasonText: { zh: dueReasonText(r.next_due_detail, 'zh'), en: dueReasonText(r.next_due_detail, lang) },
      overdue,
      /** Days after the due date before it counts as overdue (the rule's grace for this reason). */
      graceDays: r.next_due_date ? graceDays : null,
      lastControlLevel: r.latest_gina_level,
      highRisk: r.high_risk === 1,
      alerts: (alertsOf.get(r.id) ?? []).map((a) => ({ id: a.id, kind: a.kind, level: a.level, date: a.source_date })),
    };
  });
  // Filtered after the page is read, so an 'overdue' page may be short; nextCursor still says whether more follow.
  if (query.filter === 'overdue') items = items.filter((i) => i.overdue);
  return { items, nextCursor };
}
