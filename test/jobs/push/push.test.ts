import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { enrol } from '../../server/children/fixtures';
import { linkParent } from '../../server/family-app/fixtures';
import { runPushPass, type PushSendOptions } from '../../../jobs/push';
import { browserKeys, decryptAes128gcm, startFakePushService, type FakePushService } from './fake-push-service';

let w: World;
let fake: FakePushService;
let child: string;
const PUSH_HOST = 'https://push.example.net';
const phone1 = browserKeys();
const phone2 = browserKeys();
// The sender posts to the subscription's https endpoint; the test routes that host to the local fake.
const send: PushSendOptions = { fetch: (url, init) => fetch(String(url).replace(PUSH_HOST, fake.url), init) };

async function setIndex(date: string, level: number) {
  const row = {
    district: 'pudong', date, score: level * 18, level, score_level: level, sub_scores: '{}', features: '{}', inputs: '{}', floors: '[]', missing: '[]', factors: '[]',
    confidence: 'high' as const, advice_zh: '建议', advice_en: 'Advice', algorithm_version: 'test', weather_kind: 'forecast' as const, weather_fetched_at: w.clock.now().toISOString(),
    weather_source: 'test', run_id: null, computed_at: w.clock.now().toISOString(),
  };
  await w.db.insertInto('index_days').values(row).onConflict((oc) => oc.columns(['district', 'date']).doUpdateSet({ level, score_level: level })).execute();
}

async function subscribe(path: string, keys: ReturnType<typeof browserKeys>, prefs: Record<string, unknown>) {
  w.forgetSessions();
  return w.call('parent1', 'POST', '/api/v1/push/subscriptions', { subscription: { endpoint: `${PUSH_HOST}${path}`, expirationTime: null, keys: { p256dh: keys.p256dh, auth: keys.authB64 } }, ...prefs });
}

const at = (iso: string) => w.clock.set(iso);
const payloads = (path: string, keys: ReturnType<typeof browserKeys>) =>
  fake.received.filter((r) => r.path === path && r.body.length > 0).map((r) => JSON.parse(decryptAes128gcm(r.body, keys)) as { kind: string; title: string; body: string; url: string; tag: string });

// The two phones' subscriptions: parent1's first phone (index from level 3, the diary reminder at
// 19:30, in English) and second phone (index from level 1, Chinese, no diary reminder).
const SUB1 = { district: 'pudong', minLevel: 3, diaryReminderAt: '19:30', lang: 'en' };
const SUB2 = { district: 'pudong', minLevel: 1 };
async function subscribed(which: ('/sub/1' | '/sub/2')[]) {
  for (const path of which) {
    const res = await subscribe(path, path === '/sub/1' ? phone1 : phone2, path === '/sub/1' ? SUB1 : SUB2);
    if (res.status !== 201) throw new Error(`subscribe ${path} failed ${res.status} ${res.text}`);
  }
}

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

describe('the push API', () => {
  it('serves one VAPID public key, generated once and stored', async () => {
    const a = await w.call(null, 'GET', '/api/v1/push/public-key');
    const b = await w.call(null, 'GET', '/api/v1/push/public-key');
    expect(a.body.publicKey).toMatch(/^[A-Za-z0-9_-]{80,90}$/);
    expect(b.body.publicKey).toBe(a.body.publicKey);
    const stored = await w.db.selectFrom('app_settings').select('value').where('key', '=', 'push.vapid_public_key').executeTakeFirstOrThrow();
    expect(stored.value).toBe(a.body.publicKey);
  });

  it('refuses endpoints that are not public https push services, and reminder times in quiet hours', async () => {
    for (const endpoint of ['http://push.example.net/x', 'https://127.0.0.1/x', 'https://localhost/x', 'https://[::1]/x', 'javascript:alert(1)']) {
      const res = await w.call('parent1', 'POST', '/api/v1/push/subscriptions', { subscription: { endpoint, keys: { p256dh: phone1.p256dh, auth: phone1.authB64 } } });
      expect(res.status, endpoint).toBe(400);
    }
    expect((await subscribe('/sub/x', phone1, { diaryReminderAt: '21:30' })).status).toBe(400);
    expect((await w.call('clinicA', 'POST', '/api/v1/push/subscriptions', { subscription: { endpoint: `${PUSH_HOST}/c`, keys: { p256dh: phone1.p256dh, auth: phone1.authB64 } } })).status).toBe(403);
  });

  it('saves a subscription; the same endpoint again updates it', async () => {
    const res = await subscribe('/sub/1', phone1, SUB1);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ district: 'pudong', minLevel: 3, diaryReminderAt: '19:30', followUpReminders: true, lang: 'en' });
    const again = await subscribe('/sub/1', phone1, SUB1);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(res.body.id);
    expect((await w.call('parent1', 'GET', '/api/v1/push/subscriptions')).body.items).toHaveLength(1);
  });
});

