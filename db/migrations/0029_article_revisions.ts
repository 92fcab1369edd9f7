import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ARTICLE_REVISIONS_0029 } from './content/article-revisions-0029';

// The two article revisions made after 0006 reached only databases created later; this brings every
// database to the same text. A body a clinician edited locally is left alone: only a text the
// revision supersedes (compared by SHA-256) is replaced. Frozen: imports nothing from the application.
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  for (const revision of ARTICLE_REVISIONS_0029) {
    const row = await db.selectFrom('articles').select(['id', 'body_zh', 'body_en']).where('slug', '=', revision.slug).executeTakeFirst();
    if (!row) continue;
    const superseded = revision.replaces.some((old) => old.zh === sha256(row.body_zh) && old.en === sha256(row.body_en));
    if (!superseded) continue;
    await db.updateTable('articles').set({ body_zh: revision.body.zh, body_en: revision.body.en, updated_at: now }).where('id', '=', row.id).execute();
  }
}

// The earlier texts are not kept (only their hashes): going down leaves the revised text in place.
export async function down(): Promise<void> {}
