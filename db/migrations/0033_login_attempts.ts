import type { Kysely } from 'kysely';

// Sign-in attempts in the database, not in one process's memory (issue 33): with several server
// instances behind a proxy, a guesser spreading tries over them got each instance's allowance.
// A row lives for the throttle's window (the hourly purge deletes older ones). The username is
// kept as typed, as login_failures keeps it, since the throttle counts per username; it is never
// logged or shown.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_attempts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_attempts_username').on('login_attempts').columns(['username', 'at']).execute();
  await db.schema.createIndex('login_attempts_address').on('login_attempts').columns(['address', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_attempts').execute();
}
