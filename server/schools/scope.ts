// Who may see and change which school's first-aid records: one place for every school use case.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { Actor } from '../context';
import { notFound } from '../errors';
import { assertMay } from '../auth/policy';

export type Trx = Kysely<DB>;

/**
 * The role first (server/auth/policy.ts: schools.read, schools.write); then a nurse works on her
 * own school only (another school is 404, never revealing it exists), the others on every school.
 */
export function assertSchoolAccess(actor: Actor, schoolId: string, mode: 'read' | 'write'): void {
  assertMay(actor, mode === 'read' ? 'schools.read' : 'schools.write');
  if (actor.role === 'nurse' && actor.schoolId !== schoolId) throw notFound();
}

/** The school, when it exists and the actor may reach it. */
export async function reachSchool(trx: Trx, actor: Actor, schoolId: string, mode: 'read' | 'write') {
  assertSchoolAccess(actor, schoolId, mode);
  const school = await trx.selectFrom('schools').selectAll().where('id', '=', schoolId).executeTakeFirst();
  if (!school) throw notFound();
  return school;
}

/** A kit, when the actor may reach its school. */
export async function reachKit(trx: Trx, actor: Actor, kitId: string, mode: 'read' | 'write') {
  const kit = await trx.selectFrom('kits').selectAll().where('id', '=', kitId).executeTakeFirst();
  if (!kit) throw notFound();
  assertSchoolAccess(actor, kit.school_id, mode);
  return kit;
}

/** The schools an actor's lists cover: her own for a nurse, all (or the one asked for) otherwise. */
export function listScope(actor: Actor, schoolId?: string): string | null {
  if (actor.role === 'nurse') {
    if (schoolId && schoolId !== actor.schoolId) throw notFound();
    return actor.schoolId ?? '00000000-0000-0000-0000-000000000000';
  }
  assertMay(actor, 'schools.read');
  return schoolId ?? null;
}
