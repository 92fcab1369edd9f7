import { sql, type Kysely } from 'kysely';
import { isPostgres, pgTrigger } from './dialect';

// PostgreSQL only (issue 33: no hot one-row counter that every write must update). The data-version
// counters of migrations 0007, 0008, 0009, 0015 and 0019 were bumped by triggers inside each writing
// transaction: on SQLite, one writer at a time, that costs nothing; on PostgreSQL every writer then
// updated the same row, and under SERIALIZABLE all but one of any concurrent writers failed (50
// clients on two instances: 170 of 300 follow-ups refused). Here the triggers only append what
// changed to pending_version_bumps (appends never collide), and each process moves the counters
// after the writing transaction has committed (db/postgres/versions.ts), by one small transaction
// of its own. A counter that moves after the data it stands for is never stale for long and never
// says "unchanged" about data a reader could not yet see. SQLite keeps its triggers unchanged.
const INDICATOR = ['centers', 'schools', 'children', 'follow_ups', 'diary_entries', 'referrals', 'referral_history', 'assessments', 'kits', 'kit_mdis', 'trainings', 'training_attendees', 'index_days'];
const INDEX = ['index_days', 'job_runs'];
const SCHOOL: Record<string, { new: string; old: string }> = {
  schools: { new: 'new.id', old: 'old.id' },
  assessments: { new: 'new.school_id', old: 'old.school_id' },
  assessment_actions: { new: 'new.school_id', old: 'old.school_id' },
  kits: { new: 'new.school_id', old: 'old.school_id' },
  kit_mdis: { new: '(select school_id from kits where id = new.kit_id)', old: '(select school_id from kits where id = old.kit_id)' },
  kit_checks: { new: '(select school_id from kits where id = new.kit_id)', old: '(select school_id from kits where id = old.kit_id)' },
};
const CENTRE = ['children', 'clinical_alerts'];

const append = (topic: string, key: string) => `insert into pending_version_bumps (topic, key) select '${topic}', k from (select ${key} as k) x where k is not null;`;

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create table pending_version_bumps (id bigserial primary key, topic text not null, key text)`.execute(db);
  for (const [topic, tables, old] of [['indicator', INDICATOR, 'indicator_version'], ['index', INDEX, 'index_version']] as const) {
    for (const table of tables) {
      await sql.raw(`drop trigger ${table}_${old} on ${table}`).execute(db);
      await pgTrigger(db, { name: `${topic}_version_pending`, body: `${append(topic, "''")} return null;` }, [{ name: `${table}_${old}`, when: `after insert or update or delete on ${table} for each statement` }]);
    }
  }
  for (const [table, ids] of Object.entries(SCHOOL)) {
    await sql.raw(`drop trigger ${table}_school_version on ${table}`).execute(db);
    const body = `if tg_op <> 'DELETE' then ${append('school', ids.new)} end if; if tg_op <> 'INSERT' then ${append('school', ids.old)} end if; return null;`;
    await pgTrigger(db, { name: `${table}_school_version_pending`, body }, [{ name: `${table}_school_version`, when: `after insert or update or delete on ${table} for each row` }]);
  }
  for (const table of CENTRE) {
    await sql.raw(`drop trigger ${table}_centre_version on ${table}`).execute(db);
    const body = `if tg_op <> 'DELETE' then ${append('centre', 'new.center_id')} end if; if tg_op <> 'INSERT' then ${append('centre', 'old.center_id')} end if; return null;`;
    await pgTrigger(db, { name: `${table}_centre_version_pending`, body }, [{ name: `${table}_centre_version`, when: `after insert or update or delete on ${table} for each row` }]);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  throw new Error('0032 cannot be undone on PostgreSQL: restore from a backup taken before it');
}
