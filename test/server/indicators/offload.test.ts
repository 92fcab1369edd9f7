// Dashboard snapshots computed on the indicator worker (the built dist/indicators-worker.mjs, as the
// server runs it) store the same figures as the request thread computes, for every kind of snapshot.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildServer, INDICATOR_WORKER_BUNDLE } from '../../../scripts/build';
import { createApp } from '../../../server/app';
import { silentLogger } from '../../../server/log';
import { startIndicatorWorker, type IndicatorWorker } from '../../../server/indicators/offload';
import { createWorld, type World } from '../../helpers/world';
import { enrol, followUpBody } from '../children/fixtures';
import { upBody } from '../referrals/fixtures';

let w: World;
let worker: IndicatorWorker;
const workerUrl = pathToFileURL(INDICATOR_WORKER_BUNDLE);
const PERIOD = 'from=2025-03-03&to=2026-03-02';
const URLS = [`/api/v1/indicators?${PERIOD}`, `/api/v1/indicators/trends?${PERIOD}`, `/api/v1/indicators/index-validation?${PERIOD}`, `/api/v1/indicators/centres?${PERIOD}`, `/api/v1/referrals/indicators?${PERIOD}`];

beforeAll(async () => {
  await buildServer();
  w = await createWorld({ now: '2026-03-02T02:00:00Z' });
  for (const [i, as] of ['clinicA', 'clinicA', 'clinicB'].entries()) {
    const child = await enrol(w, { name: `孩子${i}`, centerId: as === 'clinicA' ? w.ids.centreA : w.ids.centreB }, as);
    expect((await w.call(as, 'POST', `/api/v1/children/${child}/follow-ups`, followUpBody({ answers: i === 1 ? [1, 1, 1, 1, 1, 1, 1] : [3, 3, 3, 3, 5, 5, 5] }))).status).toBe(201);
    if (i === 1) expect((await w.call(as, 'POST', '/api/v1/referrals', upBody(w, child))).status).toBe(201);
  }
  worker = startIndicatorWorker({ path: w.dbPath, config: w.deps.config, log: silentLogger, url: workerUrl, idleMs: 100 });
}, 60_000);
afterAll(async () => {
  await worker.stop();
  await w.close();
});

async function asManager(app: ReturnType<typeof createApp>['app'], url: string, user = 'manager') {
  const res = await app.request(url, { headers: { cookie: await w.cookieFor(user) } });
  return { status: res.status, text: await res.text() };
}

describe('the indicator worker', () => {
  it('stores the same figures, trends, validation and comparison as the request thread, as at the same instant', async () => {
    const offloaded = createApp({ ...w.deps, indicatorWorker: worker }).app;
    const fromWorker = [];
    for (const url of URLS) fromWorker.push(await asManager(offloaded, url));
    fromWorker.push(await asManager(offloaded, `/api/v1/indicators?${PERIOD}`, 'clinicA'));
    expect(fromWorker.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const stored = await w.db.selectFrom('indicator_snapshots').select(['scope', 'computed_at']).orderBy('scope').execute();
    // One table per period serves the figures, trends and comparison of every scope.
    expect(stored.map((s) => s.scope)).toEqual(['referrals:all', 'v2:table', 'v2:validation'].sort());
    expect(new Set(stored.map((s) => s.computed_at))).toEqual(new Set(['2026-03-02T02:00:00.000Z']));

    await w.db.deleteFrom('indicator_snapshots').execute();
    const inThread = [];
    for (const url of URLS) inThread.push(await asManager(w.app, url));
    inThread.push(await asManager(w.app, `/api/v1/indicators?${PERIOD}`, 'clinicA'));
    expect(fromWorker.map((r) => r.text)).toEqual(inThread.map((r) => r.text));
    // Not vacuous: the figures count the children and follow-ups above.
    expect(JSON.parse(inThread[0]!.text).items.find((i: { id: string }) => i.id === 'children_under_management').numerator).toBe(3);
    expect(JSON.parse(inThread[4]!.text).counts.up.requested).toBe(1);
  });

  it('refuses a job whose computation fails, with its error, and starts again for the next one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asthma-worker-'));
    const broken = startIndicatorWorker({ path: join(dir, 'empty.db'), config: w.deps.config, log: silentLogger, url: workerUrl });
    await expect(broken.refresh('v2:table', '2025-03-03', '2026-03-02', new Date())).rejects.toThrow(/no such table/);
    await broken.stop();
    rmSync(dir, { recursive: true, force: true });
    await expect(broken.refresh('v2:table', '2025-03-03', '2026-03-02', new Date())).rejects.toThrow(/stopped/);

    // The shared worker ends after 100 ms idle; the next job starts a new one. The idle timer runs
    // on a fake clock, moved past the 100 ms at once (no waiting on the machine's speed).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await worker.refresh('v2:validation', '2025-03-03', '2026-03-02', w.clock.now());
      vi.advanceTimersByTime(99);
      const before = worker.started;
      await worker.refresh('v2:validation', '2025-03-03', '2026-03-02', w.clock.now());
      expect(worker.started).toBe(before); // within 100 ms: the same worker
      vi.advanceTimersByTime(100);
    } finally {
      vi.useRealTimers();
    }
    const before = worker.started;
    await w.db.deleteFrom('indicator_snapshots').execute();
    await worker.refresh('v2:table', '2025-03-03', '2026-03-02', w.clock.now());
    expect(worker.started).toBe(before + 1);
    expect(await w.db.selectFrom('indicator_snapshots').select('scope').execute()).toEqual([{ scope: 'v2:table' }]);
  });

  it('answers every job that arrives while an idle worker is ending (each worker answers only its own)', async () => {
    const racing = startIndicatorWorker({ path: w.dbPath, config: w.deps.config, log: silentLogger, url: workerUrl, idleMs: 20 });
    // The idle timer on a fake clock: each job lands either just before the idle timeout (19 ms: the
    // same worker) or just after it (20 ms: the old worker was told to end and is exiting as the job
    // arrives, and a new one takes it), every time, however loaded the machine is.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      for (let i = 0; i < 12; i++) {
        await racing.refresh('v2:validation', '2025-03-03', '2026-03-02', w.clock.now());
        vi.advanceTimersByTime(i % 2 === 0 ? 20 : 19);
      }
      // Ended after jobs 0, 2, ..., 10; each end was followed by a job on a new worker.
      expect(racing.started).toBe(7);
    } finally {
      vi.useRealTimers();
      await racing.stop();
    }
  });
});
