import { sql, type Kysely } from 'kysely';
import { isPostgres, pgTrigger } from './dialect';

// City scale (issue 8): after any change to any school, the district's overview and kit alerts
// (migration 0015's single counter) were recomputed for all 2,000 schools on the next view: 0.4-0.6 s
// of the server's one request thread. Each change now also records which school it touched, under the
// counter's new value, so a kept answer is brought up to date by recomputing only those schools
// (server/schools/district-cache.ts). One row per school, overwritten: the table stays small.
// kit_mdis and kit_checks name their school through their kit (the kit's school is the one whose
// alerts they change); a kit moved between schools touches both.
const SOURCES: Record<string, { new: string[]; old: string[] }> = {
  schools: { new: ['NEW.id'], old: ['OLD.id'] },
  assessments: { new: ['NEW.school_id'], old: ['OLD.school_id'] },
  assessment_actions: { new: ['NEW.school_id'], old: ['OLD.school_id'] },
  kits: { new: ['NEW.school_id'], old: ['OLD.school_id'] },
  kit_mdis: { new: ['(select school_id from kits where id = NEW.kit_id)'], old: ['(select school_id from kits where id = OLD.kit_id)'] },
  kit_checks: { new: ['(select school_id from kits where id = NEW.kit_id)'], old: ['(select school_id from kits where id = OLD.kit_id)'] },
};

// A school id that is null (an MDI whose kit is gone) records nothing rather than failing the write.
const record = (school: string) => `insert into school_changes (school_id, version)
    select s, (select version from school_data_version where id = 1) from (select ${school} as s) where s is not null
    on conflict (school_id) do update set version = excluded.version;`;

const bump = 'update school_data_version set version = version + 1 where id = 1;';
// PostgreSQL: migration 0015's trigger function, put back on the way down.
const PG_BUMP = { name: 'school_version_bump', body: `${bump} return null;` };

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) await sql`create table school_changes (school_id text primary key, version bigint not null)`.execute(db);
  else await sql`create table school_changes (school_id text primary key, version integer not null) without rowid`.execute(db);
  await db.schema.createIndex('school_changes_version').on('school_changes').columns(['version', 'school_id']).execute();
  if (isPostgres(db)) {
    // One function per table, row by row: which schools a change touched is the point here.
    const pgRecord = (school: string) => `insert into school_changes (school_id, version)
      select s, (select version from school_data_version where id = 1) from (select ${school} as s) x where s is not null
      on conflict (school_id) do update set version = excluded.version;`;
    for (const [table, ids] of Object.entries(SOURCES)) {
      const body = `${bump} if tg_op <> 'DELETE' then ${ids.new.map(pgRecord).join(' ')} end if; if tg_op <> 'INSERT' then ${ids.old.map(pgRecord).join(' ')} end if; return null;`;
      await pgTrigger(db, { name: `${table}_school_changes_record`, body }, [{ name: `${table}_school_version`, when: `after insert or update or delete on ${table} for each row` }]);
    }
    return;
  }
  for (const [table, ids] of Object.entries(SOURCES)) {
    for (const event of ['insert', 'update', 'delete'] as const) {
      const schools = event === 'insert' ? ids.new : event === 'delete' ? ids.old : [...ids.new, ...ids.old];
      await sql.raw(`drop trigger ${table}_${event}_school_version`).execute(db);
      await sql.raw(`create trigger ${table}_${event}_school_version after ${event} on ${table}
        begin ${bump} ${schools.map(record).join(' ')} end`).execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    for (const table of Object.keys(SOURCES)) await pgTrigger(db, PG_BUMP, [{ name: `${table}_school_version`, when: `after insert or update or delete on ${table} for each statement` }]);
    await db.schema.dropTable('school_changes').execute();
    return;
  }
  for (const table of Object.keys(SOURCES)) {
    for (const event of ['insert', 'update', 'delete']) {
      await sql.raw(`drop trigger ${table}_${event}_school_version`).execute(db);
      await sql.raw(`create trigger ${table}_${event}_school_version after ${event} on ${table}
        begin ${bump} end`).execute(db);
    }
  }
  await db.schema.dropTable('school_changes').execute();
}
