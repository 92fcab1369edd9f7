// The front door on a phone (issue 30): a parent without an account opens "/" and sees today's
// index at once, in Chinese and in English; the district is an address that works without script.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axe, launch, login, open, SCREENSHOTS } from './browser';

const base = inject('baseUrl');
const PHONE = { width: 390, height: 844 };
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Nothing wider than the phone: no sideways scrolling, no text running off the screen. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate((width) => {
    const wide = [...document.querySelectorAll('main *')].filter((el) => el.getBoundingClientRect().right > width + 0.5);
    const page = document.documentElement.scrollWidth > width ? ['document'] : [];
    return [...page, ...wide.map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${(el.textContent ?? '').slice(0, 40)}`)];
  }, PHONE.width);
}

const cases = [
  { lang: 'zh', title: '今日儿童哮喘指数', level: /^\d 级 · /, danger: '立即拨打120。', details: '明天预报、影响因素和最近 30 天', heading: /浦东新区 · 今天/ },
  { lang: 'en', title: 'Today’s asthma index for children', level: /^Level \d · /, danger: 'call 120 now.', details: 'Tomorrow, the main factors and the last 30 days', heading: /Pudong New Area · today/ },
] as const;

describe('the front door on a phone', () => {
  for (const c of cases) {
    it(`an anonymous visitor sees today's index at once and reaches the full page in one tap (${c.lang})`, async () => {
      const s = await open(browser, base, { lang: c.lang, viewport: PHONE });
      await s.page.goto(`${base}/`);
      expect(new URL(s.page.url()).pathname).toBe('/');
      expect(await s.page.textContent('h1')).toBe(c.title);
      // The level is on the first screen, before any scrolling.
      const badge = s.page.locator('main .level-big');
      expect(await badge.textContent()).toMatch(c.level);
      const box = (await badge.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
      expect(await s.page.textContent('main strong')).toContain(c.danger);
      expect(await overflowing(s.page)).toEqual([]);
      await s.page.screenshot({ path: `${SCREENSHOTS}/front-door-${c.lang}-390.png` });
      await s.page.screenshot({ path: `${SCREENSHOTS}/front-door-${c.lang}-390-full.png`, fullPage: true });
      const violations = await axe(s.page);
      expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);

      await Promise.all([s.page.waitForURL(/\/index\?district=pudong$/), s.page.click(`text=${c.details}`)]);
      expect(await s.page.textContent('h1')).toMatch(c.heading);
      expect(await overflowing(s.page)).toEqual([]);
      expect(s.consoleErrors).toEqual([]);
      await s.context.close();
    });
  }

  it('another district is chosen with the form and shared by its address, without JavaScript', async () => {
    const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    await context.addCookies([{ name: 'lang', value: 'zh', url: base }]);
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await Promise.all([page.waitForURL(/\/index#district$/), page.click('text=查看其他区的指数')]);
    await page.selectOption('#district', 'xuhui');
    await Promise.all([page.waitForURL(/\/index\?district=xuhui$/), page.click('form[action="/index"] button[type=submit]')]);
    expect(await page.textContent('h1')).toContain('徐汇区 · 今天');
    expect(await overflowing(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/index-xuhui-nojs-390.png`, fullPage: true });

    // The shared address opens on Xuhui for someone else too; a mistyped one says so.
    const other = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    await other.addCookies([{ name: 'lang', value: 'zh', url: base }]);
    const theirs = await other.newPage();
    await theirs.goto(`${base}/index?district=xuhui`);
    expect(await theirs.textContent('h1')).toContain('徐汇区 · 今天');
    const bad = await theirs.goto(`${base}/index?district=xuhiu`);
    expect(bad!.status()).toBe(400);
    expect(await theirs.textContent('main [role=status]')).toContain('无法识别网址中的区');
    await theirs.screenshot({ path: `${SCREENSHOTS}/index-unknown-district-390.png` });
    await other.close();
    await context.close();
  });

  it("a parent's menu on the phone: the diary opens each child's diary, notifications in plain words, no webhook", async () => {
    const s = await open(browser, base, { lang: 'zh', viewport: PHONE });
    await login(s.page, base, 'parent');
    const menu = s.page.locator('header nav');
    expect(await menu.locator('a').allTextContents()).toEqual(['首页', '每日监测', '哮喘指数', '通知设置']);
    expect(await menu.textContent()).not.toMatch(/推送|webhook/i);
    await s.page.screenshot({ path: `${SCREENSHOTS}/parent-menu-390.png` });
    await Promise.all([s.page.waitForURL((u) => u.pathname === '/app'), menu.locator('text=每日监测').click()]);
    // The demo parent has two children: each has today's diary one tap away.
    const diaries = s.page.locator('main a[href^="/app/diary/"]');
    expect(await diaries.count()).toBe(2);
    expect(await overflowing(s.page)).toEqual([]);
    await s.page.screenshot({ path: `${SCREENSHOTS}/parent-diary-menu-390.png`, fullPage: true });
    await Promise.all([s.page.waitForURL(/\/app\/diary\//), diaries.first().click()]);
    expect(await s.page.locator('form#offline-diary').count()).toBe(1);
    await s.page.goto(`${base}/app`);
    await Promise.all([s.page.waitForURL((u) => u.pathname === '/app/notifications'), s.page.locator('header nav >> text=通知设置').click()]);
    expect(await s.page.textContent('h1')).toBe('通知设置');
    expect(s.consoleErrors).toEqual([]);
    await s.context.close();
  });
});
