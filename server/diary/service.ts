import type { Kysely } from 'kysely';
import type { ClinicalAlertTable, DB, DiaryEntryTable } from '../../db/schema';
import { prepareInsert, prepareQuery, prepareUpdateById } from '../../db/prepared';
import { addDays, ageInYears } from '../calendar';
import { nowIso, today } from '../clock';
import type { Actor, Deps, RequestContext } from '../context';
import { offloadableRead, runRead, runReadJson } from '../reads/offload';
import { audit, auditRead } from '../audit/audit';
import { notFound, validationFailed } from '../errors';
import { newTimeOrderedId } from '../ids';
import { childBriefInScope, childInScope, guardianSight } from '../children/service';
import { refreshSchedule } from '../followups/clinical-history';
import { checkDiaryDate, diaryAlerts, diaryDayZone, ginaFromDiary, pefReference, type DiaryEntry, type PefBasis } from '../followups/rules';
import { afterAlertText, emergencyText } from './safety';
import type { DiaryEntryInput } from './schemas';
import { assertMay } from '../auth/policy';

const b = (v: boolean | undefined) => (v === undefined ? null : v ? 1 : 0);
const fromB = (v: 0 | 1 | null) => (v === null ? null : v === 1);

export function diaryView(e: DiaryEntryTable) {
  return {
    id: e.id,
    childId: e.child_id,
    date: e.date,
    daytimeSymptoms: e.daytime_symptoms,
    symptomsOverFewMinutes: fromB(e.symptoms_over_few_minutes),
    nightWaking: e.night_waking === 1,
    nightCough: e.night_cough === 1,
    activityLimited: e.activity_limited === 1,
    relieverUses: e.reliever_uses,
    controllerTakenAm: fromB(e.controller_taken_am),
    controllerTakenPm: fromB(e.controller_taken_pm),
    pefAm: e.pef_am,
    pefPm: e.pef_pm,
    pefZone: e.pef_zone,
    triggers: JSON.parse(e.triggers) as string[],
    schoolAbsence: fromB(e.school_absence),
    unscheduledCare: e.unscheduled_care,
    ocsStarted: fromB(e.ocs_started),
    dangerSigns: JSON.parse(e.danger_signs) as string[],
    symptomZone: e.symptom_zone,
    zone: e.day_zone ?? e.pef_zone,
    note: e.note,
    clientId: e.client_id,
    updatedAt: e.updated_at,
  };
}

/** A saved day as the parent's phone shows it: the zone's basis, the emergency text, what happens next. */
function dayAnswer(row: DiaryEntryTable, basis: PefBasis | null, alerts: { level: string }[], yellowActions: string | null) {
  const view = diaryView(row);
  return {
    ...view,
    pefBasis: basis,
    ...(view.dangerSigns.length > 0 ? { emergency: emergencyText() } : {}),
    parentMessage: afterAlertText(alerts as { level: 'urgent' | 'nurse' }[], yellowActions),
  };
}

// What the diary rules read of a day (the ±7 days around a write are read for them alone).
const RULE_COLUMNS = ['date', 'daytime_symptoms', 'symptoms_over_few_minutes', 'night_waking', 'night_cough', 'activity_limited', 'reliever_uses', 'pef_am', 'pef_pm', 'unscheduled_care', 'ocs_started', 'danger_signs'] as const;
const asRuleEntry = (e: Pick<DiaryEntryTable, (typeof RULE_COLUMNS)[number]>): DiaryEntry => ({
  date: e.date,
  daytimeSymptoms: e.daytime_symptoms,
  symptomsOverFewMinutes: fromB(e.symptoms_over_few_minutes),
  nightWaking: e.night_waking === 1,
  nightCough: e.night_cough === 1,
  activityLimited: e.activity_limited === 1,
  relieverUses: e.reliever_uses,
  pefAm: e.pef_am,
  pefPm: e.pef_pm,
  unscheduledCare: e.unscheduled_care,
  ocsStarted: fromB(e.ocs_started),
  dangerSigns: JSON.parse(e.danger_signs) as string[],
});

