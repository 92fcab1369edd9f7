// The suite on PostgreSQL (npm run test:pg, issue 33): each world gets a database of its own, copied
// from a template that test/pg/global-setup.ts migrated once, and dropped when the world closes.
import pg from 'pg';

export const TEMPLATE = 'asthma_template';

/** The cluster's administrative URL when the suite runs on PostgreSQL; undefined on SQLite. */
export const testDatabaseUrl = (): string | undefined => process.env.TEST_DATABASE_URL || undefined;

const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

/** One client of its own on url for `run`, closed after. */
export async function withAdminClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

let made = 0;

/** A new database copied from the template; its URL. */
export async function freshDatabase(url: string): Promise<string> {
  const name = `t_${process.pid}_${++made}_${Math.random().toString(36).slice(2, 8)}`;
  await withAdminClient(url, async (client) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`create database ${name} template ${TEMPLATE}`);
        return;
      } catch (err) {
        // Two files copying the template at the same moment: "source database is being accessed by other users".
        if ((err as { code?: string }).code !== '55006' || attempt > 50) throw err;
        await new Promise((r) => setTimeout(r, 20 + Math.random() * 80));
      }
    }
  });
  return withDatabase(url, name);
}

/** A new, empty database (not from the template: a server that starts on it migrates it itself); its URL. */
export async function emptyDatabase(url: string): Promise<string> {
  const name = `e_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await withAdminClient(url, (client) => client.query(`create database ${name}`));
  return withDatabase(url, name);
}

export async function dropDatabase(url: string, databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  await withAdminClient(url, (client) => client.query(`drop database if exists ${name} with (force)`));
}

export async function recreateTemplate(url: string, migrate: (templateUrl: string) => Promise<void>): Promise<void> {
  await withAdminClient(url, async (client) => {
    await client.query(`drop database if exists ${TEMPLATE} with (force)`);
    await client.query(`create database ${TEMPLATE}`);
  });
  await migrate(withDatabase(url, TEMPLATE));
}

/**
 * For tests of what SQLite itself does (its query plans): skipped by `npm run test:pg`, where
 * PostgreSQL's planner chooses by its statistics instead.
 */
export const sqliteOnly = !testDatabaseUrl();
