import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { enrol, followUpBody } from '../children/fixtures';
import { downBody, move, referredUp, upBody } from './fixtures';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.close();
});

const paths = (res: { body: any }) => res.body.error.details.map((d: { path: string }) => d.path);
const HOUR = 3_600_000;

describe('creating a referral', () => {
  it('refers a child up with a clinical summary from the latest follow-up, history and an audit row', async () => {
    const childId = await enrol(w);
    await w.call('clinicA', 'POST', `/api/v1/children/${childId}/follow-ups`, followUpBody({ gina: { q1: true, q2: true, q3: true, q4: false }, ginaStep: 3, exacerbations: { ocsCourses: 1, edVisits: 0, admissions: 0 } }));
    const res = await w.call('clinicA', 'POST', '/api/v1/referrals', upBody(w, childId, { reasons: ['U5', 'U6'] }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'requested',
      direction: 'up',
      fromCenter: { id: w.ids.centreA },
      toCenter: { id: w.ids.hospital },
      reasons: ['U5', 'U6'],
      overdue: false,
      carePlan: null,
      clinicalSummary: { followUpDate: '2026-03-02', ginaLevel: 'uncontrolled', ginaStep: 3, exacerbations: { ocsCourses: 1, edVisits: 0, admissions: 0 } },
    });
    expect(res.body.clinicalSummary.score).toBeTypeOf('number');
    const history = await w.db.selectFrom('referral_history').selectAll().where('referral_id', '=', res.body.id).execute();
    expect(history).toMatchObject([{ from_status: null, to_status: 'requested', by_user_id: w.userIds.clinicA }]);
    const audits = await w.db.selectFrom('audit_log').selectAll().where('entity', '=', 'referral').where('entity_id', '=', res.body.id).execute();
    expect(audits.map((a) => a.action)).toEqual(['create']);
  });

  it('stores no clinical summary when the child has no follow-up yet', async () => {
    const { id } = await referredUp(w);
    expect((await w.call('clinicA', 'GET', `/api/v1/referrals/${id}`)).body.clinicalSummary).toBeNull();
  });

  it('requires a care plan for a downward referral (400 naming carePlan)', async () => {
    const { childId } = await referredUp(w);
    const { carePlan: _p, ...body } = downBody(w, childId);
    const res = await w.call('hospital', 'POST', '/api/v1/referrals', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(paths(res)).toEqual(['carePlan']);
    const blank = await w.call('hospital', 'POST', '/api/v1/referrals', downBody(w, childId, { carePlan: { controller: ' ', dose: '', ginaStep: 7, actionPlanGiven: true, nextReviewDate: '2026-02-30' } }));
    expect(paths(blank).sort()).toEqual(['carePlan.controller', 'carePlan.dose', 'carePlan.ginaStep', 'carePlan.nextReviewDate']);
  });

  it('checks reason codes against the direction', async () => {
    const childId = await enrol(w);
    const res = await w.call('clinicA', 'POST', '/api/v1/referrals', upBody(w, childId, { reasons: ['U5', 'D1', 'U99'] }));
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['reasons.1', 'reasons.2']);
    expect(paths(await w.call('clinicA', 'POST', '/api/v1/referrals', upBody(w, childId, { reasons: [] })))).toEqual(['reasons']);
  });

  it('sends up only from a community centre to the hospital, and down only the other way', async () => {
    const childId = await enrol(w);
    const toB = await w.call('clinicA', 'POST', '/api/v1/referrals', upBody(w, childId, { toCenterId: w.ids.centreB }));
    expect([toB.status, paths(toB)]).toEqual([400, ['toCenterId']]);
    const downFromCentre = await w.call('clinicA', 'POST', '/api/v1/referrals', downBody(w, childId, { toCenterId: w.ids.centreB }));
    expect([downFromCentre.status, paths(downFromCentre)]).toEqual([400, ['direction']]);
    const { childId: upChild } = await referredUp(w);
    const upFromHospital = await w.call('hospital', 'POST', '/api/v1/referrals', upBody(w, upChild));
    expect([upFromHospital.status, paths(upFromHospital)]).toEqual([400, ['direction']]);
    const downToHospital = await w.call('hospital', 'POST', '/api/v1/referrals', downBody(w, upChild, { toCenterId: w.ids.hospital }));
    expect([downToHospital.status, paths(downToHospital)]).toEqual([400, ['toCenterId']]);
  });

  it('lets only the managing centre refer; other centres do not see the child (404)', async () => {
    const childId = await enrol(w);
    expect((await w.call('clinicB', 'POST', '/api/v1/referrals', upBody(w, childId))).status).toBe(404);
    // The hospital cannot send down a child it has never been referred.
    expect((await w.call('hospital', 'POST', '/api/v1/referrals', downBody(w, childId))).status).toBe(404);
    // Centre B sees a child referred down to it, but does not manage them yet.
    const { childId: upChild } = await referredUp(w);
    const down = await w.call('hospital', 'POST', '/api/v1/referrals', downBody(w, upChild, { toCenterId: w.ids.centreB }));
    expect(down.status).toBe(201);
    expect((await w.call('clinicB', 'POST', '/api/v1/referrals', upBody(w, upChild))).status).toBe(403);
  });

  it('lets only clinicians refer', async () => {
    const childId = await enrol(w);
    for (const who of ['admin', 'manager', 'nurse1', 'parent1']) {
      expect((await w.call(who, 'POST', '/api/v1/referrals', upBody(w, childId))).status, who).toBe(403);
    }
    expect((await w.call(null, 'POST', '/api/v1/referrals', upBody(w, childId))).status).toBe(401);
  });

  it('refuses a second open referral in the same direction (409) and links a re-referral to the old one', async () => {
    const { childId, id } = await referredUp(w);
    const again = await w.call('clinicA', 'POST', '/api/v1/referrals', upBody(w, childId));
    expect([again.status, again.body.error.code]).toEqual([409, 'conflict']);
    await move(w, 'hospital', id, 'reject', { reason: '资料不全' });
    const foreign = await referredUp(w);
    expect(paths(await w.call('clinicA', 'POST', '/api/v1/referrals', upBody(w, childId, { previousReferralId: foreign.id })))).toEqual(['previousReferralId']);
    const re = await w.call('clinicA', 'POST', '/api/v1/referrals', upBody(w, childId, { previousReferralId: id, summary: '补充资料后再次转诊' }));
    expect(re.status).toBe(201);
    expect(re.body.previousReferralId).toBe(id);
    expect((await w.call('clinicA', 'GET', `/api/v1/referrals/${id}`)).body.nextReferralIds).toEqual([re.body.id]);
  });
});

