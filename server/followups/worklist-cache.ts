// A centre's worklist from memory (issue 8: p99 of seconds at city scale, where one worklist reads
// ~1,000 children and shapes 200 items). A worklist depends only on the centre's children and open
// clinical alerts, the day and the query; centre_data_version (migration 0009) is incremented by
// triggers on every change to those rows, so an answer is reused only while nothing it shows changed.
// The audit row of each read is still written by the caller.
import type { Db } from '../../db/connection';
import { prepareQuery } from '../../db/prepared';

const MAX_ENTRIES = 300;

// Read on every worklist request: built once (db/prepared.ts).
const centreVersion = prepareQuery((db, centerId: string) => db.selectFrom('centre_data_version').select('version').where('center_id', '=', centerId));

interface Entry<T> {
  version: number;
  value: T;
}

export class WorklistCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async version(centerId: string): Promise<number> {
    const [row] = await centreVersion(this.#db, centerId);
    return row?.version ?? 0;
  }

  get(key: string, version: number): T | undefined {
    const entry = this.#entries.get(key);
    return entry && entry.version === version ? entry.value : undefined;
  }

  put(key: string, version: number, value: T): void {
    this.#entries.delete(key);
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(key, { version, value });
  }
}

const caches = new WeakMap<Db, WorklistCache<unknown>>();

/** One cache per database (tests open many). */
export function worklistCacheFor<T>(db: Db): WorklistCache<T> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new WorklistCache<unknown>(db)));
  return cache as WorklistCache<T>;
}