describe('push scheduling and delivery through a local push service', () => {
  it('the index below the chosen level sends nothing; at or above it, one encrypted notification that decrypts to what was sent', async () => {
    await subscribed(['/sub/1']);
    at('2026-03-02T02:00:00Z');
    await setIndex('2026-03-02', 2);
    expect((await runPushPass(w.deps, send)).created).toBe(0);
    expect(fake.received).toHaveLength(0);

    await setIndex('2026-03-02', 4);
    const pass = await runPushPass(w.deps, send);
    expect(pass).toMatchObject({ created: 1, report: { sent: 1 } });
    expect(fake.received).toHaveLength(1);
    const push = fake.received[0]!;
    expect(push.headers['content-encoding']).toBe('aes128gcm');
    expect(push.headers.ttl).toBeDefined();
    const [decrypted] = payloads('/sub/1', phone1);
    const row = await w.db.selectFrom('push_outbox').selectAll().executeTakeFirstOrThrow();
    expect(decrypted).toEqual(JSON.parse(row.payload));
    expect(decrypted).toEqual({ kind: 'index', title: 'Asthma index level 4 · High', body: "Today's asthma index for Pudong New Area is level 4. Tap for advice.", url: '/app', tag: 'index:pudong:2026-03-02' });
    expect(row).toMatchObject({ status: 'sent', attempts: 1, http_status: 201 });
    // VAPID: signed for the push service's origin with our stored key.
    const publicKey = (await w.call(null, 'GET', '/api/v1/push/public-key')).body.publicKey;
    const auth = String(push.headers.authorization);
    expect(auth).toMatch(new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${publicKey}$`));
    const claims = JSON.parse(Buffer.from(auth.slice(8).split('.')[1]!, 'base64url').toString());
    expect(claims.aud).toBe(PUSH_HOST);
    expect(claims.sub).toMatch(/^mailto:/);
  });

  it('never sends the same kind twice a day for the same child, however often the scan runs', async () => {
    await subscribed(['/sub/1']);
    at('2026-03-02T02:30:00Z');
    await setIndex('2026-03-02', 4);
    for (let i = 0; i < 3; i++) await runPushPass(w.deps, send);
    expect(payloads('/sub/1', phone1).filter((p) => p.kind === 'index')).toHaveLength(1);
  });

  it('reminds about the diary from the chosen time on the third day without an entry, once a day until a day is logged', async () => {
    // Enrolled on 03-02 and nothing logged since.
    await subscribed(['/sub/1']);
    const diary = () => payloads('/sub/1', phone1).filter((p) => p.kind === 'diary');
    const reminder = (date: string) => ({ kind: 'diary', title: 'Asthma diary reminder', body: 'Nothing logged for 测试儿童 today yet.', url: `/app/diary/${child}`, tag: `diary:${child}:${date}` });
    at('2026-03-04T11:35:00Z'); // 03-04 19:35: two days without an entry
    await runPushPass(w.deps, send);
    expect(diary()).toEqual([]);
    at('2026-03-05T11:25:00Z'); // 03-05 19:25: the third day, before the chosen time
    await runPushPass(w.deps, send);
    expect(diary()).toEqual([]);
    for (const time of ['11:35', '11:50']) { // 19:35 and 19:50: once
      at(`2026-03-05T${time}:00Z`);
      await runPushPass(w.deps, send);
    }
    expect(diary()).toEqual([reminder('2026-03-05')]);
    at('2026-03-06T11:35:00Z'); // still nothing logged: again the next day
    await runPushPass(w.deps, send);
    expect(diary()).toEqual([reminder('2026-03-05'), reminder('2026-03-06')]);

    // The parent logs 03-06; 03-07 and 03-08 are not yet 3 days without an entry.
    w.forgetSessions();
    expect((await w.call('parent1', 'PUT', `/api/v1/children/${child}/diary/2026-03-06`, { daytimeSymptoms: 'none', nightWaking: false, nightCough: false, activityLimited: false, relieverUses: 0 })).status).toBe(200);
    for (const day of ['07', '08']) {
      at(`2026-03-${day}T11:35:00Z`);
      await runPushPass(w.deps, send);
    }
    expect(diary()).toHaveLength(2);
    // 03-09 is the third day; a day back-filled before the chosen time counts as logged.
    at('2026-03-09T02:00:00Z');
    w.forgetSessions();
    expect((await w.call('parent1', 'PUT', `/api/v1/children/${child}/diary/2026-03-08`, { daytimeSymptoms: 'none', nightWaking: false, nightCough: false, activityLimited: false, relieverUses: 0 })).status).toBe(200);
    at('2026-03-09T11:35:00Z');
    await runPushPass(w.deps, send);
    expect(diary()).toHaveLength(2);
    at('2026-03-11T11:35:00Z'); // 03-09, 03-10, 03-11 without one
    await runPushPass(w.deps, send);
    expect(diary()).toEqual([reminder('2026-03-05'), reminder('2026-03-06'), reminder('2026-03-11')]);
  });

  it('keeps quiet from 21:00 to 07:00, then sends in the morning', async () => {
    await subscribed(['/sub/1']);
    at('2026-03-02T13:30:00Z'); // 21:30
    expect((await subscribe('/sub/2', phone2, SUB2)).status).toBe(201);
    const before = fake.received.length;
    expect((await runPushPass(w.deps, send)).created).toBe(0);
    at('2026-03-02T22:59:00Z'); // 06:59 the next day
    await setIndex('2026-03-03', 5);
    expect((await runPushPass(w.deps, send)).created).toBe(0);
    expect(fake.received.length).toBe(before);
    at('2026-03-02T23:00:00Z'); // 07:00
    const pass = await runPushPass(w.deps, send);
    expect(pass).toMatchObject({ created: 2, report: { sent: 2 } }); // the index, to both phones
    expect(payloads('/sub/2', phone2)).toEqual([expect.objectContaining({ kind: 'index', title: '哮喘指数 5 级 · 高风险', tag: 'index:pudong:2026-03-03' })]);
  });

  it('a pending notification is not sent in quiet hours and is dropped when its day has passed', async () => {
    await subscribed(['/sub/1']);
    at('2026-03-05T12:58:00Z'); // 20:58 on the third day without an entry: the diary reminder is due but the push service fails
    fake.answer('/sub/1', 503);
    const pass = await runPushPass(w.deps, send);
    expect(pass.report).toMatchObject({ retried: 1 });
    at('2026-03-05T13:05:00Z'); // 21:05: the retry is due, but it is quiet
    const before = fake.received.length;
    expect((await runPushPass(w.deps, send)).report).toMatchObject({ sent: 0, retried: 0 });
    expect(fake.received.length).toBe(before);
    at('2026-03-06T00:30:00Z'); // 08:30 the next day: yesterday's reminder is cancelled, not sent late
    const next = await runPushPass(w.deps, send);
    expect(next.report!.cancelled).toBe(1);
    const row = await w.db.selectFrom('push_outbox').selectAll().where('kind', '=', 'diary').where('date', '=', '2026-03-05').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'cancelled', last_error: 'day passed', attempts: 1, http_status: 503 });
  });

  it('reminds two days before a follow-up is due; retries a failed delivery; removes an expired subscription', async () => {
    await subscribed(['/sub/1', '/sub/2']);
    at('2026-03-28T01:05:00Z'); // 09:05, the follow-up is due on 2026-03-30
    fake.answer('/sub/1', 500);
    const first = await runPushPass(w.deps, send);
    expect(first.report).toMatchObject({ sent: 1, retried: 1 });
    expect(payloads('/sub/2', phone2).at(-1)).toMatchObject({ kind: 'followup', title: '随访提醒', body: '测试儿童的哮喘随访在 2026-03-30（两天后），请按时就诊。' });
    w.clock.advance(61_000);
    expect((await runPushPass(w.deps, send)).report).toMatchObject({ sent: 1 });
    expect(payloads('/sub/1', phone1).at(-1)).toMatchObject({ kind: 'followup', body: "测试儿童's asthma review is due on 2026-03-30, in two days." });
    const retried = await w.db.selectFrom('push_outbox').selectAll().where('kind', '=', 'followup').where('status', '=', 'sent').execute();
    expect(retried.map((r) => r.attempts).sort()).toEqual([1, 2]);

    fake.answer('/sub/2', 410);
    await setIndex('2026-03-28', 5);
    const pass = await runPushPass(w.deps, send);
    expect(pass.report).toMatchObject({ sent: 1, expired: 1 });
    const subs = await w.db.selectFrom('push_subscriptions').select('endpoint').execute();
    expect(subs.map((s) => s.endpoint)).toEqual([`${PUSH_HOST}/sub/1`]);
    const gone = await w.db.selectFrom('push_outbox').selectAll().where('http_status', '=', 410).executeTakeFirstOrThrow();
    expect(gone).toMatchObject({ status: 'failed', kind: 'index' });
  });
});
