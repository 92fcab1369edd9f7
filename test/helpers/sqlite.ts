// Tests of db/ look under the storage seam: the migrated connection the server opens, with the
// SQLite handle and group commit that only db/ (and these tests) may touch.
import { groupOf, sqliteOf } from '../../db/sqlite/open';
import { openAndMigrate } from '../../server/bootstrap';

export async function openMigratedSqlite(path: string) {
  const opened = await openAndMigrate(path);
  return { ...opened, sqlite: sqliteOf(opened.db)!, group: groupOf(opened.db)! };
}

export type MigratedSqlite = Awaited<ReturnType<typeof openMigratedSqlite>>;
