// Capability assessments: score the confirmed observations, store the snapshot and its result,
// open the corrective actions; list, read, and move actions through open -> done -> verified.
import { isDeepStrictEqual } from 'node:util';
import type { Selectable } from 'kysely';
import type { AssessmentActionTable, AssessmentTable } from '../../db/tables/schools';
import type { Actor, Deps, RequestContext } from '../context';
import { audit } from '../audit/audit';
import { daysBetween } from '../calendar';
import { today } from '../clock';
import { forbidden, illegalTransition, notFound } from '../errors';
import { newId } from '../ids';
import { decodeCursor, encodeCursor, type Page } from '../http/paging';
import { FieldError } from './field-error';
import { notInFuture } from './kits';
import { rubricV1, scoreAssessment, type AssessmentInput, type AssessmentResult, type Rubric } from './rules';
import type { ActionUpdate } from './schemas';
import { assertSchoolAccess, listScope, reachSchool, type Trx } from './scope';
import { actorOf } from '../auth/actor';
import { actionView, parseJson, type ActionView } from './views';

/** Every published rubric by version: a stored assessment is always re-scored under its own. */
export const rubrics: Record<string, Rubric> = { [rubricV1.version]: rubricV1 };
export const currentRubric = rubricV1;

/** Overdue P1 actions reach the district once they are more than a day late (design). */
export const ESCALATE_AFTER_DAYS = 1;

export function actionFlags(a: Pick<Selectable<AssessmentActionTable>, 'status' | 'due_date' | 'priority' | 'kind'>, onDate: string) {
  const late = a.status === 'open' ? daysBetween(a.due_date, onDate) : 0;
  return { overdue: late > 0, escalated: a.kind === 'action' && a.priority === 'P1' && late > ESCALATE_AFTER_DAYS };
}

export function rescore(stored: Pick<Selectable<AssessmentTable>, 'input' | 'rubric_version'>): AssessmentResult {
  const rubric = rubrics[stored.rubric_version];
  if (!rubric) throw new Error(`unknown rubric version ${stored.rubric_version}`);
  return scoreAssessment(parseJson<AssessmentInput>(stored.input), rubric);
}

function resultView(row: Selectable<AssessmentTable>, actions: Selectable<AssessmentActionTable>[], onDate: string) {
  const result = parseJson<AssessmentResult>(row.result);
  // Keep the scorer's order (by rubric item), whatever order the rows come back in.
  const order = [...result.actions, ...result.alerts].map((a) => a.trigger);
  const views = [...actions].sort((a, b) => order.indexOf(a.trigger as never) - order.indexOf(b.trigger as never)).map((a) => actionView(a, actionFlags(a, onDate)));
  return {
    id: row.id,
    schoolId: row.school_id,
    date: row.date,
    rubricVersion: row.rubric_version,
    score: result.score,
    band: result.band,
    grade: result.grade,
    gradeLabel: result.gradeLabel,
    caps: result.caps,
    fractions: result.fractions,
    notApplicable: result.notApplicable,
    reassessBy: result.reassessBy,
    actions: views.filter((a) => a.kind === 'action'),
    alerts: views.filter((a) => a.kind === 'alert'),
  };
}
export type AssessmentView = ReturnType<typeof resultView>;

/** Writes an assessment and its actions inside the caller's transaction (the seed uses it too). */
export async function insertAssessment(trx: Trx, input: AssessmentInput, meta: { schoolId: string; userId: string | null; now: string; makeId?: () => string }) {
  const makeId = meta.makeId ?? newId;
  const result = scoreAssessment(input, currentRubric);
  const id = makeId();
  await trx
    .insertInto('assessments')
    .values({
      id,
      school_id: meta.schoolId,
      date: input.date,
      rubric_version: result.rubricVersion,
      input: JSON.stringify(input),
      result: JSON.stringify(result),
      score: result.score,
      band: result.band,
      grade: result.grade,
      reassess_by: result.reassessBy,
      created_by: meta.userId,
      created_at: meta.now,
    })
    .execute();
  for (const a of [...result.actions, ...result.alerts]) {
    await trx
      .insertInto('assessment_actions')
      .values({
        id: makeId(),
        assessment_id: id,
        school_id: meta.schoolId,
        kind: a.kind,
        item: a.item,
        trigger: a.trigger,
        priority: a.priority,
        owner: a.owner,
        due_date: a.dueDate,
        text_zh: a.text.zh,
        text_en: a.text.en,
        status: 'open',
        closing_note: null,
        done_at: null,
        done_by: null,
        verified_at: null,
        verified_by: null,
        created_at: meta.now,
      })
      .execute();
  }
  return id;
}

