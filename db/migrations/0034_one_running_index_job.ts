import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// At most one running asthma-index run (issue 33), held by the database itself: the claim reads
// before it inserts, in a transaction that is serializable on both databases, and this index makes
// a second running row impossible even for a writer that did not read first (a script, a restore).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('job_runs_one_running').unique().on('job_runs').column('name').where(sql.ref('status'), '=', 'running').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('job_runs_one_running').execute();
}
