// Migration 0017: the admin's list of every centre's children pages by name from an index (no sort of
// every child), while a clinician's list still starts from the centre's own children. The statements
// are the ones GET /children really runs, caught as they are prepared.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteOf } from '../../../db/sqlite/open';
import { createWorld, type World } from '../../helpers/world';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => w.close());

/** The plan of each `select … from "children"` statement the request prepared. */
async function childrenPlans(user: string, path: string): Promise<string[]> {
  const sqlite = sqliteOf(w.db)!;
  const seen: string[] = [];
  const prepare = sqlite.prepare;
  sqlite.prepare = function (this: typeof sqlite, source: string) {
    if (/^select .* from "children"/i.test(source)) seen.push(source);
    return prepare.call(this, source);
  } as typeof sqlite.prepare;
  try {
    const res = await w.call(user, 'GET', path);
    expect(res.status, res.text).toBe(200);
  } finally {
    sqlite.prepare = prepare;
  }
  expect(seen.length).toBeGreaterThan(0);
  return seen.map((source) => {
    const params = (source.match(/\?/g) ?? []).map(() => 'x');
    return (sqlite.prepare(`explain query plan ${source}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
  });
}

describe('the children list query plans', () => {
  it('pages an admin through every centre in name order from the index', async () => {
    for (const path of ['/api/v1/children?status=all', '/api/v1/children', '/api/v1/children?q=%E5%BC%A0', `/api/v1/children?cursor=${Buffer.from(JSON.stringify(['张', 'a'])).toString('base64url')}`]) {
      for (const plan of await childrenPlans('admin', path)) {
        expect(plan, path).toMatch(/^SCAN children USING INDEX children_name/);
        expect(plan, path).not.toContain('TEMP B-TREE');
      }
    }
  });

  it("starts a clinician's list from the centre's children", async () => {
    for (const path of ['/api/v1/children', '/api/v1/children?due=week', '/api/v1/children?q=%E5%BC%A0']) {
      for (const plan of await childrenPlans('clinicA', path)) {
        expect(plan, path).toContain('SEARCH children USING INDEX children_centre_due (center_id=?');
        expect(plan, path).not.toContain('children_name');
      }
    }
  });
});
