// The referral service (server/referrals/service.ts), for the mutants the services group's run
// left alive (issue 38, test/MUTATION.md): accepting an upward referral moves no child; the
// refusals' messages; a referral to the wrong kind of centre or to itself; a withdrawn child; a
// previous referral of the child at another centre; no care plan on an upward referral; an
// appointment today; reasons and outcomes trimmed; the hand-over's history row; the audit row of a
// read. The schema and the route refuse some things before the service does (an emergency going
// down or without its phone call, other roles), so those guards are asked of the service directly.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, RequestContext } from '../../../server/context';
import { createReferral, getReferral, moveReferral } from '../../../server/referrals/service';
import { createWorld, type World } from '../../helpers/world';
import { enrol } from '../children/fixtures';
import { carePlan, downBody, emergencyOverrides, move, referredUp, upBody } from './fixtures';

let w: World;
beforeAll(async () => {
  w = await createWorld();
}); // 2026-03-02, 10:00 in Shanghai
afterAll(async () => {
  await w.close();
});

function ctxOf(username: string, role: Actor['role'], centerId: string | null = null): RequestContext {
  const id = w.userIds[username] ?? randomUUID();
  return { actor: { id, username, displayName: username, role, centerId, schoolId: null, sessionId: null }, requestId: randomUUID() };
}
const refer = (as: string, body: unknown) => w.call(as, 'POST', '/api/v1/referrals', body);
const details = (res: { body: { error: { details: unknown } } }) => res.body.error.details;

describe('creating a referral', () => {
  it('names what is wrong with the direction and the receiver: the wrong kind of centre, or the sender itself', async () => {
    const child = await enrol(w);
    expect(details(await refer('clinicA', downBody(w, child, { toCenterId: w.ids.centreB })))).toEqual([{ path: 'direction', message: 'only a hospital refers down' }]);
    expect(details(await refer('clinicA', upBody(w, child, { toCenterId: w.ids.centreB })))).toEqual([{ path: 'toCenterId', message: 'a referral up goes to a hospital' }]);
    expect(details(await refer('clinicA', upBody(w, child, { toCenterId: w.ids.centreA })))).toEqual([{ path: 'toCenterId', message: 'a referral up goes to a hospital' }]);
    expect(await w.db.selectFrom('referrals').select('id').where('child_id', '=', child).execute()).toEqual([]);
  });

  it('is refused for a withdrawn child, naming the child', async () => {
    const child = await enrol(w);
    expect((await w.call('clinicA', 'PATCH', `/api/v1/children/${child}`, { status: 'withdrawn', reason: '家长要求退出' })).status).toBe(200);
    const res = await refer('clinicA', upBody(w, child));
    expect([res.status, details(res)]).toEqual([400, [{ path: 'childId', message: 'the child has withdrawn or transferred out' }]]);
  });

  it('an upward referral keeps no care plan, even if one is sent; it answers with the names of the child and both centres', async () => {
    const child = await enrol(w, { name: '上转儿童' });
    const res = await refer('clinicA', upBody(w, child, { carePlan: carePlan() }));
    expect(res.status, res.text).toBe(201);
    expect(res.body.carePlan).toBeNull();
    expect(res.body.child).toMatchObject({ id: child, name: '上转儿童' });
    expect(res.body.fromCenter.id).toBe(w.ids.centreA);
    expect(res.body.fromCenter.name).not.toBe(w.ids.centreA);
    expect(res.body.toCenter.name).not.toBe(w.ids.hospital);
  });

  it("a second open one names the open referral; a previous referral must be this child's at the sender's centre", async () => {
    const { childId, id } = await referredUp(w);
    const again = await refer('clinicA', upBody(w, childId));
    expect(again.body.error.message).toBe(`the child already has an open upward referral (${id})`);
    // The hospital completes it and hands the child down to centre B, which refers up again.
    for (const action of ['accept', 'start']) await move(w, 'hospital', id, action);
    await move(w, 'hospital', id, 'complete', { outcome: '诊断明确' });
    const down = await refer('hospital', downBody(w, childId, { toCenterId: w.ids.centreB, previousReferralId: id }));
    expect(down.status, down.text).toBe(201);
    await move(w, 'clinicB', down.body.id, 'accept');
    // Centre A's upward referral is not centre B's to continue; the downward one, to centre B, is.
    const foreign = await refer('clinicB', upBody(w, childId, { previousReferralId: id }));
    expect([foreign.status, details(foreign)]).toEqual([400, [{ path: 'previousReferralId', message: 'not an earlier referral of this child at your centre' }]]);
    const own = await refer('clinicB', upBody(w, childId, { previousReferralId: down.body.id }));
    expect([own.status, own.body.previousReferralId]).toEqual([201, down.body.id]);
    // The hand-over's history names the referral that made it.
    const moves = await w.db.selectFrom('child_centre_history').select(['from_center_id', 'to_center_id', 'reason']).where('child_id', '=', childId).orderBy('id').execute();
    expect(moves.at(-1)).toEqual({ from_center_id: w.ids.centreA, to_center_id: w.ids.centreB, reason: `downward_referral:${down.body.id}` });
  });

  it('the service itself refuses an emergency going down or without its phone call, and anyone but a clinician with a centre', async () => {
    const child = await enrol(w);
    const clinicA = ctxOf('clinicA', 'clinician', w.ids.centreA);
    const { phoneHandover: _, ...noCall } = emergencyOverrides();
    await expect(createReferral(w.deps, clinicA, upBody(w, child, noCall) as never)).rejects.toMatchObject({ status: 400, details: [{ path: 'phoneHandover', message: 'v.referrals.phoneHandover' }] });
    const hospitalChild = await enrol(w, { centerId: w.ids.hospital }, 'hospital');
    await expect(createReferral(w.deps, ctxOf('hospital', 'clinician', w.ids.hospital), downBody(w, hospitalChild, emergencyOverrides()) as never)).rejects.toMatchObject({
      status: 400,
      details: [{ path: 'urgency', message: 'v.referrals.emergencyDown' }],
    });
    for (const ctx of [ctxOf('admin', 'admin'), ctxOf('clinicA', 'clinician', null)]) {
      await expect(createReferral(w.deps, ctx, upBody(w, child) as never)).rejects.toMatchObject({ status: 403 });
    }
    expect(await w.db.selectFrom('referrals').select('id').where('child_id', 'in', [child, hospitalChild]).execute()).toEqual([]);
  });
});

