// The SQLite side of the storage seam (db/connection.ts): better-sqlite3 under Kysely, and the
// handles the SQLite-only speed-ups of db/ need. Nothing outside db/ (and its tests) imports this.
import Database from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DB } from '../schema';
import { withGroupCommit, type GroupCommit } from './group-commit';

type Db = Kysely<DB>;

// Kysely's SQLite driver opens transactions with a plain BEGIN (deferred): two writers could
// then both read before either writes and one would fail with SQLITE_BUSY on upgrade.
// BEGIN IMMEDIATE takes the write lock up front, so concurrent writers queue on busy_timeout.
// With one writer at a time every transaction is serializable, so an isolation level a use case
// asks for (group-commit.ts ignores it) is always met.
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

/** The better-sqlite3 handle under a Kysely instance opened here (db/ internals and tests only). */
export const sqliteOf = (db: Db): Database.Database | undefined => rawHandles.get(db);

/**
 * The connection under a transaction opened here, only while it is open: its statements may run on
 * the connection directly (db/prepared.ts), since the transaction holds the connection until it ends.
 */
export const transactionSqliteOf = (trx: object): Database.Database | undefined => openTransactions.get(trx);

/** The group commit under a Kysely instance opened here. */
export const groupOf = (db: Db): GroupCommit<DB> | undefined => groups.get(db);

export interface SqliteOptions {
  /** Refuses writes on this connection (the read worker's). */
  readOnly?: boolean;
  /** The page cache's size in MB (db/connection.ts). */
  pageCacheMb?: number;
}

export function openSqlite(path: string, options: SqliteOptions = {}): { db: Db; sqlite: Database.Database; group: GroupCommit<DB> } {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  if (options.readOnly) sqlite.pragma('query_only = ON');
  if (options.pageCacheMb !== undefined) sqlite.pragma(`cache_size = -${Math.round(options.pageCacheMb * 1024)}`);
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
 * 64 KB a transaction, to a temp file created and deleted per commit (test/bench/RESULTS.md: 3 of
 * a child page request's 7 `pwrite` calls at city scale). Not before migrations, whose rewrite of a
 * big table must be able to spill; not on the indicator worker, whose whole-city aggregates may
 * build temporary tables as large as their input. Drops TEMP objects, so before the change watch
 * installs its triggers.
 */
export function keepTempInMemory(sqlite: Database.Database): void {
  sqlite.pragma('temp_store = MEMORY');
}

const appendStatements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * Appends a row in the next shared commit without a transaction of its own (group-commit.ts): one
 * synchronous statement (named parameters), prepared once per connection.
 */
export function appendInNextCommit(db: Db, text: string, row: Record<string, unknown>): Promise<void> | undefined {
  const sqlite = rawHandles.get(db);
  const group = groups.get(db);
  if (!sqlite || !group) return undefined;
  let byText = appendStatements.get(sqlite);
  if (!byText) appendStatements.set(sqlite, (byText = new Map()));
  let statement = byText.get(text);
  if (!statement) byText.set(text, (statement = sqlite.prepare(text)));
  const prepared = statement;
  return group.append(() => void prepared.run(row));
}

/** A synchronous reader of one row of this query (better-sqlite3 answers at once). */
export function syncReaderOf<R>(db: Db, query: CompiledQuery<R>): (() => R | undefined) | undefined {
  const statement = rawHandles.get(db)?.prepare(query.sql);
  return statement && (() => statement.get(...query.parameters) as R | undefined);
}

export type OpenedSqlite = ReturnType<typeof openSqlite>;
