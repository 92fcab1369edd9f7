import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { isPostgres } from './dialect';

// A second guardian brings their own consent and relation, and sees only their own contact
// details and diary notes unless the clinician marks the guardians as sharing (issue 29,
// finding 7). The first account linked to each child is the guardian who consented at enrolment.
// Frozen: imports nothing from the application.
export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, type] of [['relation', 'text'], ['consent_date', 'text'], ['consent_notice_version', 'text'], ['linked_at', 'text'], ['linked_by', 'text']] as const) {
    await db.schema.alterTable('guardianships').addColumn(name, type).execute();
  }
  await db.schema.alterTable('guardianships').addColumn('named_at_enrolment', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('guardianships').addColumn('sharing', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  // Existing links: the earliest per child is taken as the enrolment guardian (rowid is insertion order).
  // PostgreSQL has no rowid; a new database there has no links yet, and the physical order stands in.
  if (isPostgres(db)) await sql`update guardianships set named_at_enrolment = 1 where ctid in (select min(ctid) from guardianships group by child_id)`.execute(db);
  else await sql`update guardianships set named_at_enrolment = 1 where rowid in (select min(rowid) from guardianships group by child_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['sharing', 'named_at_enrolment', 'linked_by', 'linked_at', 'consent_notice_version', 'consent_date', 'relation']) {
    await db.schema.alterTable('guardianships').dropColumn(name).execute();
  }
}
