// The server process of the served morning send (notify-serve.ts), built into dist/ beside the
// server's workers: what server/main.ts starts (the connection, its checkpointer, the indicator and
// read workers, the app and its HTTP server; SCHEDULER=false, as in the city benchmark), and the
// scheduler's notify job (jobs/scheduler.ts: a pass each minute on the notification worker thread,
// jobs/notify/offload.ts, a tick skipped while a pass runs) when the bench sends { type: 'send', at }.
// With NOTIFY_IN_THREAD=true the passes run on the server's own thread instead (the code before the
// worker), to compare. main.ts has one clock for both; here the passes
// get their own, starting at `at` (07:00 Shanghai on the fixtures' day) and running at the wall
// clock's pace, while the routes keep the real clock for the data set's today. Until the scheduler
// can be given a clock and a start, the job's cadence is copied here.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { runNotifyPass, type NotifyReport } from '../../jobs/notify';
import { bundledNotifyWorkerUrl, startNotifyWorker } from '../../jobs/notify/offload';
import { createApp } from '../../server/app';
import { SERVING_PAGE_CACHE_MB } from '../../db/connection';
import { openAndMigrate } from '../../server/bootstrap';
import { systemClock } from '../../server/clock';
import { databaseLocation, parseConfig } from '../../server/config';
import type { Deps } from '../../server/context';
import { serveApp } from '../../server/http/serve';
import { bundledWorkerUrl, startIndicatorWorker } from '../../server/indicators/offload';
import { createLogger } from '../../server/log';
import { letWorkersSizeTheirYoungGeneration } from '../../server/node-flags';
import { bundledReadWorkerUrl, startReadWorker } from '../../server/reads/offload';

export type ToServer = { type: 'send'; at: string } | { type: 'loop' };
export interface PassRecord extends NotifyReport {
  startS: number;
  ms: number;
}
export type FromServer = { type: 'sent'; passes: PassRecord[] } | { type: 'loop'; p50: number; p99: number; max: number };

async function main(): Promise<void> {
  letWorkersSizeTheirYoungGeneration();
  const config = parseConfig(process.env);
  const log = createLogger(config.LOG_LEVEL);
  const path = databaseLocation(config);
  const opened = await openAndMigrate(path, { pageCacheMb: SERVING_PAGE_CACHE_MB });
  const checkpointer = opened.startUpkeep((message) => log.warn('background checkpoint failed', { message }));
  const workerUrl = config.INDICATOR_WORKER ? bundledWorkerUrl() : null;
  const indicatorWorker = workerUrl ? startIndicatorWorker({ path, config, log, url: workerUrl }) : null;
  const readWorkerUrl = config.READ_WORKER ? bundledReadWorkerUrl() : null;
  const readWorker = readWorkerUrl ? startReadWorker({ path, log, url: readWorkerUrl }) : null;
  const deps: Deps = { db: opened.db, config, clock: systemClock, log, indicatorWorker, readWorker };
  const notifyUrl = process.env.NOTIFY_IN_THREAD === 'true' ? null : bundledNotifyWorkerUrl();
  const notifyWorker = notifyUrl ? startNotifyWorker({ path, config, log, url: notifyUrl }) : null;
  const server = serveApp(createApp(deps), { port: config.PORT, hostname: config.HOST }, (info) => {
    process.stdout.write(`serving http://${config.HOST}:${info.port} (workers: indicators ${workerUrl ? 'on' : 'off'}, reads ${readWorkerUrl ? 'on' : 'off'}, notifications ${notifyWorker ? 'on' : 'off'})\n`);
  });

  // How long the event loop was held: what a request arriving meanwhile waits for.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const ms = (ns: number) => Math.round(ns / 1e5) / 10;

  async function morningSend(at: string): Promise<PassRecord[]> {
    const t0 = Date.now();
    const sendDeps: Deps = { ...deps, clock: { now: () => new Date(Date.parse(at) + Date.now() - t0) } };
    const runPass = () => (notifyWorker ? notifyWorker.pass(sendDeps.clock.now()) : runNotifyPass(sendDeps));
    const passes: PassRecord[] = [];
    for (let minute = 0; minute < 60; ) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, t0 + minute * 60_000 - Date.now())));
      const begun = Date.now();
      const report = await runPass();
      passes.push({ startS: (begun - t0) / 1000, ms: Date.now() - begun, ...report });
      const pending = await deps.db.selectFrom('notification_outbox').select('id').where('status', '=', 'pending').limit(1).executeTakeFirst();
      if (!pending) break;
      // node-cron's noOverlap: the minutes that began while the pass ran are skipped.
      minute = Math.floor((Date.now() - t0) / 60_000) + 1;
    }
    return passes;
  }

  const send = (message: FromServer) => process.send?.(message);
  process.on('message', (m: ToServer) => {
    if (m.type === 'loop') {
      send({ type: 'loop', p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) });
      loop.reset();
    } else {
      void morningSend(m.at).then((passes) => send({ type: 'sent', passes }));
    }
  });
  process.on('SIGTERM', () => {
    server.close(async () => {
      await notifyWorker?.stop();
      await indicatorWorker?.stop();
      await readWorker?.stop();
      await checkpointer?.stop();
      await opened.close();
      process.exit(0);
    });
    server.closeAllConnections();
    setTimeout(() => process.exit(1), 10_000).unref();
  });
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
