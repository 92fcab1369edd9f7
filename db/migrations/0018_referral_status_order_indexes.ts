import type { Kysely } from 'kysely';

// The referral inbox filtered by one status (a clinician's "accepted" tab, an admin's list of failed
// referrals) walked the box's (centre, created_at) index and checked each row's status: a page that
// could not fill read the whole box (the hospital's "accepted", city scale: 150-240 ms against 3 ms
// before migration 0016). With the status between the centre and the time, such a page reads only
// that status's rows, in order. These replace the (centre, status) indexes, which they extend.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('referrals_to_status_created').on('referrals').columns(['to_center_id', 'status', 'created_at', 'id']).execute();
  await db.schema.createIndex('referrals_from_status_created').on('referrals').columns(['from_center_id', 'status', 'created_at', 'id']).execute();
  // An admin's list of every centre's referrals by status, and of every overdue one.
  await db.schema.createIndex('referrals_status_created').on('referrals').columns(['status', 'created_at', 'id']).execute();
  await db.schema.dropIndex('referrals_to_status').execute();
  await db.schema.dropIndex('referrals_from_status').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('referrals_to_status').on('referrals').columns(['to_center_id', 'status']).execute();
  await db.schema.createIndex('referrals_from_status').on('referrals').columns(['from_center_id', 'status']).execute();
  await db.schema.dropIndex('referrals_to_status_created').execute();
  await db.schema.dropIndex('referrals_from_status_created').execute();
  await db.schema.dropIndex('referrals_status_created').execute();
}
