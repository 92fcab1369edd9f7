// The child's asthma action plan: versioned, the highest version in force. Clinicians write it;
// the family and the clinicians read it whole; the nurse of the child's school reads only the summary.
import type { Kysely } from 'kysely';
import type { ChildTable, DB } from '../../db/schema';
import type { ActionPlanTable } from '../../db/tables/family-app';
import { nowIso, today } from '../clock';
import type { Actor, Deps, RequestContext } from '../context';
import { audit, auditRead } from '../audit/audit';
import { forbidden, notFound, validationFailed } from '../errors';
import { newId } from '../ids';
import { childInScope } from '../children/service';
import { assertClinicalWriter } from '../children/scope';
import type { ActionPlanContent, ActionPlanInput, Medicine } from './plan-schemas';
import { pefThresholds, ZONES, type PefThresholds } from './plan-rules';
import { redZoneSchedule, type RedZoneSchedule } from './plan-schedule';
import { assertMay } from '../auth/policy';

const actorOf = (ctx: RequestContext): Actor => {
  if (!ctx.actor) throw forbidden();
  return ctx.actor;
};

export interface ActionPlanView {
  childId: string;
  childName: string;
  version: number;
  createdAt: string;
  personalBestPef: number | null;
  pefThresholds: PefThresholds | null;
  zones: ActionPlanContent['zones'];
  reliever: Medicine[];
  /** The red zone's reliever in numbers and words (8.7); the standard advice, flagged, for an older plan. */
  relieverSchedule: RedZoneSchedule;
  callDoctorWhen: string;
  call120When: string;
  contacts: ActionPlanContent['contacts'];
  note: string | null;
  followUpId: string | null;
  /** True for the school nurse's view: zones (signs, what to do, reliever only), reliever, contacts. */
  summaryOnly: boolean;
}

const relieversOf = (content: ActionPlanContent): Medicine[] => {
  const seen = new Map<string, Medicine>();
  for (const z of ZONES) for (const m of content.zones[z].medicines) if (m.role === 'reliever' && !seen.has(`${m.name}|${m.dose}`)) seen.set(`${m.name}|${m.dose}`, m);
  return [...seen.values()];
};

export function planView(row: ActionPlanTable, childName: string, summaryOnly: boolean): ActionPlanView {
  const content = JSON.parse(row.plan) as ActionPlanContent;
  const zones = summaryOnly ? (Object.fromEntries(ZONES.map((z) => [z, { ...content.zones[z], medicines: content.zones[z].medicines.filter((m) => m.role === 'reliever') }])) as ActionPlanContent['zones']) : content.zones;
  return {
    childId: row.child_id,
    childName,
    version: row.version,
    createdAt: row.created_at,
    personalBestPef: row.personal_best_pef,
    pefThresholds: row.personal_best_pef ? pefThresholds(row.personal_best_pef) : null,
    zones,
    reliever: relieversOf(content),
    relieverSchedule: redZoneSchedule(content),
    callDoctorWhen: content.callDoctorWhen,
    call120When: content.call120When,
    contacts: content.contacts,
    note: summaryOnly ? null : (content.note ?? null),
    followUpId: summaryOnly ? null : row.follow_up_id,
    summaryOnly,
  };
}

/** A pupil of the nurse's own school (active); 404 for anyone else's, as for any out-of-scope record. */
export async function pupilOfNurse(db: Kysely<DB>, actor: Actor, childId: string): Promise<ChildTable> {
  assertMay(actor, 'plans.school');
  if (!actor.schoolId) throw forbidden();
  const child = await db.selectFrom('children').selectAll().where('id', '=', childId).where('school_id', '=', actor.schoolId).where('status', '=', 'active').executeTakeFirst();
  if (!child) throw notFound();
  return child;
}

export async function latestPlanRow(db: Kysely<DB>, childId: string): Promise<ActionPlanTable | undefined> {
  return db.selectFrom('action_plans').selectAll().where('child_id', '=', childId).orderBy('version', 'desc').limit(1).executeTakeFirst();
}

/** The plan in force. Parent / clinician / admin in scope: whole; nurse of the child's school: the summary. */
export async function getActionPlan(deps: Deps, ctx: RequestContext, childId: string): Promise<ActionPlanView> {
  const actor = actorOf(ctx);
  assertMay(actor, 'plans.read');
  const child = actor.role === 'nurse' ? await pupilOfNurse(deps.db, actor, childId) : await childInScope(deps.db, actor, childId);
  const row = await latestPlanRow(deps.db, childId);
  if (!row) throw notFound('No action plan yet');
  await auditRead(deps.db, deps.clock, ctx, { action: actor.role === 'nurse' ? 'read_summary' : 'read', entity: 'action_plan', entityId: row.id });
  return planView(row, child.name, actor.role === 'nurse');
}

