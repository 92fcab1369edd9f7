// Two real server processes on one PostgreSQL database (issue 33), as two instances behind a proxy
// would run: what one writes the other shows at once, 50 clients writing across both lose no
// acknowledged write, the scheduled jobs run on one of them at a time, and when that one is killed
// the other takes them over. Runs in `npm run test:pg` only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type OpenedDatabase } from '../../db/connection';
import { startFakeOpenMeteo, type FakeOpenMeteo } from '../jobs/asthma-index/fake-open-meteo';
import { dropDatabase, freshDatabase, testDatabaseUrl } from '../helpers/pg';
import { ADMIN_PASSWORD, CENTRES, Client, SCHOOL, USER_PASSWORD, shanghaiDate, startServer, type ServerProcess } from '../reliability/server-process';

const admin = testDatabaseUrl()!;
let url: string;
let opened: OpenedDatabase;
let fake: FakeOpenMeteo;
const servers: ServerProcess[] = [];
let env: Record<string, string>;

// The index job every 15 seconds, so a few of its slots pass within the test.
const SLOT_SECONDS = 15;

beforeAll(async () => {
  url = await freshDatabase(admin);
  opened = await createDatabase({ path: url });
  const now = new Date().toISOString();
  for (const [id, name] of [
    [CENTRES.a, '潍坊社区卫生服务中心'],
    [CENTRES.b, '陆家嘴社区卫生服务中心'],
  ] as const) {
    await opened.db.insertInto('centers').values({ id, name, name_en: name, kind: 'community', district: 'pudong', street: '街道', created_at: now }).execute();
  }
  await opened.db.insertInto('schools').values({ id: SCHOOL, name: '测试第一小学', kind: 'primary', district: 'pudong', pupils: 450, campuses: 1, created_at: now }).execute();
  fake = await startFakeOpenMeteo();
  env = {
    DATABASE_URL: url,
    SCHEDULER: 'true',
    LOG_LEVEL: 'info',
    INDEX_CRON: `*/${SLOT_SECONDS} * * * * *`,
    WEATHER_URL: fake.forecastUrl,
    AIR_QUALITY_URL: fake.airQualityUrl,
    INDICATOR_WORKER: 'false',
    READ_WORKER: 'false',
  };
  // Started together, as a deployment starts them: both migrate-check and prepare the new database.
  servers.push(...(await Promise.all([startServer('unused.db', { env }), startServer('unused.db', { env })])));
}, 120_000);

afterAll(async () => {
  for (const s of servers) await s.kill();
  await fake?.close();
  await opened?.close();
  if (url) await dropDatabase(admin, url);
});

