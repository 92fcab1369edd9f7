import type { Actor, Deps, RequestContext } from '../context';
import { audit } from '../audit/audit';
import { AppError, unauthenticated } from '../errors';
import { hashSecret, newId, newSecret } from '../ids';
import { prepareQuery } from '../../db/prepared';
import { dummyPasswordHash, verifyPassword } from './password';
import { actorCacheOf } from './actor-cache';
import { admitSignIn, signInSucceeded } from './throttle';

const MINUTE = 60_000;
// last_seen_at is refreshed at most this often, so reads do not each become a write.
const TOUCH_EVERY_MS = MINUTE;

export interface LoginResult {
  token: string;
  actor: Actor;
}

type UserRow = { id: string; username: string; display_name: string; role: Actor['role']; center_id: string | null; school_id: string | null };

const toActor = (u: UserRow, sessionId: string | null): Actor => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  role: u.role,
  centerId: u.center_id,
  schoolId: u.school_id,
  sessionId,
});

/** A sign-in refused by the throttle; the routes answer 429 with Retry-After. */
export class LoginRateLimited extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'rate_limited', `Too many sign-in attempts; try again in ${retryAfterSeconds} seconds`);
  }
}

/**
 * Signs in `username` from client `address` (server/auth/client-address.ts). The attempt counts
 * before the password is checked (server/auth/throttle.ts); the failure row records a wrong try
 * for 30 days (purgeExpiredSessions) and is never logged: the username field may hold a password.
 */
export async function login(deps: Deps, ctx: RequestContext, username: string, password: string, address: string): Promise<LoginResult> {
  const { db, clock, config } = deps;
  const now = clock.now();
  const admission = await admitSignIn(db, username, address, now.getTime(), config);
  if (!admission.ok) {
    await db.transaction().execute((trx) => audit(trx, clock, ctx, { action: 'login', entity: 'session', outcome: 'denied' }));
    throw new LoginRateLimited(Math.ceil(admission.retryAfterMs / 1000));
  }

  const user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  const ok = await verifyPassword(password, user?.password_hash ?? (await dummyPasswordHash()));
  if (!user || !ok || !user.active) {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('login_failures').values({ username, at: now.toISOString() }).execute();
      await audit(trx, clock, ctx, { action: 'login', entity: 'session', entityId: user?.id ?? null, outcome: 'denied' });
    });
    throw unauthenticated('Wrong username or password');
  }
  await signInSucceeded(db, username, address);

  const token = newSecret();
  const sessionId = newId();
  const actor = toActor(user, sessionId);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sessions')
      .values({
        id: sessionId,
        token_hash: hashSecret(token),
        user_id: user.id,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: new Date(now.getTime() + config.SESSION_ABSOLUTE_HOURS * 60 * MINUTE).toISOString(),
        revoked_at: null,
      })
      .execute();
    await audit(trx, clock, { ...ctx, actor }, { action: 'login', entity: 'session', entityId: sessionId });
  });
  return { token, actor };
}

// Every signed-in request runs one of these two: built once (db/prepared.ts).
const sessionByHash = prepareQuery((db, hash: string) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id as session_id', 's.last_seen_at', 's.expires_at', 's.revoked_at', 'u.id', 'u.username', 'u.display_name', 'u.role', 'u.center_id', 'u.school_id', 'u.active'])
    .where('s.token_hash', '=', hash),
);

const apiTokenByHash = prepareQuery((db, hash: string) =>
  db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id as token_id', 't.revoked_at', 't.last_used_at', 'u.id', 'u.username', 'u.display_name', 'u.role', 'u.center_id', 'u.school_id', 'u.active'])
    .where('t.token_hash', '=', hash),
);

