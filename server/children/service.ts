import type { Kysely } from 'kysely';
import type { ChildTable, DB } from '../../db/schema';
import { addDays, ageInYears, compareDates } from '../calendar';
import { nowIso, today } from '../clock';
import type { Actor, Deps, RequestContext } from '../context';
import { audit, auditRead } from '../audit/audit';
import { forbidden, notFound, validationFailed, type ErrorDetail } from '../errors';
import { decodeCursor, encodeCursor, type Page } from '../http/paging';
import { newId } from '../ids';
import { refreshSchedule, suggestionsFor, loadClinicalHistory } from '../followups/clinical-history';
import { EXACERBATION_GRACE_DAYS, HOSPITAL_GRACE_DAYS, ROUTINE_GRACE_DAYS, isOverdue } from '../followups/rules';
import type { ChildCreate, ChildListQuery, ChildPatch, GuardianLink, RiskHistoryInput } from './schemas';
import { prepareQuery } from '../../db/prepared';
import { offloadableRead, runRead, runReadJson } from '../reads/offload';
import { assertClinicalReader, assertClinicalWriter, visibleChildBrief, visibleChildById, visibleChildren, type ChildBrief } from './scope';

const actorOf = (ctx: RequestContext): Actor => {
  if (!ctx.actor) throw forbidden();
  return ctx.actor;
};

/** The grace the schedule rule gave the stored due date (rows from before it was stored: by reason). */
export const graceFor = (reason: string | null, stored?: number | null) => stored ?? (reason === 'R4' ? EXACERBATION_GRACE_DAYS : ROUTINE_GRACE_DAYS);

/** The child if the actor may read it as a clinical record; 404 otherwise (existence is never revealed). */
export async function childInScope(db: Kysely<DB>, actor: Actor, childId: string): Promise<ChildTable> {
  assertClinicalReader(actor);
  const child = await visibleChildById(db, actor, childId);
  if (!child) throw notFound();
  return child;
}

/** childInScope for a page that shows the child's data: the read is audited like the API's. */
export async function childForPage(deps: Deps, ctx: RequestContext, childId: string): Promise<ChildTable> {
  const child = await childInScope(deps.db, ctx.actor!, childId);
  await auditRead(deps.db, deps.clock, ctx, { action: 'read', entity: 'child', entityId: childId });
  return child;
}

/** As childInScope, for a read that needs only the child's id, centre, status or birth date. */
export async function childBriefInScope(db: Kysely<DB>, actor: Actor, childId: string): Promise<ChildBrief> {
  assertClinicalReader(actor);
  const child = await visibleChildBrief(db, actor, childId);
  if (!child) throw notFound();
  return child;
}

function checkDates(input: { birthDate?: string; diagnosisDate?: string | null; consent?: { date: string } }, todayDate: string): void {
  const problems: ErrorDetail[] = [];
  if (input.birthDate) {
    const age = ageInYears(input.birthDate, todayDate);
    if (compareDates(input.birthDate, todayDate) > 0 || age > 18) problems.push({ path: 'birthDate', message: 'v.birthDate' });
  }
  if (input.diagnosisDate && compareDates(input.diagnosisDate, todayDate) > 0) problems.push({ path: 'diagnosisDate', message: 'v.futureDate' });
  if (input.consent && compareDates(input.consent.date, todayDate) > 0) problems.push({ path: 'consent.date', message: 'v.futureDate' });
  if (problems.length) throw validationFailed(problems);
}

async function checkReferences(db: Kysely<DB>, centerId: string | undefined, schoolId: string | null | undefined): Promise<void> {
  if (centerId && !(await db.selectFrom('centers').select('id').where('id', '=', centerId).executeTakeFirst())) throw validationFailed([{ path: 'centerId', message: 'v.id' }]);
  if (schoolId && !(await db.selectFrom('schools').select('id').where('id', '=', schoolId).executeTakeFirst())) throw validationFailed([{ path: 'schoolId', message: 'v.id' }]);
}

