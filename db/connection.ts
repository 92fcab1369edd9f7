import Database from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DB } from './schema';
import { withGroupCommit, type GroupCommit } from './group-commit';

export type Db = Kysely<DB>;

// Kysely's SQLite driver opens transactions with a plain BEGIN (deferred): two writers could
// then both read before either writes and one would fail with SQLITE_BUSY on upgrade.
// BEGIN IMMEDIATE takes the write lock up front, so concurrent writers queue on busy_timeout.
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/** Wraps better-sqlite3 so Kysely reuses prepared statements instead of re-preparing every query. */
function withStatementCache(sqlite: Database.Database, limit = 500) {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}

const rawHandles = new WeakMap<Db, Database.Database>();
const openTransactions = new WeakMap<object, Database.Database>();
const groups = new WeakMap<Db, GroupCommit<DB>>();

/**
 * The better-sqlite3 handle under a Kysely instance, for the few reads on a hot path that must
 * answer synchronously (the public index cache's version check). Everything else goes through Kysely.
 */
export const rawSqlite = (db: Db): Database.Database | undefined => rawHandles.get(db);

/**
 * The connection under a transaction opened here, only while it is open: its statements may run on
 * the connection directly (db/prepared.ts), since the transaction holds the connection until it ends.
 */
export const transactionSqlite = (trx: object): Database.Database | undefined => openTransactions.get(trx);

/**
 * The connection and group commit under a Kysely instance opened here, for appending a row in the
 * next shared commit without a transaction of its own (the audit row of a read).
 */
export const appendTarget = (db: Db): { sqlite: Database.Database; group: GroupCommit<DB> } | undefined => {
  const sqlite = rawHandles.get(db);
  const group = groups.get(db);
  return sqlite && group ? { sqlite, group } : undefined;
};

export interface OpenedDb {
  db: Db;
  sqlite: Database.Database;
  /** How many transactions and units the group commit has run (for the benchmark and tests). */
  group: GroupCommit<DB>;
}

export function openDatabase(path: string): OpenedDb {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const { db, group } = withGroupCommit(
    new Kysely<DB>({
      dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) as unknown as Database.Database }),
    }),
    undefined,
    {
      opened: (trx) => openTransactions.set(trx, sqlite),
      closing: (trx) => openTransactions.delete(trx),
      exec: (trx, statement) => {
        if (openTransactions.get(trx) !== sqlite || !sqlite.inTransaction) return false;
        sqlite.exec(statement);
        return true;
      },
    },
  );
  rawHandles.set(db, sqlite);
  groups.set(db, group);
  return { db, sqlite, group };
}

/**
 * Temporary storage in memory, for the serving connection once migrated. The group commit runs
 * each unit in a savepoint, and SQLite journals every page a savepoint changes: on disk, past
 * 64 KB a transaction, to a temp file created and deleted per commit. At city scale that was 3 of
 * a child page request's 7 `pwrite` calls. In memory it is a copy of the pages a batch changes
 * (~1 MB for 50 follow-ups). Not before migrations, whose one-statement rewrite of a big table
 * journals every page it changes and must be able to spill; not on the indicator worker, whose
 * whole-city aggregates may build temporary tables as large as their input. Drops TEMP objects,
 * so before the change watch installs its triggers.
 */
export function keepTempInMemory(sqlite: Database.Database): void {
  sqlite.pragma('temp_store = MEMORY');
}
