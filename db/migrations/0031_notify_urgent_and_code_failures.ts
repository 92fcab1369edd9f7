import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Two things for the notification send pass (issue 34):
// - The red-zone acknowledgement is leased before anything else, so it never waits behind the
//   morning's index for every parent (200,000 rows at city scale). This partial index holds only
//   urgent rows still pending; the lease names 'pending' and 'urgent' as literals so SQLite uses it.
// - Wrong one-time binding codes sent from a WeChat account are counted in the database, not in
//   one process's memory, so several server instances (or a restart) cannot multiply the guesses
//   allowed. The openid is kept only as a keyed hash.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('notification_outbox_urgent_due')
    .on('notification_outbox')
    .columns(['next_attempt_at'])
    .where(sql<boolean>`status = 'pending' and kind = 'urgent'`)
    .execute();
  await db.schema
    .createTable('wechat_code_failures')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('openid_hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('wechat_code_failures_by_sender').on('wechat_code_failures').columns(['openid_hash', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('wechat_code_failures').execute();
  await db.schema.dropIndex('notification_outbox_urgent_due').execute();
}
