// A fingerprint of every table's contents, to prove that a refused request changed nothing.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { World } from '../helpers/world';

export async function tableNames(w: World): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name`.execute(w.db);
  return rows.rows.map((r) => r.name);
}

/** table -> hash of all rows (in rowid order), so a diff names the tables that changed. */
export async function fingerprint(w: World, skip: string[] = []): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of await tableNames(w)) {
    if (skip.includes(name)) continue;
    const rows = await sql`select * from ${sql.table(name)}`.execute(w.db);
    out[name] = createHash('sha256').update(JSON.stringify(rows.rows)).digest('hex').slice(0, 16);
  }
  return out;
}
