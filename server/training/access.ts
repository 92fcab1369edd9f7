// Who may do what with clinician training (issue 36), in one place: admins and managers run courses
// and sessions; a session's trainer (a clinician, usually the hospital's) records its attendance and
// competency checks; a clinician sees their own records and enrols themself.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { Actor } from '../context';
import { assertMay } from '../auth/policy';
import { forbidden, notFound } from '../errors';
import { FieldError } from '../schools/field-error';

export function assertTrainingManager(actor: Actor): void {
  assertMay(actor, 'training.manage');
}

/** Sees a session's whole roster: its managers and its trainer; other clinicians see their own row only. */
export const seesRoster = (actor: Actor, session: { trainer_id: string }): boolean => actor.role === 'admin' || actor.role === 'manager' || actor.id === session.trainer_id;

/** Records attendance and competency: the session's trainer, or an admin correcting a record. */
export function assertRecorder(actor: Actor, session: { trainer_id: string }): void {
  if (actor.role === 'admin' || (actor.role === 'clinician' && actor.id === session.trainer_id)) return;
  throw forbidden("Only the session's trainer records its attendance and competency");
}

/** Whom an enrolment is for: managers name the clinician; a clinician enrols only themself. */
export function enrolee(actor: Actor, clinicianId: string | undefined): string {
  if (actor.role === 'clinician') {
    if (clinicianId && clinicianId !== actor.id) throw forbidden('A clinician enrols only themself');
    return actor.id;
  }
  assertTrainingManager(actor);
  if (!clinicianId) throw new FieldError('clinicianId', 'v.required');
  return clinicianId;
}

/** The session when it exists (every training reader may know a session exists: the list shows them all). */
export async function sessionById(db: Kysely<DB>, sessionId: string) {
  const s = await db.selectFrom('training_sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();
  if (!s) throw notFound();
  return s;
}

/** An active clinician account with a centre, or a 400 naming the field. */
export async function clinicianAccount(db: Kysely<DB>, userId: string, field: string) {
  const u = await db.selectFrom('users').select(['id', 'center_id', 'display_name']).where('id', '=', userId).where('role', '=', 'clinician').where('active', '=', 1).executeTakeFirst();
  if (!u?.center_id) throw new FieldError(field, 'v.training.notClinician');
  return { ...u, center_id: u.center_id };
}
