import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageClient } from '../helpers/pages';
import { createWorld, type World } from '../helpers/world';
import { enrol, followUpBody } from '../server/children/fixtures';
import { move, referredUp, upBody } from '../server/referrals/fixtures';
import { childPageSections } from '../../web/children/sections';
import { render } from '../../web/render';

let w: World;
beforeAll(async () => {
  w = await createWorld();
  // The child page belongs to another feature; a bare page shows the blocks features add to it.
  w.app.get('/__test/child/:id', async (c) => render(c, 'child', await childPageSections(c, c.get('actor')!, c.req.param('id'))));
});
afterAll(async () => {
  await w.close();
});

const { page, post } = pageClient(() => w);

const actionForm = (id: string, action: string) => `action="/referrals/${id}/${action}"`;

describe('referral pages', () => {
  it('shows the inboxes with status filters, overdue first, and refuses managers', async () => {
    const { id } = await referredUp(w, { urgency: 'urgent', reasons: ['U6'] });
    const incoming = await page('hospital', '/referrals?box=incoming');
    expect(incoming.status).toBe(200);
    expect(incoming.html).toContain(`href="/referrals/${id}"`);
    expect(incoming.html).toContain('待接收');
    // Reasons in words, not only codes (issue 30).
    expect(incoming.html).toMatch(/U6 [^<；]*口服激素/);
    const outgoing = await page('clinicA', '/referrals?box=outgoing&status=requested', 'en');
    expect(outgoing.html).toContain(`href="/referrals/${id}"`);
    expect(outgoing.html).toContain('Outgoing (we referred)');
    expect((await page('clinicA', '/referrals?box=outgoing&status=completed')).html).not.toContain(`href="/referrals/${id}"`);
    expect((await page('manager', '/referrals')).status).toBe(403);
    expect((await page('admin', '/referrals')).status).toBe(200);
  });

  it('renders the referral page, escaping what users typed', async () => {
    const childId = await enrol(w, { name: '<b>小明</b>' });
    const res = await w.call('clinicA', 'POST', '/api/v1/referrals', upBody(w, childId, { summary: '<script>alert(1)</script>\n第二行' }));
    const html = (await page('hospital', `/referrals/${res.body.id}`)).html;
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;b&gt;小明&lt;/b&gt;');
    expect(html).not.toContain('<b>小明</b>');
    expect(html).toContain('U5 已核查吸入技术');
  });

  it('offers each side only its own actions, none to admins, and hides the page from a third centre', async () => {
    const { id } = await referredUp(w);
    const receiving = (await page('hospital', `/referrals/${id}`)).html;
    expect(receiving).toContain(actionForm(id, 'accept'));
    expect(receiving).toContain(actionForm(id, 'reject'));
    expect(receiving).not.toContain(actionForm(id, 'cancel'));
    const referring = (await page('clinicA', `/referrals/${id}`)).html;
    expect(referring).toContain(actionForm(id, 'cancel'));
    for (const a of ['accept', 'reject', 'start', 'fail', 'complete']) expect(referring).not.toContain(actionForm(id, a));
    expect((await page('admin', `/referrals/${id}`)).html).not.toMatch(/action="\/referrals\/[^"]+\/(accept|reject|cancel)"/);
    expect((await page('clinicB', `/referrals/${id}`)).status).toBe(404);
  });

  it('walks a referral through the forms, keeping what was typed when a reason is missing', async () => {
    const { id } = await referredUp(w);
    const missing = await post('hospital', `/referrals/${id}/reject`, [['reason', '   ']]);
    expect(missing.status).toBe(400);
    expect(missing.html).toContain('请填写原因');
    const accepted = await post('hospital', `/referrals/${id}/accept`, []);
    expect([accepted.status, accepted.location]).toEqual([303, `/referrals/${id}?done=accept`]);
    expect((await page('hospital', accepted.location!)).html).toContain('已接收该转诊。');
    await post('hospital', `/referrals/${id}/start`, []);
    const noOutcome = await post('hospital', `/referrals/${id}/complete`, [['outcome', '']], 'en');
    expect(noOutcome.status).toBe(400);
    expect(noOutcome.html).toContain('Write the outcome');
    expect((await post('hospital', `/referrals/${id}/complete`, [['outcome', '控制良好，<i>回社区</i>']])).status).toBe(303);
    const html = (await page('clinicA', `/referrals/${id}`)).html;
    expect(html).toContain('控制良好，&lt;i&gt;回社区&lt;/i&gt;');
    expect(html.match(/<li>/g)!.length).toBeGreaterThanOrEqual(4); // the timeline
    expect(html).toContain('就诊中 → 已完成');
  });

  it('answers a move by the wrong side or from the wrong state with a message, not a change', async () => {
    const { id } = await referredUp(w);
    const wrongSide = await post('clinicA', `/referrals/${id}/accept`, []);
    expect(wrongSide.status).toBe(403);
    expect(wrongSide.html).toContain('只有转入机构可以执行此操作');
    await move(w, 'hospital', id, 'accept');
    const again = await post('hospital', `/referrals/${id}/accept`, []);
    expect(again.status).toBe(409);
    expect(again.html).toContain('当前状态下不能执行此操作');
    expect((await post('clinicA', `/referrals/${id}/explode`, [])).status).toBe(404);
  });
});

