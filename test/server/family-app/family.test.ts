// The parent's children at a glance (server/family-app/family.ts), as the parent's home page and
// the family app show them: only the parent's own, today's diary, the plan in force; each audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { enrol } from '../children/fixtures';
import { linkParent, planBody } from './fixtures';
import { familyChildren } from '../../../server/family-app/family';
import type { Actor } from '../../../server/context';

let w: World;
let mine: string;
let other: string;
const asUser = (username: string, role: Actor['role']): Actor => ({ id: w.userIds[username]!, username, displayName: username, role, centerId: null, schoolId: null, sessionId: null });
const diary = { daytimeSymptoms: 'none', nightWaking: false, nightCough: false, activityLimited: false, relieverUses: 0 };

beforeAll(async () => {
  w = await createWorld();
  mine = await enrol(w, { name: '乙孩子' });
  other = await enrol(w, { name: '甲孩子' });
  const second = await enrol(w, { name: '丙孩子' });
  await linkParent(w, mine);
  await linkParent(w, second);
  await linkParent(w, other, 'parent2');
  expect((await w.call('clinicA', 'PUT', `/api/v1/children/${mine}/action-plan`, planBody())).status).toBe(200);
  expect((await w.call('parent1', 'PUT', `/api/v1/children/${mine}/diary/2026-03-02`, diary)).status).toBe(200);
});
afterAll(async () => w.close());

describe("the parent's children at a glance", () => {
  it("lists only the parent's own children, by name, with today's diary and the plan in force", async () => {
    const rows = await familyChildren(w.deps, { actor: asUser('parent1', 'parent'), requestId: 'r1' });
    expect(rows.map((r) => r.name)).toEqual(['丙孩子', '乙孩子']);
    expect(rows.find((r) => r.id === mine)).toMatchObject({ loggedToday: true, planVersion: 1, status: 'active' });
    expect(rows.find((r) => r.id !== mine)).toMatchObject({ loggedToday: false, planVersion: null });
    expect(rows.some((r) => r.id === other)).toBe(false);
  });

  it("audits each child's read", async () => {
    await familyChildren(w.deps, { actor: asUser('parent1', 'parent'), requestId: 'audit-check' });
    const rows = await w.db.selectFrom('audit_log').select(['entity', 'entity_id', 'action']).where('request_id', '=', 'audit-check').execute();
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.entity === 'child' && r.action === 'read')).toBe(true);
  });

  it('is for parents only', async () => {
    await expect(familyChildren(w.deps, { actor: asUser('clinicA', 'clinician'), requestId: 'r2' })).rejects.toMatchObject({ status: 403 });
  });
});
