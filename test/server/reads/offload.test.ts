// Reads of a child's record run on the read worker (the built dist/reads-worker.mjs, as the server
// runs it) answer exactly as on the request thread, with the same errors, and are still audited.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, READ_WORKER_BUNDLE } from '../../../scripts/build';
import { createApp } from '../../../server/app';
import { silentLogger } from '../../../server/log';
import { startReadWorker, type ReadWorker } from '../../../server/reads/offload';
import { createWorld, type World } from '../../helpers/world';
import { enrol, followUpBody } from '../children/fixtures';

let w: World;
let worker: ReadWorker;
let offloaded: ReturnType<typeof createApp>['app'];
let child: string;
const workerUrl = pathToFileURL(READ_WORKER_BUNDLE);
const day = (relieverUses: number) => ({ daytimeSymptoms: relieverUses ? 'mild' : 'none', nightWaking: false, nightCough: relieverUses > 1, activityLimited: false, relieverUses });

beforeAll(async () => {
  await buildServer();
  w = await createWorld({ now: '2026-03-02T02:00:00Z' });
  child = await enrol(w, { name: '工作线程' });
  await w.call('clinicA', 'POST', `/api/v1/children/${child}/guardians`, { userId: w.userIds.parent1 });
  for (const [i, date] of ['2025-12-01', '2026-01-05', '2026-02-02', '2026-03-02'].entries()) {
    expect((await w.call('clinicA', 'POST', `/api/v1/children/${child}/follow-ups`, followUpBody({ date, answers: i === 3 ? [1, 1, 1, 1, 1, 1, 1] : [3, 3, 3, 3, 5, 5, 5] }))).status).toBe(201);
  }
  for (const [i, date] of ['2026-02-28', '2026-03-01', '2026-03-02'].entries()) {
    expect((await w.call('parent1', 'PUT', `/api/v1/children/${child}/diary/${date}`, day(i))).status).toBe(200);
  }
  worker = startReadWorker({ path: w.dbPath, log: silentLogger, url: workerUrl });
  offloaded = createApp({ ...w.deps, readWorker: worker }).app;
}, 60_000);
afterAll(async () => {
  await worker.stop();
  await w.close();
});

async function get(app: typeof offloaded, user: string, url: string) {
  const res = await app.request(url, { headers: { cookie: await w.cookieFor(user), accept: 'application/json' } });
  return { status: res.status, text: await res.text() };
}

describe('the read worker', () => {
  it('answers the child, its follow-ups (pages and cursor) and its diary as the request thread does, for each role', async () => {
    const page1 = JSON.parse((await get(w.app, 'clinicA', `/api/v1/children/${child}/follow-ups?limit=2`)).text);
    const urls = [
      `/api/v1/children/${child}`,
      `/api/v1/children/${child}/follow-ups?limit=2`,
      `/api/v1/children/${child}/follow-ups?limit=2&cursor=${page1.nextCursor}`,
      `/api/v1/children/${child}/diary?from=2026-02-01&to=2026-03-02`,
      `/api/v1/children/${child}/diary`,
    ];
    for (const user of ['clinicA', 'admin', 'parent1']) {
      for (const url of urls) {
        const fromWorker = await get(offloaded, user, url);
        const inThread = await get(w.app, user, url);
        expect({ user, url, ...fromWorker }).toEqual({ user, url, ...inThread });
        expect(fromWorker.status).toBe(200);
      }
    }
    // Not vacuous: the answers carry the rows written above.
    expect(JSON.parse((await get(offloaded, 'clinicA', urls[0]!)).text)).toMatchObject({ name: '工作线程', latest: { date: '2026-03-02', ginaLevel: 'well', scoreBand: 'very_poor' } });
    expect(JSON.parse((await get(offloaded, 'clinicA', urls[2]!)).text).items.map((f: { date: string }) => f.date)).toEqual(['2026-01-05', '2025-12-01']);
    expect(JSON.parse((await get(offloaded, 'parent1', urls[3]!)).text).items.map((d: { relieverUses: number }) => d.relieverUses)).toEqual([0, 1, 2]);
    // Answered by the worker (started on the first read), not by the request thread's connection.
    expect(worker.started).toBe(1);
  });

  it("refuses as the request thread does: another centre's child (404), a bad cursor and a reversed range (400, naming the field)", async () => {
    const cases: [string, string, number, string][] = [
      ['clinicB', `/api/v1/children/${child}`, 404, 'not_found'],
      ['clinicB', `/api/v1/children/${child}/follow-ups?limit=2`, 404, 'not_found'],
      ['parent2', `/api/v1/children/${child}/diary`, 404, 'not_found'],
      ['clinicA', `/api/v1/children/${child}/follow-ups?limit=2&cursor=bm90LWEtY3Vyc29y`, 400, 'cursor'],
      ['clinicA', `/api/v1/children/${child}/diary?from=2026-03-02&to=2026-03-01`, 400, 'from'],
    ];
    for (const [user, url, status, what] of cases) {
      const fromWorker = await get(offloaded, user, url);
      expect(fromWorker).toEqual(await get(w.app, user, url));
      expect(fromWorker.status).toBe(status);
      expect(fromWorker.text).toContain(`"${what}"`);
    }
  });

  it("audits each read on the request thread's connection, after the worker answered", async () => {
    const count = async () =>
      Number(
        (
          await w.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('entity_id', '=', child)
            .where('action', '=', 'read')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    for (const url of [`/api/v1/children/${child}`, `/api/v1/children/${child}/follow-ups?limit=2`, `/api/v1/children/${child}/diary`]) {
      expect((await get(offloaded, 'clinicA', url)).status).toBe(200);
    }
    expect(await count()).toBe(before + 3);
    // A refused read changes nothing.
    expect((await get(offloaded, 'clinicB', `/api/v1/children/${child}`)).status).toBe(404);
    expect(await count()).toBe(before + 3);
  });

  it('sees a write as soon as it was answered', async () => {
    // A child of its own: the first test reads the shared child's diary days.
    const own = await enrol(w, { name: '写后即读' });
    expect((await w.call('clinicA', 'POST', `/api/v1/children/${own}/guardians`, { userId: w.userIds.parent1 })).status).toBe(200);
    const res = await w.call('parent1', 'PUT', `/api/v1/children/${own}/diary/2026-02-27`, day(3));
    expect(res.status).toBe(200);
    const listed = JSON.parse((await get(offloaded, 'parent1', `/api/v1/children/${own}/diary?from=2026-02-27&to=2026-02-27`)).text);
    expect(listed.items).toMatchObject([{ date: '2026-02-27', relieverUses: 3 }]);
  });

  it('refuses reads when its database cannot be read, and an unknown read, with their errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asthma-reads-'));
    const broken = startReadWorker({ path: join(dir, 'empty.db'), log: silentLogger, url: workerUrl });
    try {
      await expect(broken.run('followUps', [{ id: 'x', role: 'admin' }, child, null])).rejects.toThrow(/no such table/);
      await expect(broken.run('noSuchRead', [])).rejects.toThrow(/no offloadable read named noSuchRead/);
      expect(broken.started).toBe(1);
    } finally {
      await broken.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    await expect(broken.run('followUps', [])).rejects.toThrow(/stopped/);
  });
});
