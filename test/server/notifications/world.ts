// A world with the fake WeChat, SMS and Open-Meteo servers configured, two families and their choices.
import { randomUUID } from 'node:crypto';
import type { World } from '../../helpers/world';
import { childBody } from '../children/fixtures';
import { startFakeOpenMeteo, type FakeOpenMeteo } from '../../jobs/asthma-index/fake-open-meteo';
import { startFakeSms, type FakeSms } from '../../fakes/sms';
import { startFakeWechat, type FakeWechat } from '../../fakes/wechat';
import { forgetWechatTokens } from '../../../server/notifications/wechat';

export interface Fakes {
  wechat: FakeWechat;
  sms: FakeSms;
  meteo: FakeOpenMeteo;
}

export async function startFakes(): Promise<Fakes> {
  return { wechat: await startFakeWechat(), sms: await startFakeSms(), meteo: await startFakeOpenMeteo() };
}

export async function closeFakes(f: Fakes): Promise<void> {
  await Promise.all([f.wechat.close(), f.sms.close(), f.meteo.close()]);
}

export const SMS_SECRET = 'sms-secret-never-logged';

export function notifyConfig(f: Fakes) {
  return {
    WEATHER_URL: f.meteo.forecastUrl,
    AIR_QUALITY_URL: f.meteo.airQualityUrl,
    WECHAT_API_BASE: f.wechat.url,
    WECHAT_APP_ID: f.wechat.appId,
    WECHAT_APP_SECRET: f.wechat.secret,
    WECHAT_TEMPLATE_INDEX: 'T-index',
    WECHAT_TEMPLATE_DIARY: 'T-diary',
    WECHAT_TEMPLATE_FOLLOWUP: 'T-followup',
    WECHAT_TEMPLATE_URGENT: 'T-urgent',
    APP_PUBLIC_URL: 'https://asthma.example.org',
    SMS_ENDPOINT: f.sms.endpoint,
    SMS_ACCESS_KEY_ID: f.sms.accessKeyId,
    SMS_ACCESS_KEY_SECRET: SMS_SECRET,
    SMS_SIGN_NAME: '浦东儿童哮喘',
    SMS_TEMPLATE_INDEX: 'SMS_INDEX',
    SMS_TEMPLATE_DIARY: 'SMS_DIARY',
    SMS_TEMPLATE_FOLLOWUP: 'SMS_FOLLOWUP',
    SMS_TEMPLATE_URGENT: 'SMS_URGENT',
    NOTIFY_TIMEOUT_MS: 5000,
  };
}

export const PHONE_1 = '13800138000';
export const PHONE_2 = '13900139000';

export async function must(res: { status: number; text: string }, status: number, what: string) {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${res.text}`);
}

export const allOn = (over: Record<string, unknown> = {}) => ({
  wechat: true,
  sms: true,
  kinds: { index: true, diary: true, followup: true, urgent: true },
  minLevel: 1,
  quietFrom: '21:00',
  quietUntil: '07:00',
  ...over,
});

/**
 * parent1: children A and C (enrolment guardian, phone 1), WeChat bound (openid-1), SMS agreed for both;
 * parent2: child B (phone 2), SMS only.
 */
export async function families(w: World, f: Fakes) {
  forgetWechatTokens();
  const enrol = async (phone: string, name: string) => {
    const res = await w.call('clinicA', 'POST', '/api/v1/children', childBody(w, { name, guardian: { name: '家长', phone, relation: '母亲' }, consent: { givenBy: '家长', date: '2025-01-01', noticeVersion: 'v1' } }));
    await must(res, 201, 'enrol');
    return res.body.id as string;
  };
  const childA = await enrol(PHONE_1, '甲');
  const childC = await enrol(PHONE_1, '丙');
  const childB = await enrol(PHONE_2, '乙');
  for (const [child, parent] of [
    [childA, 'parent1'],
    [childC, 'parent1'],
    [childB, 'parent2'],
  ] as const) {
    await must(await w.call('clinicA', 'POST', `/api/v1/children/${child}/guardians`, { userId: w.userIds[parent] }), 200, 'link');
    await must(await w.call(parent, 'PUT', `/api/v1/notifications/children/${child}/sms-consent`), 200, 'consent');
  }
  f.wechat.followers.add('openid-1');
  await must(await bindInWechat(w, f, 'parent1', 'openid-1'), 200, 'bind');
  await must(await w.call('parent1', 'PUT', `/api/v1/notifications/children/${childA}`, allOn()), 200, 'prefs A');
  await must(await w.call('parent1', 'PUT', `/api/v1/notifications/children/${childC}`, allOn()), 200, 'prefs C');
  await must(await w.call('parent2', 'PUT', `/api/v1/notifications/children/${childB}`, allOn({ wechat: false })), 200, 'prefs B');
  return { childA, childB, childC };
}

export const outbox = (w: World) => w.db.selectFrom('notification_outbox').selectAll().orderBy('created_at').orderBy('id').execute();

/**
 * Binds as a parent would inside WeChat: the page's OAuth link gives this session's state, WeChat
 * (the fake) would send back a code for the openid, and the parent agrees on the page.
 */
export async function bindInWechat(w: World, f: Fakes, parent: string, openid: string): Promise<{ status: number; text: string }> {
  const page = await w.app.request('/app/notifications/channels', { headers: { cookie: await w.cookieFor(parent), 'user-agent': 'Mozilla/5.0 MicroMessenger/8.0' } });
  const html = await page.text();
  const state = /[?&;]state=([0-9a-f]+)/.exec(html)?.[1] ?? 'no-link';
  const code = `code-${randomUUID()}`;
  f.wechat.oauthCodes.set(code, openid);
  const res = await w.app.request('/app/notifications/channels/wechat', {
    method: 'POST',
    headers: { cookie: await w.cookieFor(parent), 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
    body: new URLSearchParams({ code, state }).toString(),
  });
  return { status: res.status, text: await res.text() };
}
