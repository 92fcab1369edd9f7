import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { wechatSignature, xmlField } from '../../../server/notifications/wechat-callback';
import { closeFakes, notifyConfig, startFakes, type Fakes } from './world';

const TOKEN = 'callback-token-1';
let f: Fakes;
let w: World;

beforeAll(async () => {
  f = await startFakes();
});
afterAll(async () => {
  await closeFakes(f);
});
beforeEach(async () => {
  w = await createWorld({ now: '2025-01-21T02:00:00Z', config: { ...notifyConfig(f), WECHAT_CALLBACK_TOKEN: TOKEN } });
});
afterEach(async () => {
  await w.close();
});

const query = (token = TOKEN) => {
  const timestamp = '1737424800';
  const nonce = 'n0nce';
  return `signature=${wechatSignature(token, timestamp, nonce)}&timestamp=${timestamp}&nonce=${nonce}`;
};
const message = (openid: string, content: string) =>
  `<xml><ToUserName><![CDATA[gh_programme]]></ToUserName><FromUserName><![CDATA[${openid}]]></FromUserName><CreateTime>1737424800</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>1</MsgId></xml>`;
const post = (body: string, q = query()) => w.app.request(`/wechat/callback?${q}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });

describe('binding WeChat by a one-time code sent to the service account', () => {
  it("answers WeChat's server check only when signed with the token", async () => {
    expect(await (await w.app.request(`/wechat/callback?${query()}&echostr=abc123`)).text()).toBe('abc123');
    expect((await w.app.request(`/wechat/callback?${query('wrong')}&echostr=abc123`)).status).toBe(403);
  });

  it('binds the sender of a valid code once; a used or unknown code and a forged call bind nothing', async () => {
    const { code } = (await w.call('parent1', 'POST', '/api/v1/notifications/wechat/code')).body as { code: string };
    expect((await post(message('openid-9', code), query('forged'))).status).toBe(403);
    const res = await post(message('openid-9', code));
    const xml = await res.text();
    expect(xmlField(xml, 'ToUserName')).toBe('openid-9');
    expect(xmlField(xml, 'Content')).toContain('绑定成功');
    const settings = await w.call('parent1', 'GET', '/api/v1/notifications/settings');
    expect(settings.body.channels.wechat).toMatchObject({ bound: true, via: 'code' });
    expect(xmlField(await (await post(message('openid-10', code))).text(), 'Content')).toContain('无效');
    expect(xmlField(await (await post(message('openid-10', '000000'))).text(), 'Content')).toContain('无效');
    expect(await (await post(message('openid-10', 'hello'))).text()).toBe('success');
  });

  it('a code from another account for an openid already bound elsewhere: told so, nothing changes', async () => {
    const one = (await w.call('parent1', 'POST', '/api/v1/notifications/wechat/code')).body.code as string;
    await post(message('openid-9', one));
    const two = (await w.call('parent2', 'POST', '/api/v1/notifications/wechat/code')).body.code as string;
    expect(xmlField(await (await post(message('openid-9', two))).text(), 'Content')).toContain('另一个家长账号');
    expect((await w.call('parent2', 'GET', '/api/v1/notifications/settings')).body.channels.wechat.bound).toBe(false);
  });

  it('a code expires after 10 minutes', async () => {
    const { code } = (await w.call('parent1', 'POST', '/api/v1/notifications/wechat/code')).body as { code: string };
    w.clock.set('2025-01-21T02:10:00Z');
    expect(xmlField(await (await post(message('openid-9', code))).text(), 'Content')).toContain('无效');
  });

  it('after 5 wrong codes in an hour a WeChat user is refused even a right one, for the rest of the hour', async () => {
    for (let i = 0; i < 5; i++) expect(xmlField(await (await post(message('openid-guess', String(100000 + i)))).text(), 'Content')).toContain('无效');
    const { code } = (await w.call('parent1', 'POST', '/api/v1/notifications/wechat/code')).body as { code: string };
    expect(xmlField(await (await post(message('openid-guess', code))).text(), 'Content')).toContain('过多');
    expect((await w.call('parent1', 'GET', '/api/v1/notifications/settings')).body.channels.wechat.bound).toBe(false);
    // Counted in the database, for every instance and across a restart, under a keyed hash of the sender only.
    const counted = await w.db.selectFrom('wechat_code_failures').selectAll().execute();
    expect(counted).toHaveLength(5);
    expect(new Set(counted.map((r) => r.openid_hash)).size).toBe(1);
    expect(JSON.stringify(counted)).not.toContain('openid-guess');
    w.clock.set('2025-01-21T03:00:01Z');
    const fresh = (await w.call('parent1', 'POST', '/api/v1/notifications/wechat/code')).body.code as string;
    expect(xmlField(await (await post(message('openid-guess', fresh))).text(), 'Content')).toContain('绑定成功');
  });
});