describe('moving a referral', () => {
  it('accepting an upward referral leaves the child at the referring centre', async () => {
    const { childId, id } = await referredUp(w);
    await move(w, 'hospital', id, 'accept');
    const row = await w.db.selectFrom('children').select('center_id').where('id', '=', childId).executeTakeFirstOrThrow();
    expect(row.center_id).toBe(w.ids.centreA);
    expect(await w.db.selectFrom('child_centre_history').select('reason').where('child_id', '=', childId).execute()).toEqual([{ reason: 'enrolment' }]);
  });

  it('keeps a reason and an outcome without the spaces around them', async () => {
    const rejected = await referredUp(w);
    await move(w, 'hospital', rejected.id, 'reject', { reason: '  资料不全  ' });
    const done = await referredUp(w);
    for (const action of ['accept', 'start']) await move(w, 'hospital', done.id, action);
    expect((await move(w, 'hospital', done.id, 'complete', { outcome: '  已确诊  ' })).outcome).toBe('已确诊');
    const history = (await w.call('clinicA', 'GET', `/api/v1/referrals/${rejected.id}`)).body.history;
    expect(history.at(-1)).toMatchObject({ to: 'rejected', reason: '资料不全' });
  });

  it('books an appointment for today; refuses one for yesterday or by another move, saying why', async () => {
    const today = await referredUp(w);
    expect((await move(w, 'hospital', today.id, 'accept', { appointmentDate: '2026-03-02' })).appointment).toEqual({ date: '2026-03-02', time: null });
    const past = await referredUp(w);
    const early = await w.call('hospital', 'POST', `/api/v1/referrals/${past.id}/accept`, { appointmentDate: '2026-03-01' });
    expect(details(early)).toEqual([{ path: 'appointmentDate', message: 'The appointment cannot be before today (2026-03-02)' }]);
    const other = await w.call('hospital', 'POST', `/api/v1/referrals/${past.id}/reject`, { reason: '不需要', appointmentDate: '2026-03-05' });
    expect(details(other)).toEqual([{ path: 'appointmentDate', message: 'Only accepting a referral books an appointment' }]);
  });

  it('tells the wrong side which centre may make the move', async () => {
    const { id } = await referredUp(w);
    expect((await w.call('clinicA', 'POST', `/api/v1/referrals/${id}/accept`, {})).body.error.message).toBe('Only the receiving centre may accept this referral');
    expect((await w.call('hospital', 'POST', `/api/v1/referrals/${id}/cancel`, { reason: '不需要' })).body.error.message).toBe('Only the referring centre may cancel this referral');
  });

  it('the service itself refuses a reader who is neither a clinician nor an admin', async () => {
    const { id } = await referredUp(w);
    for (const ctx of [ctxOf('nurse1', 'nurse'), ctxOf('manager', 'manager'), ctxOf('parent1', 'parent')]) {
      await expect(moveReferral(w.deps, ctx, id, 'accept', {} as never)).rejects.toMatchObject({ status: 403 });
      await expect(getReferral(w.deps, ctx, id)).rejects.toMatchObject({ status: 403 });
    }
    expect((await w.db.selectFrom('referrals').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('requested');
  });
});

describe('reading a referral', () => {
  it('is audited as a read of that referral', async () => {
    const { id } = await referredUp(w);
    expect((await w.call('hospital', 'GET', `/api/v1/referrals/${id}`)).status).toBe(200);
    const rows = await w.db.selectFrom('audit_log').select(['user_id', 'action', 'entity']).where('entity_id', '=', id).where('action', '=', 'read').execute();
    expect(rows).toEqual([{ user_id: w.userIds.hospital, action: 'read', entity: 'referral' }]);
  });
});
