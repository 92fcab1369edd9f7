// `npm run restore -- FILE`: puts a backup in place of DATABASE_PATH. The server must be stopped:
// a running server keeps the old file open and would go on writing to it. The restore refuses
// when the database is in use (it cannot take an exclusive lock) or the backup is not sound.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseConfig } from '../server/config';

function assertSound(file: string): void {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new Error(`${file} is not a database: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`${file} failed its integrity check: ${String(integrity)}`);
    const tables = db.prepare(`select count(*) as n from sqlite_master where type = 'table' and name in ('users', 'children', 'audit_log')`).get() as { n: number };
    if (tables.n < 3) throw new Error(`${file} is a SQLite database but not this platform's`);
  } catch (err) {
    if (err instanceof Error && /file is not a database/i.test(err.message)) throw new Error(`${file} is not a database`);
    throw err;
  } finally {
    db.close();
  }
}

/** Refuses when another process holds the database (a running server has it open in WAL mode). */
function assertNotInUse(path: string): void {
  if (!existsSync(path)) return;
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    // A server holds a shared lock on the WAL index while connected; exclusive locking mode then fails.
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('begin exclusive; commit');
  } catch {
    throw new Error(`${path} is in use: stop the server first`);
  } finally {
    db.close();
  }
}

function main(): void {
  const source = process.argv[2];
  if (!source) throw new Error('Usage: npm run restore -- FILE   (with the server stopped)');
  const config = parseConfig(process.env);
  if (config.DATABASE_URL) throw new Error('On PostgreSQL (DATABASE_URL is set) restore with pg_restore or from a base backup (docs/postgresql.md).');
  const target = config.DATABASE_PATH;
  assertSound(source);
  assertNotInUse(target);
  // Copy beside the target, then rename over it, so a failure half-way leaves the old database.
  const staging = `${target}.restoring`;
  copyFileSync(source, staging);
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  renameSync(staging, target);
  process.stdout.write(`Restored ${resolve(source)} to ${resolve(target)}; start the server.\n`);
}

try {
  main();
} catch (err) {
  process.stderr.write(`Restore failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
