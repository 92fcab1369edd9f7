// Sign-in throttling (issue 29, finding 2): attempts count before the password is checked, so
// parallel guesses cannot slip past the limit; past it, each key (username, client address) waits a
// delay that doubles per further failure, instead of the username being locked for everyone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/log';
import { parseConfig } from '../../server/config';
import { createDatabase } from '../../db/connection';
import { createApp } from '../../server/app';
import { purgeExpiredSessions } from '../../server/auth/sessions';
import { createWorld, PASSWORD, type World } from '../helpers/world';

let w: World;
// A lower address limit than the default 30 only to spend fewer password hashes.
beforeAll(async () => {
  w = await createWorld({ config: { TRUST_PROXY: '10.0.0.1', LOGIN_ADDRESS_MAX_FAILURES: 15 } });
});
afterAll(async () => {
  await w?.close();
});

/** What @hono/node-server hands the app: the request's socket, whose peer getConnInfo reads. */
const socket = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress, remotePort: 40000, remoteFamily: remoteAddress.includes(':') ? 'IPv6' : 'IPv4' } } });

async function login(username: string, password: string, from: string, headers: Record<string, string> = {}) {
  const res = await w.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username, password }) }, socket(from));
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
}
const fail = (username: string, from: string, times: number) => Promise.all(Array.from({ length: times }, () => login(username, 'wrong-password', from))).then((r) => r.map((x) => x.status));
const seconds = (n: number) => w.clock.advance(n * 1000);
const failureRows = async (username: string) => (await w.db.selectFrom('login_failures').select('id').where('username', '=', username).execute()).length;

describe('attempts count before the password is checked', () => {
  it('after 9 failures, 24 parallel guesses get one password check, the rest 429 with Retry-After', async () => {
    for (let i = 0; i < 9; i++) expect((await login('clinicB', 'wrong-password', '198.51.100.1')).status).toBe(401);
    const burst = await Promise.all(Array.from({ length: 24 }, () => login('clinicB', 'still-wrong', '198.51.100.1')));
    expect(burst.filter((r) => r.status === 401)).toHaveLength(1);
    const refused = burst.filter((r) => r.status === 429);
    expect(refused).toHaveLength(23);
    for (const r of refused) {
      expect(r.body).toEqual({ error: { code: 'rate_limited', message: expect.any(String), details: [] } });
      expect(Number(r.retryAfter)).toBeGreaterThan(0);
    }
    expect(await failureRows('clinicB')).toBe(10);
    // Even the right password waits out the delay: it is not checked meanwhile.
    expect((await login('clinicB', PASSWORD, '198.51.100.1')).status).toBe(429);
  });
});

describe('a delay that doubles, not a lock', () => {
  it("another address's 10 failures make the real user wait Retry-After, not the window, and then sign in", async () => {
    await fail('admin', '203.0.113.66', 10);
    const refused = await login('admin', PASSWORD, '192.0.2.10');
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBe(w.deps.config.LOGIN_DELAY_SECONDS);
    seconds(Number(refused.retryAfter));
    expect((await login('admin', PASSWORD, '192.0.2.10')).status).toBe(200);
  });

  it('each further failure doubles the wait, up to the cap', async () => {
    await fail('manager', '203.0.113.77', 10);
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await login('manager', 'wrong-password', '203.0.113.77');
      expect(r.status).toBe(429);
      waits.push(Number(r.retryAfter));
      seconds(waits[i]!);
      expect((await login('manager', 'wrong-password', '203.0.113.77')).status).toBe(401);
    }
    const base = w.deps.config.LOGIN_DELAY_SECONDS;
    expect(waits).toEqual([base, 2 * base, 4 * base, 8 * base]);
    // Cap: at most LOGIN_MAX_DELAY_MINUTES, however many failures.
    const capped = await createWorld({ config: { LOGIN_DELAY_SECONDS: 40, LOGIN_MAX_DELAY_MINUTES: 1 } });
    try {
      const at = (p: string) => capped.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'nurse1', password: p }) }, socket('203.0.113.78'));
      for (let i = 0; i < 10; i++) await at('wrong-password');
      const seen: number[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await at('wrong-password');
        seen.push(Number(r.headers.get('retry-after')));
        capped.clock.advance(seen[i]! * 1000);
        expect((await at('wrong-password')).status).toBe(401);
      }
      expect(seen).toEqual([40, 60, 60]);
    } finally {
      await capped.close();
    }
  });

  it("a success from an address clears that address's count for that username, and no one else's", async () => {
    await fail('clinicA', '203.0.113.90', 6);
    await fail('clinicA', '192.0.2.20', 3);
    expect((await login('clinicA', PASSWORD, '192.0.2.20')).status).toBe(200);
    // 6 left: four more from anyone reach the limit of 10.
    await fail('clinicA', '203.0.113.90', 4);
    expect((await login('clinicA', 'wrong-password', '192.0.2.20')).status).toBe(429);
  });
});

