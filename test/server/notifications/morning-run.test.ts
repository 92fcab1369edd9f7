import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { runIndexJob } from '../../../server/asthma-index/job';
import { runNotifyPass } from '../../../jobs/notify';
import { queueDueNotifications } from '../../../jobs/notify/scan';
import { startScheduler } from '../../../jobs/scheduler';
import cron from 'node-cron';
import { UNTIL_HANG } from '../../helpers/poll';
import { allOn, closeFakes, families, must, notifyConfig, outbox, PHONE_1, PHONE_2, startFakes, type Fakes } from './world';

// 06:00 Shanghai on 2025-01-21, the day the recorded Open-Meteo fixtures end on.
const SIX = '2025-01-20T22:00:00Z';
const SEVEN = '2025-01-20T23:00:00Z';

let f: Fakes;
let w: World;
let kids: Awaited<ReturnType<typeof families>>;

beforeAll(async () => {
  f = await startFakes();
});
afterAll(async () => {
  await closeFakes(f);
});
beforeEach(async () => {
  f.wechat.sent.length = 0;
  f.sms.sent.length = 0;
  f.wechat.mode = 'up';
  f.sms.mode = 'up';
  f.wechat.tokenFetches = 0;
  f.sms.calls = 0;
  w = await createWorld({ now: SIX, config: notifyConfig(f) });
  kids = await families(w, f);
});
afterEach(async () => {
  await w.close();
});

describe('the morning run', () => {
  it('the index job at 06:00 then the send pass: exactly one index message per subscribed parent per channel, leaving at 07:00', async () => {
    expect((await runIndexJob(w.deps, { trigger: 'cli' }))?.status).toBe('ok');
    const level = (await w.db.selectFrom('index_days').select('level').where('district', '=', 'pudong').where('date', '=', '2025-01-21').executeTakeFirstOrThrow()).level!;

    const early = await runNotifyPass(w.deps);
    expect(early.queued).toBe(3); // parent1: WeChat + SMS (children A and C share a district: one each); parent2: SMS
    expect(early.sent).toBe(0); // quiet hours until 07:00
    expect(f.wechat.sent).toEqual([]);
    expect(f.sms.sent).toEqual([]);

    w.clock.set(SEVEN);
    const report = await runNotifyPass(w.deps);
    expect(report).toMatchObject({ sent: 3, retried: 0, failed: 0 });
    expect(f.wechat.sent.map((m) => [m.touser, m.template_id, m.data.character_string3!.value, m.url])).toEqual([['openid-1', 'T-index', '2025-01-21', 'https://asthma.example.org/app']]);
    expect(f.wechat.sent[0]!.data.thing2!.value).toContain(`${level}级`);
    expect(f.sms.sent.map((m) => [m.phone, m.templateCode, m.params.level]).sort()).toEqual([
      [PHONE_1, 'SMS_INDEX', String(level)],
      [PHONE_2, 'SMS_INDEX', String(level)],
    ]);

    // Later passes and a second index run the same day send nothing more.
    expect((await runIndexJob(w.deps, { trigger: 'cli' }))?.status).toBe('ok');
    w.clock.set('2025-01-21T01:00:00Z');
    expect(await runNotifyPass(w.deps)).toMatchObject({ queued: 0, sent: 0 });
    expect(f.wechat.sent).toHaveLength(1);
    expect(f.sms.sent).toHaveLength(2);
    const rows = await outbox(w);
    expect(rows.map((r) => `${r.channel}:${r.status}:${r.attempts}`).sort()).toEqual(['sms:sent:1', 'sms:sent:1', 'wechat:sent:1']);
    expect(rows.every((r) => r.status === 'sent' && r.provider_id)).toBe(true);
  });

  it('reads the choices a page at a time: a parent whose children fall on two pages still gets one index message per channel', async () => {
    expect((await runIndexJob(w.deps, { trigger: 'cli' }))?.status).toBe('ok');
    // One choice a page: parent1's children A and C are read on different pages.
    expect(await queueDueNotifications(w.deps, { pageSize: 1 })).toBe(3);
    expect(await queueDueNotifications(w.deps, { pageSize: 1 })).toBe(0);
    const rows = await outbox(w);
    expect(rows.map((r) => `${r.user_id === w.userIds.parent1 ? 'parent1' : 'parent2'}:${r.kind}:${r.channel}`).sort()).toEqual(['parent1:index:sms', 'parent1:index:wechat', 'parent2:index:sms']);
  });

  it('holds the index for a parent whose quiet hours end later, and sends nothing below their level', async () => {
    await must(await w.call('parent2', 'PUT', `/api/v1/notifications/children/${kids.childB}`, allOn({ wechat: false, quietUntil: '08:00' })), 200, 'prefs');
    await must(await w.call('parent1', 'PUT', `/api/v1/notifications/children/${kids.childA}`, allOn({ minLevel: 5, kinds: { index: true, diary: false, followup: false, urgent: false } })), 200, 'prefs');
    await must(await w.call('parent1', 'PUT', `/api/v1/notifications/children/${kids.childC}`, allOn({ kinds: { index: false, diary: false, followup: false, urgent: false } })), 200, 'prefs');
    await runIndexJob(w.deps, { trigger: 'cli' });
    const level = (await w.db.selectFrom('index_days').select('level').where('district', '=', 'pudong').where('date', '=', '2025-01-21').executeTakeFirstOrThrow()).level!;
    w.clock.set(SEVEN);
    await runNotifyPass(w.deps);
    expect(f.sms.sent.filter((m) => m.phone === PHONE_2)).toEqual([]);
    expect(f.sms.sent.filter((m) => m.phone === PHONE_1)).toHaveLength(level >= 5 ? 1 : 0);
    w.clock.set('2025-01-21T00:00:00Z'); // 08:00
    await runNotifyPass(w.deps);
    expect(f.sms.sent.filter((m) => m.phone === PHONE_2)).toHaveLength(1);
  });

  it('a provider down at 07:00: the messages wait, go when it returns, and nothing is sent twice', async () => {
    await runIndexJob(w.deps, { trigger: 'cli' });
    w.clock.set(SEVEN);
    f.sms.mode = 'down';
    f.wechat.mode = 'slow';
    f.wechat.slowMs = 4000; // longer than this pass's timeout: the token fetch times out, nothing is sent
    const pass = runNotifyPass(w.deps, { timeoutMs: 1000 });
    // The server answers while the pass waits on the slow provider.
    expect((await w.call('parent1', 'GET', '/api/v1/notifications/settings')).status).toBe(200);
    expect(await pass).toMatchObject({ sent: 0, retried: 3 });
    const waiting = await outbox(w);
    expect(waiting.every((r) => r.status === 'pending' && r.attempts === 1 && r.next_attempt_at === '2025-01-20T23:01:00.000Z')).toBe(true);
    expect(waiting.map((r) => r.last_error).sort()).toEqual(['sms:ServiceUnavailable', 'sms:ServiceUnavailable', 'wechat:timeout']);

    w.clock.set('2025-01-20T23:00:30Z'); // before the back-off: nothing is tried
    expect(await runNotifyPass(w.deps)).toMatchObject({ sent: 0, retried: 0 });
    f.sms.mode = 'up';
    f.wechat.mode = 'up';
    w.clock.set('2025-01-20T23:01:00Z');
    expect(await runNotifyPass(w.deps)).toMatchObject({ sent: 3 });
    w.clock.set('2025-01-20T23:30:00Z');
    expect(await runNotifyPass(w.deps)).toMatchObject({ sent: 0 });
    expect(f.sms.sent).toHaveLength(2);
    expect(f.wechat.sent).toHaveLength(1);
  });
});

