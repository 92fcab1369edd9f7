import type { Kysely } from 'kysely';

// Community clinicians' training and placements, and treatment coverage (issue 36): courses and
// their sessions, one enrolment row per clinician and session (attendance and the competency check
// on it), each centre's catchment population by year, and the expected prevalence as set over time.
// Frozen: imports nothing from the application.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('training_courses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('hours', 'real', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('valid_months', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('training_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_id', 'text', (c) => c.notNull().references('training_courses.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('trainer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('training_sessions_course').on('training_sessions').columns(['course_id', 'date']).execute();
  await db.schema.createIndex('training_sessions_trainer').on('training_sessions').columns(['trainer_id', 'date']).execute();

  // The centre is the clinician's when enrolled: readiness counts a clinician where they worked.
  await db.schema
    .createTable('training_enrolments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('training_sessions.id'))
    .addColumn('clinician_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('enrolled_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('enrolled_at', 'text', (c) => c.notNull())
    .addColumn('attended', 'integer')
    .addColumn('attendance_by', 'text')
    .addColumn('attendance_at', 'text')
    .addColumn('competency', 'text')
    .addColumn('competency_date', 'text')
    .addColumn('checklist', 'text')
    .addColumn('competency_by', 'text')
    .addColumn('competency_at', 'text')
    .execute();
  await db.schema.createIndex('training_enrolments_once').unique().on('training_enrolments').columns(['session_id', 'clinician_id']).execute();
  await db.schema.createIndex('training_enrolments_clinician').on('training_enrolments').columns(['clinician_id']).execute();
  await db.schema.createIndex('training_enrolments_centre').on('training_enrolments').columns(['center_id', 'competency']).execute();

  await db.schema
    .createTable('centre_populations')
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('population', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('centre_populations_pk', ['center_id', 'year'])
    .execute();

  // Each change is a new row; the latest is in force (none: the documented default).
  await db.schema
    .createTable('prevalence_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('percent', 'real', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('set_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('set_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['prevalence_settings', 'centre_populations', 'training_enrolments', 'training_sessions', 'training_courses']) await db.schema.dropTable(table).execute();
}
