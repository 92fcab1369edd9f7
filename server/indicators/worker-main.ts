// The indicator worker's entry (offload.ts): its own connection to the server's database; each job
// computed as at the instant the server sent and stored as the server would store it.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { createDatabase } from '../../db/connection';
import { createLogger } from '../log';
import type { Deps } from '../context';
import { computeAndStore } from './snapshots';
import { computationFor } from './service';
import { setBetweenCentres } from './v2/table';
import type { IndicatorJob, IndicatorJobResult, IndicatorWorkerData } from './offload';

const data = workerData as IndicatorWorkerData;
// A full collection of this thread's heap between centres (v2/table.ts): the worker's peak is most of
// the server's at city scale. V8 gives a context made after --expose-gc its gc function.
setFlagsFromString('--expose-gc');
setBetweenCentres(runInNewContext('gc') as () => void);
// An 8 MB page cache instead of the driver's 16: the whole city's table reads most pages once (alone
// on the city data: 64 against 61 s, peak RSS 162 against 169 MB; 2 MB took 96 s: test/bench/RESULTS.md).
const opening = createDatabase({ path: data.path, pageCacheMb: 8 });
const log = createLogger(data.config.LOG_LEVEL);

// Jobs run side by side, as they did on the request thread: the computations yield between
// queries, so one centre's figures (~0.2 s) never wait for a whole-city refresh (minutes) to end.
parentPort!.on('message', (job: IndicatorJob) => {
  void (async () => {
    let result: IndicatorJobResult;
    try {
      const instant = new Date(job.now);
      const deps: Deps = { db: (await opening).db, config: data.config, clock: { now: () => new Date(instant.getTime()) }, log };
      const period = { from: job.from, to: job.to };
      await computeAndStore(deps, job.scope, job.from, job.to, computationFor(deps, job.scope, period));
      result = { id: job.id, ok: true };
    } catch (err) {
      result = { id: job.id, ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    parentPort!.postMessage(result);
  })();
});
