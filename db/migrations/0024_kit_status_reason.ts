import type { Kysely } from 'kysely';

// Retiring a kit asks why (issue 30): the reason and when the status last changed are kept on the
// kit, beside the status they explain. The audit log holds ids and codes only, never typed text.
// Frozen: imports nothing from the application.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('kits').addColumn('status_reason', 'text').execute();
  await db.schema.alterTable('kits').addColumn('status_changed_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('kits').dropColumn('status_changed_at').execute();
  await db.schema.alterTable('kits').dropColumn('status_reason').execute();
}
