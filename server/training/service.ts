// Courses, sessions, enrolments, attendance and competency checks (issue 36): one transaction and
// one audit row per change; reads audited too (the roster names clinicians).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { Deps, RequestContext } from '../context';
import { audit } from '../audit/audit';
import { actorOf } from '../auth/actor';
import { today } from '../clock';
import { conflict, notFound } from '../errors';
import { newId } from '../ids';
import { FieldError } from '../schools/field-error';
import { assertRecorder, assertTrainingManager, clinicianAccount, enrolee, seesRoster, sessionById } from './access';
import { certificateExpiry, clinicianStatus, type TrainingRecord } from './rules/readiness';
import type { AttendanceBody, CompetencyBody, CourseBody, EnrolBody, SessionBody } from './schemas';

type Trx = Kysely<DB>;
/** What a change needs: the demo passes its own transaction and a clock set to the day it seeds. */
export type Writer = Pick<Deps, 'db' | 'clock'>;

/** One transaction: the caller's when it is already in one (the demo seeds in one), else a new one. */
export const inTransaction = <T>(db: Kysely<DB>, run: (trx: Trx) => Promise<T>): Promise<T> => (db.isTransaction ? run(db) : db.transaction().execute(run));

export async function createCourse(deps: Writer, ctx: RequestContext, body: CourseBody) {
  const actor = actorOf(ctx);
  assertTrainingManager(actor);
  return inTransaction(deps.db, async (trx) => {
    const id = newId();
    await trx
      .insertInto('training_courses')
      .values({ id, title: body.title, topic: body.topic, hours: body.hours, format: body.format, valid_months: body.validMonths, created_by: actor.id, created_at: deps.clock.now().toISOString() })
      .execute();
    await audit(trx, deps.clock, ctx, { action: 'create', entity: 'training_course', entityId: id });
    return (await loadCourses(trx, [id]))[0]!;
  });
}

export async function createSession(deps: Writer, ctx: RequestContext, courseId: string, body: SessionBody) {
  const actor = actorOf(ctx);
  assertTrainingManager(actor);
  return inTransaction(deps.db, async (trx) => {
    const course = await trx.selectFrom('training_courses').select('id').where('id', '=', courseId).executeTakeFirst();
    if (!course) throw notFound();
    await clinicianAccount(trx, body.trainerId, 'trainerId');
    const id = newId();
    await trx.insertInto('training_sessions').values({ id, course_id: courseId, date: body.date, place: body.place, trainer_id: body.trainerId, created_by: actor.id, created_at: deps.clock.now().toISOString() }).execute();
    await audit(trx, deps.clock, ctx, { action: 'create', entity: 'training_session', entityId: id });
    return sessionView(trx, id, actor);
  });
}

/** Every course with its sessions, newest session first; no names of attendees (counts only). */
export async function listCourses(deps: Deps, ctx: RequestContext) {
  actorOf(ctx);
  return inTransaction(deps.db, async (trx) => {
    const ids = (await trx.selectFrom('training_courses').select('id').orderBy('created_at', 'desc').execute()).map((c) => c.id);
    await audit(trx, deps.clock, ctx, { action: 'list', entity: 'training_course' });
    return loadCourses(trx, ids);
  });
}

async function loadCourses(trx: Trx, ids: string[]) {
  if (ids.length === 0) return [];
  const courses = await trx.selectFrom('training_courses').selectAll().where('id', 'in', ids).execute();
  const sessions = await trx
    .selectFrom('training_sessions as s')
    .innerJoin('users as u', 'u.id', 's.trainer_id')
    .select(['s.id', 's.course_id', 's.date', 's.place', 's.trainer_id', 'u.display_name as trainer_name'])
    .select((eb) => eb.selectFrom('training_enrolments as e').whereRef('e.session_id', '=', 's.id').select(eb.fn.countAll<number>().as('n')).as('enrolled'))
    .where('s.course_id', 'in', ids)
    .orderBy('s.date', 'desc')
    .execute();
  return ids
    .map((id) => courses.find((c) => c.id === id)!)
    .map((c) => ({
      id: c.id,
      title: c.title,
      topic: c.topic,
      hours: c.hours,
      format: c.format,
      validMonths: c.valid_months,
      sessions: sessions.filter((s) => s.course_id === c.id).map((s) => ({ id: s.id, date: s.date, place: s.place, trainer: { id: s.trainer_id, name: s.trainer_name }, enrolled: Number(s.enrolled ?? 0) })),
    }));
}

export type SessionView = Awaited<ReturnType<typeof sessionView>>;

