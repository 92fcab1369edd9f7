// The child scope (server/children/scope.ts) asked directly, one decision per test, so each of its
// conditions is pinned by a fast test (issue 38, mutation testing). Every test makes its own
// children and referrals (random ids), so the order of tests does not matter. Expected sight is
// written from docs/access.md's rule, not from the function.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../db/schema';
import { assertClinicalReader, assertClinicalWriter, visibleChildBrief, visibleChildById, visibleChildren } from '../../../server/children/scope';
import type { Actor } from '../../../server/context';
import { createWorld, type World } from '../../helpers/world';
import { childRow } from '../../helpers/child-row';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.close();
});

const actor = (role: Role, over: Partial<Actor> = {}): Actor => ({ id: randomUUID(), username: 'x', displayName: 'x', role, centerId: null, schoolId: null, sessionId: null, ...over });
const clinicianOf = (centerId: string) => actor('clinician', { centerId });

async function child(centerId: string, status: 'active' | 'transferred' | 'withdrawn' = 'active'): Promise<string> {
  const id = randomUUID();
  await w.db
    .insertInto('children')
    .values(
      childRow({
        id,
        name: '范围测试',
        sex: 'F',
        birth_date: '2018-04-01',
        height_cm: null,
        guardian_phone: '13800138000',
        guardian_relation: '母亲',
        center_id: centerId,
        consent_date: '2026-01-01',
        status,
        enrolled_on: '2026-01-01',
        created_at: '2026-01-01T00:00:00Z',
        updated_at: '2026-01-01T00:00:00Z',
        personal_best_date: null,
        personal_best_source: null,
        risk_ocs_courses_12m: null,
        risk_ed_visits_12m: null,
        risk_admissions_12m: null,
        risk_ever_icu: null,
        risk_recorded_on: null,
        next_due_grace: null,
      }),
    )
    .execute();
  return id;
}

type Status = 'requested' | 'accepted' | 'rejected' | 'cancelled' | 'in-progress' | 'failed' | 'completed';
async function referral(childId: string, r: { direction: 'up' | 'down'; from: string; to: string; status: Status; createdAt?: string; acceptedAt?: string | null; completedAt?: string | null }) {
  await w.db
    .insertInto('referrals')
    .values({
      id: randomUUID(),
      child_id: childId,
      direction: r.direction,
      from_center_id: r.from,
      to_center_id: r.to,
      urgency: 'routine',
      reasons: '[]',
      summary: 's',
      clinical_summary: 'c',
      care_plan: null,
      status: r.status,
      outcome: null,
      previous_referral_id: null,
      created_by: w.userIds.clinicA!,
      created_at: r.createdAt ?? '2026-02-01T00:00:00Z',
      updated_at: '2026-02-01T00:00:00Z',
      accepted_at: r.acceptedAt ?? null,
      responded_at: null,
      started_at: null,
      completed_at: r.completedAt ?? null,
      phone_handover_to: null,
      phone_handover_at: null,
    })
    .execute();
}

/** Whether `a` sees the child, asked all three ways; they must agree. */
async function sees(a: Actor, childId: string): Promise<boolean> {
  const full = await visibleChildById(w.db, a, childId);
  const brief = await visibleChildBrief(w.db, a, childId);
  const listed = await w.db.selectFrom('children').select('id').where('id', '=', childId).where(visibleChildren(a)).execute();
  expect({ full: full?.id ?? null, brief: brief?.id ?? null, listed: listed.length }).toEqual(full ? { full: childId, brief: childId, listed: 1 } : { full: null, brief: null, listed: 0 });
  return full !== undefined;
}

describe('child scope by role', () => {
  it('an admin sees every child; a manager and a nurse see none', async () => {
    const c = await child(w.ids.centreA, 'withdrawn');
    expect(await sees(actor('admin'), c)).toBe(true);
    expect(await sees(actor('manager'), c)).toBe(false);
    expect(await sees(actor('nurse', { schoolId: w.ids.school1 }), c)).toBe(false);
  });

  it("a clinician sees her centre's children, whatever their status, and not another centre's", async () => {
    const own = await child(w.ids.centreA, 'transferred');
    const other = await child(w.ids.centreB);
    expect(await sees(clinicianOf(w.ids.centreA), own)).toBe(true);
    expect(await sees(clinicianOf(w.ids.centreA), other)).toBe(false);
    expect(await sees(actor('clinician', { centerId: null }), own)).toBe(false);
  });

  it('a parent sees the children linked to them and no other', async () => {
    const mine = await child(w.ids.centreA);
    const theirs = await child(w.ids.centreA);
    const parent = actor('parent', { id: w.userIds.parent1! });
    await w.db.insertInto('guardianships').values({ user_id: parent.id, child_id: mine, relation: null, consent_date: null, consent_notice_version: null, linked_at: null, linked_by: null }).execute();
    expect(await sees(parent, mine)).toBe(true);
    expect(await sees(parent, theirs)).toBe(false);
    // Same id, another role: the guardianship gives sight to the parent role only.
    expect(await sees(actor('clinician', { id: parent.id, centerId: w.ids.centreB }), mine)).toBe(false);
  });

  it('only admins, clinicians and parents read clinical records; only admins and clinicians write them', () => {
    const readers: Role[] = ['admin', 'clinician', 'parent'];
    const writers: Role[] = ['admin', 'clinician'];
    for (const role of ['admin', 'manager', 'clinician', 'nurse', 'parent'] as Role[]) {
      const read = () => assertClinicalReader(actor(role));
      const write = () => assertClinicalWriter(actor(role));
      if (readers.includes(role)) expect(read).not.toThrow();
      else expect(read).toThrow(expect.objectContaining({ status: 403 }));
      if (writers.includes(role)) expect(write).not.toThrow();
      else expect(write).toThrow(expect.objectContaining({ status: 403 }));
    }
  });
});

