// A push endpoint is one account's (issue 29, finding 6): posting another parent's endpoint is a
// 409 and leaves their subscription as it was; a parent re-posting their own endpoint updates it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { browserKeys } from '../../fakes/push';

let w: World;
// An endpoint per test: each test posts the subscriptions it reads.
const ENDPOINT = 'https://push.example.net/sub/victim-phone';
const OWN_ENDPOINT = 'https://push.example.net/sub/own-phone';
const victimKeys = browserKeys();
const attackerKeys = browserKeys();

beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w?.close();
});

const post = (as: string, keys: ReturnType<typeof browserKeys>, prefs: Record<string, unknown> = {}, endpoint = ENDPOINT) =>
  w.call(as, 'POST', '/api/v1/push/subscriptions', { subscription: { endpoint, keys: { p256dh: keys.p256dh, auth: keys.authB64 } }, ...prefs });
const stored = (endpoint = ENDPOINT) => w.db.selectFrom('push_subscriptions').selectAll().where('endpoint', '=', endpoint).executeTakeFirstOrThrow();

describe('who a push endpoint belongs to', () => {
  it("refuses another account's endpoint with 409 and keeps the owner's subscription", async () => {
    const mine = await post('parent1', victimKeys, { lang: 'zh' });
    expect(mine.status).toBe(201);
    const before = await stored();

    const taken = await post('parent2', attackerKeys, { lang: 'en' });
    expect(taken.status).toBe(409);
    expect(taken.body).toEqual({ error: { code: 'conflict', message: expect.any(String), details: [] } });

    const after = await stored();
    expect(after).toEqual(before);
    expect(after.user_id).toBe(w.userIds.parent1);
    expect(after.p256dh).toBe(victimKeys.p256dh);
    expect((await w.call('parent2', 'GET', '/api/v1/push/subscriptions')).body.items).toEqual([]);
    // Nor can the other account remove it.
    expect((await w.call('parent2', 'POST', '/api/v1/push/unsubscribe', { endpoint: ENDPOINT })).status).toBe(404);
    expect(await w.db.selectFrom('audit_log').select('id').where('entity', '=', 'push_subscription').where('user_id', '=', w.userIds.parent2!).execute()).toEqual([]);
  });

  it('the same account posting its own endpoint again updates it', async () => {
    const first = await post('parent1', victimKeys, { lang: 'zh' }, OWN_ENDPOINT);
    expect(first.status).toBe(201);
    const again = await post('parent1', victimKeys, { lang: 'en' }, OWN_ENDPOINT);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, lang: 'en' });
    expect((await stored(OWN_ENDPOINT)).user_id).toBe(w.userIds.parent1);
  });
});
