import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, PASSWORD, type World } from '../../helpers/world';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.close();
});

const login = (username: string, password: string) => w.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

describe('login and sessions', () => {
  it('signs in, sets an HttpOnly SameSite=Lax cookie and answers /me', async () => {
    const res = await login('clinicA', PASSWORD);
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^asthma_session=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);
    const body = await res.json();
    expect(body.user).toMatchObject({ username: 'clinicA', role: 'clinician', centerId: w.ids.centreA });
    const me = await w.app.request('/api/v1/me', { headers: { cookie: setCookie.split(';')[0]! } });
    expect(me.status).toBe(200);
    expect((await me.json()).username).toBe('clinicA');
  });

  it('stores only a hash of the session token', async () => {
    const res = await login('manager', PASSWORD);
    const token = decodeURIComponent((res.headers.get('set-cookie') ?? '').split(';')[0]!.split('=')[1]!);
    const rows = await w.db.selectFrom('sessions').select('token_hash').execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });

  it('refuses a wrong password with 401 in the documented shape', async () => {
    const res = await login('clinicA', 'wrong-password');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthenticated', message: expect.any(String), details: [] } });
  });

  it('answers 401 for an API call without a session', async () => {
    const res = await w.call(null, 'GET', '/api/v1/me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });

  it('rate-limits a username after 10 failures in 15 minutes, then lets it in after the window', async () => {
    for (let i = 0; i < 10; i++) expect((await login('parent2', 'nope-nope')).status).toBe(401);
    const blocked = await login('parent2', PASSWORD);
    expect(blocked.status).toBe(429);
    expect((await blocked.json()).error.code).toBe('rate_limited');
    w.clock.advance(15 * 60_000 + 1000);
    expect((await login('parent2', PASSWORD)).status).toBe(200);
  });

  it('expires a session after 2 idle hours, and after 12 hours however active', async () => {
    const res = await login('nurse1', PASSWORD);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    const me = () => w.app.request('/api/v1/me', { headers: { cookie } });
    // Keep it alive for 11 h 50 min with calls every 100 minutes.
    for (let i = 0; i < 7; i++) {
      w.clock.advance(100 * 60_000);
      expect((await me()).status).toBe(200);
    }
    w.clock.advance(20 * 60_000);
    expect((await me()).status).toBe(401);

    const res2 = await login('nurse1', PASSWORD);
    const cookie2 = (res2.headers.get('set-cookie') ?? '').split(';')[0]!;
    w.clock.advance(2 * 60 * 60_000);
    expect((await w.app.request('/api/v1/me', { headers: { cookie: cookie2 } })).status).toBe(401);
  });

  it('revokes the session at logout', async () => {
    const res = await login('parent1', PASSWORD);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    const out = await w.app.request('/api/v1/auth/logout', { method: 'POST', headers: { cookie, 'content-type': 'application/json' } });
    expect(out.status).toBe(200);
    expect((await w.app.request('/api/v1/me', { headers: { cookie } })).status).toBe(401);
  });

  it('audits logins without storing the password or token', async () => {
    const last = await w.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirstOrThrow();
    const ok = await login('admin', PASSWORD);
    expect(ok.status).toBe(200);
    const token = decodeURIComponent((ok.headers.get('set-cookie') ?? '').split(';')[0]!.split('=')[1]!);
    expect((await login('admin', 'wrong-password-audited')).status).toBe(401);
    const rows = await w.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'login')
      .where('id', '>', Number(last.id ?? 0))
      .execute();
    expect(rows.map((r) => r.outcome).sort()).toEqual(['denied', 'ok']);
    const all = JSON.stringify(await w.db.selectFrom('audit_log').selectAll().execute());
    for (const secret of [PASSWORD, 'wrong-password-audited', token]) expect(all).not.toContain(secret);
  });
});
