// Moves WAL checkpoints off the request thread. With SQLite's automatic checkpoint, the commit
// that crosses the threshold copies the WAL into the database and syncs it, on the event loop:
// measured at city scale as ~0.5 ms of every follow-up write. A worker thread with its own
// connection runs PASSIVE checkpoints (they never block readers or writers) every interval; the
// serving connection keeps a high automatic threshold only as a fallback should the worker stop.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import type { GroupCommit } from './group-commit';

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
function round(hold) {
  let busy = false;
  let r = null;
  try {
    r = db.pragma('wal_checkpoint(PASSIVE)')[0];
    const now = r.log + '/' + r.checkpointed;
    busy = now !== last;
    last = now;
  } catch (err) { parentPort.postMessage({ error: String(err && err.message) }); }
  if (hold !== undefined || (busy && r)) parentPort.postMessage({ hold, log: r ? r.log : -1, checkpointed: r ? r.checkpointed : -1 });
  // After a hold the next round comes soon too: it tells the writer whether the WAL started over.
  timer = setTimeout(round, busy || hold !== undefined ? workerData.busyMs : workerData.intervalMs);
}
parentPort.on('message', (m) => {
  if (m === 'stop') { clearTimeout(timer); db.close(); parentPort.close(); return; }
  // The writer holds its next commit: a round now copies everything committed.
  if (m && typeof m.hold === 'number') { clearTimeout(timer); round(m.hold); }
});
`;

export const FALLBACK_AUTOCHECKPOINT_PAGES = 20_000;

/** Where the WAL starts over: at this many frames the writer holds its next commit for a last round. */
export const HOLD_AT_FRAMES = 8_000;
/** The longest a commit is held for it (the round's copying and two fsyncs); then it goes on anyway. */
export const MAX_HOLD_MS = 100;

export interface CheckpointerStats {
  /** The WAL's length in frames at the last round that found a change. */
  walFrames: number;
  /** Commits held for a last round. */
  holds: number;
  /** Of which the round copied everything, so the next commit started the WAL over. */
  completed: number;
}

export interface Checkpointer {
  readonly stats: CheckpointerStats;
  stop(): Promise<void>;
}

type RoundReport = { error?: string; hold?: number; log?: number; checkpointed?: number };

/**
 * Starts background checkpoints for a file database opened on `sqlite`; onError gets failures (no data in them).
 * With `group` (the connection's group commit), the writer lets the WAL start over: see below.
 */
export function startCheckpointer(
  sqlite: Database.Database, path: string, onError: (message: string) => void, intervalMs = 1000, busyMs = 20,
  options: { group?: Pick<GroupCommit<unknown>, 'setGate'>; holdAtFrames?: number; maxHoldMs?: number } = {},
): Checkpointer {
  sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  const worker = new Worker(WORKER, { eval: true, workerData: { driver: require.resolve('better-sqlite3'), path, intervalMs, busyMs } });
  const stats: CheckpointerStats = { walFrames: 0, holds: 0, completed: 0 };
  const holdAt = options.holdAtFrames ?? HOLD_AT_FRAMES;
  const maxHoldMs = options.maxHoldMs ?? MAX_HOLD_MS;

  // The WAL starts over only when a write begins with every frame already copied. Under a steady
  // load the next commit always comes first (the rounds finish a few ms after a commit, the next
  // batch starts at once), so the WAL grew to the fallback threshold and the writer checkpointed
  // inside a COMMIT on the event loop: 40-210 ms every ~1 s under follow-up writes at city scale.
  // Instead, once the WAL is large, the group commit holds its next batch (asynchronously: reads
  // and requests go on) while the worker runs a round, which then copies everything committed; the
  // next write starts the WAL over. Measured there: 30 holds of 5-45 ms in 10 s, no checkpoint by
  // the writer. If the round leaves frames behind or the WAL does not start over (a reader on an old
  // snapshot), or no answer comes within maxHoldMs, the commit goes on and the next hold waits for
  // the WAL to grow by as much again; the fallback threshold stays as the last resort.
  let frames = 0;
  let nextHoldAt = holdAt;
  let holdSeq = 0;
  let waiting: { seq: number; done: () => void } | null = null;
  // The WAL's length when a hold's round finished: the next report shows whether it started over.
  let completedAt: number | null = null;
  worker.on('message', (m: RoundReport) => {
    if (m.error) onError(m.error);
    if (typeof m.log !== 'number' || m.log < 0) return;
    frames = stats.walFrames = m.log;
    // A reader still on an old snapshot keeps the WAL from starting over: wait for it to grow again.
    if (completedAt !== null && m.hold === undefined) {
      if (m.log > completedAt) nextHoldAt = m.log + holdAt;
      completedAt = null;
    }
    if (waiting && m.hold === waiting.seq) {
      if (m.log === m.checkpointed) {
        stats.completed++;
        completedAt = m.log;
        frames = 0;
        nextHoldAt = holdAt;
      } else {
        nextHoldAt = frames + holdAt;
      }
      waiting.done();
    }
  });
  const gate = (): Promise<void> | undefined => {
    if (frames < nextHoldAt) return undefined;
    stats.holds++;
    const seq = ++holdSeq;
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        nextHoldAt = frames + holdAt;
        waiting?.done();
      }, maxHoldMs);
      waiting = { seq, done: () => { clearTimeout(timer); waiting = null; resolve(); } };
      worker.postMessage({ hold: seq });
    });
  };
  options.group?.setGate(gate);
  worker.on('error', (err) => onError(err.message));
  worker.unref();
  return {
    stats,
    async stop() {
      options.group?.setGate(null);
      waiting?.done();
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage('stop');
      await exited;
    },
  };
}
