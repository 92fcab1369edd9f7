// Web Push as a channel of the one notification service (issue 34): a phone's subscription is an
// address; the parent's choices per child decide what it carries, when (quiet hours) and how
// often (once a kind a day, the daily cap); the send pass delivers it through a local push service.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { storeIndexDay } from '../../helpers/index-day';
import { enrol } from '../children/fixtures';
import { linkParent } from '../family-app/fixtures';
import { runNotifyPass, type NotifySendOptions } from '../../../jobs/notify';
import { browserKeys, decryptAes128gcm, startFakePushService, type FakePushService } from '../../fakes/push';

let w: World;
let fake: FakePushService;
let child: string;
const PUSH_HOST = 'https://push.example.net';
const phone1 = browserKeys();
const phone2 = browserKeys();
// The sender posts to the subscription's https endpoint; the test routes that host to the local fake.
const send: NotifySendOptions = { push: { fetch: (url, init) => fetch(String(url).replace(PUSH_HOST, fake.url), init) } };

const setIndex = (date: string, level: number) => storeIndexDay(w, date, level);

async function subscribe(path: string, keys: ReturnType<typeof browserKeys>, body: Record<string, unknown> = {}) {
  w.forgetSessions();
  return w.call('parent1', 'POST', '/api/v1/push/subscriptions', { subscription: { endpoint: `${PUSH_HOST}${path}`, expirationTime: null, keys: { p256dh: keys.p256dh, auth: keys.authB64 } }, ...body });
}

const at = (iso: string) => w.clock.set(iso);
type Shown = { kind: string; title: string; body: string; url: string; tag: string };
const shown = (path: string, keys: ReturnType<typeof browserKeys>) => fake.received.filter((r) => r.path === path && r.body.length > 0).map((r) => JSON.parse(decryptAes128gcm(r.body, keys)) as Shown);
const pushRows = () => w.db.selectFrom('notification_outbox').selectAll().where('channel', '=', 'push').orderBy('created_at').execute();

// A world, a push service and a family per test: each test subscribes and sends what it reads.
beforeEach(async () => {
  fake = await startFakePushService();
  w = await createWorld({ now: '2026-03-02T02:00:00Z' }); // 10:00 in Shanghai
  child = await enrol(w); // due 2026-03-30 (R1)
  await linkParent(w, child);
});
afterEach(async () => {
  await w.close();
  await fake.close();
});

describe('a phone is an address of the push channel', () => {
  it('the first phone turns app notifications on for every child, with the default choices; its old per-phone choices are refused by name', async () => {
    const old = await subscribe('/sub/1', phone1, { district: 'pudong', minLevel: 3 });
    expect(old.status).toBe(400);
    expect(old.body.error.details.map((d: { path: string }) => d.path)).toEqual(['district', 'minLevel']);
    expect((await subscribe('/sub/1', phone1, { lang: 'en' })).status).toBe(201);
    const prefs = await w.db.selectFrom('notification_prefs').selectAll().where('child_id', '=', child).executeTakeFirstOrThrow();
    expect(prefs).toMatchObject({ push: 1, wechat: 0, sms: 0, kind_index: 1, kind_diary: 1, kind_followup: 1, kind_urgent: 1, min_level: 3, quiet_from: '21:00', quiet_until: '07:00', lang: 'en' });
    const settings = await w.call('parent1', 'GET', '/api/v1/notifications/settings');
    expect(settings.body.channels.push).toEqual({ available: true, phones: 1 });
    expect(settings.body.children[0]).toMatchObject({ childId: child, push: true });
  });

  it('after the first phone, the choice per child stands: turned off, a second phone does not turn it back on', async () => {
    expect((await subscribe('/sub/1', phone1)).status).toBe(201);
    const off = await w.call('parent1', 'PUT', `/api/v1/notifications/children/${child}`, {
      wechat: false,
      sms: false,
      push: false,
      kinds: { index: true, diary: true, followup: true, urgent: true },
      minLevel: 3,
      quietFrom: '21:00',
      quietUntil: '07:00',
    });
    expect(off.status).toBe(200);
    expect((await subscribe('/sub/2', phone2)).status).toBe(201);
    expect((await w.call('parent1', 'GET', '/api/v1/notifications/settings')).body.children[0].push).toBe(false);
  });

  it('choosing app notifications without a phone is refused, naming the field', async () => {
    const res = await w.call('parent1', 'PUT', `/api/v1/notifications/children/${child}`, {
      wechat: false,
      sms: false,
      push: true,
      kinds: { index: true, diary: true, followup: true, urgent: true },
      minLevel: 3,
      quietFrom: '21:00',
      quietUntil: '07:00',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'push', message: expect.any(String) }]);
  });
});