/** The actor behind a session cookie, or null when it is unknown, revoked, idle too long or past its absolute expiry. */
export async function resolveSession(deps: Deps, token: string): Promise<Actor | null> {
  const { db, clock, config } = deps;
  const now = clock.now();
  const hash = hashSecret(token);
  const cache = actorCacheOf(db);
  const key = `s:${hash}`;
  let kept = cache?.get(key);
  if (!kept) {
    const generation = cache?.generation ?? 0;
    const [row] = await sessionByHash(db, hash);
    if (!row || row.revoked_at || !row.active) return null;
    kept = { actor: Object.freeze(toActor(row, row.session_id)), id: row.session_id, lastUsedAt: row.last_seen_at, expiresAt: row.expires_at };
    cache?.put(key, kept, generation);
  }
  const lastSeen = new Date(kept.lastUsedAt!).getTime();
  if (now.getTime() >= lastSeen + config.SESSION_IDLE_MINUTES * MINUTE || now.toISOString() >= kept.expiresAt!) return null;
  if (now.getTime() - lastSeen > TOUCH_EVERY_MS) {
    const seen = now.toISOString();
    await db.updateTable('sessions').set({ last_seen_at: seen }).where('id', '=', kept.id).execute();
    kept.lastUsedAt = seen; // only once stored: the idle limit counts from what the database holds
  }
  return kept.actor;
}

export async function resolveApiToken(deps: Deps, token: string): Promise<Actor | null> {
  const { db, clock } = deps;
  const hash = hashSecret(token);
  const cache = actorCacheOf(db);
  const key = `t:${hash}`;
  let kept = cache?.get(key);
  if (!kept) {
    const generation = cache?.generation ?? 0;
    const [row] = await apiTokenByHash(db, hash);
    if (!row || row.revoked_at || !row.active) return null;
    kept = { actor: Object.freeze(toActor(row, null)), id: row.token_id, lastUsedAt: row.last_used_at };
    cache?.put(key, kept, generation);
  }
  const now = clock.now();
  if (!kept.lastUsedAt || now.getTime() - new Date(kept.lastUsedAt).getTime() > TOUCH_EVERY_MS) {
    const used = now.toISOString();
    await db.updateTable('api_tokens').set({ last_used_at: used }).where('id', '=', kept.id).execute();
    kept.lastUsedAt = used;
  }
  return kept.actor;
}

export async function logout(deps: Deps, ctx: RequestContext): Promise<void> {
  const sessionId = ctx.actor?.sessionId;
  if (!sessionId) return;
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('sessions').set({ revoked_at: deps.clock.now().toISOString() }).where('id', '=', sessionId).execute();
    await audit(trx, deps.clock, ctx, { action: 'logout', entity: 'session', entityId: sessionId });
  });
}

/** Ends every live session of a user (password change, reset, deactivation). */
export async function revokeSessionsOf(trx: Deps['db'], userId: string, at: string): Promise<void> {
  await trx.updateTable('sessions').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}

/** How long a failed sign-in is kept: it may hold a password typed into the username field. */
export const LOGIN_FAILURE_RETENTION_DAYS = 30;

/**
 * Deletes what nobody may use any more: sessions at their idle or absolute expiry (the same edges
 * resolveSession refuses at) and failed sign-ins older than the retention. The scheduler runs it.
 */
export async function purgeExpiredSessions(deps: Deps): Promise<{ sessions: number; loginFailures: number }> {
  const now = deps.clock.now();
  const idleEdge = new Date(now.getTime() - deps.config.SESSION_IDLE_MINUTES * MINUTE).toISOString();
  const failureEdge = new Date(now.getTime() - LOGIN_FAILURE_RETENTION_DAYS * 24 * 60 * MINUTE).toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const sessions = await trx
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expires_at', '<=', now.toISOString()), eb('last_seen_at', '<=', idleEdge)]))
      .executeTakeFirst();
    const failures = await trx.deleteFrom('login_failures').where('at', '<=', failureEdge).executeTakeFirst();
    // Attempts past the throttle's window count no more.
    await trx
      .deleteFrom('login_attempts')
      .where('at', '<=', new Date(now.getTime() - deps.config.LOGIN_WINDOW_MINUTES * MINUTE).toISOString())
      .execute();
    return { sessions: Number(sessions.numDeletedRows), loginFailures: Number(failures.numDeletedRows) };
  });
}