// Every diary write runs these: built once (db/prepared.ts).
const diaryDay = prepareQuery((db, childId: string, date: string) => db.selectFrom('diary_entries').selectAll().where('child_id', '=', childId).where('date', '=', date));
const diaryAround = prepareQuery((db, childId: string, from: string, to: string, except: string) =>
  db.selectFrom('diary_entries').select(RULE_COLUMNS).where('child_id', '=', childId).where('date', '>=', from).where('date', '<=', to).where('date', '!=', except),
);
const diaryRange = prepareQuery((db, childId: string, from: string, to: string) => db.selectFrom('diary_entries').selectAll().where('child_id', '=', childId).where('date', '>=', from).where('date', '<=', to).orderBy('date'));
const insertDiaryEntry = prepareInsert('diary_entries', [
  'id',
  'child_id',
  'date',
  'daytime_symptoms',
  'symptoms_over_few_minutes',
  'night_waking',
  'night_cough',
  'activity_limited',
  'reliever_uses',
  'controller_taken_am',
  'controller_taken_pm',
  'pef_am',
  'pef_pm',
  'pef_zone',
  'triggers',
  'school_absence',
  'unscheduled_care',
  'ocs_started',
  'note',
  'client_id',
  'created_by',
  'created_at',
  'updated_at',
  'danger_signs',
  'symptom_zone',
  'day_zone',
]);

const updateDiaryEntry = prepareUpdateById('diary_entries', [
  'child_id',
  'date',
  'daytime_symptoms',
  'symptoms_over_few_minutes',
  'night_waking',
  'night_cough',
  'activity_limited',
  'reliever_uses',
  'controller_taken_am',
  'controller_taken_pm',
  'pef_am',
  'pef_pm',
  'pef_zone',
  'triggers',
  'school_absence',
  'unscheduled_care',
  'ocs_started',
  'note',
  'client_id',
  'created_by',
  'created_at',
  'updated_at',
  'danger_signs',
  'symptom_zone',
  'day_zone',
]);
const insertRevision = prepareInsert('diary_revisions', ['diary_entry_id', 'child_id', 'date', 'previous', 'replaced_at', 'replaced_by']);
const insertAlert = prepareQuery((db, id: string, childId: string, centerId: string, kind: string, level: ClinicalAlertTable['level'], sourceDate: string, createdAt: string) =>
  db
    .insertInto('clinical_alerts')
    .values({ id, child_id: childId, center_id: centerId, kind, level, source_date: sourceDate, created_at: createdAt, acknowledged_at: null, acknowledged_by: null })
    .onConflict((oc) => oc.columns(['child_id', 'kind', 'source_date']).doNothing()),
);

/**
 * Saves a child's diary day (a second entry for the date replaces the first; the old version is kept).
 * Raises alerts for the child's centre and, for an urgent one, brings the next review forward (R4).
 */
