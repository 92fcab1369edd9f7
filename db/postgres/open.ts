// The PostgreSQL side of the storage seam (db/connection.ts): Kysely's PostgreSQL dialect over a
// `pg` pool. Nothing outside db/ (and its tests) imports this.
import { Kysely, PostgresDialect, TableNode, type OperationNode, type CompiledQuery, type IsolationLevel, type QueryId, type QueryResult, type TransactionBuilder, type Transaction } from 'kysely';
import type pg from 'pg';
import { loadPg } from './driver';
import type { DB } from '../schema';
import { BUMPED_TABLES, VersionFolder } from './versions';
import { PostgresChangeFeed } from './change-feed';
import type { WatchedTable } from '../sqlite/change-watch';

type Db = Kysely<DB>;

/** What every Kysely instance over one pool shares: the pool, and the change feed once installed. */
interface Shared {
  url: string;
  pool: pg.Pool;
  feed: PostgresChangeFeed | null;
}

const states = new WeakMap<Db, Shared>();

/** The pool under a Kysely instance opened here (db/ internals and tests only). */
export const poolOf = (db: Db): pg.Pool | undefined => states.get(db)?.pool;

/** The change feed of db's pool, if installed (db/changes.ts). */
export const postgresFeedOf = (db: Db): PostgresChangeFeed | undefined => states.get(db)?.feed ?? undefined;

/** Installs the change feed on db's pool, or adds these tables to it; undefined when db is not PostgreSQL's. */
export function installPostgresFeed(db: Db, tables: WatchedTable[]): PostgresChangeFeed | undefined {
  const shared = states.get(db);
  if (!shared) return undefined;
  if (shared.feed) for (const spec of tables) shared.feed.watch(spec);
  else shared.feed = new PostgresChangeFeed(shared.url, shared.pool, tables);
  return shared.feed;
}

export interface PostgresOptions {
  /** Connections in the pool (10 by default). */
  max?: number;
  /** Refuses writes on this connection's sessions (a reader's own connection). */
  readOnly?: boolean;
}

/** SQLSTATEs after which the whole transaction may simply run again. */
const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected
// Enough for a child's record written by several clinicians at the same moment (the multi-instance
// test: 50 clients on 10 children) to get through.
const MAX_ATTEMPTS = 20;

export const isRetryable = (err: unknown): boolean => RETRYABLE.has((err as { code?: string } | null)?.code ?? '');

/**
 * Every transaction serializable, run again when PostgreSQL reports a serialization failure.
 * On SQLite one writer at a time makes every read-modify-write unit safe (BEGIN IMMEDIATE); here
 * SERIALIZABLE gives the same guarantee without a global lock, at the price of a retry when two
 * units collide (the referral race: one wins, the other runs again and sees it taken).
 * A unit may run more than once: it must do nothing outside the database before it returns (ours
 * publish their effects after commit).
 */
function withSerializableRetries(db: Db, afterCommit: (written: Written) => Promise<void>): Db {
  const real = db.transaction.bind(db);
  const run = async <T>(fn: (trx: Transaction<DB>) => Promise<T>, readOnly: boolean, level: IsolationLevel): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        const builder = real().setIsolationLevel(level);
        const written = new Set<string>();
        const result = await (readOnly ? builder.setAccessMode('read only') : builder).execute((trx) => {
          noteWrites(trx, (table) => written.add(table ?? ANY));
          return fn(trx);
        });
        // The data-version counters move and the change feed hears this commit now, before the
        // caller answers (db/postgres/versions.ts, change-feed.ts).
        if (written.size) await afterCommit(written.has(ANY) ? 'any' : written);
        return result;
      } catch (err) {
        if (!isRetryable(err) || attempt >= MAX_ATTEMPTS) throw err;
        // A random pause, doubling up to 0.2 s, so the colliding units do not collide again.
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 2 ** attempt)));
      }
    }
  };
  // A unit may ask for a weaker level where it is safe (an outbox lease: db/sql.ts lockedForLease).
  const builder = (readOnly: boolean, level: IsolationLevel): TransactionBuilder<DB> =>
    ({
      execute: <T>(fn: (trx: Transaction<DB>) => Promise<T>) => run(fn, readOnly, level),
      setIsolationLevel: (asked: IsolationLevel) => builder(readOnly, asked),
      setAccessMode: (mode: string) => builder(readOnly || mode === 'read only', level),
    }) as unknown as TransactionBuilder<DB>;
  (db as { transaction: () => TransactionBuilder<DB> }).transaction = () => builder(false, 'serializable');
  return db;
}

