import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { createWorld, type World } from '../../helpers/world';
import { UNTIL_HANG } from '../../helpers/poll';
import { enrol, followUpBody } from '../children/fixtures';
import { WorklistCache } from '../../../server/followups/worklist-cache';
import { worklistKey } from '../../../server/followups/service';
import type { Actor } from '../../../server/context';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => w.close());

const worklist = async (as = 'clinicA') => {
  const res = await w.call(as, 'GET', '/api/v1/follow-ups/worklist?within=14');
  expect(res.status).toBe(200);
  return res.body.items as { childId: string; name: string; dueDate: string | null }[];
};
/** Enrolled and due in three days (a new child's first due date depends on its history). */
const dueSoon = async (overrides: Record<string, unknown> = {}) => {
  const id = await enrol(w, overrides);
  await w.db.updateTable('children').set({ next_due_date: '2026-03-05', next_due_reason: 'R1' }).where('id', '=', id).execute();
  return id;
};
const worklistReads = async () => (await w.db.selectFrom('audit_log').select('id').where('action', '=', 'worklist').execute()).length;

describe('the worklist answered from memory', () => {
  it('audits every read, also when the answer is reused', async () => {
    const id = await dueSoon();
    const before = await worklistReads();
    expect((await worklist()).map((i) => i.childId)).toContain(id);
    expect((await worklist()).map((i) => i.childId)).toContain(id);
    expect(await worklistReads()).toBe(before + 2);
  });

  it('shows a follow-up at once: the child leaves the list when the next visit is months away', async () => {
    const id = await dueSoon({ name: '随访儿童' });
    expect((await worklist()).find((i) => i.childId === id)).toBeDefined();
    expect((await w.call('clinicA', 'POST', `/api/v1/children/${id}/follow-ups`, followUpBody())).status).toBe(201);
    expect((await worklist()).find((i) => i.childId === id)).toBeUndefined();
  });

  it('shows a change made outside the API (another process) through the triggers', async () => {
    const id = await dueSoon({ name: '原名' });
    expect((await worklist()).find((i) => i.childId === id)?.name).toBe('原名');
    await w.db.updateTable('children').set({ name: '新名' }).where('id', '=', id).execute();
    expect((await worklist()).find((i) => i.childId === id)?.name).toBe('新名');
  });

  it('shows a change committed by another connection (a script, the indicators worker) from the next view on', async () => {
    const id = await dueSoon({ name: '脚本前' });
    expect((await worklist()).find((i) => i.childId === id)?.name).toBe('脚本前');
    const other = new Database(w.dbPath);
    try {
      other.prepare('update children set name = ? where id = ?').run('脚本后', id);
    } finally {
      other.close();
    }
    // The server looks at SQLite's data_version at most once a millisecond: a view after that shows it.
    await expect.poll(async () => (await worklist()).find((i) => i.childId === id)?.name, UNTIL_HANG).toBe('脚本后');
  });

  it("moves a child between the two centres' lists when the child changes centre", async () => {
    const id = await dueSoon({ name: '转出儿童' });
    expect((await worklist('clinicA')).map((i) => i.childId)).toContain(id);
    expect((await worklist('clinicB')).map((i) => i.childId)).not.toContain(id);
    await w.db.updateTable('children').set({ center_id: w.ids.centreB }).where('id', '=', id).execute();
    expect((await worklist('clinicA')).map((i) => i.childId)).not.toContain(id);
    expect((await worklist('clinicB')).map((i) => i.childId)).toContain(id);
  });

  it('moves the window with the day', async () => {
    const id = await dueSoon({ name: '明日儿童' });
    await w.db.updateTable('children').set({ next_due_date: '2026-03-20' }).where('id', '=', id).execute();
    expect((await worklist()).map((i) => i.childId)).not.toContain(id); // today 2026-03-02: 18 days away
    w.clock.set('2026-03-06T02:00:00Z');
    try {
      w.forgetSessions();
      expect((await worklist()).map((i) => i.childId)).toContain(id); // 14 days away
    } finally {
      w.clock.set('2026-03-02T02:00:00Z');
      w.forgetSessions();
    }
  });

  it('pages with limit and an opaque cursor (docs/docs/api.md lists), covering the whole list once', async () => {
    for (const name of ['甲', '乙', '丙', '丁', '戊']) await dueSoon({ name });
    const whole = (await w.call('clinicA', 'GET', '/api/v1/follow-ups/worklist?within=14&limit=500')).body;
    expect(whole.nextCursor).toBeNull();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = (await w.call('clinicA', 'GET', `/api/v1/follow-ups/worklist?within=14&limit=2${query}`)).body;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i: { childId: string }) => i.childId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(whole.items.map((i: { childId: string }) => i.childId));
    expect(seen.length).toBeGreaterThanOrEqual(5);
    const def = (await w.call('clinicA', 'GET', '/api/v1/follow-ups/worklist')).body;
    expect(def.items.length).toBeLessThanOrEqual(50);
  });

  it('refuses a cursor it did not make, naming the field', async () => {
    const res = await w.call('clinicA', 'GET', '/api/v1/follow-ups/worklist?cursor=not-ours');
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('cursor');
  });
});