describe('the new-referral form', () => {
  it('pre-fills the clinical summary and the reasons from the one-click link, and sends the referral', async () => {
    const childId = await enrol(w);
    await w.call('clinicA', 'POST', `/api/v1/children/${childId}/follow-ups`, followUpBody({ gina: { q1: true, q2: true, q3: true, q4: true }, ginaStep: 2 }));
    const form = await page('clinicA', `/referrals/new?childId=${childId}&direction=up&reasons=U5,U6,D1`);
    expect(form.status).toBe(200);
    expect(form.html).toMatch(/value="U5" checked/);
    expect(form.html).toMatch(/value="U6" checked/);
    expect(form.html).not.toContain('value="D1"');
    expect(form.html).toContain('未控制');
    expect(form.html).not.toContain('name="controller"');
    const sent = await post('clinicA', '/referrals/new', [
      ['childId', childId],
      ['toCenterId', w.ids.hospital],
      ['urgency', 'routine'],
      ['reasons', 'U5'],
      ['reasons', 'U6'],
      ['summary', '请评估'],
    ]);
    expect(sent.status).toBe(303);
    expect(sent.location).toMatch(/^\/referrals\/[0-9a-f-]{36}\?done=create$/);
    const created = (await page('hospital', sent.location!)).html;
    expect(created).toContain('请评估');
    expect(created).toContain('GINA');
  });

  it('keeps what was typed and names each problem in the user language', async () => {
    const childId = await enrol(w);
    const fields: [string, string][] = [
      ['childId', childId],
      ['toCenterId', w.ids.hospital],
      ['urgency', 'urgent'],
      ['summary', '孩子夜间咳醒<明显>'],
    ];
    const zh = await post('clinicA', '/referrals/new', fields);
    expect(zh.status).toBe(400);
    expect(zh.html).toContain('请至少选择一项与转诊方向相符的原因');
    expect(zh.html).toContain('孩子夜间咳醒&lt;明显&gt;');
    expect(zh.html).toMatch(/value="urgent" checked/);
    const en = await post('clinicA', '/referrals/new', [...fields.filter(([k]) => k !== 'summary'), ['reasons', 'U1']], 'en');
    expect(en.status).toBe(400);
    expect(en.html).toContain('Write a clinical note');
    expect(en.html).toMatch(/value="U1" checked/);
  });

  it('asks the hospital for a care plan on a downward referral, keeping what was typed', async () => {
    const { childId, id } = await referredUp(w);
    await move(w, 'hospital', id, 'accept');
    const form = await page('hospital', `/referrals/new?childId=${childId}&previous=${id}`);
    expect(form.html).toContain('name="controller"');
    expect(form.html).toMatch(new RegExp(`value="${w.ids.centreA}" selected`));
    const missing = await post('hospital', '/referrals/new', [
      ['childId', childId],
      ['toCenterId', w.ids.centreA],
      ['urgency', 'routine'],
      ['reasons', 'D1'],
      ['summary', '已控制'],
      ['controller', '布地奈德'],
      ['previousReferralId', id],
    ]);
    expect(missing.status).toBe(400);
    expect(missing.html).toContain('请填写剂量与用法');
    expect(missing.html).toContain('请选择 GINA 治疗级别');
    expect(missing.html).toContain('value="布地奈德"');
    const sent = await post('hospital', '/referrals/new', [
      ['childId', childId],
      ['toCenterId', w.ids.centreA],
      ['urgency', 'routine'],
      ['reasons', 'D1'],
      ['summary', '已控制'],
      ['controller', '布地奈德'],
      ['dose', '200 µg 每日两次'],
      ['ginaStep', '2'],
      ['actionPlanGiven', 'yes'],
      ['nextReviewDate', '2026-04-01'],
      ['previousReferralId', id],
    ]);
    expect(sent.status).toBe(303);
    const html = (await page('clinicA', sent.location!)).html;
    expect(html).toContain('200 µg 每日两次');
    expect(html).toContain(actionForm(sent.location!.slice(11, 47), 'accept'));
  });

  it('shows the child chooser without a child, and 404 for a child out of scope', async () => {
    await enrol(w, { name: '选择我' });
    const chooser = await page('clinicA', '/referrals/new');
    expect(chooser.html).toContain('选择我');
    expect(chooser.html).toContain('method="get"');
    const other = await enrol(w, { centerId: w.ids.centreB }, 'clinicB');
    expect((await page('clinicA', `/referrals/new?childId=${other}`)).status).toBe(404);
    expect((await page('admin', '/referrals/new')).status).toBe(403);
  });
});