async function loadAssessment(trx: Trx, id: string, onDate: string) {
  const row = await trx.selectFrom('assessments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const actions = await trx.selectFrom('assessment_actions').selectAll().where('assessment_id', '=', id).orderBy('created_at').execute();
  return { row, view: resultView(row, actions, onDate) };
}

export async function createAssessment(deps: Deps, ctx: RequestContext, schoolId: string, input: AssessmentInput): Promise<AssessmentView> {
  const actor = actorOf(ctx);
  return deps.db.transaction().execute(async (trx) => {
    await reachSchool(trx, actor, schoolId, 'write');
    const onDate = today(deps.clock);
    notInFuture(input.date, onDate, 'date');
    const id = await insertAssessment(trx, input, { schoolId, userId: actor.id, now: deps.clock.now().toISOString() });
    await audit(trx, deps.clock, ctx, { action: 'create', entity: 'assessment', entityId: id });
    return (await loadAssessment(trx, id, onDate))!.view;
  });
}

/** The stored snapshot and result; the input names staff, so reading it is audited. */
export async function getAssessment(deps: Deps, ctx: RequestContext, id: string) {
  const actor = actorOf(ctx);
  return deps.db.transaction().execute(async (trx) => {
    const found = await loadAssessment(trx, id, today(deps.clock));
    if (!found) throw notFound();
    assertSchoolAccess(actor, found.row.school_id, 'read');
    await audit(trx, deps.clock, ctx, { action: 'read', entity: 'assessment', entityId: id });
    const stored = parseJson<AssessmentResult>(found.row.result);
    return { ...found.view, input: parseJson<AssessmentInput>(found.row.input), rescoreMatches: isDeepStrictEqual(rescore(found.row), stored) };
  });
}

export interface AssessmentSummary {
  id: string;
  date: string;
  score: number;
  band: string;
  grade: string;
  reassessBy: string;
  rubricVersion: string;
  openActions: number;
}

export async function listAssessments(deps: Deps, ctx: RequestContext, schoolId: string, opts: { limit: number; cursor?: string }): Promise<Page<AssessmentSummary>> {
  const actor = actorOf(ctx);
  return deps.db.transaction().execute(async (trx) => {
    await reachSchool(trx, actor, schoolId, 'read');
    let q = trx
      .selectFrom('assessments as a')
      .select(['a.id', 'a.date', 'a.score', 'a.band', 'a.grade', 'a.reassess_by', 'a.rubric_version'])
      .select((eb) =>
        eb
          .selectFrom('assessment_actions as x')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('x.assessment_id', '=', 'a.id')
          .where('x.status', '=', 'open')
          .where('x.kind', '=', 'action')
          .as('open_actions'),
      )
      .where('a.school_id', '=', schoolId);
    const after = decodeCursor(opts.cursor);
    if (after && typeof after[0] === 'string' && typeof after[1] === 'string') {
      const [d, i] = after as [string, string];
      q = q.where((eb) => eb.or([eb('a.date', '<', d), eb.and([eb('a.date', '=', d), eb('a.id', '<', i)])]));
    }
    const rows = await q
      .orderBy('a.date', 'desc')
      .orderBy('a.id', 'desc')
      .limit(opts.limit + 1)
      .execute();
    const page = rows.slice(0, opts.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: r.id,
        date: r.date,
        score: r.score,
        band: r.band,
        grade: r.grade,
        reassessBy: r.reassess_by,
        rubricVersion: r.rubric_version,
        openActions: Number(r.open_actions ?? 0),
      })),
      nextCursor: rows.length > opts.limit && last ? encodeCursor([last.date, last.id]) : null,
    };
  });
}

const NEXT: Record<string, string[]> = { open: ['done'], done: ['verified', 'open'], verified: [] };

// The school closes its actions; verifying that the fix holds is the district's (an admin's) call.
function mayMove(actor: Actor, to: string): boolean {
  if (to === 'verified') return actor.role === 'admin';
  return actor.role === 'admin' || actor.role === 'nurse';
}

export async function updateAction(deps: Deps, ctx: RequestContext, actionId: string, body: ActionUpdate): Promise<ActionView> {
  const actor = actorOf(ctx);
  return deps.db.transaction().execute(async (trx) => {
    const action = await trx.selectFrom('assessment_actions').selectAll().where('id', '=', actionId).executeTakeFirst();
    if (!action) throw notFound();
    assertSchoolAccess(actor, action.school_id, 'write');
    if (!mayMove(actor, body.status)) throw forbidden();
    if (!NEXT[action.status]?.includes(body.status)) throw illegalTransition(`An action cannot go from ${action.status} to ${body.status}`);
    if (body.status === 'done' && !body.note) throw new FieldError('note', 'v.school.noteRequired');
    const now = deps.clock.now().toISOString();
    const set =
      body.status === 'done'
        ? { status: 'done' as const, closing_note: body.note ?? null, done_at: now, done_by: actor.id }
        : body.status === 'verified'
          ? { status: 'verified' as const, verified_at: now, verified_by: actor.id, ...(body.note ? { closing_note: body.note } : {}) }
          : { status: 'open' as const, done_at: null, done_by: null };
    await trx.updateTable('assessment_actions').set(set).where('id', '=', actionId).execute();
    await audit(trx, deps.clock, ctx, { action: `action_${body.status}`, entity: 'assessment_action', entityId: actionId });
    const row = await trx.selectFrom('assessment_actions').selectAll().where('id', '=', actionId).executeTakeFirstOrThrow();
    return actionView(row, actionFlags(row, today(deps.clock)));
  });
}

/** Open actions of the caller's schools, most urgent first; `escalatedOnly` is the district's list. */
export async function listOpenActions(deps: Deps, ctx: RequestContext, opts: { schoolId?: string; escalatedOnly?: boolean }) {
  const actor = actorOf(ctx);
  const scope = listScope(actor, opts.schoolId);
  let q = deps.db.selectFrom('assessment_actions').selectAll().where('status', '=', 'open');
  if (scope) q = q.where('school_id', '=', scope);
  if (opts.escalatedOnly) q = q.where('priority', '=', 'P1').where('kind', '=', 'action');
  const rows = await q.orderBy('priority').orderBy('due_date').execute();
  const onDate = today(deps.clock);
  return rows.map((r) => actionView(r, actionFlags(r, onDate))).filter((a) => !opts.escalatedOnly || a.escalated);
}