describe('push delivery through the notification service', () => {
  it("the index below the chosen level sends nothing; at or above it, one message per parent that every phone gets, without the child's name", async () => {
    expect((await subscribe('/sub/1', phone1, { lang: 'en' })).status).toBe(201);
    expect((await subscribe('/sub/2', phone2, { lang: 'en' })).status).toBe(201);
    await setIndex('2026-03-02', 2);
    expect(await runNotifyPass(w.deps, send)).toMatchObject({ queued: 0, sent: 0 });
    expect(fake.received).toHaveLength(0);

    at('2026-03-02T03:00:00Z');
    await setIndex('2026-03-02', 4);
    expect(await runNotifyPass(w.deps, send)).toMatchObject({ queued: 1, sent: 1 });
    const expected = {
      kind: 'index',
      title: 'Asthma index level 4 · High',
      url: '/app',
      tag: 'index::2026-03-02',
      body: 'Asthma index for Pudong New Area today: level 4 (High). Follow the action plan. If your child has any danger sign, call 120 now.',
    };
    expect(shown('/sub/1', phone1)).toEqual([expected]);
    expect(shown('/sub/2', phone2)).toEqual([expected]);
    expect(fake.received[0]!.headers['content-encoding']).toBe('aes128gcm');
    expect(String(fake.received[0]!.headers.authorization)).toMatch(/^vapid t=[\w-]+\.[\w-]+\.[\w-]+, k=/);
    expect(JSON.stringify(shown('/sub/1', phone1))).not.toContain('测试儿童');
    // Once a day, however often the pass runs.
    for (let i = 0; i < 3; i++) await runNotifyPass(w.deps, send);
    expect(shown('/sub/1', phone1)).toHaveLength(1);
  });

  it('waits for the end of quiet hours, then sends', async () => {
    expect((await subscribe('/sub/1', phone1)).status).toBe(201);
    at('2026-03-02T22:30:00Z'); // 06:30 the next day
    await setIndex('2026-03-03', 5);
    expect(await runNotifyPass(w.deps, send)).toMatchObject({ queued: 1, sent: 0 });
    expect(fake.received).toHaveLength(0);
    at('2026-03-02T23:00:00Z'); // 07:00
    expect(await runNotifyPass(w.deps, send)).toMatchObject({ sent: 1 });
    expect(shown('/sub/1', phone1)).toEqual([expect.objectContaining({ kind: 'index', title: '哮喘指数 5 级 · 高风险', tag: 'index::2026-03-03' })]);
  });

  it('a passing failure is retried with back-off; a phone the browser dropped is forgotten; no phone left is a dead address', async () => {
    expect((await subscribe('/sub/1', phone1)).status).toBe(201);
    expect((await subscribe('/sub/2', phone2)).status).toBe(201);
    await setIndex('2026-03-02', 4);
    fake.answer('/sub/1', 503);
    fake.answer('/sub/2', 503);
    expect(await runNotifyPass(w.deps, send)).toMatchObject({ sent: 0, retried: 1 });
    expect((await pushRows())[0]).toMatchObject({ status: 'pending', attempts: 1, last_error: 'push:http_503' });
    at('2026-03-02T02:01:30Z'); // after the first back-off (1 minute)
    fake.answer('/sub/2', 410);
    expect(await runNotifyPass(w.deps, send)).toMatchObject({ sent: 1 });
    expect((await pushRows())[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect((await w.db.selectFrom('push_subscriptions').select('endpoint').execute()).map((s) => s.endpoint)).toEqual([`${PUSH_HOST}/sub/1`]);

    // The follow-up reminder two days before the review: the last phone is gone too.
    at('2026-03-28T01:05:00Z');
    fake.answer('/sub/1', 404);
    expect(await runNotifyPass(w.deps, send)).toMatchObject({ failed: 1 });
    expect((await pushRows()).at(-1)).toMatchObject({ kind: 'followup', status: 'failed', last_error: 'push:gone' });
    expect(await w.db.selectFrom('push_subscriptions').select('id').execute()).toEqual([]);
  });

  it('the red-zone message goes at once, even in quiet hours, and opens the action plan', async () => {
    expect((await subscribe('/sub/1', phone1)).status).toBe(201);
    at('2026-03-02T14:05:00Z'); // 22:05
    w.forgetSessions();
    const diary = await w.call('parent1', 'PUT', `/api/v1/children/${child}/diary/2026-03-02`, { daytimeSymptoms: 'severe', nightWaking: true, nightCough: true, activityLimited: true, relieverUses: 2 });
    expect(diary.status).toBe(200);
    await runNotifyPass(w.deps, send);
    const [urgent] = shown('/sub/1', phone1).filter((m) => m.kind === 'urgent');
    expect(urgent).toMatchObject({ title: '红区：请立即按行动计划处理', url: `/app/plan/${child}`, tag: `urgent:${child}:2026-03-02` });
    expect(urgent!.body).toMatch(/工作时间.*夜间和周末无人查看.*拨打120/);
  });

  it("removing the parent's last phone cancels what was queued for push", async () => {
    const sub = await subscribe('/sub/1', phone1);
    at('2026-03-02T22:30:00Z');
    await setIndex('2026-03-03', 5);
    expect(await runNotifyPass(w.deps, send)).toMatchObject({ queued: 1 });
    w.forgetSessions();
    expect((await w.call('parent1', 'DELETE', `/api/v1/push/subscriptions/${sub.body.id}`)).status).toBe(200);
    expect((await pushRows())[0]).toMatchObject({ status: 'cancelled', last_error: 'no phone' });
  });
});
