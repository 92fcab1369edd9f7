import type { Kysely } from 'kysely';

// Placeholder: the weather, index, job-run and delivery tables (issue 6) are written here.
export async function up(_db: Kysely<any>): Promise<void> {}
export async function down(_db: Kysely<any>): Promise<void> {}
