import type { Kysely } from 'kysely';

// City scale: the dashboard's education reach counts the articles sent in a period. Without an index
// on the send time, SQLite walked all 250,000 children to probe their sends (0.7 s on every view of
// the dashboard, even with nothing sent); with it, the period's sends are read directly.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('article_sends_sent_at').on('article_sends').columns(['sent_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('article_sends_sent_at').execute();
}