describe('computations shared while they run', () => {
  it('computes once for the views that arrive together, again for a newer version, and keeps no failure', async () => {
    const cache = new WorklistCache<string[]>(w.db);
    let computed = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const compute = (label: string) => async () => {
      computed += 1;
      await gate;
      return [label];
    };
    const together = [1, 2, 3, 4, 5].map(() => cache.getOrCompute('k', 7, compute('v7')));
    const newer = cache.getOrCompute('k', 8, compute('v8'));
    release();
    const pages = await Promise.all(together);
    expect(computed).toBe(2);
    expect(new Set(pages).size).toBe(1); // the very same page
    expect(pages[0]).toEqual(['v7']);
    expect(await newer).toEqual(['v8']);
    expect(cache.get('k', 8)).toEqual(['v8']);

    await expect(
      cache.getOrCompute('f', 1, async () => {
        throw new Error('disk');
      }),
    ).rejects.toThrow('disk');
    expect(await cache.getOrCompute('f', 1, async () => ['again'])).toEqual(['again']);
  });

  it('never lets a slow computation for an older version replace or displace a newer one', async () => {
    const cache = new WorklistCache<string[]>(w.db);
    let computed = 0;
    let releaseOld!: () => void;
    const slow = new Promise<void>((resolve) => {
      releaseOld = resolve;
    });
    const older = cache.getOrCompute('k', 7, async () => {
      computed += 1;
      await slow;
      return ['v7'];
    });
    expect(
      await cache.getOrCompute('k', 8, async () => {
        computed += 1;
        return ['v8'];
      }),
    ).toEqual(['v8']);
    releaseOld();
    expect(await older).toEqual(['v7']); // its own reader gets what it asked for
    expect(cache.get('k', 8)).toEqual(['v8']); // but the newer page stays kept

    let releaseNew!: () => void;
    const gate = new Promise<void>((resolve) => {
      releaseNew = resolve;
    });
    const v9 = cache.getOrCompute('k', 9, async () => {
      computed += 1;
      await gate;
      return ['v9'];
    });
    const lateOld = cache.getOrCompute('k', 7, async () => {
      computed += 1;
      return ['v7 again'];
    });
    const v9Again = cache.getOrCompute('k', 9, async () => {
      computed += 1;
      return ['v9 twice'];
    });
    releaseNew();
    expect(await v9Again).toBe(await v9);
    expect(await lateOld).toEqual(['v7 again']);
    expect(computed).toBe(4); // v7, v8, v9 and the late v7; the second v9 reader shared
  });

  it('answers and audits every one of many concurrent reads of a changed centre', async () => {
    const id = await dueSoon({ name: '并发儿童' });
    const before = await worklistReads();
    const bodies = await Promise.all(Array.from({ length: 8 }, () => w.call('clinicA', 'GET', '/api/v1/follow-ups/worklist?within=14')));
    expect(bodies.map((b) => b.status)).toEqual(Array(8).fill(200));
    expect(new Set(bodies.map((b) => JSON.stringify(b.body))).size).toBe(1);
    expect(bodies[0]!.body.items.map((i: { childId: string }) => i.childId)).toContain(id);
    expect(await worklistReads()).toBe(before + 8);
  });
});

describe('the worklist cache key', () => {
  const query = { within: 14, limit: 50 } as Parameters<typeof worklistKey>[3];
  const actor = (role: Actor['role'], centerId: string | null, id = 'u1'): Actor => ({ id, username: '', displayName: '', role, centerId, schoolId: null, sessionId: null });

  it("holds the caller's scope: an admin and the centre's clinician never share a kept page", () => {
    expect(worklistKey(actor('admin', null), 'c1', '2026-12-01', query)).not.toBe(worklistKey(actor('clinician', 'c1'), 'c1', '2026-12-01', query));
  });

  it('is shared by callers of the same scope, and parts by day, filter and cursor', () => {
    const k = worklistKey(actor('clinician', 'c1', 'u1'), 'c1', '2026-12-01', query);
    expect(worklistKey(actor('clinician', 'c1', 'u2'), 'c1', '2026-12-01', query)).toBe(k);
    expect(worklistKey(actor('clinician', 'c1'), 'c1', '2026-12-02', query)).not.toBe(k);
    expect(worklistKey(actor('clinician', 'c1'), 'c1', '2026-12-01', { ...query, filter: 'high_risk' })).not.toBe(k);
    expect(worklistKey(actor('clinician', 'c1'), 'c1', '2026-12-01', { ...query, cursor: 'x' })).not.toBe(k);
  });
});
