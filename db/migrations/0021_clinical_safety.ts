import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Safety rules v2 (docs/clinical-safety.md): a diary day's danger signs and symptom zone, one
// personal best with its date and source, the risk history taken at enrolment, hospital notices of
// emergency visits and admissions, the working-day calendar the 2-working-day review counts on, and
// the grace in force with each due date (so "overdue" is the rule's, not guessed from the reason).
// Frozen: imports nothing from the application.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('diary_entries').addColumn('danger_signs', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('diary_entries').addColumn('symptom_zone', 'text').execute();
  await db.schema.alterTable('diary_entries').addColumn('day_zone', 'text').execute();

  for (const [name, type] of [
    ['personal_best_date', 'text'],
    ['personal_best_source', 'text'],
    ['risk_ocs_courses_12m', 'integer'],
    ['risk_ed_visits_12m', 'integer'],
    ['risk_admissions_12m', 'integer'],
    ['risk_ever_icu', 'integer'],
    ['risk_recorded_on', 'text'],
    ['next_due_grace', 'integer'],
  ] as const) {
    await db.schema.alterTable('children').addColumn(name, type).execute();
  }
  // Existing due dates keep the grace the old rule gave their reason.
  await sql`update children set next_due_grace = case when next_due_reason = 'R4' then 2 else 7 end where next_due_date is not null`.execute(db);
  await sql`update children set personal_best_source = 'clinic' where personal_best_pef is not null`.execute(db);

  await db.schema
    .createTable('child_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('child_id', 'text', (c) => c.notNull().references('children.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('ed', 'admitted', 'discharged')`))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('hospital', 'parent', 'clinic')`))
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('child_events_child').on('child_events').columns(['child_id', 'date']).execute();

  // A public holiday (no work) or a make-up working day (a weekend day worked), as the State Council announces them.
  await db.schema
    .createTable('calendar_days')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('holiday', 'workday')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('calendar_days').execute();
  await db.schema.dropTable('child_events').execute();
  for (const name of ['next_due_grace', 'risk_recorded_on', 'risk_ever_icu', 'risk_admissions_12m', 'risk_ed_visits_12m', 'risk_ocs_courses_12m', 'personal_best_source', 'personal_best_date']) {
    await db.schema.alterTable('children').dropColumn(name).execute();
  }
  for (const name of ['day_zone', 'symptom_zone', 'danger_signs']) await db.schema.alterTable('diary_entries').dropColumn(name).execute();
}
