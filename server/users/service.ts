import type { Deps, RequestContext } from '../context';
import type { Role } from '../../db/schema';
import { audit } from '../audit/audit';
import { conflict, notFound, validationFailed } from '../errors';
import { hashPassword } from '../auth/password';
import { revokeSessionsOf } from '../auth/sessions';
import { hashSecret, newId, newSecret } from '../ids';

export interface NewUser {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  centerId?: string | null;
  schoolId?: string | null;
}

// A clinician belongs to one centre and a nurse to one school; other roles to neither.
function checkOrganisation(user: NewUser): void {
  if (user.role === 'clinician' && !user.centerId) throw validationFailed([{ path: 'centerId', message: 'A clinician needs a centre' }]);
  if (user.role === 'nurse' && !user.schoolId) throw validationFailed([{ path: 'schoolId', message: 'A nurse needs a school' }]);
}

export async function createUser(deps: Deps, ctx: RequestContext, input: NewUser): Promise<{ id: string }> {
  checkOrganisation(input);
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now().toISOString();
  const id = newId();
  return deps.db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
    if (taken) throw conflict('That username is taken');
    if (input.centerId && !(await trx.selectFrom('centers').select('id').where('id', '=', input.centerId).executeTakeFirst())) throw validationFailed([{ path: 'centerId', message: 'No such centre' }]);
    if (input.schoolId && !(await trx.selectFrom('schools').select('id').where('id', '=', input.schoolId).executeTakeFirst())) throw validationFailed([{ path: 'schoolId', message: 'No such school' }]);
    await trx
      .insertInto('users')
      .values({
        id,
        username: input.username,
        password_hash: passwordHash,
        display_name: input.displayName,
        role: input.role,
        center_id: input.role === 'clinician' ? (input.centerId ?? null) : null,
        school_id: input.role === 'nurse' ? (input.schoolId ?? null) : null,
        active: 1,
        created_at: now,
        password_changed_at: now,
      })
      .execute();
    await audit(trx, deps.clock, ctx, { action: 'create', entity: 'user', entityId: id });
    return { id };
  });
}

export async function setPassword(deps: Deps, ctx: RequestContext, userId: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const res = await trx.updateTable('users').set({ password_hash: passwordHash, password_changed_at: now }).where('id', '=', userId).executeTakeFirst();
    if (!res.numUpdatedRows) throw notFound();
    await revokeSessionsOf(trx, userId, now);
    await audit(trx, deps.clock, ctx, { action: 'reset_password', entity: 'user', entityId: userId });
  });
}

export async function setActive(deps: Deps, ctx: RequestContext, userId: string, active: boolean): Promise<void> {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('users')
      .set({ active: active ? 1 : 0 })
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!res.numUpdatedRows) throw notFound();
    if (!active) await revokeSessionsOf(trx, userId, now);
    await audit(trx, deps.clock, ctx, { action: active ? 'activate' : 'deactivate', entity: 'user', entityId: userId });
  });
}

/** Issues an API token; the secret is returned once and only its hash is kept. */
export async function issueToken(deps: Deps, ctx: RequestContext, userId: string, label: string): Promise<{ id: string; token: string }> {
  const token = newSecret();
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
    if (!user) throw notFound();
    await trx
      .insertInto('api_tokens')
      .values({ id, token_hash: hashSecret(token), user_id: userId, label, created_at: deps.clock.now().toISOString(), last_used_at: null, revoked_at: null })
      .execute();
    await audit(trx, deps.clock, ctx, { action: 'issue_token', entity: 'api_token', entityId: id });
  });
  return { id, token };
}

export async function revokeToken(deps: Deps, ctx: RequestContext, tokenId: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const res = await trx.updateTable('api_tokens').set({ revoked_at: deps.clock.now().toISOString() }).where('id', '=', tokenId).where('revoked_at', 'is', null).executeTakeFirst();
    if (!res.numUpdatedRows) throw notFound();
    await audit(trx, deps.clock, ctx, { action: 'revoke_token', entity: 'api_token', entityId: tokenId });
  });
}

export async function listUsers(deps: Deps) {
  return deps.db.selectFrom('users').select(['id', 'username', 'display_name as displayName', 'role', 'center_id as centerId', 'school_id as schoolId', 'active', 'created_at as createdAt']).orderBy('role').orderBy('username').execute();
}
