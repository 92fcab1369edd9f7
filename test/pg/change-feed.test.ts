// The change feed on PostgreSQL (issue 33): what a server keeps in memory is dropped when a commit on
// any connection changes the rows it copied (NOTIFY at commit, LISTEN in each process), and its own
// writes are heard before they answer. Runs in `npm run test:pg`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeFeedOf } from '../../db/changes';
import { createDatabase, type OpenedDatabase } from '../../db/connection';
import { actorCacheOf } from '../../server/auth/actor-cache';
import { createWorld, type World } from '../helpers/world';

let w: World;
let other: OpenedDatabase;

const until = async (what: () => boolean | Promise<boolean>, ms: number, label: string) => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error(`waited ${ms} ms for ${label}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

beforeAll(async () => {
  w = await createWorld();
  // Another instance's connection to the same database.
  other = await createDatabase({ path: w.dbPath });
  await until(() => changeFeedOf(w.db)?.poll() === false, 5_000, 'the feed to listen');
});
afterAll(async () => {
  await other?.close();
  await w?.close();
});

describe('the change feed on PostgreSQL', () => {
  it('keeps a signed-in user in memory, and drops it within a second of another instance deactivating them', async () => {
    expect((await w.call('nurse1', 'GET', '/api/v1/me')).status).toBe(200);
    expect((await w.call('nurse1', 'GET', '/api/v1/me')).status).toBe(200);
    // On PostgreSQL too the credential is now kept in memory (no feed, no cache).
    expect(actorCacheOf(w.db)).toBeDefined();
    const cookie = await w.cookieFor('nurse1');
    await other.db.updateTable('users').set({ active: 0 }).where('username', '=', 'nurse1').execute();
    await until(async () => (await w.app.request('/api/v1/me', { headers: { cookie } })).status === 401, 1_000, 'the deactivation to be heard');
    await other.db.updateTable('users').set({ active: 1 }).where('username', '=', 'nurse1').execute();
  });

  it('hears its own write before the write answers: a sign-out refuses the session on the very next request', async () => {
    w.forgetSessions();
    const cookie = await w.cookieFor('clinicA');
    expect((await w.app.request('/api/v1/me', { headers: { cookie } })).status).toBe(200);
    const out = await w.app.request('/api/v1/auth/logout', { method: 'POST', headers: { cookie, 'content-type': 'application/json' } });
    expect(out.status).toBe(200);
    expect((await w.app.request('/api/v1/me', { headers: { cookie } })).status).toBe(401);
    w.forgetSessions();
  });

  it('moves a centre worklist kept in memory when another instance enrols a child there', async () => {
    const list = async () => {
      const res = await w.call('clinicA', 'GET', '/api/v1/follow-ups/worklist?within=90');
      expect(res.status).toBe(200);
      return JSON.stringify(res.body);
    };
    const before = await list();
    const id = '00000000-0000-4000-e000-000000000001';
    const now = w.clock.now().toISOString();
    await other.db
      .insertInto('children')
      .values({
        id,
        name: '另一实例',
        sex: 'F',
        birth_date: '2018-01-01',
        height_cm: null,
        guardian_name: '家长',
        guardian_phone: '13800138000',
        guardian_relation: '母亲',
        center_id: w.ids.centreA,
        school_id: null,
        diagnosis_date: null,
        personal_best_pef: null,
        consent_given_by: '家长',
        consent_date: '2026-03-01',
        consent_notice_version: 'v1',
        status: 'active',
        status_reason: null,
        enrolled_on: '2026-03-01',
        next_due_date: '2026-03-10',
        next_due_reason: 'R1',
        next_due_detail: null,
        latest_gina_level: null,
        latest_follow_up_date: null,
        high_risk: 0,
        created_at: now,
        updated_at: now,
      } as never)
      .execute();
    expect(before).not.toContain(id);
    await until(async () => (await list()).includes(id), 1_000, 'the new child on the kept worklist');
  });
});
