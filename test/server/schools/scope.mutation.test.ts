// The school scope (server/schools/scope.ts) asked directly (issue 38, mutation testing): a nurse
// reaches her own school only (another is 404), managers read every school, only admins and the
// school's nurse write, and other roles are refused (403). Expected answers are written from that
// rule (docs/access.md). Kits are made per test with random ids, so test order does not matter.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../db/schema';
import type { Actor } from '../../../server/context';
import { assertSchoolAccess, listScope, reachKit, reachSchool } from '../../../server/schools/scope';
import { actorOf } from '../../../server/auth/actor';
import { createWorld, type World } from '../../helpers/world';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.close();
});

const actor = (role: Role, schoolId: string | null = null): Actor => ({ id: randomUUID(), username: 'x', displayName: 'x', role, centerId: null, schoolId, sessionId: null });

/** 'ok', or the HTTP status the call was refused with. */
async function outcome(f: () => unknown): Promise<'ok' | number> {
  try {
    await f();
    return 'ok';
  } catch (e) {
    return (e as { status: number }).status;
  }
}

async function kitOf(schoolId: string): Promise<string> {
  const id = randomUUID();
  await w.db
    .insertInto('kits')
    .values({
      id,
      school_id: schoolId,
      label: 'K',
      kind: 'fixed',
      location: 'office',
      locked: 0,
      storage_ok: 1,
      spacers: 1,
      documents: '{}',
      status: 'active',
      status_reason: null,
      status_changed_at: null,
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
    })
    .execute();
  return id;
}

describe('assertSchoolAccess', () => {
  it('answers each role, for reading and for writing, own school and another', async () => {
    const s1 = w.ids.school1;
    const s2 = w.ids.school2;
    const cases: [Actor, string, 'read' | 'write', 'ok' | number][] = [
      [actor('nurse', s1), s1, 'read', 'ok'],
      [actor('nurse', s1), s1, 'write', 'ok'],
      [actor('nurse', s1), s2, 'read', 404],
      [actor('nurse', s1), s2, 'write', 404],
      [actor('nurse', null), s1, 'read', 404],
      [actor('admin'), s2, 'read', 'ok'],
      [actor('admin'), s2, 'write', 'ok'],
      [actor('manager'), s2, 'read', 'ok'],
      [actor('manager'), s2, 'write', 403],
      [actor('clinician'), s1, 'read', 403],
      [actor('clinician'), s1, 'write', 403],
      [actor('parent'), s1, 'read', 403],
    ];
    for (const [a, school, mode, want] of cases) {
      expect({ role: a.role, own: a.schoolId === school, mode, got: await outcome(() => assertSchoolAccess(a, school, mode)) }).toEqual({ role: a.role, own: a.schoolId === school, mode, got: want });
    }
  });
});

describe('reachSchool and reachKit', () => {
  it('give the school or kit the actor may reach, 404 for one that does not exist', async () => {
    expect((await reachSchool(w.db, actor('nurse', w.ids.school1), w.ids.school1, 'write')).id).toBe(w.ids.school1);
    expect(await outcome(() => reachSchool(w.db, actor('admin'), randomUUID(), 'read'))).toBe(404);
    const kit = await kitOf(w.ids.school1);
    expect((await reachKit(w.db, actor('nurse', w.ids.school1), kit, 'write')).id).toBe(kit);
    expect((await reachKit(w.db, actor('manager'), kit, 'read')).school_id).toBe(w.ids.school1);
    expect(await outcome(() => reachKit(w.db, actor('admin'), randomUUID(), 'read'))).toBe(404);
  });

  it("refuse another school's nurse (404) and a manager writing (403)", async () => {
    const kit = await kitOf(w.ids.school2);
    expect(await outcome(() => reachSchool(w.db, actor('nurse', w.ids.school1), w.ids.school2, 'read'))).toBe(404);
    expect(await outcome(() => reachKit(w.db, actor('nurse', w.ids.school1), kit, 'read'))).toBe(404);
    expect(await outcome(() => reachKit(w.db, actor('manager'), kit, 'write'))).toBe(403);
    expect(await outcome(() => reachSchool(w.db, actor('manager'), w.ids.school2, 'write'))).toBe(403);
  });
});

describe('listScope', () => {
  it("is the nurse's own school, and 404 when she asks for another", async () => {
    expect(listScope(actor('nurse', w.ids.school1))).toBe(w.ids.school1);
    expect(listScope(actor('nurse', w.ids.school1), w.ids.school1)).toBe(w.ids.school1);
    expect(await outcome(() => listScope(actor('nurse', w.ids.school1), w.ids.school2))).toBe(404);
    // A nurse without a school lists nothing (an id no school has), never every school.
    expect(listScope(actor('nurse', null))).toBe('00000000-0000-0000-0000-000000000000');
  });

  it('is every school (null) or the one asked for, for admins and managers; 403 for others', async () => {
    for (const role of ['admin', 'manager'] as Role[]) {
      expect(listScope(actor(role))).toBeNull();
      expect(listScope(actor(role), w.ids.school2)).toBe(w.ids.school2);
    }
    for (const role of ['clinician', 'parent'] as Role[]) expect(await outcome(() => listScope(actor(role)))).toBe(403);
  });
});

describe('actorOf', () => {
  it('is the signed-in actor, 401 without one', async () => {
    const a = actor('nurse', w.ids.school1);
    expect(actorOf({ actor: a, requestId: 'r' })).toBe(a);
    expect(await outcome(() => actorOf({ actor: null, requestId: 'r' }))).toBe(401);
  });
});
