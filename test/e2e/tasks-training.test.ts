// Clinician training through pages only (issue 36): the programme manager creates a course and a
// session at a desk and enrols the demo clinic's doctor; the hospital's trainer, on a phone, marks
// them attended and competent; the centre's trained count on the manager's dashboard goes up by
// one. Chinese throughout; the doctor then reads their own training in English on a phone.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, SCREENSHOTS } from './browser';
import { DESKTOP, PHONE, confirmation, everyPageSound, finish, rawText, signIn, submit } from './tasks';

const base = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** The centre's trained count in the dashboard's readiness table. */
async function trainedAt(page: Page, centre: string): Promise<number> {
  await page.goto(`${base}/dashboard`);
  const row = page.locator('#readiness tbody tr', { hasText: centre });
  return Number((await row.locator('td[data-col="trained"]').textContent())!.trim());
}

describe('training a community clinician', () => {
  it('a manager runs a course, the trainer records the check on a phone, and readiness rises (zh, then the doctor in en)', async () => {
    const m = await signIn(browser, base, 'manager', 'zh', DESKTOP);
    await Promise.all([m.page.waitForURL((u) => u.pathname === '/training'), m.page.click('header nav a:text-is("医生培训")')]);
    await Promise.all([m.page.waitForURL(/\/training\/courses\/new$/), m.page.click('main a[href="/training/courses/new"]')]);
    await m.page.fill('#f-title', '吸入技术教学（浏览器测试）');
    await m.page.selectOption('#f-topic', 'inhaler_technique');
    await m.page.selectOption('#f-format', 'workshop');
    await m.page.fill('#f-hours', '4');
    await submit(m.page, /\/training\/courses\/[0-9a-f-]{36}\?saved=course$/);
    expect(await confirmation(m.page)).toBe('课程已保存。');
    await finish(m.page, 'tasks-training-zh-course');

    // The session is today (the form's default), at the hospital, with the hospital's 陈主任 training.
    await Promise.all([m.page.waitForURL(/\/sessions\/new$/), m.page.click('main a[href$="/sessions/new"]')]);
    await m.page.fill('#f-place', '上海儿童医学中心 培训教室');
    const trainer = await m.page.locator('#f-trainerId option', { hasText: '陈主任' }).getAttribute('value');
    await m.page.selectOption('#f-trainerId', trainer!);
    await submit(m.page, /\/training\/sessions\/[0-9a-f-]{36}\?saved=session$/);
    const session = new URL(m.page.url()).pathname;
    const doctor = await m.page.locator('#enrol-clinician option', { hasText: '李医生' }).getAttribute('value');
    await m.page.selectOption('#enrol-clinician', doctor!);
    await submit(m.page, /\?saved=enrolled$/, 'main form[action$="/enrol"] button[type=submit]');
    const card = m.page.locator('main section.enrolee', { hasText: '李医生' });
    const centre = ((await card.locator('h3 .muted').textContent()) ?? '').trim();
    expect(centre).toMatch(/社区卫生服务中心$/);
    expect(await card.textContent()).toContain('未记录');
    await finish(m.page, 'tasks-training-zh-session-enrolled');
    const before = await trainedAt(m.page, centre);

    // The trainer, on a phone, finds the session among those they train.
    const h = await signIn(browser, base, 'hospital', 'zh', PHONE);
    await h.page.goto(`${base}/training`);
    await Promise.all([h.page.waitForURL((u) => u.pathname === session), h.page.click(`main a[href="${session}"]`)]);
    const mine = h.page.locator('main section.enrolee', { hasText: '李医生' });
    await Promise.all([h.page.waitForURL(/\?saved=attendance$/), mine.locator('button[value="yes"]').click()]);
    expect(await confirmation(h.page)).toBe('出勤已记录。');
    const checked = h.page.locator('main section.enrolee', { hasText: '李医生' });
    await checked.locator('input[value="inhaler_teaching_observed"]').check();
    await checked.locator('input[value="spacer_teaching_observed"]').check();
    expect(await checked.locator('input[name="result"][value="pass"]').isChecked()).toBe(true);
    await Promise.all([h.page.waitForURL(/\?saved=competency$/), checked.locator('form[action$="/competency"] button[type=submit]').click()]);
    expect(await confirmation(h.page)).toBe('考核已记录。');
    expect(await h.page.locator('main section.enrolee', { hasText: '李医生' }).textContent()).toMatch(/已出勤.*通过/s);
    expect(await rawText(h.page)).toEqual([]);
    await finish(h.page, 'tasks-training-zh-trainer-phone');
    expect(h.consoleErrors).toEqual([]);
    await everyPageSound(h);
    await h.context.close();

    // The manager's dashboard: one more trained clinician at the doctor's centre.
    expect(await trainedAt(m.page, centre)).toBe(before + 1);
    await m.page.locator('#readiness').scrollIntoViewIfNeeded();
    expect(await rawText(m.page)).toEqual([]);
    await finish(m.page, 'tasks-training-zh-dashboard');
    // The whole dashboard is long: its three training sections are kept on their own to look at.
    for (const id of ['readiness', 'coverage', 'outcomes']) await m.page.locator(`#${id}`).screenshot({ path: `${SCREENSHOTS}/tasks-training-zh-dashboard-${id}.png` });
    expect(m.consoleErrors).toEqual([]);
    await everyPageSound(m);
    await m.context.close();

    // The doctor reads their own training, in English, on a phone.
    const d = await signIn(browser, base, 'clinic', 'en', PHONE);
    await Promise.all([d.page.waitForURL((u) => u.pathname === '/training'), d.page.goto(`${base}/training`)]);
    expect(await d.page.textContent('main')).toContain('Trained and certified');
    expect(await rawText(d.page)).toEqual([]);
    await finish(d.page, 'tasks-training-en-doctor-phone');
    await everyPageSound(d);
    await d.context.close();
  });

  it("the admin enters a centre's population on a phone: zero is refused in Chinese, then saved (zh)", async () => {
    const a = await signIn(browser, base, 'admin', 'zh', PHONE);
    await a.page.goto(`${base}/training`);
    await Promise.all([a.page.waitForURL((u) => u.pathname === '/admin/coverage'), a.page.click('main a[href="/admin/coverage"]')]);
    const form = a.page.locator('main form[action$="/population"]');
    await form.locator('#f-population').fill('0');
    await form.locator('#f-source').fill('浦东新区统计年鉴 2025');
    // The browser's own check would stop a 0 before the server sees it: the server's answer is what is tested.
    await form.evaluate((f) => f.setAttribute('novalidate', ''));
    await Promise.all([a.page.waitForURL((u) => u.pathname === '/admin/coverage/population'), form.locator('button[type=submit]').click()]);
    expect(await a.page.textContent('main .errors')).toContain('人数须为大于 0 的整数');
    await finish(a.page, 'tasks-training-zh-population-refused');
    await a.page.locator('main form[action$="/population"] #f-population').fill('21000');
    await submit(a.page, /\/admin\/coverage\?saved=population$/, 'main form[action$="/population"] button[type=submit]');
    expect(await confirmation(a.page)).toBe('人口数已保存。');
    expect(await rawText(a.page)).toEqual([]);
    await finish(a.page, 'tasks-training-zh-population-saved');
    await everyPageSound(a);
    await a.context.close();
  });
});
