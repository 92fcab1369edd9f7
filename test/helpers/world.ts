// A small, explicit world for API tests: two community centres, the hospital, two schools and
// one account per role and organisation, on a fresh temporary database per test file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAndMigrate } from '../../server/bootstrap';
import { createDatabase } from '../../db/connection';
import { dropDatabase, freshDatabase, testDatabaseUrl } from './pg';
import { createApp } from '../../server/app';
import { fixedClock } from '../../server/clock';
import { testConfig, type Config } from '../../server/config';
import { createLogger, silentLogger } from '../../server/log';
import { hashPassword } from '../../server/auth/password';
import type { Deps } from '../../server/context';
import type { Role } from '../../db/schema';

export const PASSWORD = 'correct-horse-battery';

export const ids = {
  centreA: '00000000-0000-4000-a000-00000000000a',
  centreB: '00000000-0000-4000-a000-00000000000b',
  hospital: '00000000-0000-4000-a000-0000000000ff',
  school1: '00000000-0000-4000-a000-000000000051',
  school2: '00000000-0000-4000-a000-000000000052',
};

const accounts: { username: string; role: Role; centerId?: string; schoolId?: string }[] = [
  { username: 'admin', role: 'admin' },
  { username: 'manager', role: 'manager' },
  { username: 'clinicA', role: 'clinician', centerId: ids.centreA },
  { username: 'clinicB', role: 'clinician', centerId: ids.centreB },
  { username: 'hospital', role: 'clinician', centerId: ids.hospital },
  { username: 'nurse1', role: 'nurse', schoolId: ids.school1 },
  { username: 'nurse2', role: 'nurse', schoolId: ids.school2 },
  { username: 'parent1', role: 'parent' },
  { username: 'parent2', role: 'parent' },
];

export type World = Awaited<ReturnType<typeof createWorld>>;

export async function createWorld(opts: { now?: string; config?: Partial<Config> } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'asthma-test-'));
  // npm run test:pg: a PostgreSQL database of the world's own, already migrated (test/helpers/pg.ts).
  const pgAdmin = testDatabaseUrl();
  const dbPath = pgAdmin ? await freshDatabase(pgAdmin) : join(dir, 'test.db');
  const opened = pgAdmin ? await createDatabase({ path: dbPath }) : await openAndMigrate(dbPath);
  const clock = fixedClock(opts.now ?? '2026-03-02T02:00:00Z');
  // TEST_LOG=error (or another level) shows what the server logs, such as a 500's cause.
  const log = process.env.TEST_LOG ? createLogger(process.env.TEST_LOG as 'error', (l) => process.stderr.write(`${l}\n`)) : silentLogger;
  const deps: Deps = { db: opened.db, config: testConfig(opts.config), clock, log };
  const { app, api, serveCached } = createApp(deps);
  const now = clock.now().toISOString();
  const db = opened.db;

  for (const [id, name, kind] of [
    [ids.centreA, '潍坊社区卫生服务中心', 'community'],
    [ids.centreB, '陆家嘴社区卫生服务中心', 'community'],
    [ids.hospital, '上海儿童医学中心', 'hospital'],
  ] as const) {
    await db.insertInto('centers').values({ id, name, name_en: name, kind, district: 'pudong', street: '街道', created_at: now }).execute();
  }
  for (const [id, name, pupils] of [
    [ids.school1, '测试第一小学', 450],
    [ids.school2, '测试第二小学', 1200],
  ] as const) {
    await db.insertInto('schools').values({ id, name, kind: 'primary', district: 'pudong', pupils, campuses: 1, created_at: now }).execute();
  }
  const hash = await hashPassword(PASSWORD);
  const userIds: Record<string, string> = {};
  for (const [i, a] of accounts.entries()) {
    const id = `00000000-0000-4000-b000-${String(i + 1).padStart(12, '0')}`;
    userIds[a.username] = id;
    await db
      .insertInto('users')
      .values({ id, username: a.username, password_hash: hash, display_name: a.username, role: a.role, center_id: a.centerId ?? null, school_id: a.schoolId ?? null, active: 1, created_at: now, password_changed_at: now })
      .execute();
  }

  const cookies: Record<string, string> = {};
  /** Signs in (once per username) and returns the Cookie header value. */
  async function cookieFor(username: string): Promise<string> {
    if (cookies[username]) return cookies[username];
    const res = await app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status}`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    return (cookies[username] = cookie);
  }

  /** A JSON request as `username` (or anonymous when null). */
  async function call(username: string | null, method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = {};
    if (username) headers.cookie = await cookieFor(username);
    // Like a real API client: JSON even without a body (the CSRF check refuses form-like posts).
    if (body !== undefined || method !== 'GET') headers['content-type'] = 'application/json';
    const res = await app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: res.status, body: json, text, headers: res.headers };
  }

  return {
    app,
    api,
    serveCached,
    db,
    dbPath,
    deps,
    clock,
    ids,
    userIds,
    call,
    cookieFor,
    forgetSessions: () => {
      for (const k of Object.keys(cookies)) delete cookies[k];
    },
    async close() {
      await db.destroy();
      if (pgAdmin) await dropDatabase(pgAdmin, dbPath);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
