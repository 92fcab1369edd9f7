// Sessions and secrets (issue 9): fresh tokens at every login, revocation on logout and password
// reset, expiry, cookie flags, no secrets in logs or audit rows, and an audit log nobody can change.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/log';
import { PASSWORD, type World } from '../helpers/world';
import { securityWorld } from './fixtures';
import { UNTIL_HANG } from '../helpers/poll';

const lines: string[] = [];
let w: World;
beforeAll(async () => {
  w = await securityWorld({ log: createLogger('debug', (line) => lines.push(line)) });
});
afterAll(async () => {
  await w?.close();
});

async function login(username: string, password = PASSWORD, world = w) {
  const res = await world.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { status: res.status, setCookie, cookie: setCookie.split(';')[0]! };
}
const me = async (cookie: string, world = w) => (await world.app.request('/api/v1/me', { headers: { cookie } })).status;
const post = (cookie: string, path: string, body: unknown = {}) => w.app.request(path, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('session tokens', () => {
  it('every login issues a new token, and the cookie is HttpOnly and SameSite=Lax', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const { status, cookie, setCookie } = await login('parent1');
      expect(status).toBe(200);
      expect(seen.has(cookie)).toBe(false);
      seen.add(cookie);
      expect(setCookie).toMatch(/HttpOnly/i);
      expect(setCookie).toMatch(/SameSite=Lax/i);
      expect(setCookie).not.toMatch(/;\s*Secure/i);
      expect(cookie.split('=')[1]!.length).toBeGreaterThanOrEqual(32);
    }
  });

  it('a token chosen by the client is never adopted (no session fixation)', async () => {
    const planted = 'asthma_session=attacker-chosen-token-0123456789abcdef';
    const res = await w.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', cookie: planted }, body: JSON.stringify({ username: 'parent1', password: PASSWORD }) });
    expect(res.status).toBe(200);
    expect((res.headers.get('set-cookie') ?? '').split(';')[0]).not.toBe(planted);
    expect(await me(planted)).toBe(401);
  });

  it('the cookie carries Secure when COOKIE_SECURE=true', async () => {
    const secure = await securityWorld({ config: { COOKIE_SECURE: true } });
    try {
      const { setCookie } = await login('parent1', PASSWORD, secure);
      expect(setCookie).toMatch(/;\s*Secure/i);
      expect(setCookie).toMatch(/HttpOnly/i);
    } finally {
      await secure.close();
    }
  });

  it('logout revokes the session on the server, not only in the browser', async () => {
    const { cookie } = await login('clinicA');
    const other = await login('clinicA');
    expect(await me(cookie)).toBe(200);
    expect((await post(cookie, '/api/v1/auth/logout')).status).toBe(200);
    expect(await me(cookie)).toBe(401);
    expect(await me(other.cookie)).toBe(200);
    const page = await login('clinicA');
    await w.app.request('/logout', { method: 'POST', headers: { cookie: page.cookie, origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' } });
    expect(await me(page.cookie)).toBe(401);
  });

  it('a password reset by the admin revokes every session of that user', async () => {
    const admin = await login('admin');
    const a = await login('nurse2');
    const b = await login('nurse2');
    const res = await post(admin.cookie, `/api/v1/users/${w.userIds.nurse2}/password`, { password: 'a-new-password-123' });
    expect(res.status).toBe(200);
    expect(await me(a.cookie)).toBe(401);
    expect(await me(b.cookie)).toBe(401);
    expect((await login('nurse2')).status).toBe(401);
    expect((await login('nurse2', 'a-new-password-123')).status).toBe(200);
    expect(await me(admin.cookie)).toBe(200);
  });

  it('deactivating an account ends its sessions', async () => {
    const admin = await login('admin');
    const p = await login('parent2');
    expect((await post(admin.cookie, `/api/v1/users/${w.userIds.parent2}/active`, { active: false })).status).toBe(200);
    expect(await me(p.cookie)).toBe(401);
    expect((await login('parent2')).status).toBe(401);
    await post(admin.cookie, `/api/v1/users/${w.userIds.parent2}/active`, { active: true });
  });

  it('an idle session and a session past its absolute lifetime are rejected', async () => {
    const idle = await login('manager');
    w.clock.advance((w.deps.config.SESSION_IDLE_MINUTES + 1) * 60_000);
    expect(await me(idle.cookie)).toBe(401);
    const busy = await login('manager');
    // Active every hour (inside the idle limit) until past the absolute limit.
    for (let h = 0; h < w.deps.config.SESSION_ABSOLUTE_HOURS; h++) {
      expect(await me(busy.cookie)).toBe(200);
      w.clock.advance(60 * 60_000);
    }
    w.clock.advance(60_000);
    expect(await me(busy.cookie)).toBe(401);
  });

  it('a revoked API token is refused', async () => {
    const admin = await login('admin');
    const issued = await (await post(admin.cookie, `/api/v1/users/${w.userIds.manager}/tokens`, { label: 'warehouse' })).json();
    const token = issued.token as string;
    expect(token).toBeTruthy();
    const bearer = (t: string) => w.app.request('/api/v1/me', { headers: { authorization: `Bearer ${t}` } });
    expect((await bearer(token)).status).toBe(200);
    expect((await post(admin.cookie, `/api/v1/tokens/${issued.id}/revoke`)).status).toBe(200);
    expect((await bearer(token)).status).toBe(401);
  });
});

describe('secrets stay out of logs and audit rows', () => {
  it('no password, session token or API token appears in a log line or an audit row', async () => {
    const secrets: string[] = [PASSWORD, 'a-new-password-123', 'wrong-password-xyz'];
    await login('clinicB', 'wrong-password-xyz');
    const { cookie } = await login('clinicB');
    secrets.push(cookie.split('=')[1]!);
    const admin = await login('admin');
    secrets.push(admin.cookie.split('=')[1]!);
    const issued = await (await post(admin.cookie, `/api/v1/users/${w.userIds.clinicB}/tokens`, { label: 'x' })).json();
    secrets.push(issued.token);
    // Something that is logged: an unknown route, an error, a job run.
    await w.app.request('/api/v1/nope', { headers: { cookie } });
    await w.app.request('/api/v1/me', { headers: { authorization: `Bearer ${issued.token}` } });
    const run = await post(admin.cookie, '/api/v1/jobs/asthma-index/run', { offline: true });
    expect(run.status).toBe(202);
    const { runId } = await run.json();
    // The run logs as it goes: wait until it has ended.
    const status = async () => (await w.db.selectFrom('job_runs').select('status').where('id', '=', runId).executeTakeFirstOrThrow()).status;
    await expect.poll(status, UNTIL_HANG).not.toBe('running');
    const audit = JSON.stringify(await w.db.selectFrom('audit_log').selectAll().execute());
    const sessionsTable = JSON.stringify(await w.db.selectFrom('sessions').selectAll().execute());
    for (const secret of secrets) {
      expect(lines.join('\n'), 'a log line holds a secret').not.toContain(secret);
      expect(audit, 'an audit row holds a secret').not.toContain(secret);
      // Tokens are stored hashed.
      expect(sessionsTable).not.toContain(secret);
    }
  });
});

describe('the audit log cannot be changed', () => {
  it('no route updates or deletes audit rows', async () => {
    const writes = w.api.routes.filter((r) => r.method !== 'get' && /audit/.test(r.path));
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    const admin = await login('admin');
    for (const method of ['DELETE', 'PUT', 'PATCH', 'POST']) {
      const res = await w.app.request('/api/v1/audit', { method, headers: { cookie: admin.cookie, 'content-type': 'application/json' }, body: '{}' });
      expect(res.status, method).toBe(404);
    }
  });

  it('the database trigger refuses UPDATE and DELETE on audit_log', async () => {
    expect((await login('admin')).status).toBe(200); // an audited write, whatever ran before
    const before = await w.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(before.n)).toBeGreaterThan(0);
    await expect(sql`update audit_log set action = 'forged'`.execute(w.db)).rejects.toThrow();
    await expect(sql`delete from audit_log`.execute(w.db)).rejects.toThrow();
    const after = await w.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect((await sql<{ n: number }>`select count(*) as n from audit_log where action = 'forged'`.execute(w.db)).rows[0]!.n).toBe(0);
  });
});

describe('an Authorization header and the cookie (issue 29)', () => {
  it('a header that is not a valid token is 401 however valid the cookie beside it', async () => {
    const { cookie } = await login('clinicA');
    for (const authorization of ['Bearer a b', 'Bearer ', 'Bearer not-a-token', 'Basic eDp5']) {
      expect((await w.app.request('/api/v1/me', { headers: { cookie, authorization } })).status, authorization).toBe(401);
    }
    // A cross-site form post naming a bogus bearer used to skip the CSRF check and run as the cookie's user.
    const forged = await w.app.request('/api/v1/auth/logout', { method: 'POST', headers: { cookie, authorization: 'Bearer a b', origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: 'x=1' });
    expect(forged.status).toBe(401);
    expect(await me(cookie)).toBe(200);
  });

  it('where the cookie is Secure it is __Host-asthma_session, and only that name is read', async () => {
    const secure = await securityWorld({ config: { COOKIE_SECURE: true } });
    try {
      const { setCookie, cookie } = await login('parent1', PASSWORD, secure);
      expect(setCookie).toMatch(/^__Host-asthma_session=[^;]+;.*Path=\/;.*Secure/i);
      expect(setCookie).not.toMatch(/Domain=/i);
      expect(await me(cookie, secure)).toBe(200);
      expect(await me(`asthma_session=${cookie.split('=')[1]}`, secure)).toBe(401);
      const out = await secure.app.request('/logout', { method: 'POST', headers: { cookie, origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' } });
      expect(out.headers.get('set-cookie')).toMatch(/^__Host-asthma_session=;.*Max-Age=0/i);
      expect(await me(cookie, secure)).toBe(401);
    } finally {
      await secure.close();
    }
  });
});
