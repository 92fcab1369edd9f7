// The `pg` driver, loaded when a PostgreSQL database is opened (openPostgres), so that a server on
// SQLite, and each of its worker threads, never loads it (~2 MB of heap a thread).
import type pg from 'pg';

let driver: typeof pg | undefined;

export async function loadPg(): Promise<typeof pg> {
  if (driver) return driver;
  const loaded = (await import('pg')).default;
  // `count(*)` and bigint columns (every integer column on PostgreSQL, db/migrations/dialect.ts) come
  // back from `pg` as strings, to be safe beyond 2^53; ours (counts, ids, epoch milliseconds) are far
  // below it and the application compares them as numbers, as SQLite gives them.
  loaded.types.setTypeParser(loaded.types.builtins.INT8, (v) => Number(v));
  // sum() and avg() of integers are numeric: numbers too (a sum of counts, an average of scores).
  loaded.types.setTypeParser(loaded.types.builtins.NUMERIC, (v) => Number(v));
  driver = loaded;
  return loaded;
}

/** The driver, for what runs only on a database openPostgres opened (its change feed, the job lock). */
export function pgDriver(): typeof pg {
  if (!driver) throw new Error('pg is loaded by openPostgres first');
  return driver;
}