describe('a send with no answer in time', () => {
  it('is not sent again when the provider may have taken it: the index arrives once, and the outbox says why', async () => {
    await runIndexJob(w.deps, { trigger: 'cli' });
    w.clock.set(SEVEN);
    // SMS takes each message at once and answers long after the pass has given up; WeChat is down
    // (503, answered at once: nothing went, so it is tried again).
    f.sms.mode = 'late';
    // The pass waits 3 s (connecting included, which a loaded machine may need), the answer comes after 8.
    f.sms.slowMs = 8000;
    f.wechat.mode = 'down';
    expect(await runNotifyPass(w.deps, { timeoutMs: 3000 })).toMatchObject({ sent: 0, failed: 2, retried: 1 });
    expect(f.sms.sent).toHaveLength(2);
    f.sms.mode = 'up';
    f.wechat.mode = 'up';
    w.clock.set('2025-01-20T23:30:00Z');
    expect(await runNotifyPass(w.deps)).toMatchObject({ sent: 1 });
    expect(f.sms.sent).toHaveLength(2);
    expect(f.wechat.sent).toHaveLength(1);
    const rows = await outbox(w);
    expect(rows.map((r) => [r.channel, r.status, r.last_error]).sort()).toEqual([
      ['sms', 'failed', 'uncertain:sms:timeout'],
      ['sms', 'failed', 'uncertain:sms:timeout'],
      ['wechat', 'sent', null],
    ]);
  });
});

describe('the red-zone acknowledgement in the morning rush', () => {
  it("leaves before the morning's index messages that were due earlier", async () => {
    await runIndexJob(w.deps, { trigger: 'cli' });
    await runNotifyPass(w.deps); // 06:00: the index rows are queued, held until 07:00
    w.clock.set('2025-01-20T23:02:00Z'); // 07:02: a red-zone day recorded, nothing sent yet
    w.forgetSessions();
    const diary = await w.call('parent1', 'PUT', `/api/v1/children/${kids.childA}/diary/2025-01-21`, { daytimeSymptoms: 'severe', nightWaking: true, nightCough: true, activityLimited: true, relieverUses: 2 });
    expect(diary.status).toBe(200);
    await runNotifyPass(w.deps, { limit: 1 });
    expect(f.sms.sent[0]!.templateCode).toBe('SMS_URGENT');
    expect(f.wechat.sent[0]!.template_id).toBe('T-urgent');
    expect(f.sms.sent.map((m) => m.templateCode).filter((t) => t === 'SMS_INDEX')).toHaveLength(2);
  });
});

describe('one pass', () => {
  it('sends every due message batch after batch, not one batch a minute', async () => {
    await runIndexJob(w.deps, { trigger: 'cli' });
    w.clock.set(SEVEN);
    expect(await runNotifyPass(w.deps, { limit: 1 })).toMatchObject({ sent: 3 });
  });
});

describe('the scheduler', () => {
  it("runs the send pass as its 'notify' task: the index computed by the job leaves at 07:00", async () => {
    await runIndexJob(w.deps, { trigger: 'cli' });
    w.clock.set(SEVEN);
    const scheduler = startScheduler(w.deps, { notifyCron: '0 0 1 1 *' });
    try {
      const task = [...cron.getTasks().values()].find((t) => t.name === 'notify');
      expect(task, 'a notify task is scheduled').toBeDefined();
      await task!.execute();
      await expect.poll(() => f.sms.sent.length + f.wechat.sent.length, UNTIL_HANG).toBe(3);
    } finally {
      await scheduler.stop();
    }
  });
});
