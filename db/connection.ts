// The storage seam (docs/architecture.md): what the rest of the platform knows of the database.
// createDatabase gives the Kysely instance, its dialect and close(); the SQLite-only devices (the
// group commit, synchronous reads, the WAL checkpointer, the change watch) stay behind it in
// db/sqlite/, and the functions below offer them where the dialect has them and fall back to plain
// Kysely where it has not. No driver handle leaves db/ (the lint's `driver-stays-in-db` rule).
import type { CompiledQuery, Insertable, Kysely } from 'kysely';
import type { DB } from './schema';
import { migrateToLatest } from './migrate';
import { startCheckpointer } from './sqlite/checkpointer';
import type { GroupCommitStats } from './sqlite/group-commit';
import { appendInNextCommit, keepTempInMemory, openSqlite, syncReaderOf } from './sqlite/open';
import { isPostgresUrl, isRetryable, openPostgres } from './postgres/open';
import { isPostgres } from './migrations/dialect';

export type Db = Kysely<DB>;

export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseConfig {
  /** The SQLite file, ':memory:', or a PostgreSQL URL (postgres://…, DATABASE_URL). */
  path: string;
  /** Brings the schema up to date before anything else uses the connection. */
  migrate?: boolean;
  /** Refuses writes (a reader's own connection). */
  readOnly?: boolean;
  /**
   * SQLite's page cache for this connection, in MB (better-sqlite3 builds SQLite with 16 MB). A
   * background job that reads each page about once gains little from a large one, and its memory is
   * the server's (worker threads). Ignored on PostgreSQL.
   */
  pageCacheMb?: number;
}

/**
 * The server's connections (its own and the read worker's) keep 8 MB of pages each, not the
 * driver's 16: a city's 5 GB is read at random, so a page cache hits little either way, the OS
 * cache serves the rest, and the server's memory is what a host budgets (test/bench/RESULTS.md).
 */
export const SERVING_PAGE_CACHE_MB = 8;

export interface OpenedDatabase {
  db: Db;
  dialect: Dialect;
  /** How many transactions, units and appended rows the shared commits have run (benchmark, tests). */
  commits(): GroupCommitStats;
  /**
   * Starts the dialect's background upkeep (on SQLite: WAL checkpoints off the request thread);
   * its errors go to onError. Returns how to stop it, or null when there is none to run.
   */
  startUpkeep(onError: (message: string) => void): { stop(): Promise<void> } | null;
  close(): Promise<void>;
}

export async function createDatabase(config: DatabaseConfig): Promise<OpenedDatabase> {
  if (isPostgresUrl(config.path)) return createPostgres(config);
  const { db, sqlite, group } = openSqlite(config.path, { readOnly: config.readOnly, pageCacheMb: config.pageCacheMb });
  if (config.migrate) {
    await migrateOrClose(db);
    // Only once migrated (see keepTempInMemory).
    keepTempInMemory(sqlite);
  }
  return {
    db,
    dialect: 'sqlite',
    commits: () => ({ ...group.stats }),
    startUpkeep: (onError) => (config.path === ':memory:' ? null : startCheckpointer(sqlite, config.path, onError)),
    close: () => db.destroy(),
  };
}

/** Brings the schema up to date; a connection whose migration failed is closed, not handed out. */
async function migrateOrClose(db: Db): Promise<void> {
  try {
    await migrateToLatest(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }
}

const noCommits: GroupCommitStats = { transactions: 0, units: 0, rows: 0, largestBatch: 0 };

async function createPostgres(config: DatabaseConfig): Promise<OpenedDatabase> {
  const { db } = await openPostgres(config.path, { readOnly: config.readOnly });
  if (config.migrate) await migrateOrClose(db);
  return {
    db,
    dialect: 'postgres',
    // Every transaction commits on its own: PostgreSQL's WAL writer groups the flushes (commit_delay).
    commits: () => ({ ...noCommits }),
    // Vacuum and checkpoints are the server's own work.
    startUpkeep: () => null,
    close: () => db.destroy(),
  };
}

/** The database's dialect, for the few statements written differently on each (db/ and its tests). */
export const dialectOf = (db: Db): Dialect => (isPostgres(db) ? 'postgres' : 'sqlite');

/**
 * An appender of rows with exactly these columns, for a row that must be committed before the
 * promise settles but needs no transaction of its own (the audit row of a read). On SQLite it goes
 * into the next shared commit: a transaction of its own cost a read ~40 % of its time at city scale
 * (test/bench/RESULTS.md). The statement is written once, here, as db/prepared.ts's prepareInsert does.
 */
export function prepareAppend<T extends keyof DB & string, C extends keyof Insertable<DB[T]> & string>(table: T, columns: readonly C[]): (db: Db, row: { [K in C]-?: Exclude<Insertable<DB[T]>[K], undefined> }) => Promise<void> {
  const text = `insert into ${table} (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`;
  return (db, row) =>
    appendInNextCommit(db, text, row) ??
    // Elsewhere one insert in autocommit: committed when it answers.
    db
      .insertInto(table)
      .values(row as never)
      .execute()
      .then(() => undefined);
}

/**
 * A reader that answers one row of this query synchronously, where the dialect can (SQLite), so a
 * hot path needs no promise; undefined where it cannot, and the caller reads the usual way.
 */
export function syncReader<R>(db: Db, query: CompiledQuery<R>): (() => R | undefined) | undefined {
  return syncReaderOf(db, query);
}

/**
 * The database could not take this unit now, through no fault of the request: SQLite still busy
 * after its busy timeout, or PostgreSQL's serialization failures outlasting the retries. Worth
 * answering "try again" (503) rather than "internal error".
 */
export function isContention(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || isRetryable(err);
}
