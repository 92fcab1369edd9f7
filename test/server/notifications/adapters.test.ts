import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testConfig } from '../../../server/config';
import { smsSettings, wechatSettings } from '../../../server/notifications/channels';
import { renderSms, renderWechat } from '../../../server/notifications/render';
import { createSmsSender } from '../../../server/notifications/sms';
import { forgetWechatTokens, WechatClient, WechatError } from '../../../server/notifications/wechat';
import { smsEnvFor, startFakeSms, type FakeSms } from '../../fakes/sms';
import { startFakeWechat, type FakeWechat } from '../../fakes/wechat';

const facts = { kind: 'index' as const, date: '2026-03-02', district: '浦东新区', level: 4, label: '较高风险' };

describe('SMS through the official SDK, against the local fake', () => {
  let fake: FakeSms;
  const config = () => smsSettings(testConfig(smsEnvFor(fake)))!;
  beforeAll(async () => {
    fake = await startFakeSms();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.mode = 'up';
    fake.sent.length = 0;
    fake.nextCodes.length = 0;
  });

  it('is off until every setting is there', () => {
    expect(smsSettings(testConfig())).toBeNull();
    expect(smsSettings(testConfig({ SMS_ACCESS_KEY_ID: 'a', SMS_ACCESS_KEY_SECRET: 'b', SMS_SIGN_NAME: '签名' }))).toBeNull();
  });

  it('sends the template code, sign name and variables, and keeps the BizId', async () => {
    const send = createSmsSender(config(), 2000);
    const outcome = await send('13800138000', renderSms(facts, '浦东儿童哮喘'));
    expect(outcome).toMatchObject({ result: 'sent' });
    expect(outcome.result === 'sent' && outcome.providerId).toMatch(/\^1$/);
    expect(fake.sent).toEqual([{ phone: '13800138000', signName: '浦东儿童哮喘', templateCode: 'SMS_1', params: { district: '浦东新区', level: '4', label: '较高风险' } }]);
  });

  it('sorts the answers: a dead number, a rate limit, an outage, no answer in time', async () => {
    const send = createSmsSender(config(), 5000);
    const msg = renderSms(facts, '浦东儿童哮喘');
    fake.illegal.add('13900000000');
    expect(await send('13900000000', msg)).toEqual({ result: 'unbound', code: 'sms:isv.MOBILE_NUMBER_ILLEGAL' });
    fake.nextCodes.push('isv.BUSINESS_LIMIT_CONTROL');
    expect(await send('13800138000', msg)).toEqual({ result: 'temporary', code: 'sms:isv.BUSINESS_LIMIT_CONTROL' });
    fake.nextCodes.push('isv.SMS_TEMPLATE_ILLEGAL');
    expect(await send('13800138000', msg)).toEqual({ result: 'permanent', code: 'sms:isv.SMS_TEMPLATE_ILLEGAL' });
    fake.mode = 'down';
    expect(await send('13800138000', msg)).toEqual({ result: 'temporary', code: 'sms:ServiceUnavailable' });
    fake.mode = 'slow';
    fake.slowMs = 1500;
    // A request that got no answer in time may have been taken: the caller cannot tell (uncertain).
    expect(await createSmsSender(config(), 300)('13800138000', msg)).toEqual({ result: 'uncertain', code: 'sms:timeout' });
    expect(fake.sent).toEqual([]);
  });

  it('tells a message taken but not answered in time (uncertain) from one that never went (temporary)', async () => {
    const msg = renderSms(facts, '浦东儿童哮喘');
    fake.mode = 'late';
    fake.slowMs = 1500;
    expect(await createSmsSender(config(), 300)('13800138000', msg)).toEqual({ result: 'uncertain', code: 'sms:timeout' });
    expect(fake.sent).toHaveLength(1);
    const closed = createSmsSender({ ...config(), endpoint: 'http://127.0.0.1:9' }, 300);
    expect(await closed('13800138000', msg)).toEqual({ result: 'temporary', code: 'sms:network' });
  });

  it('refuses a wrong access key as permanent, naming no secret', async () => {
    const send = createSmsSender({ ...config(), accessKeyId: 'someone-else' }, 2000);
    const outcome = await send('13800138000', renderSms(facts, '浦东儿童哮喘'));
    expect(outcome.result).toBe('permanent');
    expect(JSON.stringify(outcome)).not.toMatch(/test-secret|13800138000/);
  });
});

