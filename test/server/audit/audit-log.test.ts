// The admin's audit log: who read a child's record, what a user did, a page at a time, newest
// first; and the plans that keep those questions fast on a city's log (migration 0012).
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPageQuery } from '../../../server/audit/log';
import { sqliteOnly } from '../../helpers/pg';
import { createWorld, type World } from '../../helpers/world';
import { enrol } from '../children/fixtures';

let w: World;
let child: string;
let other: string;
beforeAll(async () => {
  w = await createWorld();
  child = await enrol(w, { name: '审计甲' });
  other = await enrol(w, { name: '审计乙' });
  for (const path of [`/api/v1/children/${child}`, `/api/v1/children/${child}/follow-ups`, `/api/v1/children/${child}/diary`, `/api/v1/children/${other}`]) {
    expect((await w.call('clinicA', 'GET', path)).status).toBe(200);
  }
});
afterAll(async () => w.close());

type Item = { id: number; userId: string | null; action: string; entity: string; entityId: string | null };
const list = async (query: string) => {
  const res = await w.call('admin', 'GET', `/api/v1/audit?${query}`);
  expect(res.status).toBe(200);
  return res.body as { items: Item[]; nextCursor: string | null };
};

describe('the audit log', () => {
  it("answers who read a child's record, across the child, its follow-ups and its diary, newest first", async () => {
    const { items } = await list(`entityId=${child}`);
    const reads = items.filter((i) => i.action === 'read');
    expect(reads.map((i) => i.entity)).toEqual(['diary_entry', 'follow_up', 'child']);
    expect(new Set(reads.map((i) => i.userId))).toEqual(new Set([w.userIds.clinicA]));
    expect(items.every((i) => i.entityId === child)).toBe(true);
    expect(items.map((i) => i.id)).toEqual([...items.map((i) => i.id)].sort((a, b) => b - a));
    // Filters combine (each but one checked row by row).
    const followUpReads = (await list(`entityId=${child}&entity=follow_up&action=read&userId=${w.userIds.clinicA}`)).items;
    expect(followUpReads.map((i) => [i.entity, i.entityId])).toEqual([['follow_up', child]]);
    expect((await list(`entity=child&action=read&userId=${w.userIds.clinicA}`)).items.map((i) => i.entityId)).toEqual([other, child]);
    expect((await list('entity=child&action=read')).items.map((i) => i.entityId)).toEqual([other, child]);
  });

  it("pages through one user's actions, every row once", async () => {
    const all = await w.db.selectFrom('audit_log').select('id').where('user_id', '=', w.userIds.clinicA!).orderBy('id', 'desc').execute();
    expect(all.length).toBeGreaterThan(4);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Item[]; nextCursor: string | null } = await list(`userId=${w.userIds.clinicA}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((r) => r.id));
  });

  it('refuses a cursor that is not an id, naming it', async () => {
    for (const cursor of ['abc', '0', '01', '-1', '1e3', '9007199254740993']) {
      const res = await w.call('admin', 'GET', `/api/v1/audit?cursor=${cursor}`);
      expect(res.status, cursor).toBe(400);
      expect(res.body.error.details[0].path).toBe('cursor');
    }
  });

  it.runIf(sqliteOnly)('finds a child, a user, a kind of record or an action through an index, in id order, without scanning or sorting the log', async () => {
    const plan = async (query: Parameters<typeof auditPageQuery>[1]) => {
      const compiled = auditPageQuery(w.db, query).compile();
      const rows = await w.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]));
      return rows.rows.map((r) => r.detail).join(' | ');
    };
    for (const query of [
      { limit: 50, entityId: child },
      { limit: 50, entityId: child, entity: 'child' },
      { limit: 50, entityId: child, cursor: '99' },
      { limit: 50, entityId: child, userId: w.userIds.clinicA!, action: 'read' },
    ]) {
      expect(await plan(query)).toMatch(/^SEARCH audit_log USING INDEX audit_log_entity_id \(entity_id=\?( AND rowid<\?)?\)/);
    }
    expect(await plan({ limit: 50, userId: w.userIds.clinicA! })).toMatch(/^SEARCH audit_log USING INDEX audit_log_user_id \(user_id=\?( AND rowid<\?)?\)/);
    expect(await plan({ limit: 50, userId: w.userIds.clinicA!, entity: 'child', action: 'read' })).toMatch(/^SEARCH audit_log USING INDEX audit_log_user_id \(user_id=\?\)/);
    expect(await plan({ limit: 50, entity: 'child', action: 'export' })).toMatch(/^SEARCH audit_log USING INDEX audit_log_entity_action \(entity=\? AND action=\?\)/);
    expect(await plan({ limit: 50, entity: 'referral' })).toMatch(/^SEARCH audit_log USING INDEX audit_log_entity_kind \(entity=\?\)/);
    expect(await plan({ limit: 50, action: 'login' })).toMatch(/^SEARCH audit_log USING INDEX audit_log_action \(action=\?\)/);
    for (const query of [
      { limit: 50, entityId: child },
      { limit: 50, userId: w.userIds.clinicA! },
      { limit: 50, entity: 'referral' },
      { limit: 50, action: 'login' },
      { limit: 50, entity: 'child', action: 'export' },
    ]) {
      expect(await plan(query)).not.toMatch(/SCAN|TEMP B-TREE/);
    }
  });
});
