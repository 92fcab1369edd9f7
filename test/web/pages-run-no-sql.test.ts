// Pages call services, never SQL (issue 32, docs/architecture.md): a page that queried the database
// itself would skip the services' scope checks and audit rows. Checked on the source of every file
// under web/ (the catalogue included); the checker is first shown to find each kind of query.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const QUERY = /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(|\bsql`|from 'kysely'|\.executeQuery\(/g;
const queriesIn = (source: string): string[] => [...source.matchAll(QUERY)].map((m) => m[0]);

const filesUnder = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));

describe('pages run no SQL of their own', () => {
  it('the checker finds a query of each kind', () => {
    const sample = ["deps.db.selectFrom('children')", "trx.insertInto('x')", "db.updateTable('x')", "db.deleteFrom('x')", 'sql`select 1`', "import { sql } from 'kysely';", 'db.executeQuery(q)'];
    for (const line of sample) expect(queriesIn(line), line).not.toEqual([]);
    expect(queriesIn("const label = 'selectFrom the list'; await listUsers(deps);")).toEqual([]);
  });

  it('no file under web/ queries the database', () => {
    const found = filesUnder('web').flatMap((file) => queriesIn(readFileSync(file, 'utf8')).map((q) => `${file}: ${q}`));
    expect(found).toEqual([]);
  });
});
