import { sql, type Kysely } from 'kysely';
import { isPostgres, pgTrigger } from './dialect';

// City scale (issue 8): indexes the benchmark's query plans asked for, and precomputed indicator
// figures invalidated by a data version that triggers on the source tables increment.
const SOURCES = [
  'centers', 'schools', 'children', 'follow_ups', 'diary_entries', 'referrals', 'referral_history',
  'assessments', 'kits', 'kit_mdis', 'trainings', 'training_attendees', 'index_days',
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  // Referral indicators select the referrals created in a period.
  await db.schema.createIndex('referrals_created').on('referrals').columns(['created_at']).execute();

  await db.schema
    .createTable('indicator_data_version')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await sql`insert into indicator_data_version (id, version) values (1, 0)`.execute(db);
  if (isPostgres(db)) {
    // Once per statement: the counter only has to move, and a row lock per row written would cost more.
    const bump = { name: 'indicator_version_bump', body: 'update indicator_data_version set version = version + 1 where id = 1; return null;' };
    for (const table of SOURCES) await pgTrigger(db, bump, [{ name: `${table}_indicator_version`, when: `after insert or update or delete on ${table} for each statement` }]);
  } else {
    for (const table of SOURCES) {
      for (const event of ['insert', 'update', 'delete']) {
        await sql.raw(`create trigger ${table}_${event}_indicator_version after ${event} on ${table}
        begin update indicator_data_version set version = version + 1 where id = 1; end`).execute(db);
      }
    }
  }

  await db.schema
    .createTable('indicator_snapshots')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('from_date', 'text', (c) => c.notNull())
    .addColumn('to_date', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addColumn('data_version', 'integer', (c) => c.notNull())
    .addColumn('compute_ms', 'integer', (c) => c.notNull())
    .addColumn('serve_stale', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('indicator_snapshots_pk', ['scope', 'from_date', 'to_date'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('indicator_snapshots').execute();
  for (const table of SOURCES) {
    if (isPostgres(db)) await sql.raw(`drop trigger ${table}_indicator_version on ${table}`).execute(db);
    else for (const event of ['insert', 'update', 'delete']) await sql.raw(`drop trigger ${table}_${event}_indicator_version`).execute(db);
  }
  await db.schema.dropTable('indicator_data_version').execute();
  await db.schema.dropIndex('referrals_created').execute();
}
