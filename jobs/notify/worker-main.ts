// The notification worker's entry (offload.ts): its own connection to the server's database, and
// each pass (parents' messages, then webhooks) run as at the instant the scheduler sent, the clock
// going on from there at the wall clock's pace.
import { parentPort, workerData } from 'node:worker_threads';
import { createDatabase, SERVING_PAGE_CACHE_MB } from '../../db/connection';
import type { Deps } from '../../server/context';
import { createLogger } from '../../server/log';
import type { NotifyJob, NotifyJobResult, NotifyWorkerData } from './offload';
import { runNotifyPass } from './send';
import { deliverDue } from './webhooks';

const data = workerData as NotifyWorkerData;
const opening = createDatabase({ path: data.path, pageCacheMb: SERVING_PAGE_CACHE_MB });
const log = createLogger(data.config.LOG_LEVEL);

// One pass at a time: the scheduler's noOverlap already waits for the last one to answer.
parentPort!.on('message', (job: NotifyJob) => {
  void (async () => {
    let result: NotifyJobResult;
    try {
      const offset = Date.parse(job.now) - Date.now();
      const deps: Deps = { db: (await opening).db, config: data.config, clock: { now: () => new Date(Date.now() + offset) }, log };
      const report = await runNotifyPass(deps);
      await deliverDue(deps).catch((err) => log.error('delivery pass failed', { error: String(err) }));
      result = { id: job.id, ok: true, report };
    } catch (err) {
      result = { id: job.id, ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    parentPort!.postMessage(result);
  })();
});
