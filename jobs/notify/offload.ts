// The notification service's passes on a worker thread with its own database connection (issue 34).
// On the server's thread a 100,000-parent morning held the event loop for seconds (the day's
// choices read at once, then the SMS SDK's signing, JSON and garbage collection for every message),
// and other requests waited behind it (test/bench/RESULTS.md, "The morning send beside the server").
// The worker runs the same passes; the server only tells it when.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../../server/config';
import type { Logger } from '../../server/log';
import type { NotifyReport } from './send';

export interface NotifyJob {
  id: number;
  /** The instant the pass runs as at (the scheduler's clock). */
  now: string;
}

export type NotifyJobResult = { id: number; ok: true; report: NotifyReport } | { id: number; ok: false; error: string };

export interface NotifyWorkerData {
  path: string;
  config: Config;
}

export interface NotifyWorker {
  /** One pass (parents' messages, then webhooks) as at `now`; resolves with the parents' report. */
  pass(now: Date): Promise<NotifyReport>;
  stop(): Promise<void>;
}

/** The worker script built beside the server's bundle (scripts/build.ts); null when running from the sources (tsx, tests). */
export function bundledNotifyWorkerUrl(): URL | null {
  if (!import.meta.url.endsWith('.mjs')) return null;
  const url = new URL('./notify-worker.mjs', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : null;
}

/** Started at the first pass and kept (a pass comes every minute); a worker that dies is replaced at the next. */
/**
 * The worker's young generation, as the read worker's (server/reads/offload.ts): every worker the
 * server starts gives one, or V8 gives it 16 MB semi-spaces (server/node-flags.ts).
 */
const NOTIFY_WORKER_YOUNG_GENERATION_MB = 12;

export function startNotifyWorker(options: { path: string; config: Config; log: Logger; url: URL }): NotifyWorker {
  type Pending = Map<number, { resolve: (r: NotifyReport) => void; reject: (err: Error) => void }>;
  let current: { thread: Worker; pending: Pending } | null = null;
  let nextId = 1;
  let stopped = false;

  const failAll = (pending: Pending, err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const spawn = () => {
    const data: NotifyWorkerData = { path: options.path, config: options.config };
    const worker = { thread: new Worker(options.url, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: NOTIFY_WORKER_YOUNG_GENERATION_MB } }), pending: new Map() as Pending };
    worker.thread.on('message', (m: NotifyJobResult) => {
      const p = worker.pending.get(m.id);
      if (!p) return;
      worker.pending.delete(m.id);
      if (m.ok) p.resolve(m.report);
      else p.reject(new Error(m.error));
    });
    worker.thread.on('error', (err) => {
      options.log.error('notification worker failed', { error: err.message });
      if (current === worker) current = null;
      failAll(worker.pending, err);
    });
    worker.thread.on('exit', (code) => {
      if (current === worker) current = null;
      failAll(worker.pending, new Error(`notification worker exited (${code})`));
    });
    worker.thread.unref();
    return worker;
  };

  return {
    pass(now) {
      if (stopped) return Promise.reject(new Error('notification worker stopped'));
      const worker = (current ??= spawn());
      const id = nextId++;
      return new Promise<NotifyReport>((resolve, reject) => {
        worker.pending.set(id, { resolve, reject });
        worker.thread.postMessage({ id, now: now.toISOString() } satisfies NotifyJob);
      });
    },
    async stop() {
      stopped = true;
      const worker = current;
      current = null;
      if (!worker) return;
      // A pass in progress is cut: its leased rows go again when their lease lapses (5 minutes).
      failAll(worker.pending, new Error('notification worker stopped'));
      await worker.thread.terminate();
    },
  };
}
