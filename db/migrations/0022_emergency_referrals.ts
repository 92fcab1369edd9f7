import type { Kysely } from 'kysely';

// Emergency referrals (clinical safety rules 8.5): the referrer records who at the hospital was told
// by phone, and when. Kept with the referral, both set together (required for an emergency, allowed
// for any). Earlier referrals keep their stored urgency: they were made before the rule and carry no
// handover, and re-reading them as emergencies would turn every old one overdue at once.
// The programme's referral indicators gain a split by urgency: a stored snapshot of the old shape is
// dropped so that none is served after the upgrade (the next request recomputes it).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('referrals').addColumn('phone_handover_to', 'text').execute();
  await db.schema.alterTable('referrals').addColumn('phone_handover_at', 'text').execute();
  await db.deleteFrom('indicator_snapshots').where('scope', '=', 'referrals:all').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('referrals').dropColumn('phone_handover_at').execute();
  await db.schema.alterTable('referrals').dropColumn('phone_handover_to').execute();
}
