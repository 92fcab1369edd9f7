// The change feed of the storage seam (db/connection.ts): caches in memory hear here when the rows
// they copied may have changed, on this process or another. On SQLite it is the change watch
// (db/sqlite/change-watch.ts: TEMP triggers on this connection, data_version for the others); on
// PostgreSQL, triggers that NOTIFY and a connection that LISTENs (db/postgres/change-feed.ts).
import type { Db } from './connection';
import { installPostgresFeed, postgresFeedOf } from './postgres/open';
import { changeWatchOf, installChangeWatch, keptReadsOn, type FeedLike, type KeptReads, type WatchedTable } from './sqlite/change-watch';

export type { ChangeListener, KeptReads, WatchedTable } from './sqlite/change-watch';

/** A feed: subscribe to tables, poll before trusting a copy, watch one more table. */
export type ChangeFeed = FeedLike & { watch(spec: WatchedTable): void };

/** Installs the feed on db's connection (once migrated, before serving), or adds these tables to it. */
export function installChangeFeed(db: Db, tables: WatchedTable[]): ChangeFeed | undefined {
  return installChangeWatch(db, tables) ?? installPostgresFeed(db, tables);
}

/** The feed on db's connection, if one was installed. Without one, callers read the database every time. */
export function changeFeedOf(db: Db): ChangeFeed | undefined {
  return changeWatchOf(db) ?? postgresFeedOf(db);
}

/** The named kept reads on db's feed (made on first use), or none without a feed. */
export function keptReadsOf<V>(db: Db, name: string, tables: string[], byRowKey = false): KeptReads<V> | undefined {
  const feed = changeFeedOf(db);
  return feed ? keptReadsOn<V>(feed, name, tables, byRowKey) : undefined;
}
