// Group commit: use cases that ask for a transaction while another is running share the next one.
// On one SQLite connection every write transaction runs alone anyway (Kysely's connection mutex);
// what costs is the COMMIT (WAL frames written page by page, checkpoints), paid once per
// transaction. Queued units run one after another inside one transaction, each in its own
// SAVEPOINT, and all are answered after the single COMMIT: a unit that fails is rolled back to its
// savepoint alone (its caller gets its error), and if the COMMIT fails every unit fails.
// Nobody is told "saved" before the data is committed.
// Appended rows (`append`) are the cheap kind of unit for the audit row of a read: one synchronous
// statement on the connection, no Kysely transaction of its own. They run first in the next
// batch's transaction, together in one savepoint, and are answered after its COMMIT like units.
import { sql, type Kysely, type Transaction, type TransactionBuilder } from 'kysely';

type Unit<DB> = {
  fn: (trx: Transaction<DB>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};

type Row = {
  run: () => void;
  resolve: () => void;
  reject: (error: unknown) => void;
};

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export interface GroupCommitStats {
  transactions: number;
  units: number;
  rows: number;
  largestBatch: number;
}

const MAX_ROWS = 1000;

/** Told when a real transaction opens and before it commits or rolls back (db/connection.ts runs prepared statements directly meanwhile). */
export interface TransactionHooks<DB> {
  opened(trx: Transaction<DB>): void;
  closing(trx: Transaction<DB>): void;
  /** Runs a statement without results (a savepoint's) on the open transaction's connection at once; false if it cannot. */
  exec?(trx: Transaction<DB>, statement: string): boolean;
}

export class GroupCommit<DB> {
  readonly #begin: () => TransactionBuilder<DB>;
  readonly #maxBatch: number;
  readonly #hooks: TransactionHooks<DB> | undefined;
  #queue: Unit<DB>[] = [];
  #rows: Row[] = [];
  #draining = false;
  readonly stats: GroupCommitStats = { transactions: 0, units: 0, rows: 0, largestBatch: 0 };

  /** begin: starts a real transaction (the database's own transaction builder). */
  constructor(begin: () => TransactionBuilder<DB>, maxBatch = 64, hooks?: TransactionHooks<DB>) {
    this.#begin = begin;
    this.#maxBatch = maxBatch;
    this.#hooks = hooks;
  }

  /** Savepoints: on the connection directly where the hooks can (Kysely's path costs ~20 µs a statement here). */
  async #exec(trx: Transaction<DB>, statement: string): Promise<void> {
    if (this.#hooks?.exec?.(trx, statement)) return;
    await sql.raw(statement).execute(trx);
  }

  /** A real transaction around fn, with the hooks told while it is open. */
  #transaction<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    const hooks = this.#hooks;
    if (!hooks) return this.#begin().execute(fn);
    return this.#begin().execute(async (trx) => {
      hooks.opened(trx);
      try {
        return await fn(trx);
      } finally {
        hooks.closing(trx);
      }
    });
  }

  run<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      this.#schedule();
    });
  }

  /**
   * `run` must execute synchronous statements on this database's connection (better-sqlite3), and
   * only while it is called: it runs inside the next batch's transaction, and the promise settles
   * after that transaction's COMMIT. If one appended row fails, every row of its batch fails (the
   * units of the batch are not affected).
   */
  append(run: () => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#rows.push({ run, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (!this.#draining) {
      this.#draining = true;
      // Started after this turn's I/O callbacks, so the requests that arrived together share a
      // commit. (A microtask ran it after the first callback: over HTTP every audit row of a read
      // then had a commit of its own, measured 1 unit per transaction at city scale.)
      setImmediate(() => void this.#drain());
    }
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0 || this.#rows.length > 0) {
        const batch = this.#queue.splice(0, this.#maxBatch);
        const rows = this.#rows.splice(0, MAX_ROWS);
        const { outcomes, rowsFailed } = await this.#runBatch(batch, rows);
        this.stats.transactions += 1;
        this.stats.units += batch.length;
        this.stats.rows += rows.length;
        this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
        for (const row of rows) {
          if (rowsFailed) row.reject(rowsFailed.error);
          else row.resolve();
        }
        batch.forEach((unit, i) => {
          const outcome = outcomes[i]!;
          if (outcome.ok) unit.resolve(outcome.value);
          else unit.reject(outcome.error);
        });
      }
    } finally {
      this.#draining = false;
    }
  }

  async #runBatch(batch: Unit<DB>[], rows: Row[]): Promise<{ outcomes: Outcome[]; rowsFailed?: { error: unknown } }> {
    // Alone: exactly the plain transaction, no savepoint.
    if (batch.length === 1 && rows.length === 0) {
      try {
        return { outcomes: [{ ok: true, value: await this.#transaction(batch[0]!.fn) }] };
      } catch (error) {
        return { outcomes: [{ ok: false, error }] };
      }
    }
    const outcomes: Outcome[] = [];
    let rowsFailed: { error: unknown } | undefined;
    try {
      await this.#transaction(async (trx) => {
        if (rows.length > 0) {
          await this.#exec(trx, 'savepoint rows');
          try {
            for (const row of rows) row.run();
            await this.#exec(trx, 'release rows');
          } catch (error) {
            rowsFailed = { error };
            await this.#exec(trx, 'rollback to rows');
            await this.#exec(trx, 'release rows');
          }
        }
        for (const unit of batch) {
          await this.#exec(trx, 'savepoint unit');
          try {
            const value = await unit.fn(trx);
            await this.#exec(trx, 'release unit');
            outcomes.push({ ok: true, value });
          } catch (error) {
            // If SQLite already ended the whole transaction (a fatal I/O error), this throws and
            // the batch fails as a whole below.
            await this.#exec(trx, 'rollback to unit');
            await this.#exec(trx, 'release unit');
            outcomes.push({ ok: false, error });
          }
        }
      });
      return { outcomes, rowsFailed };
    } catch (error) {
      return { outcomes: batch.map(() => ({ ok: false, error })), rowsFailed: { error } };
    }
  }
}

/** Makes db.transaction().execute(fn) go through the group commit; everything else is unchanged. */
export function withGroupCommit<DB>(db: Kysely<DB>, maxBatch?: number, hooks?: TransactionHooks<DB>): { db: Kysely<DB>; group: GroupCommit<DB> } {
  const realTransaction = db.transaction.bind(db);
  const group = new GroupCommit<DB>(realTransaction, maxBatch, hooks);
  const builder = {
    execute: <T>(fn: (trx: Transaction<DB>) => Promise<T>) => group.run(fn),
    setAccessMode: () => builder,
    setIsolationLevel: () => builder,
  } as unknown as TransactionBuilder<DB>;
  (db as { transaction: () => TransactionBuilder<DB> }).transaction = () => builder;
  return { db, group };
}