describe('referrals on other pages', () => {
  it('lists the child referrals with the outcome, and offers one-click refer up when follow-ups suggest it', async () => {
    const childId = await enrol(w);
    await w.call('clinicA', 'POST', `/api/v1/children/${childId}/follow-ups`, followUpBody({ exacerbations: { ocsCourses: 2, edVisits: 0, admissions: 0 } }));
    const before = (await page('clinicA', `/__test/child/${childId}`)).html;
    expect(before).toContain(`href="/referrals/new?childId=${childId}&amp;direction=up&amp;reasons=U6"`);
    const res = await w.call('clinicA', 'POST', '/api/v1/referrals', upBody(w, childId, { reasons: ['U6'] }));
    await move(w, 'hospital', res.body.id, 'accept');
    await move(w, 'hospital', res.body.id, 'start');
    await move(w, 'hospital', res.body.id, 'complete', { outcome: '已调整为GINA 3级' });
    const after = (await page('clinicA', `/__test/child/${childId}`)).html;
    expect(after).toContain(`href="/referrals/${res.body.id}"`);
    expect(after).toContain('已调整为GINA 3级');
    expect((await page('clinicB', `/__test/child/${childId}`)).html).not.toContain('转诊记录');
  });

  it('puts incoming referrals to act on and outgoing ones awaiting feedback on the clinician home', async () => {
    const { id } = await referredUp(w);
    const hospitalHome = (await page('hospital', '/')).html;
    expect(hospitalHome).toContain('待处理的转入转诊');
    // The home block shows the first few, overdue first: earlier tests' referrals may fill it, so the
    // new one is looked for in the full inbox.
    expect(hospitalHome).toMatch(/href="\/referrals\/[0-9a-f-]{36}"/);
    expect((await page('hospital', '/referrals?box=incoming')).html).toContain(`href="/referrals/${id}"`);
    expect((await page('clinicA', '/')).html).toContain('等待反馈的转出转诊');
  });

  it('marks the required fields of the referral form and says what the mark means', async () => {
    const childId = await enrol(w);
    const html = (await page('clinicA', `/referrals/new?childId=${childId}`, 'en')).html;
    expect(html).toContain('Fields marked * are required.');
    expect(html).toMatch(/<label for="toCenterId">[^<]* \*<\/label>/);
    expect(html).toMatch(/<legend>[^<]* \*<\/legend>/);
    expect(html).toContain('id="summary" name="summary" required');
  });
});
