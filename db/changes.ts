// The change feed of the storage seam (db/connection.ts): caches in memory hear here when the rows
// they copied may have changed, on this process or another. On SQLite it is the change watch
// (db/sqlite/change-watch.ts: TEMP triggers on this connection, data_version for the others).
export {
  changeWatchOf as changeFeedOf,
  installChangeWatch as installChangeFeed,
  keptReadsOf,
  type ChangeListener,
  type ChangeWatch as ChangeFeed,
  type KeptReads,
  type WatchedTable,
} from './sqlite/change-watch';