/** Writes a new version (the previous ones stay); links it to the follow-up it was given at. */
export async function saveActionPlan(deps: Deps, ctx: RequestContext, childId: string, input: ActionPlanInput): Promise<ActionPlanView> {
  const actor = actorOf(ctx);
  assertClinicalWriter(actor);
  const now = nowIso(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    const child = await childInScope(trx, actor, childId);
    if (child.status !== 'active') throw validationFailed([{ path: 'childId', message: 'v.childNotActive' }]);
    if (input.followUpId) {
      const fu = await trx.selectFrom('follow_ups').select('id').where('id', '=', input.followUpId).where('child_id', '=', childId).executeTakeFirst();
      if (!fu) throw validationFailed([{ path: 'followUpId', message: 'v.id' }]);
    }
    const previous = await latestPlanRow(trx, childId);
    const { personalBestPef, followUpId, ...content } = input;
    const row: ActionPlanTable = {
      id: newId(),
      child_id: childId,
      version: (previous?.version ?? 0) + 1,
      personal_best_pef: personalBestPef === undefined ? child.personal_best_pef : personalBestPef,
      plan: JSON.stringify(content satisfies ActionPlanContent),
      follow_up_id: followUpId ?? null,
      created_by: actor.id,
      created_at: now,
    };
    await trx.insertInto('action_plans').values(row).execute();
    // 8.2: one personal best, and the diary zones from it. A plan's new value becomes the child's,
    // dated today; the same value again keeps the date and source it already has.
    if (typeof personalBestPef === 'number' && (personalBestPef !== child.personal_best_pef || child.personal_best_source === null)) {
      await trx
        .updateTable('children')
        .set({ personal_best_pef: personalBestPef, personal_best_date: today(deps.clock), personal_best_source: 'plan', updated_at: now })
        .where('id', '=', childId)
        .execute();
      await audit(trx, deps.clock, ctx, { action: 'personal_best_from_plan', entity: 'child', entityId: childId });
    }
    if (followUpId) {
      await trx.updateTable('follow_ups').set({ action_plan_given: 1, action_plan_version: row.version }).where('id', '=', followUpId).execute();
    }
    await audit(trx, deps.clock, ctx, { action: previous ? 'new_version' : 'create', entity: 'action_plan', entityId: row.id });
    return planView(row, child.name, false);
  });
}

export interface PlanVersionListItem {
  version: number;
  createdAt: string;
  followUpId: string | null;
}

/** Versions of a child's plan, newest first (clinical readers). */
export async function listPlanVersions(deps: Deps, ctx: RequestContext, childId: string): Promise<PlanVersionListItem[]> {
  const actor = actorOf(ctx);
  await childInScope(deps.db, actor, childId);
  const rows = await deps.db.selectFrom('action_plans').select(['version', 'created_at', 'follow_up_id']).where('child_id', '=', childId).orderBy('version', 'desc').execute();
  return rows.map((r) => ({ version: r.version, createdAt: r.created_at, followUpId: r.follow_up_id }));
}

export interface SchoolPlanItem {
  childId: string;
  name: string;
  version: number;
  updatedAt: string;
  /** What to give in the red zone: the school's first-aid instruction (8.7). */
  relieverSchedule: RedZoneSchedule;
}

/** The nurse's list: active pupils of her school who have a plan (names, versions, the red zone's reliever schedule). */
export async function listSchoolPlans(deps: Deps, ctx: RequestContext): Promise<SchoolPlanItem[]> {
  const actor = actorOf(ctx);
  assertMay(actor, 'plans.school');
  if (!actor.schoolId) throw forbidden();
  const rows = await deps.db
    .selectFrom('children')
    .innerJoin('action_plans', 'action_plans.child_id', 'children.id')
    .select(['children.id', 'children.name', 'action_plans.version', 'action_plans.created_at', 'action_plans.plan'])
    .where('children.school_id', '=', actor.schoolId)
    .where('children.status', '=', 'active')
    .where('action_plans.version', '=', (eb) =>
      eb
        .selectFrom('action_plans as latest')
        .select((e) => e.fn.max('latest.version').as('v'))
        .whereRef('latest.child_id', '=', 'children.id'),
    )
    .orderBy('children.name')
    .execute();
  await auditRead(deps.db, deps.clock, ctx, { action: 'search', entity: 'action_plan', entityId: actor.schoolId });
  return rows.map((r) => ({
    childId: r.id,
    name: r.name,
    version: r.version,
    updatedAt: r.created_at,
    relieverSchedule: redZoneSchedule(JSON.parse(r.plan) as ActionPlanContent),
  }));
}
