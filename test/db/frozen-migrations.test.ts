// Migrations are frozen (issue 32): they import nothing from the application and carry their own
// data, so a database created today gets what one created on the day each migration was written
// got. The article library in server/ and the migrations must still agree, and a revision must
// never overwrite an article a clinician edited.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite, type OpenedSqlite } from '../../db/sqlite/open';
import { migrateTo, migrateToLatest, migrations } from '../../db/migrate';
import { ARTICLE_LIBRARY } from '../../server/family-app/articles/library';

let opened: OpenedSqlite | undefined;
let dir: string | undefined;
afterEach(async () => {
  await opened?.db.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
  opened = dir = undefined;
});
function fresh() {
  dir = mkdtempSync(join(tmpdir(), 'frozen-migrations-'));
  opened = openSqlite(join(dir, 'test.db'));
  return opened.db;
}
const articles = (db: OpenedSqlite['db']) => db.selectFrom('articles').select(['slug', 'title_zh', 'title_en', 'body_zh', 'body_en']).orderBy('position').execute();

describe('frozen migrations', () => {
  it('import only kysely, node built-ins, their dialect layer and their own content files', () => {
    const folder = 'db/migrations';
    const files = [
      ...readdirSync(folder)
        .filter((f) => f.endsWith('.ts'))
        .map((f) => join(folder, f)),
      ...readdirSync(join(folder, 'content')).map((f) => join(folder, 'content', f)),
    ];
    expect(files.length).toBeGreaterThan(Object.keys(migrations).length);
    const imports = files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => `${f}: ${m[1]}`));
    expect(imports.some((i) => i.endsWith(': kysely'))).toBe(true);
    const outside = imports.filter((i) => !/: (kysely|node:[a-z]+|\.\/dialect|\.\/content\/[\w-]+)$/.test(i));
    expect(outside).toEqual([]);
  });

  it('give a new database the library as server/ has it today', async () => {
    const db = fresh();
    await migrateToLatest(db);
    expect(await articles(db)).toEqual(ARTICLE_LIBRARY.map((a) => ({ slug: a.slug, title_zh: a.title.zh, title_en: a.title.en, body_zh: a.body.zh, body_en: a.body.en })));
  });

  it('revise an article only where the database still holds a text the revision supersedes', async () => {
    const db = fresh();
    await migrateTo(db, '0028_notifications');
    const before = await articles(db);
    const emergency = before.find((a) => a.slug === 'emergency')!;
    const current = ARTICLE_LIBRARY.find((a) => a.slug === 'emergency')!;
    expect(emergency.body_en).not.toBe(current.body.en); // 0006 installed the earlier text
    await db
      .updateTable('articles')
      .set({ body_en: `${emergency.body_en}\n\nLocal note.` })
      .where('slug', '=', 'emergency')
      .execute();
    await migrateToLatest(db);
    const after = await articles(db);
    expect(after.find((a) => a.slug === 'emergency')!.body_en).toBe(`${emergency.body_en}\n\nLocal note.`);
    const inhaler = ARTICLE_LIBRARY.find((a) => a.slug === 'inhaler-and-spacer')!;
    expect(after.find((a) => a.slug === 'inhaler-and-spacer')).toMatchObject({ body_zh: inhaler.body.zh, body_en: inhaler.body.en });
  });
});
