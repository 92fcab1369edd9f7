import { sql } from 'kysely';
import type { Hono } from 'hono';
import type { AppEnv } from '../context';

/** Liveness and database state; public, no personal data. */
export function registerHealthRoutes(app: Hono<AppEnv>): void {
  app.get('/healthz', async (c) => {
    const { db } = c.get('deps');
    let dbState: 'ok' | 'error' = 'ok';
    try {
      await sql`select 1`.execute(db);
    } catch {
      dbState = 'error';
    }
    const lastIndexRun = await lastRun(c.get('deps').db);
    return c.json({ ok: dbState === 'ok', db: dbState, lastIndexRun }, dbState === 'ok' ? 200 : 503);
  });
}

async function lastRun(db: import('../../db/connection').Db): Promise<string | null> {
  try {
    const row = await db.selectFrom('app_settings').select('value').where('key', '=', 'last_index_run').executeTakeFirst();
    return row?.value ?? null;
  } catch {
    return null;
  }
}
