import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('referrals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('child_id', 'text', (c) => c.notNull().references('children.id'))
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('from_center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('to_center_id', 'text', (c) => c.notNull().references('centers.id'))
    .addColumn('urgency', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('clinical_summary', 'text', (c) => c.notNull())
    .addColumn('care_plan', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('previous_referral_id', 'text', (c) => c.references('referrals.id'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .addColumn('responded_at', 'text')
    .addColumn('started_at', 'text')
    .addColumn('completed_at', 'text')
    .execute();
  await db.schema.createIndex('referrals_to_status').on('referrals').columns(['to_center_id', 'status']).execute();
  await db.schema.createIndex('referrals_from_status').on('referrals').columns(['from_center_id', 'status']).execute();
  await db.schema.createIndex('referrals_child').on('referrals').columns(['child_id']).execute();

  await db.schema
    .createTable('referral_history')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('referral_id', 'text', (c) => c.notNull().references('referrals.id'))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('by_user_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .execute();
  await db.schema.createIndex('referral_history_referral').on('referral_history').columns(['referral_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('referral_history').execute();
  await db.schema.dropTable('referrals').execute();
}
