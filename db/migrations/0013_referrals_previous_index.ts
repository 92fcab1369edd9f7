import type { Kysely } from 'kysely';

// Opening a referral lists the referrals that continue it (previous_referral_id), which had no
// index: every open scanned all referrals (city scale, 100,000: ~300 ms of the server's thread).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('referrals_previous').on('referrals').columns(['previous_referral_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('referrals_previous').execute();
}