/** A session with the roster the caller may see (everyone for its managers and trainer; otherwise one's own row). */
async function sessionView(trx: Trx, sessionId: string, actor: ReturnType<typeof actorOf>) {
  const s = await trx
    .selectFrom('training_sessions as s')
    .innerJoin('training_courses as c', 'c.id', 's.course_id')
    .innerJoin('users as u', 'u.id', 's.trainer_id')
    .select(['s.id', 's.date', 's.place', 's.trainer_id', 'u.display_name as trainer_name', 'c.id as course_id', 'c.title', 'c.topic', 'c.hours', 'c.format', 'c.valid_months'])
    .where('s.id', '=', sessionId)
    .executeTakeFirstOrThrow();
  let q = trx
    .selectFrom('training_enrolments as e')
    .innerJoin('users as u', 'u.id', 'e.clinician_id')
    .innerJoin('centers as ce', 'ce.id', 'e.center_id')
    .select(['e.clinician_id', 'u.display_name', 'e.center_id', 'ce.name as centre_zh', 'ce.name_en as centre_en', 'e.attended', 'e.competency', 'e.competency_date', 'e.checklist'])
    .where('e.session_id', '=', sessionId);
  if (!seesRoster(actor, s)) q = q.where('e.clinician_id', '=', actor.id);
  const roster = await q.orderBy('ce.name').orderBy('u.display_name').execute();
  return {
    id: s.id,
    date: s.date,
    place: s.place,
    trainer: { id: s.trainer_id, name: s.trainer_name },
    course: { id: s.course_id, title: s.title, topic: s.topic, hours: s.hours, format: s.format, validMonths: s.valid_months },
    canRecord: actor.role === 'admin' || actor.id === s.trainer_id,
    enrolments: roster.map((e) => ({
      clinicianId: e.clinician_id,
      name: e.display_name,
      centre: { id: e.center_id, zh: e.centre_zh, en: e.centre_en },
      attended: e.attended === null ? null : e.attended === 1,
      competency: e.competency,
      competencyDate: e.competency_date,
      checklist: e.checklist ? (JSON.parse(e.checklist) as string[]) : [],
      expiresOn: e.competency === 'pass' && e.competency_date ? certificateExpiry(e.competency_date, s.valid_months) : null,
    })),
  };
}

export async function getSession(deps: Deps, ctx: RequestContext, sessionId: string) {
  const actor = actorOf(ctx);
  return inTransaction(deps.db, async (trx) => {
    await sessionById(trx, sessionId);
    await audit(trx, deps.clock, ctx, { action: 'read', entity: 'training_session', entityId: sessionId });
    return sessionView(trx, sessionId, actor);
  });
}

export async function enrol(deps: Writer, ctx: RequestContext, body: EnrolBody) {
  const actor = actorOf(ctx);
  const clinicianId = enrolee(actor, body.clinicianId);
  return inTransaction(deps.db, async (trx) => {
    const session = await sessionById(trx, body.sessionId);
    if (session.date < today(deps.clock)) throw new FieldError('sessionId', 'v.training.pastSession');
    const clinician = await clinicianAccount(trx, clinicianId, 'clinicianId');
    const already = await trx.selectFrom('training_enrolments').select('id').where('session_id', '=', session.id).where('clinician_id', '=', clinicianId).executeTakeFirst();
    if (already) throw conflict('This clinician is already enrolled in this session');
    const id = newId();
    await trx
      .insertInto('training_enrolments')
      .values({
        id,
        session_id: session.id,
        clinician_id: clinicianId,
        center_id: clinician.center_id,
        enrolled_by: actor.id,
        enrolled_at: deps.clock.now().toISOString(),
        attended: null,
        attendance_by: null,
        attendance_at: null,
        competency: null,
        competency_date: null,
        checklist: null,
        competency_by: null,
        competency_at: null,
      })
      .execute();
    await audit(trx, deps.clock, ctx, { action: 'create', entity: 'training_enrolment', entityId: id });
    return sessionView(trx, session.id, actor);
  });
}

async function enrolmentOf(trx: Trx, sessionId: string, clinicianId: string) {
  const e = await trx.selectFrom('training_enrolments').selectAll().where('session_id', '=', sessionId).where('clinician_id', '=', clinicianId).executeTakeFirst();
  if (!e) throw new FieldError('clinicianId', 'v.training.notEnrolled');
  return e;
}

export async function recordAttendance(deps: Writer, ctx: RequestContext, body: AttendanceBody) {
  const actor = actorOf(ctx);
  return inTransaction(deps.db, async (trx) => {
    const session = await sessionById(trx, body.sessionId);
    assertRecorder(actor, session);
    if (session.date > today(deps.clock)) throw new FieldError('sessionId', 'v.training.notYet');
    const e = await enrolmentOf(trx, session.id, body.clinicianId);
    // Not attended clears a competency recorded by mistake: a check needs the session attended.
    const clear = body.attended ? {} : { competency: null, competency_date: null, checklist: null, competency_by: null, competency_at: null };
    await trx
      .updateTable('training_enrolments')
      .set({ attended: body.attended ? 1 : 0, attendance_by: actor.id, attendance_at: deps.clock.now().toISOString(), ...clear })
      .where('id', '=', e.id)
      .execute();
    await audit(trx, deps.clock, ctx, { action: 'attendance', entity: 'training_enrolment', entityId: e.id });
    return sessionView(trx, session.id, actor);
  });
}

