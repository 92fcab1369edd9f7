import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('children')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull().check(sql`sex in ('M', 'F')`))
    .addColumn('birth_date', 'text', (c) => c.notNull())
    .addColumn('height_cm', 'real')
    .addColumn('guardian_name', 'text', (c) => c.notNull())
    .addColumn('guardian_phone', 'text', (c) => c.notNull())
    .addColumn('guardian_relation', 'text', (c) => c.notNull())
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('school_id', 'text', (c) => c.references('schools.id'))
    .addColumn('diagnosis_date', 'text')
    .addColumn('personal_best_pef', 'integer')
    .addColumn('consent_given_by', 'text', (c) => c.notNull())
    .addColumn('consent_date', 'text', (c) => c.notNull())
    .addColumn('consent_notice_version', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'transferred', 'withdrawn')`))
    .addColumn('status_reason', 'text')
    .addColumn('enrolled_on', 'text', (c) => c.notNull())
    .addColumn('next_due_date', 'text')
    .addColumn('next_due_reason', 'text')
    .addColumn('next_due_detail', 'text')
    .addColumn('latest_gina_level', 'text')
    .addColumn('latest_follow_up_date', 'text')
    .addColumn('high_risk', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('children_centre_due').on('children').columns(['center_id', 'status', 'next_due_date']).execute();
  await db.schema.createIndex('children_school').on('children').columns(['school_id']).execute();
  await db.schema.createIndex('children_phone').on('children').columns(['guardian_phone']).execute();

  await db.schema
    .createTable('guardianships')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('child_id', 'text', (c) => c.notNull().references('children.id'))
    .addPrimaryKeyConstraint('guardianships_pk', ['user_id', 'child_id'])
    .execute();
  await db.schema.createIndex('guardianships_child').on('guardianships').column('child_id').execute();

  await db.schema
    .createTable('child_centre_history')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('child_id', 'text', (c) => c.notNull().references('children.id'))
    .addColumn('from_center_id', 'text', (c) => c.references('centers.id'))
    .addColumn('to_center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('follow_ups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('child_id', 'text', (c) => c.notNull().references('children.id'))
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('instrument', 'text')
    .addColumn('answers', 'text')
    .addColumn('score', 'integer')
    .addColumn('score_band', 'text')
    .addColumn('gina_q1', 'integer', (c) => c.notNull())
    .addColumn('gina_q2', 'integer', (c) => c.notNull())
    .addColumn('gina_q3', 'integer', (c) => c.notNull())
    .addColumn('gina_q4', 'integer', (c) => c.notNull())
    .addColumn('gina_level', 'text', (c) => c.notNull())
    .addColumn('ocs_courses', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ed_visits', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('admissions', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pef', 'integer')
    .addColumn('pef_zone', 'text')
    .addColumn('inhaler_technique_ok', 'integer')
    .addColumn('adherence_ok', 'integer')
    .addColumn('action_plan_given', 'integer')
    .addColumn('treatment_changed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('gina_step', 'integer')
    .addColumn('note', 'text')
    .addColumn('high_risk', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_due_date', 'text')
    .addColumn('next_due_reason', 'text')
    .addColumn('suggestions', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('follow_ups_child_date').on('follow_ups').columns(['child_id', 'date']).execute();
  await db.schema.createIndex('follow_ups_centre_date').on('follow_ups').columns(['center_id', 'date']).execute();

  await db.schema
    .createTable('diary_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('child_id', 'text', (c) => c.notNull().references('children.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('daytime_symptoms', 'text', (c) => c.notNull())
    .addColumn('symptoms_over_few_minutes', 'integer')
    .addColumn('night_waking', 'integer', (c) => c.notNull())
    .addColumn('night_cough', 'integer', (c) => c.notNull())
    .addColumn('activity_limited', 'integer', (c) => c.notNull())
    .addColumn('reliever_uses', 'integer', (c) => c.notNull())
    .addColumn('controller_taken_am', 'integer')
    .addColumn('controller_taken_pm', 'integer')
    .addColumn('pef_am', 'integer')
    .addColumn('pef_pm', 'integer')
    .addColumn('pef_zone', 'text')
    .addColumn('triggers', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('school_absence', 'integer')
    .addColumn('unscheduled_care', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('ocs_started', 'integer')
    .addColumn('note', 'text')
    .addColumn('client_id', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('diary_entries_child_date', ['child_id', 'date'])
    .execute();

  await db.schema
    .createTable('diary_revisions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('diary_entry_id', 'text', (c) => c.notNull())
    .addColumn('child_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('previous', 'text', (c) => c.notNull())
    .addColumn('replaced_at', 'text', (c) => c.notNull())
    .addColumn('replaced_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('clinical_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('child_id', 'text', (c) => c.notNull().references('children.id'))
    .addColumn('center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('source_date', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'text')
    .addUniqueConstraint('clinical_alerts_once', ['child_id', 'kind', 'source_date'])
    .execute();
  await db.schema.createIndex('clinical_alerts_centre_open').on('clinical_alerts').columns(['center_id', 'acknowledged_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['clinical_alerts', 'diary_revisions', 'diary_entries', 'follow_ups', 'child_centre_history', 'guardianships', 'children']) {
    await db.schema.dropTable(t).execute();
  }
}
