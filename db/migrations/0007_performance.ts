import type { Kysely } from 'kysely';

// Placeholder: indexes and precomputed aggregates that the city-scale benchmark (issue 8) calls for.
export async function up(_db: Kysely<any>): Promise<void> {}
export async function down(_db: Kysely<any>): Promise<void> {}
