import type { Kysely } from 'kysely';

// The admin also filters the audit log by kind of record, by action, or both (every login, every
// referral read, every export of a child's record). Without an index that scanned the log backwards
// until a page of matches: quick for a common one, seconds for a rare one on a city's log (9 M rows:
// 2-13 s). Each index gives its rows in id order (newest first, no sort). Few distinct values, so
// new rows land at the end of their value's run and each index costs an audited request little
// (measured ~4-10 µs a row for the first two).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('audit_log_entity_kind').on('audit_log').column('entity').execute();
  await db.schema.createIndex('audit_log_action').on('audit_log').column('action').execute();
  await db.schema.createIndex('audit_log_entity_action').on('audit_log').columns(['entity', 'action']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_log_entity_kind').execute();
  await db.schema.dropIndex('audit_log_action').execute();
  await db.schema.dropIndex('audit_log_entity_action').execute();
}
