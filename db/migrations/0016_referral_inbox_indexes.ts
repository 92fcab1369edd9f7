import type { Kysely } from 'kysely';

// A centre's referral inbox lists its referrals newest first (after the overdue ones). With only
// (centre, status) to go on, every page read all of the centre's referrals and sorted them: for the
// hospital, the other end of nearly every referral, that is all of them (city scale, 100,000: 90-180 ms
// of the server's thread a page). In inbox order, a page reads just its rows.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('referrals_to_created').on('referrals').columns(['to_center_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('referrals_from_created').on('referrals').columns(['from_center_id', 'created_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('referrals_to_created').execute();
  await db.schema.dropIndex('referrals_from_created').execute();
}
