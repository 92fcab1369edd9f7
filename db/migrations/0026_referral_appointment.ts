import type { Kysely } from 'kysely';

// Accepting a referral can book the child in (issue 30): the appointment's date (Shanghai calendar)
// and, when known, its time of day, kept on the referral the referring centre reads.
// Frozen: imports nothing from the application.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('referrals').addColumn('appointment_date', 'text').execute();
  await db.schema.alterTable('referrals').addColumn('appointment_time', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('referrals').dropColumn('appointment_time').execute();
  await db.schema.alterTable('referrals').dropColumn('appointment_date').execute();
}