/** The tables a unit wrote, or 'any' (raw SQL whose table is not read here). */
type Written = ReadonlySet<string> | 'any';
const ANY = '\u0000any';

/** The table a statement writes: undefined for a read, null for a write of raw SQL. */
function writtenTable(query: CompiledQuery): string | null | undefined {
  const node = query.query as { kind: string; into?: OperationNode; table?: OperationNode; from?: { froms?: OperationNode[] } };
  const name = (n: OperationNode | undefined) => (n && TableNode.is(n) ? n.table.identifier.name : null);
  switch (node.kind) {
    case 'InsertQueryNode':
      return name(node.into);
    case 'UpdateQueryNode':
      return name(node.table);
    case 'DeleteQueryNode':
      return name(node.from?.froms?.[0]);
    case 'MergeQueryNode':
      return null;
    case 'RawNode':
      return /^\s*(insert|update|delete|merge)\b/i.test(query.sql) ? null : undefined;
    default:
      return undefined;
  }
}

/** Tells `note` of each write run through db's own executor (a transaction's, or the database's). */
function noteWrites(db: Kysely<DB>, note: (table: string | null) => unknown): void {
  const executor = db.getExecutor() as unknown as { executeQuery: (query: CompiledQuery, id: QueryId) => Promise<QueryResult<unknown>> };
  const run = executor.executeQuery.bind(executor);
  executor.executeQuery = async (query, id) => {
    const result = await run(query, id);
    const table = writtenTable(query);
    if (table !== undefined) await note(table);
    return result;
  };
}

/**
 * A write outside a transaction (a plain statement, in autocommit) has committed when it answers:
 * the after-commit work runs then too. Transactions run on executors of their own, so this sees only those.
 */
function foldAfterPlainWrites(db: Db, afterCommit: (written: Written) => Promise<void>): void {
  noteWrites(db, (table) => afterCommit(table === null ? 'any' : new Set([table])));
}

export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<{ db: Db; pool: pg.Pool }> {
  const { Pool } = await loadPg();
  const pool = new Pool({
    connectionString: url,
    max: options.max ?? 10,
    // Dates stay the text the application wrote (ISO strings), as on SQLite.
    options: options.readOnly ? '-c default_transaction_read_only=on' : undefined,
  });
  // An idle connection's error (the server restarted) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  // A read-only connection writes nothing, so it has nothing to fold.
  const folder = options.readOnly ? null : new VersionFolder(pool);
  const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const destroy = kysely.destroy.bind(kysely);
  const shared: Shared = { url, pool, feed: null };
  // The last counters move before the pool closes.
  (kysely as { destroy: () => Promise<void> }).destroy = async () => {
    await folder?.close();
    await shared.feed?.close();
    await destroy();
  };
  // After a commit: the counters move if the unit wrote a table whose triggers queue a bump, then this
  // process hears every change up to now if anything it keeps may have changed (change-feed.ts). A
  // write to neither (an audit row) costs nothing more.
  const afterCommit = async (written: Written) => {
    const touches = (tables: ReadonlySet<string>) => written === 'any' || [...written].some((t) => tables.has(t));
    const folded = folder !== null && touches(BUMPED_TABLES);
    if (folded) await folder.fold();
    if (shared.feed && (folded || touches(shared.feed.tables))) await shared.feed.sync();
  };
  // An instance derived with a plugin or a schema (a test's pause, the migrations' column types) is
  // a new Kysely over a new executor: it gets the same transactions and folding.
  const wrap = (instance: Db): Db => {
    foldAfterPlainWrites(instance, afterCommit);
    const wrapped = withSerializableRetries(instance, afterCommit) as Db & Record<'withPlugin' | 'withoutPlugins' | 'withSchema', (...args: never[]) => Db>;
    states.set(wrapped, shared);
    for (const name of ['withPlugin', 'withoutPlugins', 'withSchema'] as const) {
      const derive = wrapped[name].bind(wrapped) as (...args: unknown[]) => Db;
      wrapped[name] = (...args: never[]) => wrap(derive(...args));
    }
    return wrapped;
  };
  const db = wrap(kysely);
  return { db, pool };
}

export const isPostgresUrl = (location: string): boolean => /^postgres(ql)?:\/\//.test(location);
