import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Every follow-up write and every child page load the child's history for the schedule rules:
// its follow-ups (one covering index since 0011), its urgent alerts and the downward referrals the
// hospital handed back. The last two were found through indexes by child that hold neither level
// nor direction, so each alert or referral cost a read of its table row (a random page at city
// scale: 35 µs and 16 µs of a follow-up write under load). These partial indexes hold only the
// rows those reads want, and answer them alone. Rows they leave out (nurse-level alerts, most of
// them, raised by diary writes; upward referrals) do not touch them.
// The reads must name 'urgent' and 'down' as literals: for a bound value SQLite would prepare the
// statement again at each run to decide whether a partial index applies.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('clinical_alerts_urgent').on('clinical_alerts').columns(['child_id', 'kind', 'source_date']).where(sql.ref('level'), '=', 'urgent').execute();
  await db.schema
    .createIndex('referrals_handed_back')
    .on('referrals')
    .columns(['child_id', 'accepted_at'])
    .where(sql<boolean>`direction = 'down' and accepted_at is not null`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('referrals_handed_back').execute();
  await db.schema.dropIndex('clinical_alerts_urgent').execute();
}
