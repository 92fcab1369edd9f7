// Retention (issue 29, finding 9): expired sessions and failed sign-ins older than 30 days are
// deleted, by a function the scheduler runs every hour.
import cron from 'node-cron';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../helpers/world';
import { hashSecret } from '../../server/ids';
import { LOGIN_FAILURE_RETENTION_DAYS, purgeExpiredSessions } from '../../server/auth/sessions';
import { PURGE_CRON, startScheduler } from '../../jobs/scheduler';

const NOW = '2026-03-02T02:00:00.000Z';
const MINUTE = 60_000;
const at = (offsetMs: number) => new Date(new Date(NOW).getTime() + offsetMs).toISOString();

let w: World;
beforeAll(async () => {
  w = await createWorld({ now: NOW });
});
afterAll(async () => {
  await w?.close();
});

/** Sessions on both sides of the idle and the absolute edge, and failures on both sides of 30 days. */
async function seed() {
  const idle = w.deps.config.SESSION_IDLE_MINUTES * MINUTE;
  const sessions = {
    idleEdge: { last: at(-idle), expires: at(60 * MINUTE) },
    idleInside: { last: at(-idle + 1), expires: at(60 * MINUTE) },
    absoluteEdge: { last: at(-MINUTE), expires: at(0) },
    absoluteInside: { last: at(-MINUTE), expires: at(1) },
    longGone: { last: at(-30 * 24 * 60 * MINUTE), expires: at(-29 * 24 * 60 * MINUTE) },
  };
  for (const [name, s] of Object.entries(sessions)) {
    await w.db
      .insertInto('sessions')
      .values({ id: `s-${name}`, token_hash: hashSecret(`token-${name}`), user_id: w.userIds.clinicA!, created_at: at(-12 * 60 * MINUTE), last_seen_at: s.last, expires_at: s.expires, revoked_at: null })
      .execute();
  }
  const days = LOGIN_FAILURE_RETENTION_DAYS * 24 * 60 * MINUTE;
  const failures = { edge: at(-days), inside: at(-days + 1), old: at(-90 * 24 * 60 * MINUTE), recent: at(-MINUTE) };
  for (const [name, when] of Object.entries(failures))
    await w.db
      .insertInto('login_failures')
      .values({ username: `f-${name}`, at: when })
      .execute();
}

const remaining = async () => ({
  sessions: (await w.db.selectFrom('sessions').select('id').where('id', 'like', 's-%').orderBy('id').execute()).map((r) => r.id.slice(2)),
  failures: (await w.db.selectFrom('login_failures').select('username').where('username', 'like', 'f-%').orderBy('username').execute()).map((r) => r.username.slice(2)),
});
const clear = async () => {
  await w.db.deleteFrom('sessions').where('id', 'like', 's-%').execute();
  await w.db.deleteFrom('login_failures').where('username', 'like', 'f-%').execute();
};

describe('purging expired sessions and old failed sign-ins', () => {
  afterEach(clear);

  it('deletes each session at the edge the server refuses it at, and keeps the one just inside', async () => {
    await seed();
    // The purge's edges are the sign-in's own: what it deletes, the server already refuses.
    const alive: string[] = [];
    for (const name of ['idleEdge', 'idleInside', 'absoluteEdge', 'absoluteInside', 'longGone']) {
      const res = await w.app.request('/api/v1/me', { headers: { cookie: `asthma_session=token-${name}` } });
      if (res.status === 200) alive.push(name);
    }
    expect(alive.sort()).toEqual(['absoluteInside', 'idleInside']);

    const purged = await purgeExpiredSessions(w.deps);
    expect(purged).toEqual({ sessions: 3, loginFailures: 2 });
    expect(await remaining()).toEqual({ sessions: ['absoluteInside', 'idleInside'], failures: ['inside', 'recent'] });
  });

  it('the scheduler runs the purge every hour', async () => {
    await seed();
    const scheduler = startScheduler(w.deps, { notifyCron: '0 0 1 1 *' });
    try {
      const task = [...cron.getTasks().values()].find((t) => t.name === 'purge-sessions');
      expect(task, 'a purge task is scheduled').toBeDefined();
      expect(PURGE_CRON).toMatch(/^\d+ \* \* \* \*$/);
      await task!.execute();
      expect(await remaining()).toEqual({ sessions: ['absoluteInside', 'idleInside'], failures: ['inside', 'recent'] });
    } finally {
      await scheduler.stop();
    }
  });
});
