import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAndMigrate } from '../../../server/bootstrap';
import type { Db } from '../../../db/connection';
import { seededRandom } from '../../../server/demo/random';
import { seedReference, type SeededReference } from '../../../server/demo/reference';
import { seedDemoUsers } from '../../../server/demo/users';
import { seedReferrals } from '../../../server/demo/referrals';
import type { SeededChild } from '../../../server/demo/children';
import { isResponseOverdue } from '../../../server/referrals/rules';
import { childRow } from '../../helpers/child-row';
import { addDays, shanghaiDate } from '../../../server/calendar';

const opts = { today: '2026-03-02', now: '2026-03-02T02:00:00.000Z' };
let dir: string;
let db: Db;
let ref: SeededReference;
let children: SeededChild[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'asthma-seed-'));
  db = (await openAndMigrate(join(dir, 'seed.db'))).db;
  const rnd = seededRandom(7);
  ref = await seedReference(db, rnd, opts.now);
  await seedDemoUsers(db, rnd, opts.now, { clinicCentreId: ref.centreIds[0]!, hospitalId: ref.hospitalId, schoolId: ref.schools[0]!.id });
  // Stand-in for the children seed: a few children at each of four centres.
  children = [];
  for (let i = 0; i < 24; i++) {
    const id = rnd.uuid();
    const centerId = ref.centreIds[i % 4]!;
    await db
      .insertInto('children')
      .values(
        childRow({
          id,
          name: `儿童${i}`,
          sex: i % 2 ? 'M' : 'F',
          height_cm: null,
          guardian_name: '家长',
          guardian_phone: '13800138000',
          guardian_relation: '母亲',
          center_id: centerId,
          consent_given_by: '家长',
          latest_gina_level: i % 3 ? 'partly' : 'uncontrolled',
          created_at: opts.now,
          updated_at: opts.now,
        }),
      )
      .execute();
    children.push({ id, centerId, birthDate: '2017-01-01', latestGinaLevel: i % 3 ? 'partly' : 'uncontrolled' });
  }
  await db.transaction().execute((trx) => seedReferrals(trx, seededRandom(9), ref, opts, children));
});
afterAll(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('demo referrals', () => {
  it('covers every state in both directions, with some overdue', async () => {
    const rows = await db.selectFrom('referrals').selectAll().execute();
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['requested', 'accepted', 'rejected', 'cancelled', 'in-progress', 'failed', 'completed']));
    expect(new Set(rows.map((r) => r.direction))).toEqual(new Set(['up', 'down']));
    const overdue = rows.filter((r) => isResponseOverdue({ status: r.status, urgency: r.urgency, createdAt: r.created_at }, opts.now));
    expect(overdue.length).toBeGreaterThanOrEqual(3);
    expect(new Set(rows.flatMap((r) => [r.from_center_id, r.to_center_id])).size).toBeGreaterThanOrEqual(4);
    expect(rows.filter((r) => r.from_center_id === ref.centreIds[0] || r.to_center_id === ref.centreIds[0]).length).toBeGreaterThanOrEqual(5);
    for (const r of rows) {
      expect(r.created_at < opts.now).toBe(true);
      if (r.status === 'completed') expect(r.outcome).toBeTruthy();
      if (r.direction === 'down') expect(JSON.parse(r.care_plan!)).toMatchObject({ actionPlanGiven: true });
    }
  });

  it('has emergencies, one overdue, each with the phone handover made before it was sent', async () => {
    const rows = await db.selectFrom('referrals').selectAll().where('urgency', '=', 'emergency').execute();
    expect(rows.filter((r) => isResponseOverdue({ status: r.status, urgency: r.urgency, createdAt: r.created_at }, opts.now))).toHaveLength(1);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const r of rows) {
      expect(r.direction).toBe('up');
      expect(r.phone_handover_to).toBeTruthy();
      expect(r.phone_handover_at! < r.created_at).toBe(true);
    }
    // Urgent ones are the clinician's call on codes that do not make an emergency.
    const urgent = await db.selectFrom('referrals').select('reasons').where('urgency', '=', 'urgent').execute();
    for (const r of urgent) expect((JSON.parse(r.reasons) as string[]).filter((c) => ['U1', 'U2', 'U3'].includes(c))).toEqual([]);
  });

  it('keeps history consistent with each state', async () => {
    const rows = await db.selectFrom('referrals').selectAll().execute();
    for (const r of rows) {
      const h = await db.selectFrom('referral_history').selectAll().where('referral_id', '=', r.id).orderBy('id').execute();
      expect(h[0]).toMatchObject({ from_status: null, to_status: 'requested', at: r.created_at });
      expect(h.at(-1)!.to_status).toBe(r.status);
      for (let i = 1; i < h.length; i++) {
        expect(h[i]!.from_status).toBe(h[i - 1]!.to_status);
        expect(h[i]!.at >= h[i - 1]!.at).toBe(true);
      }
      if (['rejected', 'cancelled'].includes(r.status)) expect(h.at(-1)!.reason).toBeTruthy();
    }
  });

  it('moves a child handed down to another centre and makes them due within 7 days', async () => {
    const moved = await db.selectFrom('child_centre_history').selectAll().where('reason', 'like', 'downward_referral:%').execute();
    expect(moved).toHaveLength(1);
    const child = await db.selectFrom('children').selectAll().where('id', '=', moved[0]!.child_id).executeTakeFirstOrThrow();
    expect(child.center_id).toBe(moved[0]!.to_center_id);
    // R4: due within 7 days of acceptance (or earlier, if a routine review was due already).
    const accepted = shanghaiDate(new Date(moved[0]!.at));
    expect(child.next_due_date! <= addDays(accepted, 7)).toBe(true);
  });

  it('makes and moves each referral through the service: by a clinician of the centre whose move it is, audited', async () => {
    const rows = await db.selectFrom('referrals').select(['id', 'from_center_id', 'to_center_id', 'created_by']).execute();
    const users = new Map((await db.selectFrom('users').select(['id', 'role', 'center_id']).execute()).map((u) => [u.id, u]));
    for (const r of rows) {
      expect(users.get(r.created_by)).toMatchObject({ role: 'clinician', center_id: r.from_center_id });
      const moves = await db.selectFrom('referral_history').select(['to_status', 'by_user_id']).where('referral_id', '=', r.id).where('from_status', 'is not', null).execute();
      for (const m of moves) expect(users.get(m.by_user_id)!.center_id).toBe(m.to_status === 'cancelled' ? r.from_center_id : r.to_center_id);
      const audited = await db.selectFrom('audit_log').select('action').where('entity', '=', 'referral').where('entity_id', '=', r.id).orderBy('id').execute();
      expect(audited.map((a) => a.action)).toEqual([
        'create',
        ...moves.map((m) => ({ accepted: 'accept', rejected: 'reject', 'in-progress': 'start', failed: 'fail', completed: 'complete', cancelled: 'cancel' })[m.to_status as 'accepted']),
      ]);
    }
  });

  it('seeds nothing while there are no children', async () => {
    const before = await db.selectFrom('referrals').select('id').execute();
    await seedReferrals(db, seededRandom(1), ref, opts, []);
    expect(await db.selectFrom('referrals').select('id').execute()).toHaveLength(before.length);
  });
});
