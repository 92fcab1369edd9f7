// The session cookie (issue 29, finding 10): Secure by default for the real server (`npm start`),
// plain HTTP for the demo (`--demo` sets DEMO_MODE) and wherever COOKIE_SECURE=false says so.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../server/config';
import { createWorld, PASSWORD } from '../helpers/world';

async function sessionCookieWith(env: Record<string, string>): Promise<string> {
  const w = await createWorld({ config: { COOKIE_SECURE: parseConfig(env).COOKIE_SECURE } });
  try {
    const res = await w.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'parent1', password: PASSWORD }) });
    expect(res.status).toBe(200);
    return res.headers.get('set-cookie') ?? '';
  } finally {
    await w.close();
  }
}

describe('the session cookie', () => {
  it('is Secure for the real server unless COOKIE_SECURE=false; the demo is plain HTTP unless COOKIE_SECURE=true', () => {
    expect(parseConfig({}).COOKIE_SECURE).toBe(true);
    expect(parseConfig({ COOKIE_SECURE: 'false' }).COOKIE_SECURE).toBe(false);
    expect(parseConfig({ COOKIE_SECURE: '' }).COOKIE_SECURE).toBe(false);
    expect(parseConfig({ DEMO_MODE: 'true' }).COOKIE_SECURE).toBe(false);
    expect(parseConfig({ DEMO_MODE: 'true', COOKIE_SECURE: 'true' }).COOKIE_SECURE).toBe(true);
    expect(() => parseConfig({ COOKIE_SECURE: 'yes' })).toThrow(/COOKIE_SECURE/);
  });

  it('npm start sets it Secure and HttpOnly; the demo and COOKIE_SECURE=false do not set Secure', async () => {
    const real = await sessionCookieWith({});
    expect(real).toMatch(/^__Host-asthma_session=/);
    expect(real).toMatch(/;\s*Secure/i);
    expect(real).toMatch(/HttpOnly/i);
    expect(real).toMatch(/SameSite=Lax/i);
    expect(await sessionCookieWith({ DEMO_MODE: 'true' })).toMatch(/^asthma_session=(?!.*;\s*Secure)/i);
    expect(await sessionCookieWith({ COOKIE_SECURE: 'false' })).toMatch(/^asthma_session=(?!.*;\s*Secure)/i);
  });
});
