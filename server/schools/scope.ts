// Who may see and change which school's first-aid records: one place for every school use case.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { Actor } from '../context';
import { forbidden, notFound } from '../errors';

export type Trx = Kysely<DB>;

export const SCHOOL_READERS = ['admin', 'manager', 'nurse'] as const;
export const SCHOOL_WRITERS = ['admin', 'nurse'] as const;


/**
 * A nurse works on her own school only (another school is 404, never revealing it exists);
 * managers and admins read every school; only admins and the school's nurse write.
 */
export function assertSchoolAccess(actor: Actor, schoolId: string, mode: 'read' | 'write'): void {
  if (actor.role === 'nurse') {
    if (actor.schoolId !== schoolId) throw notFound();
    return;
  }
  if (actor.role === 'admin') return;
  if (actor.role === 'manager' && mode === 'read') return;
  throw forbidden();
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
  if (actor.role !== 'admin' && actor.role !== 'manager') throw forbidden();
  return schoolId ?? null;
}
