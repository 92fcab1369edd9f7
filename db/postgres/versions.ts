// Moves the data-version counters after the writing transactions commit (migration 0032): the
// triggers append what changed to pending_version_bumps, and this takes those rows and bumps each
// counter once, in one READ COMMITTED transaction of its own. Each process folds after each of its
// transactions commits (so its own next request sees the new version) and every FOLD_MS anyway (for
// plain statements, and a process that died between commit and fold). Several processes may fold at
// once. A fold waits for rows another process's fold holds (no SKIP LOCKED): if it skipped them, its
// writer would answer before those counters moved, and its next request could read a kept version
// that is out of date. Both lock in id order, so they cannot deadlock.
import type pg from 'pg';

const FOLD_MS = 100;

/** The tables whose writes queue a bump (migration 0032's triggers): after a write to any other, there is nothing to fold. */
export const BUMPED_TABLES: ReadonlySet<string> = new Set([
  'centers',
  'schools',
  'children',
  'follow_ups',
  'diary_entries',
  'referrals',
  'referral_history',
  'assessments',
  'kits',
  'kit_mdis',
  'trainings',
  'training_attendees',
  'index_days',
  'job_runs',
  'assessment_actions',
  'kit_checks',
  'clinical_alerts',
]);
const BATCH = 5000;

export class VersionFolder {
  readonly #pool: pg.Pool;
  #running: Promise<void> | null = null;
  #again = false;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
    this.#timer = setInterval(() => void this.fold(), FOLD_MS);
    this.#timer.unref();
  }

  /** Bumps the counters for everything committed so far; never rejects (the timer tries again). */
  fold(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (this.#running) {
      // A fold in progress may have taken its rows before this caller's commit: run once more after it.
      this.#again = true;
      return this.#running.then(() => this.fold());
    }
    this.#running = this.#foldAll()
      .catch(() => {})
      .finally(() => {
        this.#running = null;
      });
    return this.#running;
  }

  async #foldAll(): Promise<void> {
    do {
      this.#again = false;
      while ((await this.#foldOnce()) === BATCH);
    } while (this.#again && !this.#closed);
  }

  async #foldOnce(): Promise<number> {
    const client = await this.#pool.connect();
    try {
      await client.query('begin isolation level read committed');
      const { rows } = await client.query<{ topic: string; key: string }>(`delete from pending_version_bumps where id in (select id from pending_version_bumps order by id limit ${BATCH} for update) returning topic, key`);
      if (rows.length === 0) {
        await client.query('commit');
        return 0;
      }
      const topics = new Set(rows.map((r) => r.topic));
      for (const [topic, table] of [
        ['indicator', 'indicator_data_version'],
        ['index', 'index_data_version'],
      ] as const) {
        if (topics.has(topic)) await client.query(`update ${table} set version = version + 1 where id = 1`);
      }
      const centres = [...new Set(rows.filter((r) => r.topic === 'centre').map((r) => r.key))].sort();
      if (centres.length) {
        await client.query(
          `insert into centre_data_version (center_id, version) select c, 1 from unnest($1::text[]) c
           on conflict (center_id) do update set version = centre_data_version.version + 1`,
          [centres],
        );
      }
      const schools = [...new Set(rows.filter((r) => r.topic === 'school').map((r) => r.key))].sort();
      if (schools.length) {
        const bumped = await client.query<{ version: number }>('update school_data_version set version = version + 1 where id = 1 returning version');
        await client.query(
          `insert into school_changes (school_id, version) select s, $2 from unnest($1::text[]) s
           on conflict (school_id) do update set version = excluded.version`,
          [schools, bumped.rows[0]!.version],
        );
      }
      await client.query('commit');
      return rows.length;
    } catch (err) {
      await client.query('rollback').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.fold();
    this.#closed = true;
  }
}