describe('WeChat against the local fake', () => {
  let fake: FakeWechat;
  let nowMs = Date.parse('2026-03-02T00:00:00Z');
  const client = (extra: Record<string, string> = {}, timeoutMs = 5000) =>
    new WechatClient(
      wechatSettings(
        testConfig({
          WECHAT_API_BASE: fake.url,
          WECHAT_APP_ID: fake.appId,
          WECHAT_APP_SECRET: fake.secret,
          WECHAT_TEMPLATE_INDEX: 'T-index',
          WECHAT_TEMPLATE_DIARY: 'T-diary',
          WECHAT_TEMPLATE_FOLLOWUP: 'T-followup',
          WECHAT_TEMPLATE_URGENT: 'T-urgent',
          ...extra,
        }),
      )!,
      { timeoutMs, now: () => nowMs },
    );
  const msg = renderWechat(facts, 'zh');
  beforeAll(async () => {
    fake = await startFakeWechat();
    fake.followers.add('openid-A');
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    forgetWechatTokens();
    fake.mode = 'up';
    fake.sent.length = 0;
    fake.tokenFetches = 0;
    fake.nextSendAnswers.length = 0;
  });

  it('shares one token fetch among concurrent senders and sends the template fields', async () => {
    const outcomes = await Promise.all([client(), client(), client()].map((c) => c.send('openid-A', msg)));
    expect(outcomes.every((o) => o.result === 'sent')).toBe(true);
    expect(fake.tokenFetches).toBe(1);
    expect(fake.sent[0]).toMatchObject({ path: '/cgi-bin/message/template/send', touser: 'openid-A', template_id: 'T-index', data: msg.data });
  });

  it('fetches a new token before the old one expires', async () => {
    const c = client();
    await c.send('openid-A', msg);
    nowMs += 7200_000 - 6 * 60_000; // 6 minutes before expiry: still the cached one
    await c.send('openid-A', msg);
    expect(fake.tokenFetches).toBe(1);
    nowMs += 2 * 60_000; // inside the last 5 minutes
    await c.send('openid-A', msg);
    expect(fake.tokenFetches).toBe(2);
  });

  it('on 42001 (expired) and 40001 (replaced) fetches anew and sends once', async () => {
    const c = client();
    await c.send('openid-A', msg);
    for (const how of ['expired', 'replaced'] as const) {
      fake.expireTokens(how);
      const before = fake.tokenFetches;
      expect(await c.send('openid-A', msg)).toMatchObject({ result: 'sent' });
      expect(fake.tokenFetches).toBe(before + 1);
    }
    expect(fake.sent).toHaveLength(3);
  });

  it('an unfollowed openid is unbound, a quota limit and an outage are temporary, a bad template permanent, no answer uncertain', async () => {
    const c = client();
    expect(await c.send('openid-gone', msg)).toEqual({ result: 'unbound', code: 'wechat:43004' });
    fake.nextSendAnswers.push({ errcode: 45009, errmsg: 'reach max api daily quota limit' });
    expect(await c.send('openid-A', msg)).toEqual({ result: 'temporary', code: 'wechat:45009' });
    fake.nextSendAnswers.push({ errcode: 40037, errmsg: 'invalid template_id' });
    expect(await c.send('openid-A', msg)).toEqual({ result: 'permanent', code: 'wechat:40037' });
    fake.mode = 'down';
    expect(await c.send('openid-A', msg)).toEqual({ result: 'temporary', code: 'wechat:http_503' });
    fake.mode = 'slow';
    fake.slowMs = 1000;
    // The token is shared and still good, so the message itself went unanswered: it may have been taken.
    expect(await client({}, 300).send('openid-A', msg)).toEqual({ result: 'uncertain', code: 'wechat:timeout' });
  });

  it('a message taken but not answered in time is uncertain; a token fetch that times out sends nothing', async () => {
    const c = client({}, 300);
    expect(await c.send('openid-A', msg)).toMatchObject({ result: 'sent' });
    fake.mode = 'late';
    fake.slowMs = 1000;
    expect(await c.send('openid-A', msg)).toEqual({ result: 'uncertain', code: 'wechat:timeout' });
    expect(fake.sent).toHaveLength(2);
    forgetWechatTokens();
    expect(await client({}, 300).send('openid-A', msg)).toEqual({ result: 'temporary', code: 'wechat:timeout' });
    expect(fake.sent).toHaveLength(2);
  });

  it('sends long-term subscription messages where configured', async () => {
    expect(await client({ WECHAT_MESSAGE_TYPE: 'subscribe' }).send('openid-A', msg)).toMatchObject({ result: 'sent' });
    expect(fake.sent[0]!.path).toBe('/cgi-bin/message/subscribe/bizsend');
  });

  it('turns an OAuth code into the openid once; a bad or reused code is an error', async () => {
    fake.oauthCodes.set('code-1', 'openid-A');
    expect(await client().openidForCode('code-1')).toBe('openid-A');
    await expect(client().openidForCode('code-1')).rejects.toThrow(WechatError);
    await expect(client().openidForCode('nope')).rejects.toThrow('wechat:oauth_40029');
  });
});
