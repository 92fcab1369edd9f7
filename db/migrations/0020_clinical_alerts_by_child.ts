import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Every follow-up write, and every child page, reads a child's urgent alerts for the schedule
// rules. The unique index (child_id, kind, source_date) finds a child's alerts but not their level,
// so each alert cost a read of its table row (a random page at city scale: 35 µs of a follow-up
// write under load on a database with ~1.2 alerts a child). This index holds only urgent alerts:
// it answers that read alone, and the diary's nurse-level alerts (most of them), written on a
// diary day, do not touch it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('clinical_alerts_urgent').on('clinical_alerts').columns(['child_id', 'kind', 'source_date']).where(sql.ref('level'), '=', 'urgent').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('clinical_alerts_urgent').execute();
}
