// The read worker's entry (offload.ts): its own connection to the server's database, read only,
// running the reads the modules below define with offloadableRead.
import { parentPort, workerData } from 'node:worker_threads';
import { createDatabase, SERVING_PAGE_CACHE_MB } from '../../db/connection';
import { AppError } from '../errors';
import { registeredRead, type ReadJob, type ReadJobResult, type ReadWorkerData } from './offload';
import '../children/service';
import '../followups/service';
import '../diary/service';

const data = workerData as ReadWorkerData;
// Writes belong to the server's one writer: a read that tried to write here would fail, not lock.
const opening = createDatabase({ path: data.path, readOnly: true, pageCacheMb: SERVING_PAGE_CACHE_MB });

parentPort!.on('message', (job: ReadJob) => {
  void (async () => {
    let result: ReadJobResult;
    try {
      const read = registeredRead(job.name);
      if (!read) throw new Error(`no offloadable read named ${job.name}`);
      const value = await read((await opening).db, ...job.args);
      result = { id: job.id, ok: true, value: job.json ? JSON.stringify(value) : value };
    } catch (err) {
      result =
        err instanceof AppError ? { id: job.id, ok: false, appError: { status: err.status, code: err.code, message: err.message, details: err.details } } : { id: job.id, ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    parentPort!.postMessage(result);
  })();
});
