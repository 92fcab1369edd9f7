// Moves WAL checkpoints off the request thread. With SQLite's automatic checkpoint, the commit
// that crosses the threshold copies the WAL into the database and syncs it, on the event loop:
// measured at city scale as ~0.5 ms of every follow-up write. A worker thread with its own
// connection runs PASSIVE checkpoints (they never block readers or writers) every interval; the
// serving connection keeps a high automatic threshold only as a fallback should the worker stop.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';

const require = createRequire(import.meta.url);

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { parentPort.postMessage({ error: String(err && err.message) }); }
}, workerData.intervalMs);
parentPort.on('message', (m) => { if (m === 'stop') { clearInterval(timer); db.close(); parentPort.close(); } });
`;

export const FALLBACK_AUTOCHECKPOINT_PAGES = 20_000;

export interface Checkpointer {
  stop(): Promise<void>;
}

/** Starts background checkpoints for a file database opened on `sqlite`; onError gets failures (no data in them). */
export function startCheckpointer(sqlite: Database.Database, path: string, onError: (message: string) => void, intervalMs = 1000): Checkpointer {
  sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  const worker = new Worker(WORKER, { eval: true, workerData: { driver: require.resolve('better-sqlite3'), path, intervalMs } });
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