export async function saveDiaryEntry(deps: Deps, ctx: RequestContext, childId: string, date: string, input: DiaryEntryInput) {
  const actor = ctx.actor!;
  assertMay(actor, 'diary.keep');
  const todayDate = today(deps.clock);
  const now = nowIso(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    const child = await childInScope(trx, actor, childId);
    if (child.status !== 'active') throw validationFailed([{ path: 'childId', message: 'v.childNotActive' }]);
    checkDiaryDate(date, todayDate);
    const [existing] = await diaryDay(trx, childId, date);
    // An offline replay of the same entry (same client id) changes nothing and answers the same.
    if (existing && input.clientId && existing.client_id === input.clientId) {
      const basis = pefReferenceOf(child, date).basis;
      return { ...dayAnswer(existing, basis, [], null), alerts: [] as { kind: string; level: string }[], replayed: true };
    }
    const reference = pefReferenceOf(child, date);
    const dangerSigns = [...new Set(input.dangerSigns ?? [])];
    const zones = diaryDayZone({ ...input, dangerSigns }, reference.value);
    const row: DiaryEntryTable = {
      id: existing?.id ?? newTimeOrderedId(),
      child_id: childId,
      date,
      daytime_symptoms: input.daytimeSymptoms,
      symptoms_over_few_minutes: b(input.symptomsOverFewMinutes),
      night_waking: input.nightWaking ? 1 : 0,
      night_cough: input.nightCough ? 1 : 0,
      activity_limited: input.activityLimited ? 1 : 0,
      reliever_uses: input.relieverUses,
      controller_taken_am: b(input.controllerTakenAm),
      controller_taken_pm: b(input.controllerTakenPm),
      pef_am: input.pefAm ?? null,
      pef_pm: input.pefPm ?? null,
      pef_zone: zones.pefZone,
      triggers: JSON.stringify([...new Set(input.triggers ?? [])]),
      school_absence: b(input.schoolAbsence),
      unscheduled_care: input.unscheduledCare ?? 'none',
      ocs_started: b(input.ocsStarted),
      // A parent who cannot see another guardian's note (not sharing) must not erase it by saving.
      note: input.note ?? (existing && (await noteHiddenFrom(trx, actor, childId, existing.created_by)) ? existing.note : null),
      client_id: input.clientId ?? null,
      created_by: existing?.created_by ?? actor.id,
      created_at: existing?.created_at ?? now,
      updated_at: now,
      danger_signs: JSON.stringify(dangerSigns),
      symptom_zone: zones.symptomZone,
      day_zone: zones.zone,
    };
    if (existing) {
      await insertRevision(trx, { diary_entry_id: existing.id, child_id: childId, date, previous: JSON.stringify(existing), replaced_at: now, replaced_by: actor.id });
      const { id: _id, ...changes } = row;
      await updateDiaryEntry(trx, existing.id, changes);
    } else {
      await insertDiaryEntry(trx, row);
    }
    const recent = await diaryAround(trx, childId, addDays(date, -7), addDays(date, 7), date);
    const alerts = diaryAlerts(asRuleEntry(row), recent.map(asRuleEntry), reference.value);
    for (const alert of alerts) {
      // Time-ordered: a new alert's id goes at the end of the primary-key index, not on a random page.
      await insertAlert(trx, newTimeOrderedId(), childId, child.center_id, alert.kind, alert.level, date, now);
    }
    if (alerts.some((a) => a.level === 'urgent')) await refreshSchedule(trx, childId, todayDate, now);
    await audit(trx, deps.clock, ctx, { action: existing ? 'replace' : 'create', entity: 'diary_entry', entityId: row.id });
    const yellowActions = alerts.length > 0 && alerts.every((a) => a.level === 'nurse') ? await yellowZoneActions(trx, childId) : null;
    return { ...dayAnswer(row, reference.basis, alerts, yellowActions), alerts, replayed: false };
  });
}

const pefReferenceOf = (child: { birth_date: string; personal_best_pef: number | null; sex: 'M' | 'F'; height_cm: number | null }, date: string) =>
  pefReference({ personalBest: child.personal_best_pef, sex: child.sex, heightCm: child.height_cm, ageYears: ageInYears(child.birth_date, date) });

async function noteHiddenFrom(db: Kysely<DB>, actor: Actor, childId: string, author: string): Promise<boolean> {
  return (await guardianSight(db, actor, childId)).hiddenAuthors.includes(author);
}

/** What the latest action plan's yellow zone tells the family to do, if it says anything. */
async function yellowZoneActions(db: Kysely<DB>, childId: string): Promise<string | null> {
  const plan = await db.selectFrom('action_plans').select('plan').where('child_id', '=', childId).orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (!plan) return null;
  const actions = (JSON.parse(plan.plan) as { zones?: { yellow?: { actions?: string } } }).zones?.yellow?.actions?.trim();
  return actions ? actions : null;
}