const leads = (s: ServerProcess) => s.output().lastIndexOf('now runs the scheduled jobs') > s.output().lastIndexOf('no longer runs the scheduled jobs');
const until = async (what: () => boolean | Promise<boolean>, ms: number, label: string) => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error(`waited ${ms} ms for ${label}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

const child = (name: string, centerId: string) => ({
  name,
  sex: 'F',
  birthDate: '2017-06-01',
  heightCm: 130,
  personalBestPef: 300,
  centerId,
  schoolId: SCHOOL,
  guardian: { name: '家长', phone: '13800138000', relation: '母亲' },
  consent: { givenBy: '家长', date: shanghaiDate(1), noticeVersion: 'v1' },
});

describe('two instances on one PostgreSQL database', () => {
  // "Within a second": each instance keeps small rows in memory until PostgreSQL's notification of a
  // commit elsewhere reaches it (db/postgres/change-feed.ts), a few milliseconds here.
  it('created one admin between them, and each shows within a second what the other wrote, its caches included', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    expect(await opened.db.selectFrom('users').select('username').where('role', '=', 'admin').execute()).toEqual([{ username: 'admin' }]);
    const adminA = await new Client(a.url).login('admin', ADMIN_PASSWORD);
    await adminA.must('POST', '/api/v1/users', { username: 'clinA', password: USER_PASSWORD, displayName: 'clinA', role: 'clinician', centerId: CENTRES.a }, 201);
    const onA = await new Client(a.url).login('clinA', USER_PASSWORD);
    const onB = await new Client(b.url).login('clinA', USER_PASSWORD);
    // B's worklist is read (and kept in memory) before the write on A.
    const worklist = '/api/v1/follow-ups/worklist?within=90';
    const before = await onB.must('GET', worklist, undefined, 200);
    const made = await onA.must('POST', '/api/v1/children', child('实例甲', CENTRES.a), 201);
    expect(JSON.stringify(before)).not.toContain(made.id);
    await until(async () => JSON.stringify(await onB.must('GET', worklist, undefined, 200)).includes(made.id), 1_000, "A's child on B's worklist");
    // A session made on one instance is good on the other, and a sign-out on one ends it on both.
    const shared = new Client(b.url);
    shared.cookie = onA.cookie;
    expect((await shared.call('GET', `/api/v1/children/${made.id}`)).status).toBe(200);
    await onA.must('POST', '/api/v1/auth/logout', undefined, 200);
    await until(async () => (await shared.call('GET', `/api/v1/children/${made.id}`)).status === 401, 1_000, 'the sign-out on B');
    expect((await onB.call('GET', `/api/v1/children/${made.id}`)).status).toBe(200);
  });

  it('loses no acknowledged write from 50 clients writing across both', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const adminA = await new Client(a.url).login('admin', ADMIN_PASSWORD);
    await adminA.must('POST', '/api/v1/users', { username: 'clinLoad', password: USER_PASSWORD, displayName: 'clinLoad', role: 'clinician', centerId: CENTRES.b }, 201);
    const maker = await new Client(b.url).login('clinLoad', USER_PASSWORD);
    const kids: string[] = [];
    for (let i = 0; i < 10; i++) kids.push((await maker.must('POST', '/api/v1/children', child(`负载${i}`, CENTRES.b), 201)).id);
    // One after another: parallel sign-ins at one username are throttled as a guesser's would be.
    const clients: Client[] = [];
    for (let i = 0; i < 50; i++) clients.push(await new Client((i % 2 ? b : a).url).login('clinLoad', USER_PASSWORD));
    const acknowledged: string[] = [];
    const busy: string[] = [];
    const refused: string[] = [];
    await Promise.all(
      clients.map(async (c, i) => {
        for (let k = 0; k < 6; k++) {
          const note = `load-${i}-${k}`;
          const res = await c.call('POST', `/api/v1/children/${kids[(i + k) % kids.length]}/follow-ups`, { date: shanghaiDate(0), mode: 'phone', answers: [3, 3, 3, 3, 5, 5, 5], gina: { q1: false, q2: false, q3: false, q4: false }, note });
          if (res.status === 201) acknowledged.push(note);
          // Ten children written by 50 clients at once collide again and again; on a loaded machine a
          // unit may outlast its 20 tries. Then it says so (503 busy, nothing saved), never 500.
          else if (res.status === 503 && res.body?.error?.code === 'busy') busy.push(note);
          else refused.push(`${res.status} ${res.text.slice(0, 200)}`);
        }
      }),
    );
    // The servers' own words for any refusal (their logs name no person).
    const errors = servers
      .flatMap((s) =>
        s
          .output()
          .split('\n')
          .filter((l) => l.includes('"level":"error"')),
      )
      .slice(0, 5)
      .join('\n');
    expect(refused, errors).toEqual([]);
    const stored = new Set((await opened.db.selectFrom('follow_ups').select('note').where('note', 'like', 'load-%').execute()).map((r) => r.note));
    // Every acknowledged write is stored, once; nothing answered busy is.
    expect(acknowledged.length + busy.length).toBe(300);
    expect(busy.length).toBeLessThan(30);
    expect(acknowledged.filter((n) => !stored.has(n))).toEqual([]);
    expect(busy.filter((n) => stored.has(n))).toEqual([]);
    expect(stored.size).toBe(acknowledged.length);
  });

  it('runs each scheduled slot of the index job once, and the other instance takes over when the leader is killed', async () => {
    await until(() => servers.some(leads), 20_000, 'a leader');
    expect(servers.filter(leads)).toHaveLength(1);
    const leader = servers.find(leads)!;
    const follower = servers.find((s) => s !== leader)!;
    const scheduled = () => opened.db.selectFrom('job_runs').select(['owner', 'started_at']).where('trigger', '=', 'schedule').orderBy('started_at').execute();
    await until(async () => (await scheduled()).length >= 2, 3 * SLOT_SECONDS * 1000, 'two scheduled runs');
    const slot = (at: string) => Math.floor(Date.parse(at) / (SLOT_SECONDS * 1000));
    const first = await scheduled();
    expect(new Set(first.map((r) => r.owner)).size).toBe(1);
    expect(new Set(first.map((r) => slot(r.started_at))).size).toBe(first.length);

    leader.child.kill('SIGKILL');
    await until(() => leads(follower), 20_000, 'the follower to take the lead');
    const ranBefore = first.length;
    await until(async () => (await scheduled()).length > ranBefore + 1, 3 * SLOT_SECONDS * 1000, 'a run on the new leader');
    const later = (await scheduled()).slice(ranBefore);
    expect(later.every((r) => r.owner !== first[0]!.owner)).toBe(true);
    const all = await scheduled();
    expect(new Set(all.map((r) => slot(r.started_at))).size).toBe(all.length);
    // Two instances again for whatever runs next (CI shuffles the tests).
    servers[servers.indexOf(leader)] = await startServer('unused.db', { env });
  }, 180_000);
});