describe('sight given by a referral to the receiving centre', () => {
  const open: Status[] = ['requested', 'accepted', 'in-progress'];
  const closed: Status[] = ['rejected', 'cancelled', 'failed'];

  it('an open referral gives the receiving centre sight; a refused or abandoned one does not', async () => {
    for (const status of [...open, ...closed]) {
      const c = await child(w.ids.centreA);
      await referral(c, { direction: 'up', from: w.ids.centreA, to: w.ids.hospital, status });
      expect({ status, sees: await sees(clinicianOf(w.ids.hospital), c) }).toEqual({ status, sees: open.includes(status) });
      // Sight goes to the receiving centre only, never to a third one.
      expect(await sees(clinicianOf(w.ids.centreB), c)).toBe(false);
    }
  });

  it('after completing an upward referral the hospital keeps sight until its own referral back down is accepted', async () => {
    const c = await child(w.ids.centreA);
    await referral(c, { direction: 'up', from: w.ids.centreA, to: w.ids.hospital, status: 'completed', completedAt: '2026-02-10T00:00:00Z' });
    expect(await sees(clinicianOf(w.ids.hospital), c)).toBe(true);
    await referral(c, { direction: 'down', from: w.ids.hospital, to: w.ids.centreA, status: 'requested', createdAt: '2026-02-11T00:00:00Z' });
    // Still open as a downward referral from the hospital: not to it, and not yet accepted.
    expect(await sees(clinicianOf(w.ids.hospital), c)).toBe(true);
    await w.db.updateTable('referrals').set({ accepted_at: '2026-02-12T00:00:00Z', status: 'accepted' }).where('child_id', '=', c).where('direction', '=', 'down').execute();
    expect(await sees(clinicianOf(w.ids.hospital), c)).toBe(false);
  });

  it('a downward referral made exactly when the upward one completed hands the child back', async () => {
    const c = await child(w.ids.centreA);
    await referral(c, { direction: 'up', from: w.ids.centreA, to: w.ids.hospital, status: 'completed', completedAt: '2026-02-10T00:00:00Z' });
    await referral(c, { direction: 'down', from: w.ids.hospital, to: w.ids.centreA, status: 'accepted', createdAt: '2026-02-10T00:00:00Z', acceptedAt: '2026-02-10T01:00:00Z' });
    expect(await sees(clinicianOf(w.ids.hospital), c)).toBe(false);
  });

  it('an accepted downward referral from before the completion, or from another centre, does not end the sight', async () => {
    const before = await child(w.ids.centreA);
    await referral(before, { direction: 'down', from: w.ids.hospital, to: w.ids.centreA, status: 'accepted', createdAt: '2026-01-05T00:00:00Z', acceptedAt: '2026-01-06T00:00:00Z' });
    await referral(before, { direction: 'up', from: w.ids.centreA, to: w.ids.hospital, status: 'completed', completedAt: '2026-02-10T00:00:00Z' });
    expect(await sees(clinicianOf(w.ids.hospital), before)).toBe(true);

    const elsewhere = await child(w.ids.centreA);
    await referral(elsewhere, { direction: 'up', from: w.ids.centreA, to: w.ids.hospital, status: 'completed', completedAt: '2026-02-10T00:00:00Z' });
    await referral(elsewhere, { direction: 'down', from: w.ids.centreB, to: w.ids.centreA, status: 'accepted', createdAt: '2026-02-11T00:00:00Z', acceptedAt: '2026-02-12T00:00:00Z' });
    expect(await sees(clinicianOf(w.ids.hospital), elsewhere)).toBe(true);
  });

  it('a completed downward referral, or an upward one completed by another centre, gives no sight', async () => {
    const down = await child(w.ids.centreB);
    await referral(down, { direction: 'down', from: w.ids.centreB, to: w.ids.centreA, status: 'completed', completedAt: '2026-02-10T00:00:00Z' });
    expect(await sees(clinicianOf(w.ids.centreA), down)).toBe(false);

    const other = await child(w.ids.centreA);
    await referral(other, { direction: 'up', from: w.ids.centreA, to: w.ids.centreB, status: 'completed', completedAt: '2026-02-10T00:00:00Z' });
    expect(await sees(clinicianOf(w.ids.hospital), other)).toBe(false);
    expect(await sees(clinicianOf(w.ids.centreB), other)).toBe(true);
  });

  it("one child's hand-back does not end the hospital's sight of another child", async () => {
    const a = await child(w.ids.centreA);
    const b = await child(w.ids.centreA);
    for (const c of [a, b]) await referral(c, { direction: 'up', from: w.ids.centreA, to: w.ids.hospital, status: 'completed', completedAt: '2026-02-10T00:00:00Z' });
    await referral(a, { direction: 'down', from: w.ids.hospital, to: w.ids.centreA, status: 'accepted', createdAt: '2026-02-11T00:00:00Z', acceptedAt: '2026-02-12T00:00:00Z' });
    expect(await sees(clinicianOf(w.ids.hospital), a)).toBe(false);
    expect(await sees(clinicianOf(w.ids.hospital), b)).toBe(true);
  });
});
