import type { Kysely } from 'kysely';

// Placeholder: action plans, articles, reads and push subscriptions (issue 10) are written here.
export async function up(_db: Kysely<any>): Promise<void> {}
export async function down(_db: Kysely<any>): Promise<void> {}
