// Group commit: use cases that ask for a transaction while another is running share the next one.
// On one SQLite connection every write transaction runs alone anyway (Kysely's connection mutex);
// what costs is the COMMIT (WAL frames written page by page, checkpoints), paid once per
// transaction. Queued units run one after another inside one transaction, each in its own
// SAVEPOINT, and all are answered after the single COMMIT: a unit that fails is rolled back to its
// savepoint alone (its caller gets its error), and if the COMMIT fails every unit fails.
// Nobody is told "saved" before the data is committed.
import { sql, type Kysely, type Transaction, type TransactionBuilder } from 'kysely';

type Unit<DB> = {
  fn: (trx: Transaction<DB>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export interface GroupCommitStats {
  transactions: number;
  units: number;
  largestBatch: number;
}

export class GroupCommit<DB> {
  readonly #begin: () => TransactionBuilder<DB>;
  readonly #maxBatch: number;
  #queue: Unit<DB>[] = [];
  #draining = false;
  readonly stats: GroupCommitStats = { transactions: 0, units: 0, largestBatch: 0 };

  /** begin: starts a real transaction (the database's own transaction builder). */
  constructor(begin: () => TransactionBuilder<DB>, maxBatch = 64) {
    this.#begin = begin;
    this.#maxBatch = maxBatch;
  }

  run<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.#draining) {
        this.#draining = true;
        // Started after the current task's synchronous work, so units asked for together share a commit.
        queueMicrotask(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, this.#maxBatch);
        const outcomes = await this.#runBatch(batch);
        this.stats.transactions += 1;
        this.stats.units += batch.length;
        this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
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

  async #runBatch(batch: Unit<DB>[]): Promise<Outcome[]> {
    // Alone: exactly the plain transaction, no savepoint.
    if (batch.length === 1) {
      try {
        return [{ ok: true, value: await this.#begin().execute(batch[0]!.fn) }];
      } catch (error) {
        return [{ ok: false, error }];
      }
    }
    const outcomes: Outcome[] = [];
    try {
      await this.#begin().execute(async (trx) => {
        for (const unit of batch) {
          await sql`savepoint unit`.execute(trx);
          try {
            const value = await unit.fn(trx);
            await sql`release unit`.execute(trx);
            outcomes.push({ ok: true, value });
          } catch (error) {
            // If SQLite already ended the whole transaction (a fatal I/O error), this throws and
            // the batch fails as a whole below.
            await sql`rollback to unit`.execute(trx);
            await sql`release unit`.execute(trx);
            outcomes.push({ ok: false, error });
          }
        }
      });
      return outcomes;
    } catch (error) {
      return batch.map(() => ({ ok: false, error }));
    }
  }
}

/** Makes db.transaction().execute(fn) go through the group commit; everything else is unchanged. */
export function withGroupCommit<DB>(db: Kysely<DB>, maxBatch?: number): { db: Kysely<DB>; group: GroupCommit<DB> } {
  const realTransaction = db.transaction.bind(db);
  const group = new GroupCommit<DB>(realTransaction, maxBatch);
  const builder = {
    execute: <T>(fn: (trx: Transaction<DB>) => Promise<T>) => group.run(fn),
    setAccessMode: () => builder,
    setIsolationLevel: () => builder,
  } as unknown as TransactionBuilder<DB>;
  (db as { transaction: () => TransactionBuilder<DB> }).transaction = () => builder;
  return { db, group };
}
