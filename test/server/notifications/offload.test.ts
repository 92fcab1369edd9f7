// The notification passes on their worker thread (the built dist/notify-worker.mjs, as the server
// runs it, jobs/notify/offload.ts): the scheduler's notify task hands the pass to the worker, which
// sends as at the scheduler's instant through its own connection, exactly what the pass in the
// server's thread sends.
import { pathToFileURL } from 'node:url';
import cron from 'node-cron';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startNotifyWorker } from '../../../jobs/notify/offload';
import { startScheduler } from '../../../jobs/scheduler';
import { buildServer, NOTIFY_WORKER_BUNDLE } from '../../../scripts/build';
import { runIndexJob } from '../../../server/asthma-index/job';
import { silentLogger } from '../../../server/log';
import { createWorld, type World } from '../../helpers/world';
import { closeFakes, families, notifyConfig, outbox, startFakes, type Fakes } from './world';

// 06:00 and 07:00 Shanghai on 2025-01-21, the day the recorded Open-Meteo fixtures end on.
const SIX = '2025-01-20T22:00:00Z';
const SEVEN = '2025-01-20T23:00:00Z';
const url = pathToFileURL(NOTIFY_WORKER_BUNDLE);

let f: Fakes;
let w: World;

beforeAll(async () => {
  await buildServer();
  f = await startFakes();
}, 60_000);
afterAll(async () => {
  await closeFakes(f);
});
beforeEach(async () => {
  f.wechat.sent.length = 0;
  f.sms.sent.length = 0;
  w = await createWorld({ now: SIX, config: notifyConfig(f) });
  await families(w, f);
  expect((await runIndexJob(w.deps, { trigger: 'cli' }))?.status).toBe('ok');
});
afterEach(async () => {
  await w.close();
});

describe('the notification worker', () => {
  it("runs the scheduler's notify task: at 07:00 the morning's messages leave from the worker's connection, as at the scheduler's instant", async () => {
    const worker = startNotifyWorker({ path: w.dbPath, config: w.deps.config, log: silentLogger, url });
    w.clock.set(SEVEN);
    const scheduler = startScheduler(w.deps, { notifyCron: '0 0 1 1 *', notifyWorker: worker });
    try {
      const task = [...cron.getTasks().values()].find((t) => t.name === 'notify');
      await task!.execute();
      // The pass answered only once it was done: nothing to wait for.
      expect(f.sms.sent.length + f.wechat.sent.length).toBe(3);
      const rows = await outbox(w);
      expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
      expect(new Set(rows.map((r) => r.sent_at!.slice(0, 16)))).toEqual(new Set([SEVEN.slice(0, 16)]));
      // A second pass the same minute finds nothing more to send.
      expect(await worker.pass(new Date(SEVEN))).toMatchObject({ sent: 0 });
    } finally {
      await scheduler.stop();
      await worker.stop();
    }
  });

  it('before 07:00 the worker holds the messages for quiet hours, and a stopped worker refuses a pass', async () => {
    const worker = startNotifyWorker({ path: w.dbPath, config: w.deps.config, log: silentLogger, url });
    expect(await worker.pass(new Date(SIX))).toMatchObject({ sent: 0 });
    expect(f.sms.sent.length + f.wechat.sent.length).toBe(0);
    expect((await outbox(w)).every((r) => r.status === 'pending')).toBe(true);
    await worker.stop();
    await expect(worker.pass(new Date(SEVEN))).rejects.toThrow(/stopped/);
  });
});
