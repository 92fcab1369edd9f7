// server/auth/request-auth.ts (issue 29, findings 4 and 10), on an app composed as server/app.ts
// composes the real one: an Authorization header is authenticated by its token or refused, never
// by the cookie beside it, and only a token-authenticated request skips the CSRF check; the
// session cookie is read under the name in force (__Host- prefixed when Secure).
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv, Deps } from '../../server/context';
import { chooseLanguage, provideDeps } from '../../server/http/middleware';
import { toErrorResponse } from '../../server/http/on-error';
import { authenticate } from '../../server/auth/request-auth';
import { createWorld, type World } from '../helpers/world';

let w: World;
let token: string;
let session: string;
beforeAll(async () => {
  w = await createWorld();
  const admin = await w.cookieFor('admin');
  const issued = await w.call('admin', 'POST', `/api/v1/users/${w.userIds.manager}/tokens`, { label: 'warehouse' });
  token = issued.body.token;
  session = admin.split('=')[1]!;
});
afterAll(async () => {
  await w?.close();
});

/** provideDeps, language, then authenticate() where app.ts has the CSRF check and resolveActor. */
function appWith(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.use(provideDeps(deps));
  app.use(chooseLanguage);
  app.use(authenticate());
  const who = (c: { get(k: 'actor'): { username: string } | null }) => ({ who: c.get('actor')?.username ?? null });
  app.get('/api/v1/who', (c) => c.json(who(c)));
  app.post('/form-action', (c) => c.json(who(c)));
  app.onError((err, c) => {
    const { status, body } = toErrorResponse(err, c);
    return c.json(body, status as 400);
  });
  return app;
}

const crossSiteForm = { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' };

describe('an Authorization header is the token or nothing', () => {
  it('a malformed or unknown bearer token is 401, even with a valid session cookie', async () => {
    const app = appWith(w.deps);
    const cookie = `asthma_session=${session}`;
    expect(await (await app.request('/api/v1/who', { headers: { cookie } })).json()).toEqual({ who: 'admin' });
    for (const authorization of ['Bearer', 'Bearer ', 'Bearer a b', 'Bearer not-a-token', 'Basic YWRtaW46eA==', 'Bearer\ttab', '']) {
      const res = await app.request('/api/v1/who', { headers: { cookie, authorization } });
      expect(res.status, JSON.stringify(authorization)).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'unauthenticated', message: expect.any(String), details: [] } });
    }
  });

  it('a valid token authenticates as its user, whatever cookie comes with it', async () => {
    const app = appWith(w.deps);
    const res = await app.request('/api/v1/who', { headers: { cookie: `asthma_session=${session}`, authorization: `Bearer ${token}` } });
    expect(await res.json()).toEqual({ who: 'manager' });
    expect(await (await app.request('/api/v1/who', { headers: { authorization: `bearer  ${token}` } })).json()).toEqual({ who: 'manager' });
  });
});

describe('the CSRF check is skipped only for a token-authenticated request', () => {
  it('a cross-site form post with the cookie and a bogus bearer header is refused and runs as nobody', async () => {
    const app = appWith(w.deps);
    const res = await app.request('/form-action', { method: 'POST', headers: { ...crossSiteForm, cookie: `asthma_session=${session}`, authorization: 'Bearer a b' }, body: 'x=1' });
    expect(res.status).toBe(401);
  });

  it('a cross-site form post with only the cookie is refused by the CSRF check', async () => {
    const app = appWith(w.deps);
    const res = await app.request('/form-action', { method: 'POST', headers: { ...crossSiteForm, cookie: `asthma_session=${session}` }, body: 'x=1' });
    expect(res.status).toBe(403);
  });

  it('a token client may post a form-typed body: it carries no ambient credential', async () => {
    const app = appWith(w.deps);
    const res = await app.request('/form-action', { method: 'POST', headers: { ...crossSiteForm, authorization: `Bearer ${token}` }, body: 'x=1' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ who: 'manager' });
  });

  it('a same-origin form post with the cookie goes through as the signed-in user', async () => {
    const app = appWith(w.deps);
    const res = await app.request('/form-action', { method: 'POST', headers: { origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded', cookie: `asthma_session=${session}` }, body: 'x=1' });
    expect(await res.json()).toEqual({ who: 'admin' });
  });
});

describe('the session cookie is read under the name in force', () => {
  it('__Host-asthma_session when COOKIE_SECURE, asthma_session otherwise', async () => {
    const secure = appWith({ ...w.deps, config: { ...w.deps.config, COOKIE_SECURE: true } });
    const plain = appWith(w.deps);
    const as = async (app: Hono<AppEnv>, cookie: string) => (await (await app.request('/api/v1/who', { headers: { cookie } })).json()).who;
    expect(await as(secure, `__Host-asthma_session=${session}`)).toBe('admin');
    expect(await as(secure, `asthma_session=${session}`)).toBeNull();
    expect(await as(plain, `asthma_session=${session}`)).toBe('admin');
    expect(await as(plain, `__Host-asthma_session=${session}`)).toBeNull();
  });
});
