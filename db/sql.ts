// The few SQL fragments written differently on SQLite and PostgreSQL (issue 33), so features ask for
// what they mean and the storage seam says it in the database's own words.
import { sql, type Expression, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { isPostgres } from './migrations/dialect';

export interface PortableSql {
  /**
   * A column the planner must not choose an index for. SQLite's unary + (its documented hint) keeps
   * it from picking a run of millions of rows over a few (server/audit/log.ts, server/referrals/inbox.ts);
   * PostgreSQL's planner weighs the indexes by their statistics and needs no hint.
   */
  unindexed<T = string>(column: string): RawBuilder<T>;
  /** Day of the week of an ISO date, 0 for Sunday to 6 for Saturday. */
  weekday(date: Expression<string> | RawBuilder<string>): RawBuilder<number>;
  /** The values of a group joined by commas (nulls left out); null for none. */
  commaList(value: Expression<unknown> | RawBuilder<unknown>): RawBuilder<string | null>;
}

const onSqlite: PortableSql = {
  unindexed: <T>(column: string) => sql<T>`+${sql.ref(column)}`,
  weekday: (date) => sql<number>`cast(strftime('%w', ${date}) as integer)`,
  commaList: (value) => sql<string | null>`group_concat(${value})`,
};

const onPostgres: PortableSql = {
  unindexed: <T>(column: string) => sql<T>`${sql.ref(column)}`,
  weekday: (date) => sql<number>`extract(dow from cast(${date} as date))::int`,
  commaList: (value) => sql<string | null>`string_agg(cast(${value} as text), ',')`,
};

export const portableSql = (db: Kysely<any>): PortableSql => (isPostgres(db) ? onPostgres : onSqlite);

/**
 * The due rows an outbox pass leases, locked until its transaction ends; on PostgreSQL rows another
 * instance's pass holds are skipped (FOR UPDATE OF table SKIP LOCKED), so two passes never take the
 * same row and neither waits. SQLite has one writer at a time: there is nothing to skip.
 * Run it in a READ COMMITTED transaction, the level SKIP LOCKED is made for.
 */
export function lockedForLease<Q extends SelectQueryBuilder<any, any, any>>(db: Kysely<any>, query: Q, table: string): Q {
  return (isPostgres(db) ? query.forUpdate([table] as never).skipLocked() : query) as Q;
}
