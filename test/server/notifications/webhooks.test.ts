import type { lookup as dnsLookup } from 'node:dns';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { startFakeOpenMeteo, type FakeOpenMeteo } from '../../jobs/asthma-index/fake-open-meteo';
import { runIndexJob } from '../../../server/asthma-index/job';
import { deliverDue, FIRST_RETRY_MS, MAX_ATTEMPTS, retryDelayMs } from '../../../jobs/notify';
import { verifySignature } from '../../../server/notifications/signature';
import { deliveryPayload } from '../../../server/asthma-index/outbox';
import { storeV01Day, V01_ADVICE } from '../asthma-index/stored-v01';

const SECRET = 'parent-webhook-secret-123';

interface Received {
  body: string;
  signature: string | undefined;
  deliveryId: string | undefined;
}

let fake: FakeOpenMeteo;
let receiver: Server;
let receiverUrl: string;
let received: Received[];
/** Status codes the receiver answers with, in order; 200 once they run out. */
let answers: number[];
let w: World;

beforeAll(async () => {
  fake = await startFakeOpenMeteo();
  receiver = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ body, signature: req.headers['x-signature'] as string | undefined, deliveryId: req.headers['x-delivery-id'] as string | undefined });
      const status = answers.shift() ?? 200;
      // A slow receiver never answers: only the sender's timeout ends its attempt.
      if (!req.url?.includes('slow')) res.writeHead(status).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  await fake.close();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});
beforeEach(async () => {
  received = [];
  answers = [];
  w = await createWorld({ now: '2025-01-21T00:00:00Z', config: { WEATHER_URL: fake.forecastUrl, AIR_QUALITY_URL: fake.airQualityUrl } });
});
afterEach(async () => {
  await w.close();
});

/** secret null = none given. */
async function subscribe(minLevel: number, district = 'pudong', secret: string | null = SECRET, target = receiverUrl) {
  const res = await w.call('parent1', 'POST', '/api/v1/subscriptions', { district, minLevel, channel: 'webhook', target, ...(secret ? { secret } : {}) });
  expect(res.status).toBe(201);
  return res.body as { id: string; secret?: string };
}

const outbox = () => w.db.selectFrom('outbox').selectAll().execute();
const attempts = () => w.db.selectFrom('delivery_attempts').selectAll().orderBy('id').execute();

