// A centre's worklist from memory (issue 8: p99 of seconds at city scale, where one worklist reads
// ~1,000 children and shapes 200 items). A worklist depends only on the centre's children and open
// clinical alerts, the day and the query; centre_data_version (migration 0009) is incremented by
// triggers on every change to those rows, so an answer is reused only while nothing it shows changed.
// The audit row of each read is still written by the caller.
import type { Db } from '../../db/connection';
import { keptReadsOf, type WatchedTable } from '../../db/changes';
import { prepareQuery } from '../../db/prepared';

/** The version rows this cache copies: installed by createApp (server/app.ts). */
export const WORKLIST_TABLES: WatchedTable[] = [{ table: 'centre_data_version', key: 'center_id' }];

const MAX_ENTRIES = 300;

// Read on every worklist request: built once (db/prepared.ts).
const centreVersion = prepareQuery((db, centerId: string) => db.selectFrom('centre_data_version').select('version').where('center_id', '=', centerId));

interface Entry<T> {
  version: number;
  value: T;
}

export class WorklistCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  // Computations under way: the views that arrive together (a load's first requests, a centre's
  // staff after a change) share one instead of each computing the same page (~10 ms at city scale).
  readonly #computing = new Map<string, Entry<Promise<T>>>();
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async version(centerId: string): Promise<number> {
    const read = async () => (await centreVersion(this.#db, centerId))[0]?.version ?? 0;
    // Kept until a change to that centre's row is reported (db/changes.ts): one read per
    // change instead of one per request (~17 µs under load).
    const kept = keptReadsOf<number>(this.#db, 'centre versions', ['centre_data_version'], true);
    return kept ? kept.get(centerId, read) : read();
  }

  get(key: string, version: number): T | undefined {
    const entry = this.#entries.get(key);
    return entry && entry.version === version ? entry.value : undefined;
  }

  put(key: string, version: number, value: T): void {
    // A slow computation for an older version does not replace a newer page (versions only grow).
    if ((this.#entries.get(key)?.version ?? -1) > version) return;
    this.#entries.delete(key);
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(key, { version, value });
  }

  /** The kept answer for this version, else the one being computed for it, else `compute`'s (kept). */
  async getOrCompute(key: string, version: number, compute: () => Promise<T>): Promise<T> {
    const kept = this.get(key, version);
    if (kept !== undefined) return kept;
    const running = this.#computing.get(key);
    if (running && running.version === version) return running.value;
    const value = compute();
    const entry = { version, value };
    // A late reader of an older version does not take the slot from a newer computation.
    if (!running || running.version < version) this.#computing.set(key, entry);
    try {
      const page = await value;
      this.put(key, version, page);
      return page;
    } finally {
      // A failure is not kept: the next view computes again.
      if (this.#computing.get(key) === entry) this.#computing.delete(key);
    }
  }
}

const caches = new WeakMap<Db, WorklistCache<unknown>>();

/** One cache per database (tests open many). */
export function worklistCacheFor<T>(db: Db): WorklistCache<T> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new WorklistCache<unknown>(db)));
  return cache as WorklistCache<T>;
}
