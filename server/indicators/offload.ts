// The dashboards' stored figures computed on a worker thread with its own database connection
// (issue 8). At city scale the scheduled refresh costs ~3 minutes of CPU whenever the data changed,
// and a whole-city recomputation ~45 s; on the request thread they slowed every request behind them
// (better-sqlite3 answers synchronously: the computation yields between queries, and a query
// still held the thread up to ~230 ms). The worker computes and stores the snapshot; the server
// reads it back like any stored snapshot.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { SnapshotWorker } from './snapshots';

export interface IndicatorWorker extends SnapshotWorker {
  /** Ends the worker; jobs still waiting are refused. */
  stop(): Promise<void>;
  /** Workers started so far (one per busy spell). */
  readonly started: number;
}

/** A job for the worker: the snapshot's scope key and period, and the instant it is computed as at. */
export interface IndicatorJob {
  id: number;
  scope: string;
  from: string;
  to: string;
  now: string;
}

export type IndicatorJobResult = { id: number; ok: true } | { id: number; ok: false; error: string };

export interface IndicatorWorkerData {
  path: string;
  config: Config;
}

/**
 * The worker script built beside the server's bundle (scripts/build.ts); null when the server runs
 * from its sources (tsx, tests), which then compute in their own thread.
 */
export function bundledWorkerUrl(): URL | null {
  if (!import.meta.url.endsWith('.mjs')) return null;
  const url = new URL('./indicators-worker.mjs', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : null;
}

const INDICATOR_WORKER_YOUNG_GENERATION_MB = 3;

/** Started on the first job, ended after `idleMs` without one (its heap and page cache go with it). */
export function startIndicatorWorker(options: { path: string; config: Config; log: Logger; url: URL; idleMs?: number }): IndicatorWorker {
  const idleMs = options.idleMs ?? 5 * 60_000;
  type Pending = Map<number, { resolve: () => void; reject: (err: Error) => void }>;
  // Each worker answers only its own jobs: one that is ending may still exit after a new one took a job.
  let current: { thread: Worker; pending: Pending } | null = null;
  let idle: NodeJS.Timeout | null = null;
  let nextId = 1;
  let stopped = false;
  let started = 0;

  const failAll = (pending: Pending, err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const armIdle = () => {
    if (idle) clearTimeout(idle);
    idle = null;
    const worker = current;
    if (!worker || worker.pending.size > 0) return;
    idle = setTimeout(() => {
      if (current === worker && worker.pending.size === 0) {
        current = null;
        void worker.thread.terminate();
      }
    }, idleMs);
    idle.unref();
  };
  const spawn = () => {
    const data: IndicatorWorkerData = { path: options.path, config: options.config };
    // A background computation, not answering anyone: 1 MB semi-spaces (server/node-flags.ts) cost
    // it more scavenges, not latency, and keep ~14 MB of the server's memory free while it runs.
    const thread = new Worker(options.url, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: INDICATOR_WORKER_YOUNG_GENERATION_MB } });
    const worker = { thread, pending: new Map() as Pending };
    started++;
    worker.thread.on('message', (m: IndicatorJobResult) => {
      const p = worker.pending.get(m.id);
      if (!p) return;
      worker.pending.delete(m.id);
      if (m.ok) p.resolve();
      else p.reject(new Error(m.error));
      if (current === worker) armIdle();
    });
    // A worker that dies takes its own jobs with it; the next job starts a new one.
    worker.thread.on('error', (err) => {
      options.log.error('indicator worker failed', { error: err.message });
      if (current === worker) current = null;
      failAll(worker.pending, err);
    });
    worker.thread.on('exit', (code) => {
      if (current === worker) current = null;
      failAll(worker.pending, new Error(`indicator worker exited (${code})`));
    });
    // An idle worker never keeps the process alive.
    worker.thread.unref();
    return worker;
  };

  return {
    get started() {
      return started;
    },
    refresh(scope, from, to, now) {
      if (stopped) return Promise.reject(new Error('indicator worker stopped'));
      if (idle) clearTimeout(idle);
      idle = null;
      const worker = (current ??= spawn());
      const id = nextId++;
      const job: IndicatorJob = { id, scope, from, to, now: now.toISOString() };
      return new Promise<void>((resolve, reject) => {
        worker.pending.set(id, { resolve, reject });
        worker.thread.postMessage(job);
      });
    },
    async stop() {
      stopped = true;
      if (idle) clearTimeout(idle);
      const worker = current;
      current = null;
      if (!worker) return;
      failAll(worker.pending, new Error('indicator worker stopped'));
      await worker.thread.terminate();
    },
  };
}
