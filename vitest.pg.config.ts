// The suite on PostgreSQL (npm run test:pg): every test file that builds its world through
// test/helpers/world.ts, each world on a database of its own. Files that look under the storage
// seam at SQLite itself (its file, its handle) stay on `npm test` only.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

const sqliteOnly = /sqliteOf|openMigratedSqlite|better-sqlite3|db\/sqlite\//;
// fs.globSync is Node 22's; the suite runs on 20 too.
const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
const files = walk('test').filter((f) => f.endsWith('.test.ts') && !f.startsWith('test/e2e/') && !f.startsWith('test/bench/'));
const onPostgres = files.filter((f) => {
  const text = readFileSync(f, 'utf8');
  return f.startsWith('test/pg/') || (/createWorld\(/.test(text) && !sqliteOnly.test(text));
});

export default defineConfig({
  test: {
    include: onPostgres,
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    globalSetup: ['test/pg/global-setup.ts'],
  },
});
