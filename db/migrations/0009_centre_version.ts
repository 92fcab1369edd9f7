import { sql, type Kysely } from 'kysely';
import { isPostgres, pgTrigger } from './dialect';

// City scale (issue 8): a centre's worklist is answered from memory while that centre's version is
// unchanged. Triggers increment it on every change to the centre's children or clinical alerts
// (a child moving centre changes both centres), whichever connection made the change.
const bump = (centre: string) =>
  `insert into centre_data_version (center_id, version) values (${centre}, 1)
   on conflict (center_id) do update set version = version + 1;`;

const TRIGGERS: [string, string, string][] = [
  ['children_insert_centre_version', 'after insert on children', bump('new.center_id')],
  ['children_update_centre_version', 'after update on children', `${bump('new.center_id')} ${bump('old.center_id')}`],
  ['children_delete_centre_version', 'after delete on children', bump('old.center_id')],
  ['clinical_alerts_insert_centre_version', 'after insert on clinical_alerts', bump('new.center_id')],
  ['clinical_alerts_update_centre_version', 'after update on clinical_alerts', `${bump('new.center_id')} ${bump('old.center_id')}`],
  ['clinical_alerts_delete_centre_version', 'after delete on clinical_alerts', bump('old.center_id')],
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('centre_data_version')
    .addColumn('center_id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  if (isPostgres(db)) {
    const pgBump = (centre: string) =>
      `insert into centre_data_version (center_id, version) values (${centre}, 1) on conflict (center_id) do update set version = centre_data_version.version + 1;`;
    for (const table of ['children', 'clinical_alerts']) {
      await pgTrigger(db, { name: `${table}_centre_version_bump`, body: `if tg_op <> 'DELETE' then ${pgBump('new.center_id')} end if; if tg_op <> 'INSERT' then ${pgBump('old.center_id')} end if; return null;` }, [
        { name: `${table}_centre_version`, when: `after insert or update or delete on ${table} for each row` },
      ]);
    }
    return;
  }
  for (const [name, event, body] of TRIGGERS) await sql.raw(`create trigger ${name} ${event} begin ${body} end`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) for (const table of ['children', 'clinical_alerts']) await sql.raw(`drop trigger ${table}_centre_version on ${table}`).execute(db);
  else for (const [name] of TRIGGERS) await sql.raw(`drop trigger ${name}`).execute(db);
  await db.schema.dropTable('centre_data_version').execute();
}