describe('outbox and webhook delivery', () => {
  it('queues one row per subscription at or above its level, posts it signed, and never twice for a day', async () => {
    const sub = await subscribe(4);
    await subscribe(4, 'xuhui');
    await runIndexJob(w.deps, { trigger: 'schedule' });
    // A second run the same day (a manual rerun) adds nothing.
    await runIndexJob(w.deps, { trigger: 'manual' });
    const rows = await outbox();
    expect(rows).toHaveLength(2);

    const report = await deliverDue(w.deps);
    expect(report).toMatchObject({ sent: 2, retried: 0, failed: 0 });
    expect(received).toHaveLength(2);
    const mine = received.find((r) => JSON.parse(r.body).subscriptionId === sub.id)!;
    expect(verifySignature(mine.body, SECRET, mine.signature)).toBe(true);
    expect(verifySignature(mine.body, 'some-other-secret-xyz', mine.signature)).toBe(false);
    expect(mine.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    const payload = JSON.parse(mine.body);
    expect(payload).toMatchObject({
      event: 'asthma_index.daily',
      district: 'pudong',
      date: '2025-01-21',
      level: 5,
      label: { zh: '高风险', en: 'Very high' },
      confidence: 'full',
      algorithmVersion: '0.2',
    });
    expect(payload.advice.zh).toMatch(/如孩子出现说话困难.*立即拨打120。$/);
    expect(payload.advice.en).toMatch(/If your child struggles to speak, .* call 120 now\.$/);
    // The subscriber reads what the public API answers for that day.
    const api = await w.call(null, 'GET', '/api/v1/asthma-index?district=pudong&date=2025-01-21');
    expect(payload.advice).toEqual(api.body.advice);
    expect(mine.deliveryId).toBe(payload.deliveryId);

    // Sent rows are not sent again, and a later run that day queues nothing new.
    await runIndexJob(w.deps, { trigger: 'manual' });
    expect(await deliverDue(w.deps)).toMatchObject({ sent: 0 });
    expect(received).toHaveLength(2);
    const sent = await outbox();
    expect(sent).toHaveLength(2);
    expect(sent.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  describe("where private targets are not allowed (the connection's own lookup is checked)", () => {
    // hook.example.org stands for a public name; this receiver listens on 127.0.0.1, so the tests
    // say which addresses count as allowed.
    const lookupTo = (addresses: string[], calls: string[]) =>
      ((host: string, _options: unknown, callback: (err: Error | null, list?: { address: string; family: number }[]) => void) => {
        calls.push(host);
        callback(
          null,
          addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
        );
      }) as unknown as typeof dnsLookup;

    it('posts through the checked lookup, once per delivery, to the address it checked', async () => {
      await subscribe(4, 'pudong', SECRET, receiverUrl.replace('127.0.0.1', 'hook.example.org'));
      await runIndexJob(w.deps, { trigger: 'schedule' });
      const calls: string[] = [];
      const report = await deliverDue(w.deps, { allowPrivate: false, lookup: lookupTo(['127.0.0.1'], calls), addressAllowed: (a) => a === '127.0.0.1' });
      expect(report).toMatchObject({ sent: 1, retried: 0 });
      expect(calls).toEqual(['hook.example.org']);
      expect(received).toHaveLength(1);
      expect(verifySignature(received[0]!.body, SECRET, received[0]!.signature)).toBe(true);
    });

    it('counts a receiver slower than the timeout as a failed attempt', async () => {
      await subscribe(4, 'pudong', SECRET, receiverUrl.replace('127.0.0.1', 'hook.example.org').replace(/\/hook$/, '/slow'));
      await runIndexJob(w.deps, { trigger: 'schedule' });
      const report = await deliverDue(w.deps, { allowPrivate: false, timeoutMs: 200, lookup: lookupTo(['127.0.0.1'], []), addressAllowed: (a) => a === '127.0.0.1' });
      expect(report).toMatchObject({ sent: 0, retried: 1 });
      expect((await attempts()).map((a) => a.error)).toEqual(['timed out']);
    });

    it('does not post to a name with any address inside, and retries it later', async () => {
      await subscribe(4, 'pudong', SECRET, receiverUrl.replace('127.0.0.1', 'hook.example.org'));
      await runIndexJob(w.deps, { trigger: 'schedule' });
      const report = await deliverDue(w.deps, { allowPrivate: false, lookup: lookupTo(['127.0.0.1', '10.0.0.5'], []), addressAllowed: (a) => a === '127.0.0.1' });
      expect(report).toMatchObject({ sent: 0, retried: 1 });
      expect(received).toEqual([]);
      expect((await attempts()).map((a) => a.error)).toEqual(['refused: the host resolves to a private or internal address']);
      expect((await outbox())[0]).toMatchObject({ status: 'pending', attempts: 1 });
    });
  });

  it('a payload for a day stored under 0.1 carries the advice re-rendered from the rules', async () => {
    await storeV01Day(w.db, 'pudong', '2025-01-20', '2025-01-20T00:00:00.000Z');
    const day = await w.db.selectFrom('index_days').selectAll().where('district', '=', 'pudong').where('date', '=', '2025-01-20').executeTakeFirstOrThrow();
    const payload = JSON.parse(deliveryPayload('outbox-1', 'sub-1', day));
    expect(payload).toMatchObject({ level: 2, algorithmVersion: '0.1' });
    expect(payload.advice.en).not.toBe(V01_ADVICE.en);
    expect(payload.advice.en).toMatch(/should reduce long or intense outdoor exercise\..* call 120 now\.$/);
  });

  it('queues nothing below the minimum level', async () => {
    await subscribe(5, 'pudong');
    await w.db.updateTable('subscriptions').set({ min_level: 5 }).execute();
    await runIndexJob(w.deps, { trigger: 'schedule' });
    expect(await outbox()).toHaveLength(1); // level 5 reaches 5
    await w.db.deleteFrom('outbox').execute();
    await w.db.deleteFrom('index_days').execute();
    // A made-up lower day: level 3 does not reach 5 or 4.
    await w.db.updateTable('subscriptions').set({ min_level: 4 }).execute();
    await w.db.updateTable('weather_days').set({ tmax: 9, tmin: 6, tmean: 7.5, pm25: 20, pressure: 1013 }).where('date', '=', '2025-01-21').execute();
    await runIndexJob(w.deps, { trigger: 'manual', offline: true });
    const day = await w.db.selectFrom('index_days').select('level').where('district', '=', 'pudong').where('date', '=', '2025-01-21').executeTakeFirstOrThrow();
    expect(day.level).toBeLessThan(4);
    expect(await outbox()).toHaveLength(0);
  });

  it('retries after a 500 with back-off, then succeeds; every attempt is recorded', async () => {
    await subscribe(1);
    await runIndexJob(w.deps, { trigger: 'schedule' });
    answers = [500];
    expect(await deliverDue(w.deps)).toMatchObject({ sent: 0, retried: 1 });
    let [row] = await outbox();
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_error: 'HTTP 500' });
    expect(Date.parse(row!.next_attempt_at) - w.clock.now().getTime()).toBe(FIRST_RETRY_MS);

    // Not due yet.
    expect(await deliverDue(w.deps)).toMatchObject({ sent: 0, retried: 0 });
    w.clock.advance(FIRST_RETRY_MS);
    expect(await deliverDue(w.deps)).toMatchObject({ sent: 1 });
    [row] = await outbox();
    expect(row).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    expect(received).toHaveLength(2);
    expect(received[0]!.body).toBe(received[1]!.body);
    expect((await attempts()).map((a) => [a.attempt, a.ok, a.http_status])).toEqual([
      [1, 0, 500],
      [2, 1, 200],
    ]);
  });

  it('gives up after the last attempt', async () => {
    await subscribe(1);
    await runIndexJob(w.deps, { trigger: 'schedule' });
    answers = Array.from({ length: MAX_ATTEMPTS }, () => 503);
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      await deliverDue(w.deps);
      w.clock.advance(retryDelayMs(i));
    }
    const [row] = await outbox();
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(await attempts()).toHaveLength(MAX_ATTEMPTS);
    expect(retryDelayMs(1)).toBe(60_000);
    expect(retryDelayMs(5)).toBe(16 * 60_000);
  });

  it('signs with WEBHOOK_SECRET when the subscription has none', async () => {
    await w.close();
    w = await createWorld({ now: '2025-01-21T00:00:00Z', config: { WEATHER_URL: fake.forecastUrl, AIR_QUALITY_URL: fake.airQualityUrl, WEBHOOK_SECRET: 'platform-secret-0123456789' } });
    const sub = await subscribe(1, 'pudong', null);
    expect(sub.secret).toBeUndefined();
    await runIndexJob(w.deps, { trigger: 'schedule' });
    await deliverDue(w.deps);
    expect(verifySignature(received[0]!.body, 'platform-secret-0123456789', received[0]!.signature)).toBe(true);
  });

  it('a subscription without a secret and no WEBHOOK_SECRET gets one generated, shown once', async () => {
    const sub = await subscribe(1, 'pudong', null);
    expect(sub.secret).toMatch(/^[\w-]{40,}$/);
    const list = await w.call('parent1', 'GET', '/api/v1/subscriptions');
    expect(JSON.stringify(list.body)).not.toContain(sub.secret!);
    await runIndexJob(w.deps, { trigger: 'schedule' });
    await deliverDue(w.deps);
    expect(verifySignature(received[0]!.body, sub.secret!, received[0]!.signature)).toBe(true);
  });

  it('a receiver slower than the timeout counts as a failed attempt, without holding up the others', async () => {
    await subscribe(1, 'pudong', SECRET, `${receiverUrl}?slow=1`);
    await subscribe(1, 'xuhui');
    await runIndexJob(w.deps, { trigger: 'schedule' });
    // The pass ends although one receiver never answers (its timeout), and the other is delivered.
    // (A timeout long enough for a loaded machine to answer the other: only the slow one may use it up.)
    const report = await deliverDue(w.deps, { timeoutMs: 2_000 });
    expect(report).toMatchObject({ sent: 1, retried: 1 });
    expect((await attempts()).find((a) => a.ok === 0)?.error).toBe('timed out');
  });

  it('an ended subscription gets nothing', async () => {
    const sub = await subscribe(1);
    await runIndexJob(w.deps, { trigger: 'schedule' });
    expect((await w.call('parent1', 'DELETE', `/api/v1/subscriptions/${sub.id}`)).status).toBe(200);
    await deliverDue(w.deps);
    expect(received).toHaveLength(0);
    expect((await outbox())[0]!.status).toBe('cancelled');
  });
});
