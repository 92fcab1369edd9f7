// Training sessions and their attendees; a competency pass feeds the rubric's trained-staff count.
import type { Deps, RequestContext } from '../context';
import { audit } from '../audit/audit';
import { today } from '../clock';
import { newId } from '../ids';
import { decodeCursor, encodeCursor, type Page } from '../http/paging';
import { FieldError } from './field-error';
import { notInFuture } from './kits';
import type { TrainingBody } from './schemas';
import { listScope, reachSchool, type Trx } from './scope';
import { actorOf } from '../auth/actor';
import { trainingView, type TrainingView } from './views';

export async function createTraining(deps: Deps, ctx: RequestContext, body: TrainingBody): Promise<TrainingView> {
  const actor = actorOf(ctx);
  const schoolId = body.schoolId ?? (actor.role === 'nurse' ? actor.schoolId : null);
  if (!schoolId) throw new FieldError('schoolId', 'v.required');
  return deps.db.transaction().execute(async (trx) => {
    await reachSchool(trx, actor, schoolId, 'write');
    const todayDate = today(deps.clock);
    notInFuture(body.date, todayDate, 'date');
    body.attendees.forEach((a, i) => a.competencyDate && notInFuture(a.competencyDate, todayDate, `attendees.${i}.competencyDate`));
    const id = newId();
    await trx
      .insertInto('trainings')
      .values({
        id,
        school_id: schoolId,
        date: body.date,
        duration_minutes: body.durationMinutes,
        kind: body.kind,
        trainer: body.trainer,
        organisation: body.organisation,
        topics: JSON.stringify([...new Set(body.topics)]),
        staff_briefed: body.staffBriefed ?? null,
        staff_total: body.staffTotal ?? null,
        created_by: actor.id,
        created_at: deps.clock.now().toISOString(),
      })
      .execute();
    for (const a of body.attendees) {
      await trx
        .insertInto('training_attendees')
        .values({ id: newId(), training_id: id, name: a.name, role: a.role, competency: a.competency ?? null, competency_date: a.competency ? (a.competencyDate ?? body.date) : null })
        .execute();
    }
    await audit(trx, deps.clock, ctx, { action: 'create', entity: 'training', entityId: id });
    return (await loadTrainings(trx, [id]))[0]!;
  });
}

async function loadTrainings(trx: Trx, ids: string[]): Promise<TrainingView[]> {
  if (ids.length === 0) return [];
  const rows = await trx.selectFrom('trainings').selectAll().where('id', 'in', ids).orderBy('date', 'desc').orderBy('id', 'desc').execute();
  const attendees = await trx.selectFrom('training_attendees').selectAll().where('training_id', 'in', ids).orderBy('name').execute();
  return rows.map((t) =>
    trainingView(
      t,
      attendees.filter((a) => a.training_id === t.id),
    ),
  );
}

/** Newest first, scoped to the caller's schools before paging; attendee names make it an audited read. */
export async function listTrainings(deps: Deps, ctx: RequestContext, opts: { schoolId?: string; limit: number; cursor?: string }): Promise<Page<TrainingView>> {
  const actor = actorOf(ctx);
  const scope = listScope(actor, opts.schoolId);
  return deps.db.transaction().execute(async (trx) => {
    let q = trx.selectFrom('trainings').select(['id', 'date']);
    if (scope) q = q.where('school_id', '=', scope);
    const after = decodeCursor(opts.cursor);
    if (after && typeof after[0] === 'string' && typeof after[1] === 'string') {
      const [d, i] = after as [string, string];
      q = q.where((eb) => eb.or([eb('date', '<', d), eb.and([eb('date', '=', d), eb('id', '<', i)])]));
    }
    const rows = await q
      .orderBy('date', 'desc')
      .orderBy('id', 'desc')
      .limit(opts.limit + 1)
      .execute();
    const page = rows.slice(0, opts.limit);
    const last = page[page.length - 1];
    await audit(trx, deps.clock, ctx, { action: 'list', entity: 'training', entityId: scope });
    return {
      items: await loadTrainings(
        trx,
        page.map((r) => r.id),
      ),
      nextCursor: rows.length > opts.limit && last ? encodeCursor([last.date, last.id]) : null,
    };
  });
}