describe('the state machine', () => {
  it('walks requested -> accepted -> in-progress -> completed, keeping who, when and why', async () => {
    const { id } = await referredUp(w);
    expect((await move(w, 'hospital', id, 'accept')).status).toBe('accepted');
    expect((await move(w, 'hospital', id, 'start')).status).toBe('in-progress');
    const done = await move(w, 'hospital', id, 'complete', { outcome: '确诊，升级至GINA 4级，3个月后复查' });
    expect(done).toMatchObject({ status: 'completed', outcome: '确诊，升级至GINA 4级，3个月后复查' });
    expect(done.acceptedAt).toBeTruthy();
    expect(done.startedAt).toBeTruthy();
    expect(done.completedAt).toBeTruthy();
    const detail = await w.call('clinicA', 'GET', `/api/v1/referrals/${id}`);
    expect(detail.body.history.map((h: any) => [h.from, h.to, h.by])).toEqual([
      [null, 'requested', w.userIds.clinicA],
      ['requested', 'accepted', w.userIds.hospital],
      ['accepted', 'in-progress', w.userIds.hospital],
      ['in-progress', 'completed', w.userIds.hospital],
    ]);
    expect(detail.body.history[1]).toMatchObject({ at: '2026-03-02T02:00:00.000Z', byName: 'hospital', reason: null });
    const audits = await w.db.selectFrom('audit_log').select(['action', 'user_id']).where('entity', '=', 'referral').where('entity_id', '=', id).where('action', '!=', 'read').orderBy('id').execute();
    expect(audits).toEqual([
      { action: 'create', user_id: w.userIds.clinicA },
      { action: 'accept', user_id: w.userIds.hospital },
      { action: 'start', user_id: w.userIds.hospital },
      { action: 'complete', user_id: w.userIds.hospital },
    ]);
  });

  it('rejects and cancels with a reason, which history keeps', async () => {
    const rejected = await referredUp(w);
    expect((await move(w, 'hospital', rejected.id, 'reject', { reason: '请先完善肺功能检查' })).status).toBe('rejected');
    const cancelled = await referredUp(w);
    expect((await move(w, 'clinicA', cancelled.id, 'cancel', { reason: '家长拒绝转诊' })).status).toBe('cancelled');
    const lateCancel = await referredUp(w);
    await move(w, 'hospital', lateCancel.id, 'accept');
    expect((await move(w, 'clinicA', lateCancel.id, 'cancel', { reason: '已在外院就诊' })).status).toBe('cancelled');
    const failed = await referredUp(w);
    await move(w, 'hospital', failed.id, 'accept');
    expect((await move(w, 'hospital', failed.id, 'fail')).status).toBe('failed');
    const h = (await w.call('clinicA', 'GET', `/api/v1/referrals/${rejected.id}`)).body.history;
    expect(h.at(-1)).toMatchObject({ from: 'requested', to: 'rejected', reason: '请先完善肺功能检查' });
    const rejectedRow = await w.db.selectFrom('referrals').selectAll().where('id', '=', rejected.id).executeTakeFirstOrThrow();
    expect(rejectedRow.responded_at).toBeTruthy();
    expect(rejectedRow.accepted_at).toBeNull();
  });

  it('needs a reason to reject or cancel and an outcome to complete (400 naming the field)', async () => {
    const { id } = await referredUp(w);
    const reject = await w.call('hospital', 'POST', `/api/v1/referrals/${id}/reject`, { reason: '   ' });
    expect([reject.status, paths(reject)]).toEqual([400, ['reason']]);
    expect(paths(await w.call('clinicA', 'POST', `/api/v1/referrals/${id}/cancel`, {}))).toEqual(['reason']);
    await move(w, 'hospital', id, 'accept');
    await move(w, 'hospital', id, 'start');
    expect(paths(await w.call('hospital', 'POST', `/api/v1/referrals/${id}/complete`, {}))).toEqual(['outcome']);
    expect((await w.call('clinicA', 'GET', `/api/v1/referrals/${id}`)).body.status).toBe('in-progress');
  });

  it('refuses moves the spec does not list (409 illegal_transition) and changes nothing', async () => {
    const { id } = await referredUp(w);
    const illegal = async (as: string, action: string, body: Record<string, unknown> = {}) => {
      const res = await w.call(as, 'POST', `/api/v1/referrals/${id}/${action}`, body);
      expect([action, res.status, res.body.error.code]).toEqual([action, 409, 'illegal_transition']);
    };
    await illegal('hospital', 'start');
    await illegal('hospital', 'fail');
    await illegal('hospital', 'complete', { outcome: 'x' });
    await move(w, 'hospital', id, 'accept');
    await illegal('hospital', 'accept');
    await illegal('hospital', 'reject', { reason: 'x' });
    await illegal('hospital', 'complete', { outcome: 'x' });
    await move(w, 'hospital', id, 'start');
    await illegal('clinicA', 'cancel', { reason: 'x' });
    await illegal('hospital', 'fail');
    await move(w, 'hospital', id, 'complete', { outcome: '好转' });
    await illegal('clinicA', 'cancel', { reason: 'x' });
    await illegal('hospital', 'start');
    const history = await w.db.selectFrom('referral_history').select('to_status').where('referral_id', '=', id).execute();
    expect(history).toHaveLength(4);
  });

  // Writes on one connection are serialised, so the second accept reads 'accepted' and the state
  // machine refuses it; the UPDATE's status guard, for moves decided on the same read, is race.test.ts's.
  it('lets exactly one of two simultaneous accepts win', async () => {
    const { id } = await referredUp(w);
    await w.cookieFor('hospital');
    const results = await Promise.all([w.call('hospital', 'POST', `/api/v1/referrals/${id}/accept`, {}), w.call('hospital', 'POST', `/api/v1/referrals/${id}/accept`, {})]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe('illegal_transition');
    const history = await w.db.selectFrom('referral_history').select('to_status').where('referral_id', '=', id).execute();
    expect(history.map((h) => h.to_status)).toEqual(['requested', 'accepted']);
  });
});

describe('who may do what', () => {
  it('lets only the receiving centre accept, reject, start, fail and complete, and only the referring one cancel (403)', async () => {
    const { id } = await referredUp(w);
    for (const action of ['accept', 'reject']) {
      const res = await w.call('clinicA', 'POST', `/api/v1/referrals/${id}/${action}`, { reason: 'x' });
      expect([action, res.status, res.body.error.code]).toEqual([action, 403, 'forbidden']);
    }
    expect((await w.call('hospital', 'POST', `/api/v1/referrals/${id}/cancel`, { reason: 'x' })).status).toBe(403);
    await move(w, 'hospital', id, 'accept');
    for (const action of ['start', 'fail']) expect((await w.call('clinicA', 'POST', `/api/v1/referrals/${id}/${action}`, {})).status).toBe(403);
    await move(w, 'hospital', id, 'start');
    expect((await w.call('clinicA', 'POST', `/api/v1/referrals/${id}/complete`, { outcome: 'x' })).status).toBe(403);
    // The side is checked before the state: the wrong side hears 403 even for an illegal move.
    expect((await w.call('clinicA', 'POST', `/api/v1/referrals/${id}/accept`, {})).status).toBe(403);
  });

  it('hides a referral from a third centre (404) and from its lists', async () => {
    const { id } = await referredUp(w);
    expect((await w.call('clinicB', 'GET', `/api/v1/referrals/${id}`)).status).toBe(404);
    for (const action of ['accept', 'cancel']) expect((await w.call('clinicB', 'POST', `/api/v1/referrals/${id}/${action}`, { reason: 'x' })).status).toBe(404);
    const list = await w.call('clinicB', 'GET', '/api/v1/referrals?limit=500');
    expect(list.body.items.map((r: any) => r.id)).not.toContain(id);
    expect((await w.call('clinicB', 'GET', '/api/v1/referrals/00000000-0000-4000-a000-000000000999')).status).toBe(404);
  });

  it('lets an admin read everything but act on nothing; managers, nurses and parents read no referral', async () => {
    const { id } = await referredUp(w);
    expect((await w.call('admin', 'GET', `/api/v1/referrals/${id}`)).body.actions).toEqual([]);
    expect((await w.call('admin', 'GET', '/api/v1/referrals?limit=500')).body.items.map((r: any) => r.id)).toContain(id);
    expect((await w.call('admin', 'POST', `/api/v1/referrals/${id}/accept`, {})).status).toBe(403);
    for (const who of ['manager', 'nurse1', 'parent1']) {
      expect((await w.call(who, 'GET', `/api/v1/referrals/${id}`)).status, who).toBe(403);
      expect((await w.call(who, 'GET', '/api/v1/referrals')).status, who).toBe(403);
      expect((await w.call(who, 'POST', `/api/v1/referrals/${id}/accept`, {})).status, who).toBe(403);
    }
    expect((await w.call(null, 'GET', '/api/v1/referrals')).status).toBe(401);
  });

  it('tells each side what it may do now', async () => {
    const { id } = await referredUp(w);
    expect((await w.call('hospital', 'GET', `/api/v1/referrals/${id}`)).body.actions).toEqual(['accept', 'reject']);
    expect((await w.call('clinicA', 'GET', `/api/v1/referrals/${id}`)).body.actions).toEqual(['cancel']);
  });

  it('lists incoming and outgoing boxes by status', async () => {
    const { id } = await referredUp(w);
    const incoming = await w.call('hospital', 'GET', '/api/v1/referrals?box=incoming&status=requested&limit=500');
    expect(incoming.body.items.map((r: any) => r.id)).toContain(id);
    expect(incoming.body.items.every((r: any) => r.status === 'requested' && r.toCenter.id === w.ids.hospital)).toBe(true);
    expect((await w.call('hospital', 'GET', '/api/v1/referrals?box=outgoing&limit=500')).body.items.map((r: any) => r.id)).not.toContain(id);
    const outgoing = await w.call('clinicA', 'GET', '/api/v1/referrals?box=outgoing&status=open&limit=500');
    expect(outgoing.body.items.map((r: any) => r.id)).toContain(id);
    expect(outgoing.body.items[0].child.name).toBe('测试儿童');
    expect((await w.call('clinicA', 'GET', '/api/v1/referrals?box=outgoing&status=completed&limit=500')).body.items.map((r: any) => r.id)).not.toContain(id);
    expect((await w.call('clinicA', 'GET', '/api/v1/referrals?status=bogus')).status).toBe(400);
  });
});

describe('downward referrals', () => {
  it('moves the managing centre to the receiver on acceptance and makes the child due within 7 days (R4)', async () => {
    const { childId, id: upId } = await referredUp(w);
    await w.call('clinicA', 'POST', `/api/v1/children/${childId}/follow-ups`, followUpBody());
    await move(w, 'hospital', upId, 'accept');
    await move(w, 'hospital', upId, 'start');
    // The family moved: the hospital hands the child to centre B, then closes the upward loop.
    const down = await w.call('hospital', 'POST', '/api/v1/referrals', downBody(w, childId, { toCenterId: w.ids.centreB, previousReferralId: upId }));
    expect(down.status).toBe(201);
    expect(down.body.carePlan).toMatchObject({ controller: '布地奈德福莫特罗', ginaStep: 3, actionPlanGiven: true });
    await move(w, 'hospital', upId, 'complete', { outcome: '已控制，转回社区' });
    expect((await w.call('clinicB', 'GET', `/api/v1/children/${childId}`)).status).toBe(200); // sight through the open referral

    w.clock.set('2026-03-05T02:00:00Z'); // 10:00 in Shanghai
    w.forgetSessions();
    await move(w, 'clinicB', down.body.id, 'accept');
    const child = await w.db.selectFrom('children').selectAll().where('id', '=', childId).executeTakeFirstOrThrow();
    expect(child.center_id).toBe(w.ids.centreB);
    expect([child.next_due_date, child.next_due_reason]).toEqual(['2026-03-12', 'R4']);
    expect(JSON.parse(child.next_due_detail!)).toEqual({ kind: 'downward_referral_accepted', on: '2026-03-05' });
    const moves = await w.db.selectFrom('child_centre_history').selectAll().where('child_id', '=', childId).orderBy('id').execute();
    expect(moves.at(-1)).toMatchObject({ from_center_id: w.ids.centreA, to_center_id: w.ids.centreB });
    expect((await w.call('clinicA', 'GET', `/api/v1/children/${childId}`)).status).toBe(404);
    expect((await w.call('clinicA', 'GET', `/api/v1/referrals/${upId}`)).body.outcome).toBe('已控制，转回社区');
    w.clock.set('2026-03-02T02:00:00Z');
    w.forgetSessions();
  });

  it('lets the hospital refer down a child it manages, and does not move a child already at the receiver', async () => {
    const { childId, id } = await referredUp(w);
    await move(w, 'hospital', id, 'accept');
    const down = await w.call('hospital', 'POST', '/api/v1/referrals', downBody(w, childId));
    await move(w, 'clinicA', down.body.id, 'accept');
    expect((await w.db.selectFrom('child_centre_history').select('id').where('child_id', '=', childId).execute()).length).toBe(1);
    const own = await enrol(w, { centerId: w.ids.hospital }, 'hospital');
    expect((await w.call('hospital', 'POST', '/api/v1/referrals', downBody(w, own, { toCenterId: w.ids.centreB }))).status).toBe(201);
  });
});

describe('timeliness', () => {
  it('flags urgent referrals after 24 h and routine after 72 h in both inboxes, overdue first', async () => {
    const tw = await createWorld();
    try {
      const urgent = await referredUp(tw, { urgency: 'urgent', reasons: ['U6'] });
      tw.clock.advance(HOUR);
      await referredUp(tw); // routine, an hour later
      const flags = async (as: string, box: string) => {
        const res = await tw.call(as, 'GET', `/api/v1/referrals?box=${box}`);
        return res.body.items.map((r: any) => [r.id === urgent.id ? 'urgent' : 'routine', r.overdue]);
      };
      tw.clock.set('2026-03-03T02:00:00Z'); // exactly 24 h: still within the limit, yet above the newer routine one
      tw.forgetSessions();
      expect(await flags('hospital', 'incoming')).toEqual([
        ['urgent', false],
        ['routine', false],
      ]);
      tw.clock.advance(60_000);
      expect(await flags('hospital', 'incoming')).toEqual([
        ['urgent', true],
        ['routine', false],
      ]);
      expect(await flags('clinicA', 'outgoing')).toEqual([
        ['urgent', true],
        ['routine', false],
      ]);
      const detail = await tw.call('hospital', 'GET', `/api/v1/referrals/${urgent.id}`);
      expect(detail.body).toMatchObject({ overdue: true, responseDeadline: '2026-03-03T02:00:00.000Z' });
      tw.clock.set('2026-03-05T03:00:00Z'); // routine: 72 h after 03:00 on 03-02
      tw.forgetSessions();
      expect(await flags('hospital', 'incoming')).toEqual([
        ['urgent', true],
        ['routine', false],
      ]);
      tw.clock.advance(1000);
      expect(await flags('hospital', 'incoming')).toEqual([
        ['routine', true],
        ['urgent', true],
      ]);
      await move(tw, 'hospital', urgent.id, 'accept');
      expect(await flags('hospital', 'incoming')).toEqual([
        ['routine', true],
        ['urgent', false],
      ]);
    } finally {
      await tw.close();
    }
  });

  it('uses the configured limits', async () => {
    const tw = await createWorld({ config: { REFERRAL_URGENT_HOURS: 2 } });
    try {
      const { id } = await referredUp(tw, { urgency: 'urgent' });
      tw.clock.advance(2 * HOUR + 1000);
      tw.forgetSessions();
      expect((await tw.call('hospital', 'GET', `/api/v1/referrals/${id}`)).body.overdue).toBe(true);
    } finally {
      await tw.close();
    }
  });

  it('pages the inbox with a cursor, keeping overdue first', async () => {
    const tw = await createWorld();
    try {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push((await referredUp(tw, { urgency: i % 2 ? 'urgent' : 'routine' })).id);
        tw.clock.advance(60_000);
      }
      tw.clock.advance(30 * HOUR);
      tw.forgetSessions();
      const seen: any[] = [];
      let cursor: string | null = null;
      do {
        const res: any = await tw.call('hospital', 'GET', `/api/v1/referrals?box=incoming&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen.map((r) => r.id)).toEqual([ids[3], ids[1], ids[4], ids[2], ids[0]]);
      expect(seen.map((r) => r.overdue)).toEqual([true, true, false, false, false]);
    } finally {
      await tw.close();
    }
  });
});
