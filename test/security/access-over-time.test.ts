// Access that changes over time (issue 38): who may read a child after each change that should
// change it, not only at one moment. The hospital's sight of a child it did not enrol comes from a
// referral (server/children/scope.ts, referredInTo): while one to it is requested, accepted or in
// progress, and after it completed an upward referral until its own referral back down, made after
// that, is accepted. A rejected, cancelled or failed referral leaves no sight. A centre sees the
// children it manages, whatever their status; a parent the children linked to them. An account
// reads only while it is active and its session is neither idle nor past its lifetime.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../helpers/world';
import { enrol } from '../server/children/fixtures';
import { downBody, move, upBody } from '../server/referrals/fixtures';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.close();
});

let named = 0;
/** A child of its own for each test (the order of tests is shuffled in CI), with a name to find it by. */
async function child(as = 'clinicA', centerId?: string): Promise<{ id: string; name: string }> {
  const name = `时变${++named}号`;
  const id = await enrol(w, { name, ...(centerId ? { centerId } : {}) }, as);
  return { id, name };
}

/**
 * What `as` can read of the child: its record, its diary, and whether the list of children shows it
 * (the three ways a reader reaches a child; each asks the same scope).
 */
async function sight(world: World, as: string, c: { id: string; name: string }) {
  const record = (await world.call(as, 'GET', `/api/v1/children/${c.id}`)).status;
  const diary = (await world.call(as, 'GET', `/api/v1/children/${c.id}/diary`)).status;
  const list = await world.call(as, 'GET', `/api/v1/children?status=all&q=${encodeURIComponent(c.name)}`);
  expect(list.status, `${as} lists children`).toBe(200);
  const listed = list.body.items.some((i: { id: string }) => i.id === c.id);
  return { record, diary, listed };
}
const SEES = { record: 200, diary: 200, listed: true };
const BLIND = { record: 404, diary: 404, listed: false };

/** Each reader's sight, against what is expected of each, labelled with the step. */
async function expectSight(step: string, c: { id: string; name: string }, expected: Record<string, typeof SEES>, world: World = w) {
  for (const [as, want] of Object.entries(expected)) expect({ step, as, ...(await sight(world, as, c)) }).toEqual({ step, as, ...want });
}

