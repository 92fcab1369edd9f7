import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { allOn, bindInWechat, closeFakes, families, notifyConfig, startFakes, type Fakes } from './world';

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
  w = await createWorld({ now: '2025-01-21T02:00:00Z', config: notifyConfig(f) });
  kids = await families(w, f);
});
afterEach(async () => {
  await w.close();
});

describe("the parents' notification settings", () => {
  it('shows each child with its choices, the WeChat binding (no openid) and the SMS consent with the phone masked', async () => {
    const res = await w.call('parent1', 'GET', '/api/v1/notifications/settings');
    expect(res.status).toBe(200);
    expect(res.body.channels).toMatchObject({ wechat: { available: true, bound: true, via: 'oauth' }, sms: { available: true } });
    expect(res.body.children).toHaveLength(2);
    expect(res.body.children[0]).toMatchObject({ wechat: true, sms: true, minLevel: 1, quietFrom: '21:00', quietUntil: '07:00', smsConsent: { given: true, canGive: true, phone: '138****8000', mobile: true } });
    expect(res.text).not.toContain('openid-1');
    expect(res.text).not.toContain('13800138000');
    const audits = await w.db.selectFrom('audit_log').select(['action', 'entity', 'entity_id']).where('entity', '=', 'notification_prefs').where('action', '=', 'read').execute();
    expect([...new Set(audits.map((a) => a.entity_id))].sort()).toEqual([kids.childA, kids.childC].sort());
  });

  it('names the field: SMS without consent, WeChat without a binding, a bad level or time', async () => {
    await w.call('parent2', 'DELETE', `/api/v1/notifications/children/${kids.childB}/sms-consent`);
    const noConsent = await w.call('parent2', 'PUT', `/api/v1/notifications/children/${kids.childB}`, allOn());
    expect(noConsent.status).toBe(400);
    expect(noConsent.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['sms', 'wechat']);
    const bad = await w.call('parent1', 'PUT', `/api/v1/notifications/children/${kids.childA}`, allOn({ minLevel: 7, quietFrom: '25:00' }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['minLevel', 'quietFrom']);
  });

  it('another family’s child is 404, a clinician 403', async () => {
    expect((await w.call('parent2', 'PUT', `/api/v1/notifications/children/${kids.childA}`, allOn())).status).toBe(404);
    expect((await w.call('parent2', 'PUT', `/api/v1/notifications/children/${kids.childA}/sms-consent`)).status).toBe(404);
    expect((await w.call('clinicA', 'GET', '/api/v1/notifications/settings')).status).toBe(403);
  });
});

describe('SMS consent', () => {
  it('is recorded with who and when; withdrawing it turns SMS off and cancels what was queued', async () => {
    const row = await w.db.selectFrom('sms_consents').selectAll().where('child_id', '=', kids.childA).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ user_id: w.userIds.parent1, given_at: '2025-01-21T02:00:00.000Z', withdrawn_at: null });
    const res = await w.call('parent1', 'DELETE', `/api/v1/notifications/children/${kids.childA}/sms-consent`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ sms: false, smsConsent: { given: false } });
  });

  it('only the guardian named at enrolment may give it (409), and only for a mainland mobile (400 naming phone)', async () => {
    await w.call('clinicA', 'POST', `/api/v1/children/${kids.childB}/guardians`, { userId: w.userIds.parent1, relation: '父亲', consent: { date: '2025-01-21', noticeVersion: 'v1' } });
    const second = await w.call('parent1', 'PUT', `/api/v1/notifications/children/${kids.childB}/sms-consent`);
    expect(second.status).toBe(409);
    // A record from before enrolment checked the number: a Shanghai landline.
    await w.db.updateTable('children').set({ guardian_phone: '02158001234' }).where('id', '=', kids.childB).execute();
    const landline = await w.call('parent2', 'PUT', `/api/v1/notifications/children/${kids.childB}/sms-consent`);
    expect(landline.status).toBe(400);
    expect(landline.body.error.details).toEqual([{ path: 'phone', message: expect.stringContaining('mainland') }]);
  });
});

describe('WeChat binding', () => {
  it('an openid bound to another account is 409; a bad OAuth code 400 naming code', async () => {
    expect((await bindInWechat(w, f, 'parent2', 'openid-1')).status).toBe(409);
    const page = await w.app.request('/app/notifications/channels', { headers: { cookie: await w.cookieFor('parent2'), 'user-agent': 'MicroMessenger' } });
    const state = /[?&;]state=([0-9a-f]+)/.exec(await page.text())![1]!;
    const bad = await w.app.request('/app/notifications/channels/wechat', {
      method: 'POST',
      headers: { cookie: await w.cookieFor('parent2'), 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: new URLSearchParams({ code: 'not-a-code', state }).toString(),
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('微信授权已失效');
  });

  it('unbinding stops WeChat at once; the openid may then be bound by another account', async () => {
    expect((await w.call('parent1', 'DELETE', '/api/v1/notifications/wechat')).status).toBe(200);
    const settings = await w.call('parent1', 'GET', '/api/v1/notifications/settings');
    expect(settings.body.channels.wechat.bound).toBe(false);
    expect(settings.body.children.every((c: { wechat: boolean }) => !c.wechat)).toBe(true);
    expect((await bindInWechat(w, f, 'parent2', 'openid-1')).status).toBe(200);
  });

  it('WeChat down: binding answers 503 and the server goes on', async () => {
    f.wechat.mode = 'down';
    try {
      expect((await bindInWechat(w, f, 'parent2', 'openid-2')).status).toBe(503);
      expect((await w.call('parent2', 'GET', '/api/v1/notifications/settings')).status).toBe(200);
    } finally {
      f.wechat.mode = 'up';
    }
  });
});

describe('admin and manager', () => {
  it('a channel not configured is off: not offered, nothing queued', async () => {
    const bare = await createWorld({ now: '2025-01-21T02:00:00Z' });
    try {
      const res = await bare.call('parent1', 'GET', '/api/v1/notifications/settings');
      expect(res.body.channels).toEqual({ wechat: { available: false, bound: false, via: null, boundAt: null }, sms: { available: false }, push: { available: true, phones: 0 } });
    } finally {
      await bare.close();
    }
  });

  it('the manager reads counts per channel; a bad period names its field', async () => {
    const reach = await w.call('manager', 'GET', '/api/v1/notifications/reach?from=2025-01-01&to=2025-01-31');
    expect(reach.status).toBe(200);
    expect(reach.body.items).toEqual([
      { channel: 'wechat', configured: true, sent: 0, failed: 0, pending: 0, cancelled: 0, parentsReached: 0, reachable: 1 },
      { channel: 'sms', configured: true, sent: 0, failed: 0, pending: 0, cancelled: 0, parentsReached: 0, reachable: 3 },
      // App notifications need no settings; no parent has turned them on for a phone here.
      { channel: 'push', configured: true, sent: 0, failed: 0, pending: 0, cancelled: 0, parentsReached: 0, reachable: 0 },
    ]);
    const bad = await w.call('manager', 'GET', '/api/v1/notifications/reach?from=2025-02-01&to=2025-01-01');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('to');
    expect((await w.call('manager', 'GET', '/api/v1/notifications/outbox')).status).toBe(403);
  });
});
