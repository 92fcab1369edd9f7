import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { pageClient } from '../../helpers/pages';
import { runIndexJob } from '../../../server/asthma-index/job';
import { runNotifyPass } from '../../../jobs/notify';
import { closeFakes, families, notifyConfig, PHONE_1, startFakes, type Fakes } from './world';

let f: Fakes;
let w: World;
const pages = pageClient(() => w);

beforeAll(async () => {
  f = await startFakes();
});
afterAll(async () => {
  await closeFakes(f);
});
beforeEach(async () => {
  w = await createWorld({ now: '2025-01-20T22:00:00Z', config: notifyConfig(f) });
  await families(w, f);
  await runIndexJob(w.deps, { trigger: 'cli' });
  w.clock.set('2025-01-20T23:00:00Z');
  f.sms.illegal.add(PHONE_1);
  await runNotifyPass(w.deps);
  f.sms.illegal.clear();
  w.forgetSessions();
});
afterEach(async () => {
  await w.close();
});

describe('integrations: delivery status, reach and webhooks', () => {
  it("the admin sees each message's status and error code, the reach per channel and the webhooks by host, never a secret, phone or openid", async () => {
    const hook = await w.call('parent1', 'POST', '/api/v1/subscriptions', { district: 'pudong', minLevel: 3, channel: 'webhook', target: 'https://hooks.example.org/private/path?key=abc' });
    expect(hook.status).toBe(201);
    const res = await pages.page('admin', '/admin/integrations');
    expect(res.status).toBe(200);
    expect(res.html).toContain('sms:isv.MOBILE_NUMBER_ILLEGAL');
    expect(res.html).toContain('已送达');
    expect(res.html).toContain('<code>hooks.example.org</code>');
    for (const secret of ['/private/path', 'key=abc', PHONE_1, 'openid-1', String(hook.body.secret ?? 'no-secret-returned')]) expect(res.html).not.toContain(secret);
    const failedOnly = await pages.page('admin', '/admin/integrations?status=failed&channel=sms');
    expect(failedOnly.html).toContain('sms:isv.MOBILE_NUMBER_ILLEGAL');
    expect(failedOnly.html).not.toContain('<td>已送达</td>');
    expect((await pages.page('admin', '/admin/integrations?status=bogus')).status).toBe(400);

    const ended = await pages.post('admin', `/admin/integrations/webhooks/${hook.body.id}/end`, {});
    expect(ended.html).toContain('已停用这个订阅');
    expect((await w.db.selectFrom('subscriptions').select('active').where('id', '=', hook.body.id).executeTakeFirstOrThrow()).active).toBe(0);
  });

  it('the manager sees counts only, in Chinese or English', async () => {
    const res = await pages.page('manager', '/admin/integrations', 'en');
    expect(res.status).toBe(200);
    expect(res.html).toContain('Parents reached');
    // Every channel's row is named in words, the app-notification channel too (never a catalogue key).
    for (const name of ['App notifications', 'WeChat', 'SMS']) expect(res.html).toContain(`<th scope="row">${name}</th>`);
    expect(res.html).not.toContain('integrations.channel.');
    expect(res.html).not.toContain('Delivery status of each message');
    expect(res.html).not.toContain('Webhook subscriptions');
    const api = await w.call('manager', 'GET', '/api/v1/notifications/reach?from=2025-01-21&to=2025-01-21');
    expect(api.body.items.find((i: { channel: string }) => i.channel === 'sms')).toMatchObject({ sent: 1, failed: 1, parentsReached: 1 });
    expect(api.body.items.find((i: { channel: string }) => i.channel === 'wechat')).toMatchObject({ sent: 1, parentsReached: 1 });
  });

  it("the admin adds an integrator's webhook: the secret shown once, a duplicate or a bad address refused with the field named", async () => {
    const added = await pages.post('admin', '/admin/integrations/webhooks', { district: 'pudong', minLevel: '4', target: 'https://warehouse.example.org/asthma' });
    expect(added.status).toBe(201);
    const secret = /<code>([0-9a-zA-Z_-]{20,})<\/code>/.exec(added.html)?.[1];
    expect(secret).toBeDefined();
    const row = await w.db.selectFrom('subscriptions').selectAll().where('target', '=', 'https://warehouse.example.org/asthma').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ user_id: w.userIds.admin, min_level: 4, active: 1, secret });
    expect((await pages.page('admin', '/admin/integrations')).html).not.toContain(secret!);
    const again = await pages.post('admin', '/admin/integrations/webhooks', { district: 'pudong', minLevel: '4', target: 'https://warehouse.example.org/asthma' });
    expect(again.status).toBe(409);
    expect(again.html).toContain('这个地址已经在接收这个区的指数');
    const bad = await pages.post('admin', '/admin/integrations/webhooks', { district: 'nowhere', minLevel: '9', target: 'not a url' }, 'en');
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Enter a valid address starting with http:// or https://');
    expect(bad.html).not.toMatch(/Invalid (option|input)|Too big/);
  });
});