async function referUp(c: { id: string }): Promise<string> {
  const res = await w.call('clinicA', 'POST', '/api/v1/referrals', upBody(w, c.id));
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}
async function referDown(c: { id: string }, to = w.ids.centreA): Promise<string> {
  const res = await w.call('hospital', 'POST', '/api/v1/referrals', downBody(w, c.id, { toCenterId: to }));
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

describe("the hospital's sight of a child referred up, at each move of the referral", () => {
  it('none before; while requested, accepted and in progress; after completion until its referral back down is accepted; then none', async () => {
    const c = await child();
    await expectSight('enrolled', c, { hospital: BLIND, clinicA: SEES, clinicB: BLIND });
    const up = await referUp(c);
    await expectSight('requested', c, { hospital: SEES, clinicA: SEES, clinicB: BLIND });
    await move(w, 'hospital', up, 'accept');
    await expectSight('accepted', c, { hospital: SEES, clinicA: SEES });
    await move(w, 'hospital', up, 'start');
    await expectSight('in progress', c, { hospital: SEES, clinicA: SEES });
    await move(w, 'hospital', up, 'complete', { outcome: '诊断明确，方案已定' });
    // Completed: the hospital keeps sight to refer the child back down with a care plan.
    await expectSight('completed', c, { hospital: SEES, clinicA: SEES, clinicB: BLIND });
    const down = await referDown(c);
    await expectSight('referred back down', c, { hospital: SEES, clinicA: SEES });
    await move(w, 'clinicA', down, 'accept');
    await expectSight('back down accepted', c, { hospital: BLIND, clinicA: SEES, clinicB: BLIND });
  });

  it('a referral back down that is rejected leaves the sight of the completed referral; the next one, accepted, ends it', async () => {
    const c = await child();
    const up = await referUp(c);
    for (const action of ['accept', 'start']) await move(w, 'hospital', up, action);
    await move(w, 'hospital', up, 'complete', { outcome: '好转' });
    const first = await referDown(c);
    await move(w, 'clinicA', first, 'reject', { reason: '家长要求暂缓' });
    await expectSight('back down rejected', c, { hospital: SEES, clinicA: SEES });
    const second = await referDown(c);
    await expectSight('referred back down again', c, { hospital: SEES });
    await move(w, 'clinicA', second, 'accept');
    await expectSight('back down accepted', c, { hospital: BLIND, clinicA: SEES });
  });

  it('rejected: sight ends with the rejection', async () => {
    const c = await child();
    const up = await referUp(c);
    await expectSight('requested', c, { hospital: SEES });
    await move(w, 'hospital', up, 'reject', { reason: '不符合转诊指征' });
    await expectSight('rejected', c, { hospital: BLIND, clinicA: SEES });
  });

  it('cancelled by the referring centre, before or after acceptance: sight ends with the cancellation', async () => {
    const requested = await child();
    const a = await referUp(requested);
    await move(w, 'clinicA', a, 'cancel', { reason: '家长改约' });
    await expectSight('cancelled while requested', requested, { hospital: BLIND, clinicA: SEES });

    const accepted = await child();
    const b = await referUp(accepted);
    await move(w, 'hospital', b, 'accept');
    await expectSight('accepted', accepted, { hospital: SEES });
    await move(w, 'clinicA', b, 'cancel', { reason: '已在他院就诊' });
    await expectSight('cancelled after acceptance', accepted, { hospital: BLIND, clinicA: SEES });
  });

  it('failed (the child did not attend): sight ends; a new referral gives it again while it is open', async () => {
    const c = await child();
    const first = await referUp(c);
    await move(w, 'hospital', first, 'accept');
    await move(w, 'hospital', first, 'fail');
    await expectSight('failed', c, { hospital: BLIND, clinicA: SEES });
    const again = await referUp(c);
    await expectSight('referred again', c, { hospital: SEES });
    await move(w, 'hospital', again, 'reject', { reason: '请先在社区完成评估' });
    await expectSight('rejected again', c, { hospital: BLIND });
  });
});

describe('the managing centre', () => {
  it('a child moved to another centre: the old centre loses sight, the new one gains it', async () => {
    const c = await child();
    await expectSight('at centre A', c, { clinicA: SEES, clinicB: BLIND });
    const moved = await w.call('clinicA', 'PATCH', `/api/v1/children/${c.id}`, { centerId: w.ids.centreB, reason: '搬家到陆家嘴' });
    expect(moved.status, moved.text).toBe(200);
    await expectSight('moved to centre B', c, { clinicA: BLIND, clinicB: SEES, hospital: BLIND });
  });

  it('a child the hospital manages, referred down and accepted: the hospital loses sight, the centre gains it', async () => {
    const c = await child('hospital', w.ids.hospital);
    await expectSight('at the hospital', c, { hospital: SEES, clinicA: BLIND });
    const down = await referDown(c);
    // The receiving centre sees the child it is asked to take over while the referral is open.
    await expectSight('referred down', c, { hospital: SEES, clinicA: SEES, clinicB: BLIND });
    await move(w, 'clinicA', down, 'accept');
    await expectSight('handed over', c, { hospital: BLIND, clinicA: SEES, clinicB: BLIND });
  });

  it("an open referral keeps the hospital's sight when the child moves centre", async () => {
    const c = await child();
    await referUp(c);
    expect((await w.call('clinicA', 'PATCH', `/api/v1/children/${c.id}`, { centerId: w.ids.centreB, reason: '搬家' })).status).toBe(200);
    await expectSight('moved with an open referral', c, { hospital: SEES, clinicA: BLIND, clinicB: SEES });
  });

  it('withdrawn or transferred out: the record stays readable to its centre and family, and takes no new entries', async () => {
    for (const status of ['withdrawn', 'transferred'] as const) {
      const c = await child();
      expect((await w.call('clinicA', 'POST', `/api/v1/children/${c.id}/guardians`, { userId: w.userIds.parent1 })).status).toBe(200);
      const changed = await w.call('clinicA', 'PATCH', `/api/v1/children/${c.id}`, { status, reason: '家长决定' });
      expect(changed.status, changed.text).toBe(200);
      await expectSight(status, c, { clinicA: SEES, parent1: { ...SEES }, clinicB: BLIND, hospital: BLIND });
      expect((await w.call('clinicA', 'GET', `/api/v1/children/${c.id}`)).body.status).toBe(status);
      const diary = await w.call('parent1', 'PUT', `/api/v1/children/${c.id}/diary/2026-03-02`, { daytimeSymptoms: 'none', nightWaking: false, nightCough: false, activityLimited: false, relieverUses: 0 });
      expect([status, diary.status]).toEqual([status, 400]);
    }
  });
});

describe('families', () => {
  it('a parent sees a child from the moment a clinician links them; another parent never', async () => {
    const c = await child();
    await expectSight('not linked', c, { parent1: BLIND, parent2: BLIND });
    expect((await w.call('clinicA', 'POST', `/api/v1/children/${c.id}/guardians`, { userId: w.userIds.parent1 })).status).toBe(200);
    await expectSight('linked', c, { parent1: SEES, parent2: BLIND });
  });
});

describe('accounts and sessions over time', () => {
  // Worlds of their own: these move the clock and end sessions.
  it("a deactivated account's session and API token stop at once; reactivated, it signs in afresh", async () => {
    const own = await createWorld();
    try {
      const c = { id: await enrol(own, { name: '停用前' }), name: '停用前' };
      const token = await own.call('admin', 'POST', `/api/v1/users/${own.userIds.clinicA}/tokens`, { label: '对接' });
      expect(token.status).toBe(201);
      const bearer = async () => (await own.app.request(`/api/v1/children/${c.id}`, { headers: { authorization: `Bearer ${token.body.token}` } })).status;
      await expectSight('active', c, { clinicA: SEES }, own);
      expect(await bearer()).toBe(200);

      expect((await own.call('admin', 'POST', `/api/v1/users/${own.userIds.clinicA}/active`, { active: false })).status).toBe(200);
      expect((await own.call('clinicA', 'GET', `/api/v1/children/${c.id}`)).status).toBe(401);
      expect(await bearer()).toBe(401);
      const login = () => own.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'clinicA', password: 'correct-horse-battery' }) });
      expect((await login()).status).toBe(401);

      expect((await own.call('admin', 'POST', `/api/v1/users/${own.userIds.clinicA}/active`, { active: true })).status).toBe(200);
      // The session deactivation ended stays ended; a new sign-in reads again.
      expect((await own.call('clinicA', 'GET', `/api/v1/children/${c.id}`)).status).toBe(401);
      own.forgetSessions();
      await expectSight('reactivated, signed in again', c, { clinicA: SEES }, own);
    } finally {
      await own.close();
    }
  });

  it("a session ends after SESSION_IDLE_MINUTES without a request, and after SESSION_ABSOLUTE_HOURS however busy (the world's clock)", async () => {
    const own = await createWorld();
    try {
      const c = { id: await enrol(own, { name: '会话' }), name: '会话' };
      const { SESSION_IDLE_MINUTES: idle, SESSION_ABSOLUTE_HOURS: hours } = own.deps.config;
      const read = async () => (await own.call('clinicA', 'GET', `/api/v1/children/${c.id}`)).status;

      expect(await read()).toBe(200);
      own.clock.advance((idle - 1) * 60_000);
      expect(await read()).toBe(200); // a minute inside the idle limit, and the request renews it
      own.clock.advance((idle + 1) * 60_000);
      expect(await read()).toBe(401);

      own.forgetSessions();
      expect(await read()).toBe(200); // signed in again: a new session from now
      // Busy every 100 minutes (never idle) until a minute before the absolute limit: still in.
      const steps = Math.floor((hours * 60 - 1) / 100);
      for (let i = 0; i < steps; i++) {
        own.clock.advance(100 * 60_000);
        expect(await read()).toBe(200);
      }
      own.clock.advance((hours * 60 - 1 - steps * 100) * 60_000);
      expect(await read()).toBe(200);
      own.clock.advance(2 * 60_000);
      expect(await read()).toBe(401);
    } finally {
      await own.close();
    }
  });
});
