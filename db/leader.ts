// Which instance runs the scheduled jobs (issue 33): the job lock of the storage seam. Several server
// instances may share one PostgreSQL database; each scheduled job must run on one of them at a time,
// and when that one dies another must take over within a minute. On SQLite there is one server per
// database file, so it always leads.
import { isPostgres } from './migrations/dialect';
import { poolOf } from './postgres/open';
import { postgresLeadership } from './postgres/leader';
import type { Kysely } from 'kysely';
import type { DB } from './schema';

export interface Leadership {
  /** True while this instance may run the jobs. */
  isLeader(): boolean;
  /** Settles when the try in flight (the first, at start) has been made. */
  ready(): Promise<void>;
  /** Gives leadership up (at shutdown), so another instance takes it at once. */
  stop(): Promise<void>;
}

export interface LeadershipOptions {
  /** How often a follower tries to take the lead, and the leader checks it still holds it (5 s). */
  retryMs?: number;
  onChange?: (leader: boolean) => void;
}

export function electLeader(db: Kysely<DB>, name: string, options: LeadershipOptions = {}): Leadership {
  const url = isPostgres(db) ? (poolOf(db) as unknown as { options: { connectionString?: string } } | undefined)?.options.connectionString : undefined;
  if (url) return postgresLeadership(url, name, { retryMs: options.retryMs ?? 5_000, onChange: options.onChange });
  if (isPostgres(db)) throw new Error('electLeader: the database opened by createDatabase, not a transaction');
  options.onChange?.(true);
  return { isLeader: () => true, ready: async () => {}, stop: async () => {} };
}
