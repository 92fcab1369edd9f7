// Sign-in, sessions and API tokens (server/auth/sessions.ts) called directly (issue 38, mutation
// testing): what a refused sign-in says and audits, and that last_seen_at / last_used_at are
// written only once more than a minute has passed (README: "at most once a minute"). Each test
// sets the clock and uses its own account and request id, so the order of tests does not matter.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, logout, resolveApiToken, resolveSession } from '../../../server/auth/sessions';
import { hashSecret, newSecret } from '../../../server/ids';
import { createWorld, PASSWORD, type World } from '../../helpers/world';

let w: World;
// Two attempts per username in the window, then a 30 s wait.
beforeAll(async () => {
  w = await createWorld({ config: { LOGIN_MAX_FAILURES: 2, LOGIN_DELAY_SECONDS: 30 } });
});
afterAll(async () => {
  await w.close();
});

const ctx = () => ({ actor: null, requestId: randomUUID() });
const auditOf = (requestId: string) => w.db.selectFrom('audit_log').select(['action', 'entity', 'entity_id', 'outcome', 'user_id']).where('request_id', '=', requestId).execute();
async function refusal(f: () => Promise<unknown>) {
  try {
    await f();
    return null;
  } catch (e) {
    const err = e as { status: number; message: string; retryAfterSeconds?: number };
    return { status: err.status, message: err.message, retryAfterSeconds: err.retryAfterSeconds };
  }
}

describe('refused sign-ins', () => {
  it('a wrong password is 401, audited as denied against the account', async () => {
    w.clock.set('2026-03-02T02:00:00Z');
    const c = ctx();
    expect(await refusal(() => login(w.deps, c, 'clinicB', 'wrong-password', 'addr-b'))).toEqual({ status: 401, message: 'Wrong username or password', retryAfterSeconds: undefined });
    expect(await auditOf(c.requestId)).toEqual([{ action: 'login', entity: 'session', entity_id: w.userIds.clinicB, outcome: 'denied', user_id: null }]);
  });

  it('past the limit the attempt waits, told in whole seconds, and is audited as denied', async () => {
    w.clock.set('2026-03-02T03:00:00.000Z');
    await refusal(() => login(w.deps, ctx(), 'nurse2', 'wrong-1', 'addr-n'));
    await refusal(() => login(w.deps, ctx(), 'nurse2', 'wrong-2', 'addr-n'));
    // 0.5 s after the second attempt: 29.5 s left, said as 30.
    w.clock.set('2026-03-02T03:00:00.500Z');
    const c = ctx();
    expect(await refusal(() => login(w.deps, c, 'nurse2', PASSWORD, 'addr-n'))).toEqual({ status: 429, message: 'Too many sign-in attempts; try again in 30 seconds', retryAfterSeconds: 30 });
    expect(await auditOf(c.requestId)).toEqual([{ action: 'login', entity: 'session', entity_id: null, outcome: 'denied', user_id: null }]);
  });
});

describe('sessions', () => {
  it("a session's last use is stored only once more than a minute has passed", async () => {
    w.clock.set('2026-03-02T04:00:00.000Z');
    const { token, actor } = await login(w.deps, ctx(), 'manager', PASSWORD, 'addr-m');
    const lastSeen = async () => (await w.db.selectFrom('sessions').select('last_seen_at').where('id', '=', actor.sessionId!).executeTakeFirstOrThrow()).last_seen_at;
    w.clock.set('2026-03-02T04:01:00.000Z');
    expect((await resolveSession(w.deps, token))?.id).toBe(w.userIds.manager);
    expect(await lastSeen()).toBe('2026-03-02T04:00:00.000Z');
    w.clock.set('2026-03-02T04:01:00.001Z');
    await resolveSession(w.deps, token);
    expect(await lastSeen()).toBe('2026-03-02T04:01:00.001Z');
  });

  it('a sign-in is audited against its new session, as the signed-in user', async () => {
    w.clock.set('2026-03-02T04:30:00.000Z');
    const c = ctx();
    const { actor } = await login(w.deps, c, 'clinicA', PASSWORD, 'addr-c');
    expect(await auditOf(c.requestId)).toEqual([{ action: 'login', entity: 'session', entity_id: actor.sessionId, outcome: 'ok', user_id: w.userIds.clinicA }]);
  });

  it('signing out revokes the session and audits it', async () => {
    w.clock.set('2026-03-02T05:00:00.000Z');
    const { token, actor } = await login(w.deps, ctx(), 'parent2', PASSWORD, 'addr-p');
    const c = { actor, requestId: randomUUID() };
    await logout(w.deps, c);
    expect(await auditOf(c.requestId)).toEqual([{ action: 'logout', entity: 'session', entity_id: actor.sessionId, outcome: 'ok', user_id: actor.id }]);
    expect(await resolveSession(w.deps, token)).toBeNull();
  });
});

describe('API tokens', () => {
  it("a token's last use is stored at first use, then only once more than a minute has passed", async () => {
    w.clock.set('2026-03-02T06:00:00.000Z');
    const token = newSecret();
    const id = randomUUID();
    await w.db
      .insertInto('api_tokens')
      .values({ id, token_hash: hashSecret(token), user_id: w.userIds.hospital!, label: 'ehr', created_at: '2026-03-01T00:00:00Z', last_used_at: null, revoked_at: null })
      .execute();
    const lastUsed = async () => (await w.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow()).last_used_at;
    expect((await resolveApiToken(w.deps, token))?.id).toBe(w.userIds.hospital);
    expect(await lastUsed()).toBe('2026-03-02T06:00:00.000Z');
    w.clock.set('2026-03-02T06:01:00.000Z');
    await resolveApiToken(w.deps, token);
    expect(await lastUsed()).toBe('2026-03-02T06:00:00.000Z');
    w.clock.set('2026-03-02T06:01:00.001Z');
    await resolveApiToken(w.deps, token);
    expect(await lastUsed()).toBe('2026-03-02T06:01:00.001Z');
  });
});

describe('request authentication', () => {
  it('an unknown bearer token is 401 saying so', async () => {
    const res = await w.app.request('/api/v1/children', { headers: { authorization: `Bearer ${newSecret()}` } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthenticated', message: 'Invalid API token', details: [] } });
  });
});
