import { sql, type Kysely } from 'kysely';
import { isPostgres, pgTrigger } from './dialect';

// PostgreSQL: once per statement (the counter only has to move).
const PG_BUMP = { name: 'school_version_bump', body: 'update school_data_version set version = version + 1 where id = 1; return null;' };

// City scale (issue 8): the district's schools overview (every school's latest grade, open actions
// and kit alerts; the manager's home page and schools list) is answered from memory while this counter
// is unchanged. Built from 2,000 schools' assessments, kits and MDIs it took 0.2-0.4 s of the server's
// thread per view. Triggers increment it on every change to what the overview reads, whichever
// connection made the change.
const SOURCES = ['schools', 'assessments', 'assessment_actions', 'kits', 'kit_mdis', 'kit_checks'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('school_data_version')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await sql`insert into school_data_version (id, version) values (1, 0)`.execute(db);
  if (isPostgres(db)) {
    for (const table of SOURCES) await pgTrigger(db, PG_BUMP, [{ name: `${table}_school_version`, when: `after insert or update or delete on ${table} for each statement` }]);
    return;
  }
  for (const table of SOURCES) {
    for (const event of ['insert', 'update', 'delete']) {
      await sql.raw(`create trigger ${table}_${event}_school_version after ${event} on ${table}
        begin update school_data_version set version = version + 1 where id = 1; end`).execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of SOURCES) {
    if (isPostgres(db)) await sql.raw(`drop trigger ${table}_school_version on ${table}`).execute(db);
    else for (const event of ['insert', 'update', 'delete']) await sql.raw(`drop trigger ${table}_${event}_school_version`).execute(db);
  }
  await db.schema.dropTable('school_data_version').execute();
}
