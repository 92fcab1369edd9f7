import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { pageClient } from '../../helpers/pages';
import { closeFakes, families, notifyConfig, startFakes, type Fakes } from './world';

let f: Fakes;
let w: World;
let kids: Awaited<ReturnType<typeof families>>;
const pages = pageClient(() => w);
const PATH = '/app/notifications/channels';
const childForm = (over: Record<string, string> = {}) => ({ wechat: 'on', sms: 'on', kind_index: 'on', kind_urgent: 'on', minLevel: '3', quietFrom: '21:00', quietUntil: '07:00', ...over });

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

describe('"How we reach you" for parents', () => {
  it('lists each child with channels, messages, level and quiet hours, the masked phone, no openid; linked from the app', async () => {
    const home = await pages.page('parent1', '/app');
    expect(home.html).toContain(`href="${PATH}"`);
    const res = await pages.page('parent1', PATH);
    expect(res.status).toBe(200);
    expect(res.html).toContain('甲');
    expect(res.html).toContain('丙');
    expect(res.html).not.toContain('乙');
    expect(res.html).toContain('138****8000');
    expect(res.html).not.toContain('13800138000');
    expect(res.html).not.toContain('openid-1');
    expect(res.html).toContain('没有人实时查看');
    const en = await pages.page('parent1', PATH, 'en');
    expect(en.html).toContain('How we reach you');
    expect(en.html).toContain('nobody watches them');
  });

  it("saves a child's choices, and answers bad input with the reason in the parent's words, never the validator's", async () => {
    const ok = await pages.post('parent1', `${PATH}/child/${kids.childA}`, childForm({ minLevel: '4', quietUntil: '08:00' }));
    expect(ok.status).toBe(200);
    expect(ok.html).toContain('已保存');
    const prefs = await w.db.selectFrom('notification_prefs').selectAll().where('child_id', '=', kids.childA).executeTakeFirstOrThrow();
    expect(prefs).toMatchObject({ min_level: 4, quiet_until: '08:00', kind_diary: 0, kind_index: 1 });

    const bad = await pages.post('parent1', `${PATH}/child/${kids.childA}`, childForm({ minLevel: '9', quietFrom: '25:99' }));
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('请选择 1 到 5 级');
    expect(bad.html).toContain('请输入 HH:MM 格式的时间');
    expect(bad.html).not.toMatch(/Too big|Invalid|expected/);

    await pages.post('parent2', `${PATH}/child/${kids.childB}/sms-consent/withdraw`, {});
    const noConsent = await pages.post('parent2', `${PATH}/child/${kids.childB}`, childForm({ wechat: '' }), 'en');
    expect(noConsent.status).toBe(400);
    expect(noConsent.html).toContain('Agree to receive SMS first');
    expect((await pages.post('parent2', `${PATH}/child/${kids.childA}`, childForm())).status).toBe(404);
  });

  it("gives a one-time code, unbinds, and binds inside WeChat only after asking, with this session's state", async () => {
    const code = await pages.post('parent2', `${PATH}/code`, {});
    expect(code.html).toMatch(/<strong class="bind-code">\d{6}<\/strong>/);
    expect((await pages.post('parent1', `${PATH}/unbind`, {})).html).toContain('已解绑');

    const inWechat = await w.app.request(PATH, { headers: { cookie: await w.cookieFor('parent1'), 'user-agent': 'Mozilla/5.0 (iPhone) MicroMessenger/8.0.50' } });
    const html = await inWechat.text();
    const link = /href="(https:\/\/open\.weixin\.qq\.com\/connect\/oauth2\/authorize\?[^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    expect(link).toContain('scope=snsapi_base');
    expect(link).toContain(encodeURIComponent('https://asthma.example.org/app/notifications/channels/wechat'));
    const state = new URL(link.replace('#wechat_redirect', '')).searchParams.get('state')!;

    const oauth = `code-${randomUUID()}`;
    f.wechat.oauthCodes.set(oauth, 'openid-1');
    expect((await pages.page('parent1', `${PATH}/wechat?code=${oauth}&state=someone-else`)).status).toBe(400);
    const ask = await pages.page('parent1', `${PATH}/wechat?code=${oauth}&state=${state}`);
    expect(ask.html).toContain('绑定这个微信？');
    expect((await w.db.selectFrom('wechat_bindings').select('active').where('openid', '=', 'openid-1').executeTakeFirstOrThrow()).active).toBe(0);
    const bound = await pages.post('parent1', `${PATH}/wechat`, { code: oauth, state });
    expect(bound.html).toContain('已绑定微信');
    expect((await w.db.selectFrom('wechat_bindings').select('active').where('openid', '=', 'openid-1').executeTakeFirstOrThrow()).active).toBe(1);
  });

  it('gives and withdraws SMS consent; a second guardian is told SMS is for the enrolment guardian', async () => {
    expect((await pages.post('parent1', `${PATH}/child/${kids.childA}/sms-consent/withdraw`, {})).html).toContain('已撤回');
    expect((await pages.post('parent1', `${PATH}/child/${kids.childA}/sms-consent`, {})).html).toContain('已记录您同意接收短信');
    await w.call('clinicA', 'POST', `/api/v1/children/${kids.childB}/guardians`, { userId: w.userIds.parent1, relation: '父亲', consent: { date: '2025-01-21', noticeVersion: 'v1' } });
    const page = await pages.page('parent1', PATH);
    expect(page.html).toContain('短信只发给登记时留下手机号的家长');
    const refused = await pages.post('parent1', `${PATH}/child/${kids.childB}/sms-consent`, {});
    expect(refused.status).toBe(409);
  });
});
