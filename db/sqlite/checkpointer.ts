// Moves WAL checkpoints off the request thread. With SQLite's automatic checkpoint, the commit
// that crosses the threshold copies the WAL into the database and syncs it, on the event loop:
// measured at city scale as ~0.5 ms of every follow-up write. A worker thread with its own
// connection runs PASSIVE checkpoints (they never block readers or writers) every interval; the
// serving connection keeps a high automatic threshold only as a fallback should the worker stop.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';

const require = createRequire(import.meta.url);

// While the server writes without pause, a checkpoint every second is always overtaken by the
// next commit: the WAL then never starts over, grows to the writer's fallback threshold, and the
// writer checkpoints on the event loop (with its fsync: follow-up writes measured p99 ~0.4 s at
// city scale, the WAL sitting at 80 MB). So after a round that found new frames the next round
// comes soon; each copies only what was committed since, and once a round has copied everything
// the next write starts the WAL over. A round with nothing new waits the full interval.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
let last = '';
let timer = setTimeout(round, workerData.intervalMs);
function round() {
  let busy = false;
  try {
    const r = db.pragma('wal_checkpoint(PASSIVE)')[0];
    const now = r.log + '/' + r.checkpointed;
    busy = now !== last;
    last = now;
  } catch (err) { parentPort.postMessage({ error: String(err && err.message) }); }
  timer = setTimeout(round, busy ? workerData.busyMs : workerData.intervalMs);
}
parentPort.on('message', (m) => { if (m === 'stop') { clearTimeout(timer); db.close(); parentPort.close(); } });
`;

// The writer's own checkpoint, should the WAL reach this many pages (~400 MB): a burst of writes
// fills the WAL faster than the worker's rounds let it start over (they copy as fast as the writer
// writes, but the WAL starts over only when a write begins with every frame copied), and the
// writer's checkpoint holds the event loop for its fsync, 165–200 ms here. At 20,000 pages that came
// about every 2.5 s of a follow-up load (three times in 10 s); at 100,000, once, and a burst shorter
// than ~5 s at the benchmark's 3,000 follow-ups a second never reaches it. After the burst the
// worker's rounds catch up and the next write starts the WAL over. City scale, alternating loads:
// follow-up write p99 31, 30, 28 ms against 34, 34 in follow-up loads, 30 and 42 against 178 and 38
// in full runs, the same rates (test/bench/RESULTS.md). The file keeps the size a burst gave it.
export const FALLBACK_AUTOCHECKPOINT_PAGES = 100_000;

export interface Checkpointer {
  stop(): Promise<void>;
}

/** Starts background checkpoints for a file database opened on `sqlite`; onError gets failures (no data in them). */
export function startCheckpointer(sqlite: Database.Database, path: string, onError: (message: string) => void, intervalMs = 1000, busyMs = 20): Checkpointer {
  sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  // It allocates next to nothing: a young generation of 1 MB semi-spaces (server/node-flags.ts).
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { driver: require.resolve('better-sqlite3'), path, intervalMs, busyMs },
    resourceLimits: { maxYoungGenerationSizeMb: 3 },
  });
  worker.on('message', (m: { error?: string }) => m.error && onError(m.error));
  worker.on('error', (err) => onError(err.message));
  worker.unref();
  return {
    async stop() {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage('stop');
      await exited;
    },
  };
}