export async function recordCompetency(deps: Writer, ctx: RequestContext, body: CompetencyBody) {
  const actor = actorOf(ctx);
  return inTransaction(deps.db, async (trx) => {
    const session = await sessionById(trx, body.sessionId);
    assertRecorder(actor, session);
    const e = await enrolmentOf(trx, session.id, body.clinicianId);
    if (e.attended !== 1) throw new FieldError('sessionId', 'v.training.notAttended');
    const date = body.date ?? session.date;
    if (date < session.date || date > today(deps.clock)) throw new FieldError('date', 'v.training.competencyDate');
    await trx
      .updateTable('training_enrolments')
      .set({ competency: body.result, competency_date: date, checklist: JSON.stringify([...new Set(body.checklist)]), competency_by: actor.id, competency_at: deps.clock.now().toISOString() })
      .where('id', '=', e.id)
      .execute();
    await audit(trx, deps.clock, ctx, { action: 'competency', entity: 'training_enrolment', entityId: e.id });
    return sessionView(trx, session.id, actor);
  });
}

/** Every enrolment of the district as the readiness rule reads it. */
export async function trainingRecords(db: Kysely<DB>, clinicianId?: string): Promise<TrainingRecord[]> {
  let q = db
    .selectFrom('training_enrolments as e')
    .innerJoin('training_sessions as s', 's.id', 'e.session_id')
    .innerJoin('training_courses as c', 'c.id', 's.course_id')
    .select(['e.clinician_id', 'e.center_id', 'c.format', 'e.attended', 'e.competency', 'e.competency_date', 'c.valid_months']);
  if (clinicianId) q = q.where('e.clinician_id', '=', clinicianId);
  return (await q.execute()).map((r) => ({
    clinicianId: r.clinician_id,
    centerId: r.center_id,
    format: r.format,
    attended: r.attended === null ? null : r.attended === 1,
    competency: r.competency,
    competencyDate: r.competency_date,
    validMonths: r.valid_months,
  }));
}

/** A clinician's own training: each session enrolled in, and their certificate's standing today. */
export async function myTraining(deps: Deps, ctx: RequestContext) {
  const actor = actorOf(ctx);
  return inTransaction(deps.db, async (trx) => {
    const rows = await trx
      .selectFrom('training_enrolments as e')
      .innerJoin('training_sessions as s', 's.id', 'e.session_id')
      .innerJoin('training_courses as c', 'c.id', 's.course_id')
      .select(['s.id as session_id', 's.date', 's.place', 'c.title', 'c.topic', 'c.format', 'c.hours', 'c.valid_months', 'e.attended', 'e.competency', 'e.competency_date'])
      .where('e.clinician_id', '=', actor.id)
      .orderBy('s.date', 'desc')
      .execute();
    const trains = await trx
      .selectFrom('training_sessions as s')
      .innerJoin('training_courses as c', 'c.id', 's.course_id')
      .select(['s.id', 's.date', 's.place', 'c.title'])
      .where('s.trainer_id', '=', actor.id)
      .orderBy('s.date', 'desc')
      .execute();
    await audit(trx, deps.clock, ctx, { action: 'read', entity: 'training_record', entityId: actor.id });
    const standing = clinicianStatus(await trainingRecords(trx, actor.id), today(deps.clock));
    return {
      ...standing,
      sessions: rows.map((r) => ({
        sessionId: r.session_id,
        date: r.date,
        place: r.place,
        title: r.title,
        topic: r.topic,
        format: r.format,
        hours: r.hours,
        attended: r.attended === null ? null : r.attended === 1,
        competency: r.competency,
        competencyDate: r.competency_date,
        expiresOn: r.competency === 'pass' && r.competency_date ? certificateExpiry(r.competency_date, r.valid_months) : null,
      })),
      trains: trains.map((s) => ({ sessionId: s.id, date: s.date, place: s.place, title: s.title })),
    };
  });
}

/** Accounts the pages offer: clinicians to enrol, and trainers (any clinician; the hospital's first). */
export async function clinicianOptions(db: Kysely<DB>) {
  return db
    .selectFrom('users as u')
    .innerJoin('centers as c', 'c.id', 'u.center_id')
    .select(['u.id', 'u.display_name', 'c.name', 'c.name_en', 'c.kind'])
    .where('u.role', '=', 'clinician')
    .where('u.active', '=', 1)
    .orderBy('c.kind', 'desc')
    .orderBy('c.name')
    .orderBy('u.display_name')
    .execute();
}
