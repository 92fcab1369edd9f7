import { sql } from 'kysely';
import type { Hono } from 'hono';
import type { Db } from '../../db/connection';
import type { AppEnv } from '../context';
import { INDEX_JOB } from '../asthma-index/job';

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
    const lastIndexRun = dbState === 'ok' ? await lastRun(db) : null;
    return c.json({ ok: dbState === 'ok', db: dbState, lastIndexRun }, dbState === 'ok' ? 200 : 503);
  });
}

/** The newest asthma-index run and the newest successful one; no error text (it is public). */
async function lastRun(db: Db) {
  try {
    const latest = await db.selectFrom('job_runs').select(['status', 'started_at', 'finished_at']).where('name', '=', INDEX_JOB).orderBy('started_at', 'desc').limit(1).executeTakeFirst();
    if (!latest) return null;
    const ok = await db
      .selectFrom('job_runs')
      .select((eb) => eb.fn.max('finished_at').as('at'))
      .where('name', '=', INDEX_JOB)
      .where('status', '=', 'ok')
      .executeTakeFirst();
    return { status: latest.status, startedAt: latest.started_at, finishedAt: latest.finished_at, lastSuccessAt: (ok?.at as string | null) ?? null };
  } catch {
    return null;
  }
}
