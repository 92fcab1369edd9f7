// The scan behind `npm run text-audit`, apart so a test can run it on a database it made.
import type Database from 'better-sqlite3';
import { textProblem } from '../server/text';

export interface UntypedText {
  table: string;
  rowId: string;
  column: string;
  problem: 'control' | 'surrogate' | 'blank';
}

/** Columns that hold a name or label: blank once trimmed is a problem there, not in notes. */
const NAME_COLUMNS = /(^|_)(name|name_en|label|title|relation|given_by|display_name)$/;
/** Columns that are machine-made (ids, hashes, JSON from the platform's own rules), not typed. */
const MACHINE = /(^id$|_id$|_hash$|^token|^endpoint$|^p256dh$|^auth$|^secret)/;

export function findUntypedText(db: Database.Database): UntypedText[] {
  const found: UntypedText[] = [];
  const tables = db.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%_fts%'`).pluck().all() as string[];
  for (const table of tables) {
    const cols = (db.prepare(`select name, type from pragma_table_info(?)`).all(table) as { name: string; type: string }[]).filter((c) => /TEXT|^$/i.test(c.type) && !MACHINE.test(c.name));
    const key = (db.prepare(`select name from pragma_table_info(?) where pk = 1`).pluck().get(table) as string | undefined) ?? 'rowid';
    for (const { name: column } of cols) {
      const rows = db.prepare(`select ${quote(key)} as k, ${quote(column)} as v from ${quote(table)} where typeof(${quote(column)}) = 'text'`).iterate() as Iterable<{ k: unknown; v: string }>;
      for (const { k, v } of rows) {
        // Free text may hold newlines; JSON columns hold escaped text, which this reads as is.
        const problem = textProblem(v, true) ?? (NAME_COLUMNS.test(column) && v.trim() === '' ? 'blank' : null);
        if (problem) found.push({ table, rowId: String(k), column, problem });
      }
    }
  }
  return found;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
