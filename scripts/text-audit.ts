// `npm run text-audit`: lists the stored rows whose text no person typed (control characters,
// lone surrogates, names blank once trimmed), saved before the typed-text rule refused them. It
// reads only and prints table, row id and column, never the value (it may be a child's name): an
// admin corrects each record through the pages or the API, where the change is audited.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { parseConfig } from '../server/config';
import { findUntypedText } from './text-audit-scan';

const config = parseConfig(process.env);
// It reads SQLite's own catalogue; the PostgreSQL databases it would audit were all made after the typed-text rule.
if (config.DATABASE_URL && !process.argv[2]) {
  process.stderr.write('The text audit reads a SQLite file; on PostgreSQL every row was written under the typed-text rule.\n');
  process.exit(1);
}
const path = process.argv[2] ?? config.DATABASE_PATH;
if (!existsSync(path)) {
  process.stderr.write(`No database at ${path} (DATABASE_PATH, or give a file)\n`);
  process.exit(1);
}
const db = new Database(path, { readonly: true, fileMustExist: true });
try {
  const found = findUntypedText(db);
  for (const f of found) process.stdout.write(`${f.table}\t${f.rowId}\t${f.column}\t${f.problem}\n`);
  process.stdout.write(`${found.length} value(s) to correct in ${path}\n`);
} finally {
  db.close();
}
