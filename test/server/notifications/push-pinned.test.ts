// The sender's own path (no injected fetch): Node's https with the connection's DNS lookup checked,
// as in production. The push service is a local https server with a test certificate for
// push.example.net (test/fakes/push-tls/, made with openssl, valid to 2126); a stub resolver answers that name.
import { readFileSync } from 'node:fs';
import type { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { storeIndexDay } from '../../helpers/index-day';
import { enrol } from '../../server/children/fixtures';
import { linkParent } from '../../server/family-app/fixtures';
import { runNotifyPass } from '../../../jobs/notify';
import { browserKeys, decryptAes128gcm, startFakePushService, type FakePushService } from '../../fakes/push';

const tls = { key: readFileSync(new URL('../../fakes/push-tls/key.pem', import.meta.url), 'utf8'), cert: readFileSync(new URL('../../fakes/push-tls/cert.pem', import.meta.url), 'utf8') };
let w: World;
let fake: FakePushService;
let child: string;
const phone = browserKeys();

/** A resolver that answers push.example.net with the given address and counts its calls. */
function resolverTo(address: string) {
  const calls: string[] = [];
  const lookup = ((hostname: string, _options: unknown, callback: (err: Error | null, addresses: LookupAddress[]) => void) => {
    calls.push(hostname);
    callback(null, [{ address, family: address.includes(':') ? 6 : 4 }]);
  }) as unknown as typeof dnsLookup;
  return { lookup, calls };
}

const queueIndexPush = (date: string) => storeIndexDay(w, date, 4);

// A world, a push service and a subscription per test: each test queues and sends what it reads.
beforeEach(async () => {
  fake = await startFakePushService({ tls });
  w = await createWorld({ now: '2026-03-02T02:00:00Z', config: { VAPID_SUBJECT: 'mailto:asthma-push@scmc.example.cn' } }); // 10:00 in Shanghai
  child = await enrol(w);
  await linkParent(w, child);
  const port = new URL(fake.url).port;
  const res = await w.call('parent1', 'POST', '/api/v1/push/subscriptions', {
    subscription: { endpoint: `https://push.example.net:${port}/sub/pinned`, expirationTime: null, keys: { p256dh: phone.p256dh, auth: phone.authB64 } },
  });
  expect(res.status).toBe(201);
});
afterEach(async () => {
  await w.close();
  await fake.close();
});

describe('push delivery over the checked connection', () => {
  it('refuses a name that resolves inside, before connecting, and keeps the notification for a retry', async () => {
    await queueIndexPush('2026-03-02');
    const resolver = resolverTo('10.1.2.3');
    const report = await runNotifyPass(w.deps, { push: { lookup: resolver.lookup, ca: tls.cert } });
    expect(report).toMatchObject({ sent: 0, retried: 1 });
    expect(resolver.calls).toEqual(['push.example.net']);
    expect(fake.received).toHaveLength(0);
    const row = await w.db.selectFrom('notification_outbox').select(['status', 'attempts', 'last_error']).where('channel', '=', 'push').executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'pending', attempts: 1, last_error: 'push:resolves_inside' });
  });

  it('posts the encrypted notification to the address its own lookup checked', async () => {
    await queueIndexPush('2026-03-02');
    const resolver = resolverTo('127.0.0.1');
    const report = await runNotifyPass(w.deps, { push: { lookup: resolver.lookup, addressAllowed: (a) => a === '127.0.0.1', ca: tls.cert } });
    expect(report).toMatchObject({ sent: 1, retried: 0, failed: 0 });
    expect(resolver.calls).toEqual(['push.example.net']);
    expect(fake.received).toHaveLength(1);
    const [push] = fake.received;
    expect(push!.path).toBe('/sub/pinned');
    expect(push!.headers['content-encoding']).toBe('aes128gcm');
    expect(push!.headers.authorization).toMatch(/^vapid t=/);
    // Signed with the deployment's contact (VAPID_SUBJECT), not the stored placeholder.
    const claims = JSON.parse(Buffer.from(String(push!.headers.authorization).slice(8).split('.')[1]!, 'base64url').toString());
    expect(claims.sub).toBe('mailto:asthma-push@scmc.example.cn');
    expect(JSON.parse(decryptAes128gcm(push!.body, phone))).toMatchObject({ kind: 'index', url: '/app', tag: 'index::2026-03-02' });
    const row = await w.db.selectFrom('notification_outbox').select(['status', 'attempts']).where('channel', '=', 'push').executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'sent', attempts: 1 });
  });

  it('does not post to a service whose certificate no trusted authority signed', async () => {
    await queueIndexPush('2026-03-03');
    w.clock.set('2026-03-03T02:00:00Z');
    const before = fake.received.length;
    // Without the test CA the local service's certificate is not trusted: the pass fails the post.
    const report = await runNotifyPass(w.deps, { push: { lookup: resolverTo('127.0.0.1').lookup, addressAllowed: () => true } });
    expect(report).toMatchObject({ sent: 0 });
    expect(fake.received.length).toBe(before);
    const row = await w.db.selectFrom('notification_outbox').select(['status', 'last_error']).where('date', '=', '2026-03-03').executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'pending', last_error: 'push:tls' });
  });

  it('cancels, without a lookup or a post, a stored endpoint that is an address literal', async () => {
    // Saved before a rule tightened, or written around the API: the name check runs again at send time.
    await w.db.updateTable('push_subscriptions').set({ endpoint: 'https://10.0.0.5/sub/pinned' }).execute();
    await queueIndexPush('2026-03-04');
    w.clock.set('2026-03-04T02:00:00Z');
    const before = fake.received.length;
    const resolver = resolverTo('127.0.0.1');
    const report = await runNotifyPass(w.deps, { push: { lookup: resolver.lookup, addressAllowed: () => true, ca: tls.cert } });
    expect(report).toMatchObject({ sent: 0, retried: 0, failed: 1 });
    expect(resolver.calls).toEqual([]);
    expect(fake.received.length).toBe(before);
    const row = await w.db.selectFrom('notification_outbox').select(['status', 'last_error']).where('date', '=', '2026-03-04').executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'failed', last_error: 'push:refused_endpoint' });
  });
});
