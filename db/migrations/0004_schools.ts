import { sql, type Kysely } from 'kysely';

// School first-aid capability (issue 5): kits and their inhalers, monthly checks, uses,
// training sessions with attendees, assessments (input snapshot + result) and corrective actions.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('kits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('fixed', 'mobile')`))
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('storage_ok', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('spacers', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('documents', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'retired')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('kits_school').on('kits').columns(['school_id', 'status']).execute();

  await db.schema
    .createTable('kit_mdis')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kit_id', 'text', (c) => c.notNull().references('kits.id'))
    .addColumn('product', 'text', (c) => c.notNull())
    .addColumn('batch', 'text', (c) => c.notNull())
    .addColumn('expiry', 'text', (c) => c.notNull())
    .addColumn('expiry_date', 'text', (c) => c.notNull())
    .addColumn('labelled_doses', 'integer', (c) => c.notNull())
    .addColumn('counter_reading', 'integer')
    .addColumn('puffs_used', 'integer')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('in_use', 'replaced', 'removed')`))
    .addColumn('replaced_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('kit_mdis_kit').on('kit_mdis').columns(['kit_id', 'status']).execute();
  await db.schema.createIndex('kit_mdis_expiry').on('kit_mdis').columns(['status', 'expiry_date']).execute();

  await db.schema
    .createTable('kit_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kit_id', 'text', (c) => c.notNull().references('kits.id'))
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('mdi_present', 'integer', (c) => c.notNull())
    .addColumn('mdi_in_date', 'integer', (c) => c.notNull())
    .addColumn('doses_ok', 'integer', (c) => c.notNull())
    .addColumn('spacers', 'integer', (c) => c.notNull())
    .addColumn('documents', 'text', (c) => c.notNull())
    .addColumn('unlocked', 'integer', (c) => c.notNull())
    .addColumn('storage_ok', 'integer', (c) => c.notNull())
    .addColumn('poster', 'integer', (c) => c.notNull())
    .addColumn('register_reachable', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('checked_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('kit_checks_kit_date').on('kit_checks').columns(['kit_id', 'date']).execute();
  await db.schema.createIndex('kit_checks_school_date').on('kit_checks').columns(['school_id', 'date']).execute();

  await db.schema
    .createTable('kit_uses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kit_id', 'text', (c) => c.notNull().references('kits.id'))
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
    .addColumn('used_at', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('child_id', 'text', (c) => c.references('children.id'))
    .addColumn('symptoms', 'text', (c) => c.notNull())
    .addColumn('puffs', 'integer', (c) => c.notNull())
    .addColumn('spacer_used', 'integer', (c) => c.notNull())
    .addColumn('given_by', 'text', (c) => c.notNull())
    .addColumn('called_120', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('parent_told_at', 'text')
    .addColumn('parent_told_how', 'text')
    .addColumn('mdi_id', 'text', (c) => c.references('kit_mdis.id'))
    .addColumn('mdi_batch', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('kit_uses_school_date').on('kit_uses').columns(['school_id', 'date']).execute();
  await db.schema.createIndex('kit_uses_kit').on('kit_uses').columns(['kit_id', 'used_at']).execute();

  await db.schema
    .createTable('trainings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('initial', 'refresher', 'briefing', 'drill')`))
    .addColumn('trainer', 'text', (c) => c.notNull())
    .addColumn('organisation', 'text', (c) => c.notNull())
    .addColumn('topics', 'text', (c) => c.notNull())
    .addColumn('staff_briefed', 'integer')
    .addColumn('staff_total', 'integer')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('trainings_school_date').on('trainings').columns(['school_id', 'date']).execute();

  await db.schema
    .createTable('training_attendees')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('training_id', 'text', (c) => c.notNull().references('trainings.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('competency', 'text', (c) => c.check(sql`competency in ('pass', 'fail')`))
    .addColumn('competency_date', 'text')
    .execute();
  await db.schema.createIndex('training_attendees_training').on('training_attendees').column('training_id').execute();

  await db.schema
    .createTable('assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('rubric_version', 'text', (c) => c.notNull())
    .addColumn('input', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('band', 'text', (c) => c.notNull())
    .addColumn('grade', 'text', (c) => c.notNull().check(sql`grade in ('A', 'B', 'C', 'D')`))
    .addColumn('reassess_by', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assessments_school_date').on('assessments').columns(['school_id', 'date', 'id']).execute();

  await db.schema
    .createTable('assessment_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id'))
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('action', 'alert')`))
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull().check(sql`priority in ('P1', 'P2', 'P3', 'P4')`))
    .addColumn('owner', 'text', (c) => c.notNull().check(sql`owner in ('nurse', 'principal', 'cdc')`))
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('text_zh', 'text', (c) => c.notNull())
    .addColumn('text_en', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'done', 'verified')`))
    .addColumn('closing_note', 'text')
    .addColumn('done_at', 'text')
    .addColumn('done_by', 'text', (c) => c.references('users.id'))
    .addColumn('verified_at', 'text')
    .addColumn('verified_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assessment_actions_assessment').on('assessment_actions').column('assessment_id').execute();
  await db.schema.createIndex('assessment_actions_open').on('assessment_actions').columns(['status', 'priority', 'due_date']).execute();
  await db.schema.createIndex('assessment_actions_school').on('assessment_actions').columns(['school_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['assessment_actions', 'assessments', 'training_attendees', 'trainings', 'kit_uses', 'kit_checks', 'kit_mdis', 'kits']) {
    await db.schema.dropTable(t).execute();
  }
}
