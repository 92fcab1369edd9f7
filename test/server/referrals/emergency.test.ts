// Emergency referrals (clinical safety rules 8.5, issue 28 item 5): U1-U3 make an emergency, which
// needs the phone handover, answers with the instruction to go to the emergency department now, is
// overdue after 2 hours and stands first in every inbox; the indicators report it apart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { enrol } from '../children/fixtures';
import { downBody, emergencyOverrides, move, phoneHandover, referredUp, upBody } from './fixtures';

const HOUR = 3_600_000;
const ZH = '请立即送孩子到上海儿童医学中心急诊；如有任何危险征象（说话困难、嘴唇发紫、胸廓凹陷、精神萎靡或意识模糊、缓解药物无效），立即拨打120。本转诊单仅用于通知医院，不能代替急诊。';
const EN =
  "Take the child to the emergency department of Shanghai Children's Medical Center now; call 120 if there is any danger sign (struggling to speak, blue lips, the skin between the ribs sucking in, drowsy or confused, the reliever not helping). This referral only informs the hospital; it does not replace emergency care.";

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.close();
});

const paths = (res: { body: any }) => res.body.error.details.map((d: { path: string }) => d.path);

/** What a refused create must leave untouched: referrals, their history and the audit log. */
async function stored(world: World) {
  const count = async (table: 'referrals' | 'referral_history' | 'audit_log') =>
    Number(
      (
        await world.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { referrals: await count('referrals'), history: await count('referral_history'), audit: await count('audit_log') };
}

describe('creating an emergency referral', () => {
  it('refuses one without the phone handover: 400 naming phoneHandover, nothing stored', async () => {
    const childId = await enrol(w);
    const before = await stored(w);
    for (const body of [
      upBody(w, childId, { reasons: ['U1'] }), // U1 ticked, sent as routine
      upBody(w, childId, { urgency: 'urgent', reasons: ['U5', 'U3'] }),
      upBody(w, childId, { urgency: 'emergency', reasons: ['U5'] }), // emergency by the clinician's call
    ]) {
      const res = await w.call('clinicA', 'POST', '/api/v1/referrals', body);
      expect(res.status, JSON.stringify(body.reasons)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(paths(res)).toEqual(['phoneHandover']);
      expect(res.body.error.details[0].message).not.toMatch(/^v\./);
    }
    const blankWho = await w.call('clinicA', 'POST', '/api/v1/referrals', upBody(w, childId, emergencyOverrides({ phoneHandover: { ...phoneHandover(), to: ' ' } })));
    expect([blankWho.status, paths(blankWho)]).toEqual([400, ['phoneHandover.to']]);
    const noTime = await w.call('clinicA', 'POST', '/api/v1/referrals', upBody(w, childId, emergencyOverrides({ phoneHandover: { to: '王医生', at: '09:55' } })));
    expect([noTime.status, paths(noTime)]).toEqual([400, ['phoneHandover.at']]);
    expect(await stored(w)).toEqual(before);
  });

  it('refuses a call recorded as later than now, and an emergency going down', async () => {
    const childId = await enrol(w);
    const before = await stored(w);
    // World clock 2026-03-02 10:00 Shanghai: 10:06 has not happened yet (5 minutes' grace for clocks).
    const future = await w.call('clinicA', 'POST', '/api/v1/referrals', upBody(w, childId, emergencyOverrides({ phoneHandover: phoneHandover('2026-03-02T10:06:00+08:00') })));
    expect([future.status, paths(future)]).toEqual([400, ['phoneHandover.at']]);
    expect(future.body.error.details[0].message).toBe('The call cannot be later than now');
    expect(await stored(w)).toEqual(before);
    const { childId: upChild } = await referredUp(w);
    const down = await w.call('hospital', 'POST', '/api/v1/referrals', downBody(w, upChild, { urgency: 'emergency', phoneHandover: phoneHandover() }));
    expect([down.status, paths(down)]).toEqual([400, ['urgency']]);
  });

  it('stores U1-U3 as an emergency whatever was sent, with the handover, and answers with the instruction', async () => {
    const childId = await enrol(w);
    const res = await w.call('clinicA', 'POST', '/api/v1/referrals', upBody(w, childId, { urgency: 'urgent', reasons: ['U2'], phoneHandover: phoneHandover('2026-03-02T09:55:00+08:00') }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      urgency: 'emergency',
      phoneHandover: { to: '急诊科值班医生王医生', at: '2026-03-02T01:55:00.000Z' },
      emergencyInstruction: { zh: ZH, en: EN },
      responseDeadline: '2026-03-02T04:00:00.000Z', // 2 hours
      overdue: false,
    });
    const row = await w.db.selectFrom('referrals').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ urgency: 'emergency', phone_handover_to: '急诊科值班医生王医生', phone_handover_at: '2026-03-02T01:55:00.000Z' });
    // The read and the lists carry it too.
    expect((await w.call('hospital', 'GET', `/api/v1/referrals/${res.body.id}`)).body.emergencyInstruction).toEqual({ zh: ZH, en: EN });
    const listed = (await w.call('hospital', 'GET', '/api/v1/referrals?box=incoming')).body.items.find((r: any) => r.id === res.body.id);
    expect(listed.emergencyInstruction).toEqual({ zh: ZH, en: EN });
  });

  it('gives other referrals no instruction, and keeps a handover a routine one records', async () => {
    const { id } = await referredUp(w, { phoneHandover: phoneHandover() });
    const read = (await w.call('clinicA', 'GET', `/api/v1/referrals/${id}`)).body;
    expect(read).toMatchObject({ urgency: 'routine', emergencyInstruction: null, phoneHandover: { at: '2026-03-02T01:55:00.000Z' } });
    expect((await w.call('clinicA', 'GET', `/api/v1/referrals/${(await referredUp(w)).id}`)).body.phoneHandover).toBeNull();
  });
});

describe('the 2-hour limit and the inbox order', () => {
  it('is overdue at 2 h and 1 s, not at 2 h', async () => {
    const tw = await createWorld();
    try {
      const { id } = await referredUp(tw, emergencyOverrides());
      const overdue = async () => (await tw.call('hospital', 'GET', `/api/v1/referrals/${id}`)).body.overdue;
      tw.clock.advance(2 * HOUR);
      tw.forgetSessions();
      expect(await overdue()).toBe(false);
      tw.clock.advance(1000);
      tw.forgetSessions();
      expect(await overdue()).toBe(true);
    } finally {
      await tw.close();
    }
  });

  it('follows REFERRAL_EMERGENCY_HOURS', async () => {
    // Spread, so that this compiles whether or not Config names the variable yet.
    const tw = await createWorld({ config: { REFERRAL_URGENT_HOURS: 24, ...{ REFERRAL_EMERGENCY_HOURS: 3 } } });
    try {
      const { id } = await referredUp(tw, emergencyOverrides());
      tw.clock.advance(2 * HOUR + 1000);
      tw.forgetSessions();
      const read = (await tw.call('hospital', 'GET', `/api/v1/referrals/${id}`)).body;
      expect(read).toMatchObject({ overdue: false, responseDeadline: '2026-03-02T05:00:00.000Z' });
    } finally {
      await tw.close();
    }
  });

  it('lists an overdue emergency first in both inboxes, then other emergencies, then other overdue ones', async () => {
    const tw = await createWorld();
    try {
      const routine = (await referredUp(tw)).id;
      tw.clock.advance(60_000);
      const urgent = (await referredUp(tw, { urgency: 'urgent', reasons: ['U6'] })).id;
      tw.clock.advance(60_000);
      const lateEmergency = (await referredUp(tw, emergencyOverrides())).id;
      tw.clock.advance(25 * HOUR); // the urgent one and the first emergency are overdue now; the routine one is not
      tw.forgetSessions();
      const newEmergency = (await referredUp(tw, emergencyOverrides())).id;
      tw.clock.advance(60_000);
      const newRoutine = (await referredUp(tw)).id;
      const names = new Map([
        [routine, 'routine'],
        [urgent, 'urgent'],
        [lateEmergency, 'lateEmergency'],
        [newEmergency, 'newEmergency'],
        [newRoutine, 'newRoutine'],
      ]);
      const order = async (as: string, box: string, limit = 50) => {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const res: any = await tw.call(as, 'GET', `/api/v1/referrals?box=${box}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
          seen.push(...res.body.items.map((r: any) => names.get(r.id)));
          cursor = res.body.nextCursor;
        } while (cursor);
        return seen;
      };
      const expected = ['lateEmergency', 'newEmergency', 'urgent', 'newRoutine', 'routine'];
      expect(await order('hospital', 'incoming')).toEqual(expected);
      expect(await order('clinicA', 'outgoing')).toEqual(expected);
      expect(await order('hospital', 'incoming', 1)).toEqual(expected); // a page at a time
      // Answered, an emergency takes its place by date among the rest.
      await move(tw, 'hospital', lateEmergency, 'accept');
      expect(await order('hospital', 'incoming')).toEqual(['newEmergency', 'urgent', 'newRoutine', 'lateEmergency', 'routine']);
    } finally {
      await tw.close();
    }
  });
});

describe('indicators by urgency', () => {
  it('reports the emergencies answered within 2 hours apart from urgent and routine', async () => {
    const tw = await createWorld();
    try {
      const inTime = (await referredUp(tw, emergencyOverrides())).id;
      const late = (await referredUp(tw, emergencyOverrides())).id;
      await referredUp(tw, emergencyOverrides()); // never answered
      const urgent = (await referredUp(tw, { urgency: 'urgent', reasons: ['U6'] })).id;
      const routine = (await referredUp(tw)).id;
      tw.clock.advance(HOUR);
      tw.forgetSessions();
      await move(tw, 'hospital', inTime, 'accept');
      tw.clock.advance(2 * HOUR); // 3 h after creation
      tw.forgetSessions();
      await move(tw, 'hospital', late, 'reject', { reason: '已直接到急诊就诊' });
      await move(tw, 'hospital', urgent, 'accept');
      await move(tw, 'hospital', routine, 'accept');
      // The district's report: centre A's alone, with 1-3 referrals per urgency, is withheld.
      const res = await tw.call('manager', 'GET', '/api/v1/referrals/indicators?from=2026-03-01&to=2026-03-31');
      expect(res.status).toBe(200);
      const t = res.body.responseTimeliness;
      // 1 h in time; 3 h late; the unanswered one is 3 h past creation, past its 2 h: late
      expect(t.emergency).toMatchObject({ limitHours: 2, withinLimit: { numerator: 1, denominator: 3 }, hoursToResponse: { count: 2, median: 2 } });
      expect(t.urgent).toMatchObject({ limitHours: 24, withinLimit: { numerator: 1, denominator: 1, value: 1 } });
      expect(t.routine).toMatchObject({ limitHours: 72, withinLimit: { numerator: 1, denominator: 1, value: 1 } });
    } finally {
      await tw.close();
    }
  });
});
