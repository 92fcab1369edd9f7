// Reads of a child's record run on a worker thread with its own database connection (issue 8).
// Node answers requests on one thread; under the child page's load that thread was the whole
// limit while the machine's second core stayed ~75 % idle. Finding the child in the caller's
// scope, its rows and their shaping move to the worker; the request thread keeps the HTTP work,
// the sign-in, the audit row (written by the one writer, in the shared commit) and the answer.
// Reads see what is committed: a write is answered only after its commit, so a read that follows
// it sees it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Db } from '../../db/connection';
import type { Deps } from '../context';
import { AppError, type ErrorDetail } from '../errors';
import type { Logger } from '../log';

/** A read of the database that may run on the read worker: its arguments and result are plain data. */
export type OffloadableRead<A extends unknown[], R> = ((db: Db, ...args: A) => Promise<R>) & { readonly readName: string };

type AnyRead = (db: Db, ...args: unknown[]) => Promise<unknown>;
const registry = new Map<string, AnyRead>();

/**
 * Names a read so the worker can run it: the worker imports the same modules, whose definitions
 * fill its registry. Its arguments and result must survive structured cloning (no functions,
 * no class instances).
 */
export function offloadableRead<A extends unknown[], R>(name: string, read: (db: Db, ...args: A) => Promise<R>): OffloadableRead<A, R> {
  if (registry.has(name)) throw new Error(`offloadable read ${name} is defined twice`);
  registry.set(name, read as AnyRead);
  return Object.assign(read, { readName: name });
}

export const registeredRead = (name: string): AnyRead | undefined => registry.get(name);

/** On the read worker when the server has one (deps.readWorker), else on this thread's connection. */
export function runRead<A extends unknown[], R>(deps: Pick<Deps, 'db' | 'readWorker'>, read: OffloadableRead<A, R>, ...args: A): Promise<R> {
  return deps.readWorker ? (deps.readWorker.run(read.readName, args) as Promise<R>) : read(deps.db, ...args);
}

/**
 * As runRead, answered as JSON text: encoded where it was read, so the request thread neither
 * rebuilds the objects from the worker's message nor encodes them again (its own garbage halves).
 */
export async function runReadJson<A extends unknown[], R>(deps: Pick<Deps, 'db' | 'readWorker'>, read: OffloadableRead<A, R>, ...args: A): Promise<string> {
  return deps.readWorker ? ((await deps.readWorker.run(read.readName, args, true)) as string) : JSON.stringify(await read(deps.db, ...args));
}

export interface ReadJob {
  id: number;
  name: string;
  args: unknown[];
  /** Answer JSON.stringify of the result. */
  json: boolean;
}

/** An application error (404, 400) crosses as its fields and is thrown again as one; anything else as its message. */
export type ReadJobResult = { id: number; ok: true; value: unknown } | { id: number; ok: false; appError: { status: number; code: string; message: string; details: ErrorDetail[] } } | { id: number; ok: false; error: string };

export interface ReadWorkerData {
  path: string;
}

export interface ReadWorker {
  run(name: string, args: unknown[], json?: boolean): Promise<unknown>;
  /** Ends the worker; reads still waiting are refused. */
  stop(): Promise<void>;
  /** Workers started so far (a new one after a failure). */
  readonly started: number;
}

/** The worker script built beside the server's bundle (scripts/build.ts); null when running from sources. */
export function bundledReadWorkerUrl(): URL | null {
  if (!import.meta.url.endsWith('.mjs')) return null;
  const url = new URL('./reads-worker.mjs', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : null;
}

const READ_WORKER_YOUNG_GENERATION_MB = 12;

/** Started on the first read and kept: the reads it serves come all day. */
export function startReadWorker(options: { path: string; log: Logger; url: URL }): ReadWorker {
  type Pending = Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>;
  let current: { thread: Worker; pending: Pending } | null = null;
  let nextId = 1;
  let stopped = false;
  let started = 0;

  const failAll = (pending: Pending, err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const spawn = () => {
    const data: ReadWorkerData = { path: options.path };
    // Its young generation is its own (server/node-flags.ts): 4 MB semi-spaces, half the server
    // thread's, since it holds only a read's rows and their JSON text between messages.
    const thread = new Worker(options.url, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: READ_WORKER_YOUNG_GENERATION_MB } });
    const worker = { thread, pending: new Map() as Pending };
    started++;
    worker.thread.on('message', (m: ReadJobResult) => {
      const p = worker.pending.get(m.id);
      if (!p) return;
      worker.pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else if ('appError' in m) p.reject(new AppError(m.appError.status as AppError['status'], m.appError.code, m.appError.message, m.appError.details));
      else p.reject(new Error(m.error));
      if (worker.pending.size === 0) worker.thread.unref();
    });
    // A worker that dies takes its own reads with it; the next read starts a new one.
    worker.thread.on('error', (err) => {
      options.log.error('read worker failed', { error: err.message });
      if (current === worker) current = null;
      failAll(worker.pending, err);
    });
    worker.thread.on('exit', (code) => {
      if (current === worker) current = null;
      failAll(worker.pending, new Error(`read worker exited (${code})`));
    });
    return worker;
  };

  return {
    get started() {
      return started;
    },
    run(name, args, json = false) {
      if (stopped) return Promise.reject(new Error('read worker stopped'));
      const worker = (current ??= spawn());
      const id = nextId++;
      // Referenced only while it has reads to answer: an idle worker never keeps the process alive.
      if (worker.pending.size === 0) worker.thread.ref();
      return new Promise((resolve, reject) => {
        worker.pending.set(id, { resolve, reject });
        const job: ReadJob = { id, name, args, json };
        worker.thread.postMessage(job);
      });
    },
    async stop() {
      stopped = true;
      const worker = current;
      current = null;
      if (!worker) return;
      failAll(worker.pending, new Error('read worker stopped'));
      await worker.thread.terminate();
    },
  };
}
