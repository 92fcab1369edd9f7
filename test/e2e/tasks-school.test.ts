// A school nurse's tasks on a 390 px phone, through pages only (issue 30). The monthly check, a use
// and telling the parent are school-phone.test.ts (Chinese and English); here the capability
// assessment, a training, and a retired kit that no longer takes a check or a use.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch } from './browser';
import { PHONE, confirmation, everyPageSound, finish, pageIsSound, rawText, signIn, submit } from './tasks';

const base = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** The nurse's school page, from the home page's link. */
async function schoolHome(page: Page): Promise<string> {
  await page.goto(`${base}/schools`);
  return new URL(page.url()).pathname;
}

/** A kit of the test's own, added through the kits page; returns its page's path. */
async function addKit(page: Page, label: string): Promise<string> {
  const school = await schoolHome(page);
  await page.goto(`${base}${school}/kits`);
  await Promise.all([page.waitForURL(/\/kits\/new$/), page.click('main a.button[href$="/kits/new"]')]);
  await page.fill('#f-label', label);
  await page.fill('#f-location', '二楼医务室');
  await page.fill('#f-mdis-0-batch', `B${Date.now() % 1_000_000}`);
  await page.fill('#f-mdis-0-expiry', '2028-06');
  await submit(page, /\/kits\/[0-9a-f-]{36}\?saved=kit$/);
  expect(await confirmation(page)).toBe('急救包信息已保存。');
  return new URL(page.url()).pathname;
}

describe('a school nurse on a phone', () => {
  it('completes a first-aid capability assessment: a blank answer is named in words, then the result shows the grade (zh)', async () => {
    const s = await signIn(browser, base, 'school', 'zh', PHONE);
    const school = await schoolHome(s.page);
    await Promise.all([s.page.waitForURL(/\/assessments\/new$/), s.page.click('main a[href$="/assessments/new"]')]);
    await pageIsSound(s.page, 'assessment form');

    // Sent as prefilled, the questions nobody could prefill are named, each "必填", not the validator's words.
    await s.page.click('main form button[type=submit]');
    await s.page.waitForSelector('main .errors');
    const summary = await s.page.textContent('main .errors');
    expect(summary).toContain('教职工知道急救包位置：必填');
    expect(await rawText(s.page)).toEqual([]);
    await finish(s.page, 'tasks-school-zh-assessment-refused');

    await s.page.check('input[name="staffKnewLocation"][value="2"]');
    await s.page.check('input[name="registerUpdatedThisTerm"][value="yes"]');
    await s.page.fill('#f-plansValid', '10');
    await s.page.fill('#f-consents', '10');
    await submit(s.page, /\/assessments\/[0-9a-f-]{36}$/);
    expect(await s.page.textContent('h1')).toMatch(/^评估结果 · \d{4}-\d{2}-\d{2}$/);
    const facts = (await s.page.textContent('main dl.facts'))!;
    expect(facts).toMatch(/[A-D] · (优秀|达标|基本达标|不达标)/);
    expect(await rawText(s.page)).toEqual([]);
    await finish(s.page, 'tasks-school-zh-assessment-result');

    // The school page's history lists it first.
    const result = new URL(s.page.url()).pathname;
    await s.page.goto(`${base}${school}`);
    expect(await s.page.locator('main dl.facts a[href^="/assessments/"]').first().getAttribute('href')).toBe(result);
    // The refused form came back as a 400, which the browser logs; nothing else went wrong.
    expect(s.consoleErrors.filter((e) => !e.includes('status of 400'))).toEqual([]);
    await everyPageSound(s);
    await s.context.close();
  });

  const trainings = [
    { lang: 'zh', trainer: '周护士长', organisation: '潍坊社区卫生服务中心', attendee: '吴老师', saved: '培训记录已保存。', passed: '考核合格' },
    { lang: 'en', trainer: 'Nurse Zhou', organisation: 'Weifang Community Health Centre', attendee: 'Ms Wu', saved: 'Training session saved.', passed: 'passed' },
  ] as const;
  for (const c of trainings) {
    it(`records a training with an assessed attendee, and sees it in the list (${c.lang})`, async () => {
      const s = await signIn(browser, base, 'school', c.lang, PHONE);
      const school = await schoolHome(s.page);
      await s.page.goto(`${base}${school}/trainings`);
      await Promise.all([s.page.waitForURL(/\/trainings\/new$/), s.page.click('main a[href$="/trainings/new"]')]);
      await s.page.selectOption('#f-kind', 'refresher');
      await s.page.fill('#f-trainer', c.trainer);
      await s.page.fill('#f-organisation', c.organisation);
      await s.page.check('input[name="topics"][value="firstAid120"]');
      await s.page.check('input[name="topics"][value="technique"]');
      await s.page.fill('#f-attendees-0-name', c.attendee);
      await s.page.selectOption('#f-attendees-0-role', 'classTeacher');
      await s.page.selectOption('#f-attendees-0-competency', 'pass');
      await s.page.fill('#f-attendees-0-competencyDate', await s.page.inputValue('#f-date'));
      await pageIsSound(s.page, 'training form');
      await submit(s.page, /\/trainings\?saved=training$/);
      expect(await confirmation(s.page)).toBe(c.saved);
      const main = (await s.page.textContent('main'))!;
      expect(main).toContain(c.trainer);
      expect(main).toContain(c.attendee);
      expect(main.toLowerCase()).toContain(c.passed.toLowerCase());
      expect(await rawText(s.page)).toEqual([]);
      await finish(s.page, `tasks-school-${c.lang}-training-saved`);
      expect(s.consoleErrors).toEqual([]);
      await everyPageSound(s);
      await s.context.close();
    });
  }

  it('a retired kit offers no monthly check or use, and its forms refuse in words until it is back in use (zh)', async () => {
    const s = await signIn(browser, base, 'school', 'zh', PHONE);
    const kit = await addKit(s.page, `备用急救包 ${Date.now() % 10_000}`);
    await Promise.all([s.page.waitForURL(/\/retire$/), s.page.click('main a:text-is("停用此急救包")')]);
    await s.page.fill('#f-reason', '已合并到急救包 1');
    await submit(s.page, /\?saved=retired$/);
    expect(await confirmation(s.page)).toBe('急救包已停用。');
    expect(await s.page.locator('main a:text-is("月度检查"), main a:text-is("使用登记")').count()).toBe(0);
    await finish(s.page, 'tasks-school-zh-retired-kit');

    for (const form of ['check', 'use']) {
      const res = await s.page.goto(`${base}${kit}/${form}`);
      expect(res!.status()).toBe(409);
      expect(await s.page.textContent('main [role=alert]')).toContain('该急救包已停用，不能进行月度检查或使用登记');
      expect(await s.page.locator('main form').count()).toBe(0);
    }
    await finish(s.page, 'tasks-school-zh-retired-kit-refuses');
    await Promise.all([s.page.waitForURL((u) => u.pathname === kit), s.page.click('main a:text-is("返回急救包页面")')]);

    await submit(s.page, /\?saved=reactivated$/, 'main button:text-is("恢复使用此急救包")');
    await Promise.all([s.page.waitForURL(/\/check$/), s.page.click('main a.button:text-is("月度检查")')]);
    expect(await s.page.locator('main form input[name="mdiPresent"]').count()).toBe(2);
    await everyPageSound(s);
    await s.context.close();
  });
});
