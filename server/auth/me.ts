import type { Actor, Deps } from '../context';

export interface MeView {
  id: string;
  username: string;
  displayName: string;
  role: Actor['role'];
  centerId?: string;
  schoolId?: string;
  childIds?: string[];
}

export async function describeActor(deps: Deps, actor: Actor): Promise<MeView> {
  const me: MeView = { id: actor.id, username: actor.username, displayName: actor.displayName, role: actor.role };
  if (actor.centerId) me.centerId = actor.centerId;
  if (actor.schoolId) me.schoolId = actor.schoolId;
  if (actor.role === 'parent') me.childIds = await guardianChildIds(deps, actor.id);
  return me;
}

export async function guardianChildIds(deps: Deps, userId: string): Promise<string[]> {
  const rows = await deps.db.selectFrom('guardianships').select('child_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.child_id);
}
