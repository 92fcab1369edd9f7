// `npm run backup -- FILE`: a consistent copy of DATABASE_PATH while the server runs (SQLite's
// online backup API copies page by page and restarts when a writer changes a copied page).
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseConfig } from '../server/config';

async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target) throw new Error('Usage: npm run backup -- FILE');
  const config = parseConfig(process.env);
  // Not a pretence of a backup: PostgreSQL has its own, and better, tools.
  if (config.DATABASE_URL) throw new Error("On PostgreSQL (DATABASE_URL is set) use PostgreSQL's own tools: pg_dump for a copy, pg_basebackup with WAL archiving for point-in-time recovery (docs/postgresql.md).");
  const source = config.DATABASE_PATH;
  if (!existsSync(source)) throw new Error(`No database at ${source} (DATABASE_PATH)`);
  if (existsSync(target)) throw new Error(`${target} exists; choose a new file name`);
  const db = new Database(source, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  try {
    await db.backup(target);
  } finally {
    db.close();
  }
  const copy = new Database(target, { readonly: true });
  const integrity = copy.pragma('integrity_check', { simple: true });
  copy.close();
  if (integrity !== 'ok') throw new Error(`The copy failed its integrity check: ${String(integrity)}`);
  process.stdout.write(`Backed up ${resolve(source)} to ${resolve(target)} (integrity ok)\n`);
}

main().catch((err) => {
  process.stderr.write(`Backup failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
