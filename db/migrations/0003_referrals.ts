import type { Kysely } from 'kysely';

// Placeholder: the referral tables (issue 4) are written here.
export async function up(_db: Kysely<any>): Promise<void> {}
export async function down(_db: Kysely<any>): Promise<void> {}
