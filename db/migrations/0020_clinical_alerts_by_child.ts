import type { Kysely } from 'kysely';

// Every follow-up write, and every child page, reads a child's alerts: the urgent ones for the
// schedule rules, the open ones for the page. The unique index (child_id, kind, source_date) finds
// them but not their level or acknowledgement, so each alert cost a read of its table row (a random
// page at city scale: 35 µs of a follow-up write under load for ~1.2 alerts a child). This index
// answers both queries by itself.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('clinical_alerts_child').on('clinical_alerts').columns(['child_id', 'acknowledged_at', 'level', 'kind', 'source_date', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('clinical_alerts_child').execute();
}
