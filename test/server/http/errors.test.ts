import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { serveApp } from '../../../server/http/serve';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.close();
});

describe('errors, headers and the contract', () => {
  it('answers an unknown API route with 404 in the error shape', async () => {
    const res = await w.call(null, 'GET', '/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: expect.any(String), details: [] } });
  });

  it('names the failing field of a bad body', async () => {
    const res = await w.call('admin', 'POST', '/api/v1/users', { username: 'x', password: 'short', displayName: '', role: 'wizard' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    const paths = res.body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['displayName', 'password', 'role', 'username']);
  });

  it('rejects malformed JSON and a wrong content type with a 4xx', async () => {
    const cookie = await w.cookieFor('admin');
    const bad = await w.app.request('/api/v1/users', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{"username":' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('validation_failed');
    const wrongType = await w.app.request('/api/v1/users', { method: 'POST', headers: { cookie, 'content-type': 'text/xml', origin: 'http://localhost' }, body: '<x/>' });
    expect(wrongType.status).toBe(415);
  });

  it('refuses a body over 1 MiB with 413', async () => {
    const cookie = await w.cookieFor('admin');
    const res = await w.app.request('/api/v1/users', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'big', password: 'x'.repeat(1024 * 1024 + 10) }),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
  });

  it('sends security headers on every response', async () => {
    for (const path of ['/healthz', '/api/v1/centers', '/api/v1/nothing-here', '/login', '/static/app.css']) {
      const res = await w.app.request(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('strict-transport-security'), path).toMatch(/^max-age=\d+/);
      expect(res.headers.get('cross-origin-resource-policy'), path).toBe('same-origin');
    }
  });

  it('lets pages load their own scripts and styles, and a JSON answer nothing', async () => {
    for (const path of ['/healthz', '/login', '/static/app.css']) {
      const res = await w.app.request(path);
      expect(res.headers.get('content-security-policy'), path).toContain("script-src 'self'");
      expect(res.headers.get('referrer-policy'), path).toBeTruthy();
    }
    for (const path of ['/api/v1/centers', '/api/v1/nothing-here']) {
      const res = await w.app.request(path);
      expect(res.headers.get('content-security-policy'), path).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get('referrer-policy'), path).toBeNull();
    }
  });

  it("tells browsers and proxies not to keep a child's record (API or page), and lets them keep files and public data", async () => {
    const cookie = await w.cookieFor('admin');
    const children = await w.app.request('/api/v1/children', { headers: { cookie } });
    expect(children.status).toBe(200);
    expect(children.headers.get('cache-control')).toBe('no-store');
    const refused = await w.app.request('/api/v1/children');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    const page = await w.app.request('/children', { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect((await w.app.request('/login')).headers.get('cache-control')).toBe('no-store');
    // The design's files and the app's manifest may be kept.
    expect((await w.app.request('/static/app.css')).headers.get('cache-control')).toMatch(/^public, max-age=/);
    expect((await w.app.request('/manifest.webmanifest')).headers.get('cache-control')).toBe('public, max-age=3600');
    const districts = await w.app.request('/api/v1/districts');
    expect(districts.status).toBe(200);
    expect(districts.headers.get('cache-control')).toBe('public, max-age=86400');
  });

  it('sends the same headers over the Node server, where they are set on the Node response', async () => {
    const server = serveApp({ app: w.app, serveCached: () => false }, { port: 0, hostname: '127.0.0.1' });
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const comparable = (h: Headers) => Object.fromEntries([...h.entries()].filter(([k]) => !['x-request-id', 'date', 'connection', 'keep-alive', 'content-length'].includes(k)));
    try {
      // A page, an API answer, an error, a file, and a route that sets its own header (Cache-Control).
      for (const path of ['/login', '/api/v1/centers', '/api/v1/nothing-here', '/static/app.css', '/api/v1/districts']) {
        const overNode = await fetch(base + path);
        const viaApp = await w.app.request(path);
        expect(overNode.status).toBe(viaApp.status);
        expect(comparable(overNode.headers)).toEqual(comparable(viaApp.headers));
        expect(overNode.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
        expect(overNode.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      }
    } finally {
      server.close();
    }
  });

  it('refuses a cross-site form post (CSRF)', async () => {
    const res = await w.app.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'username=admin&password=x',
    });
    expect(res.status).toBe(403);
  });

  it('reports health and the database state', async () => {
    const res = await w.call(null, 'GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, db: 'ok' });
  });

  it('serves an OpenAPI document listing every declared route', async () => {
    const res = await w.call(null, 'GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const route of w.api.routes) {
      const path = `/api/v1${route.path}`.replace(/:(\w+)/g, '{$1}');
      expect(res.body.paths[path]?.[route.method], `${route.method} ${path}`).toBeTruthy();
    }
    expect(res.body.paths['/api/v1/auth/login'].post.requestBody).toBeTruthy();
  });
});