describe('per client address', () => {
  it('one address guessing across usernames waits; another address does not', async () => {
    const sprayer = '203.0.113.120';
    const limit = w.deps.config.LOGIN_ADDRESS_MAX_FAILURES;
    for (let i = 0; i < limit; i++) expect((await login(`nobody-${i}`, 'wrong-password', sprayer)).status).toBe(401);
    expect((await login('parent1', PASSWORD, sprayer)).status).toBe(429);
    expect((await login('parent1', PASSWORD, '192.0.2.30')).status).toBe(200);
  });

  it('behind TRUST_PROXY the client is the right-most X-Forwarded-For address that is not the proxy', async () => {
    const viaProxy = (client: string) => ({ 'x-forwarded-for': `198.18.0.9, ${client}, 10.0.0.1` });
    const limit = w.deps.config.LOGIN_ADDRESS_MAX_FAILURES;
    for (let i = 0; i < limit; i++) {
      expect((await login(`ghost-${i}`, 'wrong-password', '10.0.0.1', viaProxy('203.0.113.150'))).status).toBe(401);
    }
    expect((await login('parent2', PASSWORD, '10.0.0.1', viaProxy('203.0.113.150'))).status).toBe(429);
    // Another client of the same proxy is not the sprayer, whatever it writes further left.
    expect((await login('parent2', PASSWORD, '::ffff:10.0.0.1', { 'x-forwarded-for': '203.0.113.150, 192.0.2.40' })).status).toBe(200);
  });

  it('X-Forwarded-For from anyone but the proxy is ignored', async () => {
    const limit = w.deps.config.LOGIN_ADDRESS_MAX_FAILURES;
    for (let i = 0; i < limit; i++) {
      const status = (await login(`spoof-${i}`, 'wrong-password', '203.0.113.160', { 'x-forwarded-for': `192.0.2.${i + 100}` })).status;
      expect(status).toBe(401);
    }
    expect((await login('nurse2', PASSWORD, '203.0.113.160', { 'x-forwarded-for': '192.0.2.250' })).status).toBe(429);
  });
});

describe('the sign-in page', () => {
  it('answers a throttled attempt with 429, Retry-After and the wait in the page language', async () => {
    const page = () =>
      w.app.request(
        '/login',
        {
          method: 'POST',
          headers: { origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded', cookie: 'lang=zh' },
          body: new URLSearchParams({ username: 'nurse1', password: 'wrong-password' }).toString(),
        },
        socket('203.0.113.200'),
      );
    for (let i = 0; i < 10; i++) expect((await page()).status).toBe(401);
    const res = await page();
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe(String(w.deps.config.LOGIN_DELAY_SECONDS));
    expect(await res.text()).toContain('登录尝试过于频繁，请 1 分钟后再试');
  });
});

describe('what a failed sign-in leaves', () => {
  it('a password typed into the username field is in no log line and no audit row', async () => {
    const lines: string[] = [];
    const logged = await createWorld();
    logged.deps.log = createLogger('debug', (line) => lines.push(line));
    try {
      const typed = 'Tr0ub4dor&3-typed-as-username';
      const res = await logged.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: typed, password: 'x' }) }, socket('192.0.2.99'));
      expect(res.status).toBe(401);
      expect(lines.join('\n')).not.toContain(typed);
      expect(JSON.stringify(await logged.db.selectFrom('audit_log').selectAll().execute())).not.toContain(typed);
    } finally {
      await logged.close();
    }
  });
});

describe('the settings and the memory', () => {
  it('TRUST_PROXY must be an IP address, named when it is not', () => {
    expect(parseConfig({ TRUST_PROXY: '10.0.0.1' }).TRUST_PROXY).toBe('10.0.0.1');
    expect(parseConfig({ TRUST_PROXY: '' }).TRUST_PROXY).toBeUndefined();
    expect(parseConfig({}).TRUST_PROXY).toBeUndefined();
    expect(() => parseConfig({ TRUST_PROXY: 'proxy.internal' })).toThrow(/TRUST_PROXY/);
  });

  it('attempts that left the window are deleted by the hourly purge, so guessing at random names does not fill the table', async () => {
    const attempts = async () => (await w.db.selectFrom('login_attempts').select('username').where('username', 'like', 'random-%').execute()).length;
    for (let i = 0; i < 5; i++) await login(`random-${i}`, 'wrong-password', `192.0.2.${i}`);
    expect(await attempts()).toBe(5);
    seconds(w.deps.config.LOGIN_WINDOW_MINUTES * 60 - 1);
    await purgeExpiredSessions(w.deps);
    expect(await attempts()).toBe(5);
    seconds(1);
    await purgeExpiredSessions(w.deps);
    expect(await attempts()).toBe(0);
  });
});

describe('several server instances', () => {
  it('count the same attempts: failures on one make the next attempt on another wait', async () => {
    // A second instance: its own app and connection on the same database.
    const other = await createDatabase({ path: w.dbPath });
    try {
      const b = createApp({ ...w.deps, db: other.db }).app;
      await fail('nurse2', '198.51.100.77', 10);
      const res = await b.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'nurse2', password: PASSWORD }) }, socket('192.0.2.200'));
      expect(res.status).toBe(429);
    } finally {
      await other.close();
    }
  });
});
