import { sql, type Kysely } from 'kysely';
import { isPostgres, pgTrigger } from './dialect';

// City scale (issue 8): the public asthma index is answered from memory while this counter is
// unchanged. Triggers increment it on every change to the stored days or to job runs (a run's
// success decides a day's staleness), whichever process or connection made the change.
const SOURCES = ['index_days', 'job_runs'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('index_data_version')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await sql`insert into index_data_version (id, version) values (1, 0)`.execute(db);
  if (isPostgres(db)) {
    const bump = { name: 'index_version_bump', body: 'update index_data_version set version = version + 1 where id = 1; return null;' };
    for (const table of SOURCES) await pgTrigger(db, bump, [{ name: `${table}_index_version`, when: `after insert or update or delete on ${table} for each statement` }]);
  } else {
    for (const table of SOURCES) {
      for (const event of ['insert', 'update', 'delete']) {
        await sql.raw(`create trigger ${table}_${event}_index_version after ${event} on ${table}
        begin update index_data_version set version = version + 1 where id = 1; end`).execute(db);
      }
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of SOURCES) {
    if (isPostgres(db)) await sql.raw(`drop trigger ${table}_index_version on ${table}`).execute(db);
    else for (const event of ['insert', 'update', 'delete']) await sql.raw(`drop trigger ${table}_${event}_index_version`).execute(db);
  }
  await db.schema.dropTable('index_data_version').execute();
}