/** A child's diary days from..to (default the last 28 days), with the GINA answers they give (as JSON text: `json`). Audited as a read. */
export async function listDiary(deps: Deps, ctx: RequestContext, childId: string, from?: string, to?: string): Promise<DiaryList>;
export async function listDiary(deps: Deps, ctx: RequestContext, childId: string, from: string | undefined, to: string | undefined, json: 'json'): Promise<string>;
export async function listDiary(deps: Deps, ctx: RequestContext, childId: string, from?: string, to?: string, json?: 'json') {
  const args = [ctx.actor!, childId, from ?? null, to ?? null, today(deps.clock)] as const;
  const listed = json ? await runReadJson(deps, readDiary, ...args) : await runRead(deps, readDiary, ...args);
  await auditRead(deps.db, deps.clock, ctx, { action: 'read', entity: 'diary_entry', entityId: childId });
  return listed;
}

export type DiaryList = Awaited<ReturnType<typeof readDiary>>;

const readDiary = offloadableRead('diary', async (db: Kysely<DB>, actor: Actor, childId: string, from: string | null, to: string | null, todayDate: string) => {
  const child = await childBriefInScope(db, actor, childId);
  const end = to ?? todayDate;
  const start = from ?? addDays(end, -27);
  if (start > end) throw validationFailed([{ path: 'from', message: 'v.date' }]);
  const rows = await diaryRange(db, childId, start, end);
  // Another guardian's notes are theirs unless the clinician marked the guardians as sharing.
  const { hiddenAuthors } = await guardianSight(db, actor, childId);
  const items = rows.map((r) => (hiddenAuthors.includes(r.created_by) ? { ...diaryView(r), note: null } : diaryView(r)));
  // Diary-derived GINA answers need 21 of the last 28 days logged (docs/clinical-rules.md).
  const derived = ginaFromDiary(rows.map(asRuleEntry), ageInYears(child.birth_date, todayDate), todayDate);
  return { from: start, to: end, items, derivedGina: derived };
});

/** Marks every open alert of one kind for a child as handled (the worklist shows each kind once). */
export async function acknowledgeAlertsOfKind(deps: Deps, ctx: RequestContext, childId: string, kind: string): Promise<number> {
  const actor = ctx.actor!;
  assertMay(actor, 'children.manage');
  return deps.db.transaction().execute(async (trx) => {
    const child = await childInScope(trx, actor, childId);
    if (actor.role === 'clinician' && child.center_id !== actor.centerId) throw notFound();
    const open = await trx.selectFrom('clinical_alerts').select('id').where('child_id', '=', childId).where('kind', '=', kind).where('acknowledged_at', 'is', null).execute();
    for (const a of open) {
      await trx
        .updateTable('clinical_alerts')
        .set({ acknowledged_at: nowIso(deps.clock), acknowledged_by: actor.id })
        .where('id', '=', a.id)
        .execute();
      await audit(trx, deps.clock, ctx, { action: 'acknowledge', entity: 'clinical_alert', entityId: a.id });
    }
    return open.length;
  });
}

export async function acknowledgeAlert(deps: Deps, ctx: RequestContext, alertId: string): Promise<void> {
  const actor = ctx.actor!;
  assertMay(actor, 'children.manage');
  await deps.db.transaction().execute(async (trx) => {
    const alert = await trx.selectFrom('clinical_alerts').select(['id', 'center_id', 'child_id']).where('id', '=', alertId).executeTakeFirst();
    if (!alert || (actor.role === 'clinician' && alert.center_id !== actor.centerId)) throw notFound();
    await trx
      .updateTable('clinical_alerts')
      .set({ acknowledged_at: nowIso(deps.clock), acknowledged_by: actor.id })
      .where('id', '=', alertId)
      .where('acknowledged_at', 'is', null)
      .execute();
    await audit(trx, deps.clock, ctx, { action: 'acknowledge', entity: 'clinical_alert', entityId: alertId });
  });
}
