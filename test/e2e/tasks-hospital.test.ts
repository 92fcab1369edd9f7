// The hospital clinician's tasks at a desk, through pages only (issue 30): accepts a referral from
// a community centre, records the visit, completes it with the outcome, and refers the child back
// down from the completion page. Each test has the community clinician enrol and refer its own
// child first, through the pages too. Chinese first; accepting in English too.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch } from './browser';
import { DESKTOP, confirmation, enrolChild, everyPageSound, finish, rawText, referUp, signIn, submit, type Enrolled } from './tasks';

const base = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** The community clinician enrols a child and refers it up; the referral's path. */
async function referredChild(): Promise<{ child: Enrolled; referral: string }> {
  const clinic = await signIn(browser, base, 'clinic', 'zh', DESKTOP);
  const child = await enrolChild(clinic.page, base);
  const referral = await referUp(clinic.page, base, child.path, '两次随访均未控制，吸入技术和依从性已核查。');
  await clinic.context.close();
  return { child, referral };
}

/** One move on the referral page: the action's form, its text if any, and the confirmation after. */
async function act(page: Page, referral: string, action: string, button: string, text?: string): Promise<string> {
  const form = page.locator(`main form[action="${referral}/${action}"]`);
  if (text !== undefined) await form.locator('textarea').fill(text);
  await Promise.all([page.waitForURL(new RegExp(`\\?done=${action}$`)), form.locator(`button:text-is("${button}")`).click()]);
  return confirmation(page);
}

describe('a hospital clinician at a desk', () => {
  it('accepts a referral from the incoming list, records the visit, completes it and refers the child back down (zh)', async () => {
    const { child, referral } = await referredChild();
    const s = await signIn(browser, base, 'hospital', 'zh', DESKTOP);
    await s.page.goto(`${base}/referrals`);
    const row = s.page.locator('main table tbody tr', { hasText: child.name });
    expect(await row.textContent()).toContain('待接收');
    await Promise.all([s.page.waitForURL((u) => u.pathname === referral), row.locator(`a[href="${referral}"]`).first().click()]);
    await finish(s.page, 'tasks-hospital-zh-referral-requested');

    expect(await act(s.page, referral, 'accept', '接收')).toBe('已接收该转诊。');
    expect(await s.page.textContent('main')).toContain('已接收');
    expect(await act(s.page, referral, 'start', '已就诊')).toBe('已记录就诊。');
    const outcome = '支气管舒张试验阳性，诊断明确；吸入激素加量至中剂量，4 周后社区复诊。';
    expect(await act(s.page, referral, 'complete', '完成并反馈结果', outcome)).toBe('已完成并反馈结果。');
    expect(await s.page.textContent('main')).toContain(outcome);
    const timeline = (await s.page.textContent('main ol'))!;
    for (const words of ['待接收', '已接收', '就诊中', '已完成']) expect(timeline).toContain(words);
    expect(await rawText(s.page)).toEqual([]);
    await finish(s.page, 'tasks-hospital-zh-referral-completed');

    // The completion page offers the way back down, with the child and this referral carried over.
    await Promise.all([s.page.waitForURL(/\/referrals\/new\?/), s.page.click('main a.button:text-is("转回社区（下转）")')]);
    expect(await s.page.textContent('h1')).toContain('下转');
    expect(await s.page.textContent('main')).toContain(child.name);
    expect(await s.page.locator('#toCenterId option:checked').textContent()).toBe('潍坊社区卫生服务中心');
    await s.page.check('input[name="reasons"][value="D1"]');
    await s.page.fill('#summary', '诊断明确，治疗方案已记录，请社区继续随访。');
    await s.page.fill('#controller', '布地奈德吸入气雾剂');
    await s.page.fill('#dose', '每次 1 喷，每日 2 次');
    await s.page.selectOption('#ginaStep', '3');
    await s.page.check('input[name="actionPlanGiven"]');
    const review = new Date(Date.now() + 28 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    await s.page.fill('#nextReviewDate', review);
    await submit(s.page, /\/referrals\/[0-9a-f-]{36}\?done=create$/);
    expect(await confirmation(s.page)).toBe('转诊已发出。');
    const facts = (await s.page.textContent('main dl.facts'))!;
    expect(facts).toContain('下转');
    expect(facts).toContain('上海儿童医学中心 → 潍坊社区卫生服务中心');
    expect(await s.page.locator(`main dl.facts a[href="${referral}"]`).count()).toBe(1);
    expect(await s.page.textContent('main')).toContain('布地奈德吸入气雾剂');
    expect(await rawText(s.page)).toEqual([]);
    await finish(s.page, 'tasks-hospital-zh-referred-down');
    expect(s.consoleErrors).toEqual([]);
    await everyPageSound(s);
    await s.context.close();

    // The community centre sees the outcome and the child coming back, in its incoming box.
    const clinic = await signIn(browser, base, 'clinic', 'zh', DESKTOP);
    await clinic.page.goto(`${base}${referral}`);
    expect(await clinic.page.textContent('main')).toContain(outcome);
    await clinic.page.goto(`${base}/referrals?box=incoming`);
    expect(await clinic.page.locator('main table tbody tr', { hasText: child.name }).textContent()).toContain('下转');
    await everyPageSound(clinic);
    await clinic.context.close();
  });

  it('accepts a referral in English: the page and its confirmation in English', async () => {
    const { child, referral } = await referredChild();
    const s = await signIn(browser, base, 'hospital', 'en', DESKTOP);
    await s.page.goto(`${base}/referrals`);
    const row = s.page.locator('main table tbody tr', { hasText: child.name }).first();
    await Promise.all([s.page.waitForURL((u) => u.pathname === referral), row.locator(`a[href="${referral}"]`).first().click()]);
    expect(await s.page.textContent('main dl.facts')).toContain('Weifang Community Health Service Center');
    expect(await act(s.page, referral, 'accept', 'Accept')).toBe('Referral accepted.');
    expect(await s.page.textContent('main')).toContain('Accepted');
    expect(await rawText(s.page)).toEqual([]);
    await finish(s.page, 'tasks-hospital-en-referral-accepted');
    expect(s.consoleErrors).toEqual([]);
    await everyPageSound(s);
    await s.context.close();
  });
});
