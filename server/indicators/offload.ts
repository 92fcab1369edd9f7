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

/** Started on the first job, ended after `idleMs` without one (its heap and page cache go with it). */
export function startIndicatorWorker(options: { path: string; config: Config; log: Logger; url: URL; idleMs?: number }): IndicatorWorker {
  const idleMs = options.idleMs ?? 5 * 60_000;
  const pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  let worker: Worker | null = null;
  let idle: NodeJS.Timeout | null = null;
  let nextId = 1;
  let stopped = false;

  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const armIdle = () => {
    if (idle) clearTimeout(idle);
    idle = null;
    if (pending.size > 0 || !worker) return;
    const current = worker;
    idle = setTimeout(() => {
      if (worker === current && pending.size === 0) {
        worker = null;
        void current.terminate();
      }
    }, idleMs);
    idle.unref();
  };
  const spawn = (): Worker => {
    const data: IndicatorWorkerData = { path: options.path, config: options.config };
    const w = new Worker(options.url, { workerData: data });
    w.on('message', (m: IndicatorJobResult) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.ok) p.resolve();
      else p.reject(new Error(m.error));
      armIdle();
    });
    // A worker that dies takes its jobs with it; the next job starts a new one.
    w.on('error', (err) => {
      options.log.error('indicator worker failed', { error: err.message });
      if (worker === w) worker = null;
      failAll(err);
    });
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      if (pending.size > 0) failAll(new Error(`indicator worker exited (${code})`));
    });
    // An idle worker never keeps the process alive.
    w.unref();
    return w;
  };

  return {
    refresh(scope, from, to, now) {
      if (stopped) return Promise.reject(new Error('indicator worker stopped'));
      if (idle) clearTimeout(idle);
      idle = null;
      worker ??= spawn();
      const id = nextId++;
      const job: IndicatorJob = { id, scope, from, to, now: now.toISOString() };
      return new Promise<void>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker!.postMessage(job);
      });
    },
    async stop() {
      stopped = true;
      if (idle) clearTimeout(idle);
      failAll(new Error('indicator worker stopped'));
      const current = worker;
      worker = null;
      if (current) await current.terminate();
    },
  };
}
