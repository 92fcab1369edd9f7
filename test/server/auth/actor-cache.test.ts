import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { createWorld, type World } from '../../helpers/world';
import { actorCacheOf } from '../../../server/auth/actor-cache';
import { hashSecret } from '../../../server/ids';
import { UNTIL_HANG } from '../../helpers/poll';

// The signed-in user is kept between requests (server/auth/actor-cache.ts). These check that what is
// kept never outlives a change: made by the server, or by another process on the same database.
let w: World;
let other: Database.Database;
beforeAll(async () => {
  w = await createWorld();
  other = new Database(w.dbPath);
});
afterAll(async () => {
  other.close();
  await w.close();
});

const me = async (headers: Record<string, string>) => {
  const res = await w.app.request('/api/v1/me', { headers });
  return { status: res.status, body: res.status === 200 ? await res.json() : null };
};
const issueToken = async (username: string) => {
  const res = await w.call('admin', 'POST', `/api/v1/users/${w.userIds[username]}/tokens`, { label: 'test' });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, token: res.body.token as string, headers: { authorization: `Bearer ${res.body.token}` } };
};

describe('who is signed in, kept between requests', () => {
  it('keeps a live token after its first use, and its once-a-minute touch does not drop it', async () => {
    const { id, token, headers } = await issueToken('manager');
    const key = `t:${hashSecret(token)}`;
    expect(actorCacheOf(w.db)!.get(key)).toBeUndefined();
    expect((await me(headers)).status).toBe(200);
    expect(actorCacheOf(w.db)!.get(key)?.actor.username).toBe('manager');
    w.clock.advance(2 * 60_000);
    expect((await me(headers)).status).toBe(200);
    expect(actorCacheOf(w.db)!.get(key)).toBeDefined();
    const row = await w.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.last_used_at).toBe(w.clock.now().toISOString());
  });

  it('does not keep an unknown or revoked token', async () => {
    const { id, token, headers } = await issueToken('manager');
    expect((await w.call('admin', 'POST', `/api/v1/tokens/${id}/revoke`)).status).toBe(200);
    expect((await me(headers)).status).toBe(401);
    expect(actorCacheOf(w.db)!.get(`t:${hashSecret(token)}`)).toBeUndefined();
    expect((await me({ authorization: 'Bearer not-a-token' })).status).toBe(401);
    expect(actorCacheOf(w.db)!.get(`t:${hashSecret('not-a-token')}`)).toBeUndefined();
  });

  it('sees a change the server makes to the user at once', async () => {
    const { headers } = await issueToken('nurse1');
    expect((await me(headers)).body.displayName).toBe('nurse1');
    await w.db.updateTable('users').set({ display_name: '王护士' }).where('id', '=', w.userIds.nurse1!).execute();
    expect((await me(headers)).body.displayName).toBe('王护士');
    await w.db.updateTable('users').set({ active: 0 }).where('id', '=', w.userIds.nurse1!).execute();
    expect((await me(headers)).status).toBe(401);
    await w.db.updateTable('users').set({ active: 1, display_name: 'nurse1' }).where('id', '=', w.userIds.nurse1!).execute();
  });

  it('sees a change made by another process: a moved clinician, a revoked token, a revoked session', async () => {
    const { id, headers } = await issueToken('clinicB');
    const cookie = { cookie: await w.cookieFor('clinicB') };
    expect((await me(headers)).body.centerId).toBe(w.ids.centreB);
    expect((await me(cookie)).body.centerId).toBe(w.ids.centreB);
    // Seen from the server's next look at SQLite's data_version (at most once a millisecond).
    other.prepare('update users set center_id = ? where id = ?').run(w.ids.centreA, w.userIds.clinicB);
    await expect.poll(async () => (await me(headers)).body.centerId, UNTIL_HANG).toBe(w.ids.centreA);
    expect((await me(cookie)).body.centerId).toBe(w.ids.centreA);
    other.prepare('update api_tokens set revoked_at = ? where id = ?').run(w.clock.now().toISOString(), id);
    other.prepare('update sessions set revoked_at = ? where user_id = ?').run(w.clock.now().toISOString(), w.userIds.clinicB);
    await expect.poll(async () => (await me(headers)).status, UNTIL_HANG).toBe(401);
    expect((await me(cookie)).status).toBe(401);
    other.prepare('update users set center_id = ? where id = ?').run(w.ids.centreB, w.userIds.clinicB);
    w.forgetSessions();
  });

  it('a session is still refused once idle too long, though it is kept', async () => {
    const cookie = { cookie: await w.cookieFor('parent1') };
    expect((await me(cookie)).status).toBe(200);
    w.clock.advance((w.deps.config.SESSION_IDLE_MINUTES + 1) * 60_000);
    expect((await me(cookie)).status).toBe(401);
    w.forgetSessions();
  });

  it('a lookup that began before a change does not keep what it read', async () => {
    const cache = actorCacheOf(w.db)!;
    const generation = cache.generation;
    await w.db.updateTable('users').set({ display_name: 'admin' }).where('id', '=', w.userIds.admin!).execute();
    const entry = { actor: { id: 'x', username: 'x', displayName: 'x', role: 'admin' as const, centerId: null, schoolId: null, sessionId: null }, id: 'x', lastUsedAt: null };
    cache.put('t:stale', entry, generation);
    expect(cache.get('t:stale')).toBeUndefined();
    cache.put('t:fresh', entry, cache.generation);
    expect(cache.get('t:fresh')).toBe(entry);
  });
});