export async function enrolChild(deps: Deps, ctx: RequestContext, input: ChildCreate): Promise<ChildTable> {
  const actor = actorOf(ctx);
  assertClinicalWriter(actor);
  if (actor.role === 'clinician' && input.centerId !== actor.centerId) throw validationFailed([{ path: 'centerId', message: 'v.ownCentre' }]);
  const todayDate = today(deps.clock);
  checkDates(input, todayDate);
  const now = nowIso(deps.clock);
  const id = newId();
  return deps.db.transaction().execute(async (trx) => {
    await checkReferences(trx, input.centerId, input.schoolId);
    await trx
      .insertInto('children')
      .values({
        id,
        name: input.name,
        sex: input.sex,
        birth_date: input.birthDate,
        height_cm: input.heightCm ?? null,
        guardian_name: input.guardian.name,
        guardian_phone: input.guardian.phone,
        guardian_relation: input.guardian.relation,
        center_id: input.centerId,
        school_id: input.schoolId ?? null,
        diagnosis_date: input.diagnosisDate ?? null,
        personal_best_pef: input.personalBestPef ?? null,
        ...personalBestColumns(input.personalBestPef, todayDate),
        ...riskColumns(input.riskHistory, todayDate),
        consent_given_by: input.consent.givenBy,
        consent_date: input.consent.date,
        consent_notice_version: input.consent.noticeVersion,
        status: 'active',
        status_reason: null,
        enrolled_on: todayDate,
        next_due_date: null,
        next_due_reason: null,
        next_due_detail: null,
        latest_gina_level: null,
        latest_follow_up_date: null,
        high_risk: 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await trx.insertInto('child_centre_history').values({ child_id: id, from_center_id: null, to_center_id: input.centerId, at: now, reason: 'enrolment' }).execute();
    await refreshSchedule(trx, id, todayDate, now);
    await audit(trx, deps.clock, ctx, { action: 'create', entity: 'child', entityId: id });
    return trx.selectFrom('children').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  });
}

/** A personal best entered by the clinic (the plan sets its own: server/family-app/plans.ts). */
const personalBestColumns = (pef: number | null | undefined, on: string) => (pef == null ? { personal_best_date: null, personal_best_source: null } : { personal_best_date: on, personal_best_source: 'clinic' as const });

const riskColumns = (risk: RiskHistoryInput | undefined, on: string) =>
  risk === undefined
    ? {}
    : { risk_ocs_courses_12m: risk.ocsCourses12m, risk_ed_visits_12m: risk.edVisits12m, risk_admissions_12m: risk.admissions12m, risk_ever_icu: risk.everIcuOrIntubated ? (1 as const) : (0 as const), risk_recorded_on: on };

export interface ChildListItem {
  id: string;
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  centerId: string;
  schoolId: string | null;
  status: ChildTable['status'];
  guardianPhone: string;
  nextDue: { date: string; reason: string; overdue: boolean } | null;
  latestGinaLevel: string | null;
  highRisk: boolean;
}

export async function listChildren(deps: Deps, ctx: RequestContext, query: ChildListQuery): Promise<Page<ChildListItem>> {
  const actor = actorOf(ctx);
  const todayDate = today(deps.clock);
  // Managers see children only as aggregates (the dashboard); a list names children.
  assertClinicalReader(actor);
  let q = deps.db.selectFrom('children').selectAll().where(visibleChildren(actor));
  if (query.centerId) q = q.where('center_id', '=', query.centerId);
  if (query.schoolId) q = q.where('school_id', '=', query.schoolId);
  if (query.status !== 'all') q = q.where('status', '=', query.status);
  if (query.due === 'week') q = q.where('next_due_date', '<=', addDays(todayDate, 7));
  if (query.due === 'overdue') {
    q = q.where((eb) =>
      // One branch per grace the rule can give (the stored grace of each due date).
      eb.or([HOSPITAL_GRACE_DAYS, EXACERBATION_GRACE_DAYS, ROUTINE_GRACE_DAYS].map((g) => eb.and([eb('next_due_grace', '=', g), eb('next_due_date', '<', addDays(todayDate, -g))]))),
    );
  }
  if (query.q) {
    const term = query.q;
    // A guardian's phone finds a child only for the clinical staff who may call them.
    const byPhone = /^\d{3,11}$/.test(term) && (actor.role === 'clinician' || actor.role === 'admin');
    q = byPhone ? q.where('guardian_phone', 'like', `${term}%`) : q.where('name', 'like', `%${term.replace(/[%_]/g, '')}%`);
  }
  const after = decodeCursor(query.cursor);
  if (after && typeof after[0] === 'string' && typeof after[1] === 'string') {
    const [name, id] = after as [string, string];
    q = q.where((eb) => eb.or([eb('name', '>', name), eb.and([eb('name', '=', name), eb('id', '>', id)])]));
  }
  const rows = await q
    .orderBy('name')
    .orderBy('id')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  await auditRead(deps.db, deps.clock, ctx, { action: 'search', entity: 'child', entityId: null });
  const last = page.at(-1);
  return {
    items: page.map((c) => ({
      id: c.id,
      name: c.name,
      sex: c.sex,
      birthDate: c.birth_date,
      centerId: c.center_id,
      schoolId: c.school_id,
      status: c.status,
      guardianPhone: c.guardian_phone,
      nextDue: c.next_due_date ? { date: c.next_due_date, reason: c.next_due_reason ?? '', overdue: isOverdue(c.next_due_date, graceFor(c.next_due_reason, c.next_due_grace), todayDate) } : null,
      latestGinaLevel: c.latest_gina_level,
      highRisk: c.high_risk === 1,
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.name, last.id]) : null,
  };
}

export function childView(c: ChildTable) {
  return {
    id: c.id,
    name: c.name,
    sex: c.sex,
    birthDate: c.birth_date,
    heightCm: c.height_cm,
    guardian: { name: c.guardian_name, phone: c.guardian_phone, relation: c.guardian_relation },
    centerId: c.center_id,
    schoolId: c.school_id,
    diagnosisDate: c.diagnosis_date,
    personalBestPef: c.personal_best_pef,
    personalBest: c.personal_best_pef === null ? null : { pef: c.personal_best_pef, date: c.personal_best_date, source: c.personal_best_source },
    riskHistory:
      c.risk_recorded_on === null
        ? null
        : {
            ocsCourses12m: c.risk_ocs_courses_12m ?? 0,
            edVisits12m: c.risk_ed_visits_12m ?? 0,
            admissions12m: c.risk_admissions_12m ?? 0,
            everIcuOrIntubated: c.risk_ever_icu === 1,
            recordedOn: c.risk_recorded_on,
          },
    consent: { givenBy: c.consent_given_by, date: c.consent_date, noticeVersion: c.consent_notice_version },
    status: c.status,
    statusReason: c.status_reason,
    enrolledOn: c.enrolled_on,
  };
}

// The child page asks these every time: built once (db/prepared.ts).
const openAlertsOf = prepareQuery((db, childId: string) => db.selectFrom('clinical_alerts').select(['id', 'kind', 'level', 'source_date']).where('child_id', '=', childId).where('acknowledged_at', 'is', null));

/** The child page's data: identity, latest assessment, next due and flags (as JSON text: `json`). Audited as a read. */
export async function getChild(deps: Deps, ctx: RequestContext, childId: string): Promise<ChildPage>;
export async function getChild(deps: Deps, ctx: RequestContext, childId: string, json: 'json'): Promise<string>;
export async function getChild(deps: Deps, ctx: RequestContext, childId: string, json?: 'json') {
  const args = [actorOf(ctx), childId, today(deps.clock)] as const;
  const view = json ? await runReadJson(deps, readChild, ...args) : await runRead(deps, readChild, ...args);
  await auditRead(deps.db, deps.clock, ctx, { action: 'read', entity: 'child', entityId: childId });
  return view;
}

export type ChildPage = Awaited<ReturnType<typeof readChild>>;

const readChild = offloadableRead('child', async (db: Kysely<DB>, actor: Actor, childId: string, todayDate: string) => {
  const child = await childInScope(db, actor, childId);
  const history = await loadClinicalHistory(db, childId, undefined, child);
  const latest = history.latest;
  const suggestions = suggestionsFor(history, todayDate);
  const openAlerts = await openAlertsOf(db, childId);
  const flags: string[] = [];
  if (child.high_risk) flags.push('highRisk');
  if (suggestions.stepUpSuggested) flags.push('stepUpSuggested');
  if (suggestions.checkTechniqueFirst) flags.push('checkTechniqueFirst');
  if (suggestions.stepDownEligible) flags.push('stepDownEligible');
  if (suggestions.referralSuggested) flags.push('referralSuggested');
  if (openAlerts.some((a) => a.level === 'urgent')) flags.push('urgentAlert');
  const sight = await guardianSight(db, actor, childId);
  return {
    ...childView(child),
    // A later guardian does not see the enrolment guardian's contact details unless they share.
    ...(sight.seesEnrolmentContact ? {} : { guardian: null }),
    latest,
    nextDue: child.next_due_date
      ? {
          date: child.next_due_date,
          reason: child.next_due_reason,
          detail: child.next_due_detail ? JSON.parse(child.next_due_detail) : null,
          overdue: isOverdue(child.next_due_date, graceFor(child.next_due_reason, child.next_due_grace), todayDate),
          graceDays: graceFor(child.next_due_reason, child.next_due_grace),
        }
      : null,
    flags,
    referralCriteria: suggestions.referralCriteria,
    openAlerts: openAlerts.map((a) => ({ id: a.id, kind: a.kind, level: a.level, date: a.source_date })),
  };
});

export async function updateChild(deps: Deps, ctx: RequestContext, childId: string, patch: ChildPatch): Promise<ChildTable> {
  const actor = actorOf(ctx);
  assertClinicalWriter(actor);
  const todayDate = today(deps.clock);
  checkDates(patch, todayDate);
  const now = nowIso(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    const child = await childInScope(trx, actor, childId);
    if (actor.role === 'clinician' && child.center_id !== actor.centerId) throw forbidden();
    await checkReferences(trx, patch.centerId, patch.schoolId);
    const set: Partial<ChildTable> = { updated_at: now };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.sex !== undefined) set.sex = patch.sex;
    if (patch.birthDate !== undefined) set.birth_date = patch.birthDate;
    if (patch.heightCm !== undefined) set.height_cm = patch.heightCm;
    if (patch.guardian) Object.assign(set, { guardian_name: patch.guardian.name, guardian_phone: patch.guardian.phone, guardian_relation: patch.guardian.relation });
    if (patch.schoolId !== undefined) set.school_id = patch.schoolId ?? null;
    if (patch.diagnosisDate !== undefined) set.diagnosis_date = patch.diagnosisDate ?? null;
    if (patch.personalBestPef !== undefined) Object.assign(set, { personal_best_pef: patch.personalBestPef ?? null, ...personalBestColumns(patch.personalBestPef, todayDate) });
    if (patch.riskHistory !== undefined) Object.assign(set, riskColumns(patch.riskHistory, todayDate));
    if (patch.status !== undefined) {
      set.status = patch.status;
      set.status_reason = patch.status === 'active' ? null : (patch.reason ?? null);
    }
    if (patch.centerId !== undefined && patch.centerId !== child.center_id) {
      set.center_id = patch.centerId;
      await trx
        .insertInto('child_centre_history')
        .values({ child_id: childId, from_center_id: child.center_id, to_center_id: patch.centerId, at: now, reason: patch.reason ?? '' })
        .execute();
    }
    await trx.updateTable('children').set(set).where('id', '=', childId).execute();
    // Withdrawal or transfer out stops processing: no due date, open alerts closed.
    if (patch.status && patch.status !== 'active') {
      await trx.updateTable('clinical_alerts').set({ acknowledged_at: now, acknowledged_by: actor.id }).where('child_id', '=', childId).where('acknowledged_at', 'is', null).execute();
    }
    await refreshSchedule(trx, childId, todayDate, now);
    await audit(trx, deps.clock, ctx, { action: patch.status ? `status_${patch.status}` : patch.centerId ? 'move_centre' : 'update', entity: 'child', entityId: childId });
    return trx.selectFrom('children').selectAll().where('id', '=', childId).executeTakeFirstOrThrow();
  });
}

/** Links a parent account to a child (admin, or a clinician of the managing centre). */
export async function linkGuardian(deps: Deps, ctx: RequestContext, childId: string, link: GuardianLink): Promise<void> {
  const actor = actorOf(ctx);
  assertClinicalWriter(actor);
  const { userId } = link;
  const now = nowIso(deps.clock);
  await deps.db.transaction().execute(async (trx) => {
    const child = await childInScope(trx, actor, childId);
    if (actor.role === 'clinician' && child.center_id !== actor.centerId) throw forbidden();
    const user = await trx.selectFrom('users').select(['id', 'role']).where('id', '=', userId).executeTakeFirst();
    if (!user || user.role !== 'parent') throw validationFailed([{ path: 'userId', message: 'v.id' }]);
    const links = await trx.selectFrom('guardianships').select(['user_id', 'named_at_enrolment']).where('child_id', '=', childId).execute();
    const existing = links.find((l) => l.user_id === userId);
    const first = links.length === 0 || existing?.named_at_enrolment === 1;
    // A later guardian consents for themselves: the enrolment consent was someone else's.
    if (!first && !existing) {
      const missing = [...(link.relation ? [] : ['relation']), ...(link.consent ? [] : ['consent'])];
      if (missing.length) throw validationFailed(missing.map((path) => ({ path, message: 'v.secondGuardian' })));
    }
    if (existing) {
      const set = { ...(link.sharing !== undefined ? { sharing: link.sharing ? (1 as const) : (0 as const) } : {}), ...(link.relation ? { relation: link.relation } : {}) };
      if (Object.keys(set).length) await trx.updateTable('guardianships').set(set).where('user_id', '=', userId).where('child_id', '=', childId).execute();
    } else {
      await trx
        .insertInto('guardianships')
        .values({
          user_id: userId,
          child_id: childId,
          relation: link.relation ?? (first ? child.guardian_relation : null),
          consent_date: link.consent?.date ?? (first ? child.consent_date : null),
          consent_notice_version: link.consent?.noticeVersion ?? (first ? child.consent_notice_version : null),
          linked_at: now,
          linked_by: actor.id,
          named_at_enrolment: first ? 1 : 0,
          sharing: link.sharing ? 1 : 0,
        })
        .execute();
    }
    await audit(trx, deps.clock, ctx, { action: 'link_guardian', entity: 'child', entityId: childId });
  });
}

export interface GuardianSight {
  /** The contact details taken at enrolment are theirs, or the guardians share. */
  seesEnrolmentContact: boolean;
  /** Other guardians whose diary notes this parent does not see. */
  hiddenAuthors: string[];
}

/** What a parent may see of the other guardians (issue 29, finding 7); everything for staff. */
export async function guardianSight(db: Kysely<DB>, actor: Actor, childId: string): Promise<GuardianSight> {
  if (actor.role !== 'parent') return { seesEnrolmentContact: true, hiddenAuthors: [] };
  const links = await db.selectFrom('guardianships').select(['user_id', 'named_at_enrolment', 'sharing']).where('child_id', '=', childId).execute();
  const mine = links.find((l) => l.user_id === actor.id);
  const sharing = mine?.sharing === 1;
  return {
    seesEnrolmentContact: mine?.named_at_enrolment === 1 || sharing,
    hiddenAuthors: sharing ? [] : links.filter((l) => l.user_id !== actor.id).map((l) => l.user_id),
  };
}
