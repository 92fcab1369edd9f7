// A school nurse on a 390 x 844 phone (issue 30): checks a kit, logs a use and records telling the
// parent, each save confirmed on the first screen; the kit page with its use log, the corrective
// actions and the assessment result fit the screen (no sideways scrolling) with no serious or
// critical axe-core violation; retiring a kit asks for a reason, without JavaScript. A parent's
// child page and notification settings fit the same phone.
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

/** Nothing wider than the phone: the document does not scroll sideways and no element runs off it. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate((width) => {
    const wide = [...document.querySelectorAll('main *')].filter((el) => el.getBoundingClientRect().right > width + 0.5);
    const doc = document.documentElement.scrollWidth > width ? [`document ${document.documentElement.scrollWidth}`] : [];
    return [...doc, ...wide.map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${(el.textContent ?? '').slice(0, 40)}`)];
  }, PHONE.width);
}

/** A page a nurse reads on the phone: fits 390 px, passes axe, and is kept as a screenshot. */
async function fitsThePhone(page: Page, shot: string): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  expect(await overflowing(page), shot).toEqual([]);
  await page.screenshot({ path: `${SCREENSHOTS}/${shot}.png`, fullPage: true });
  const violations = await axe(page);
  expect(violations, `${shot}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

/** The save's confirmation: shown, in words, on the first screen without scrolling. */
async function confirmed(page: Page, text: string): Promise<void> {
  const notice = page.locator('main [role=status]');
  expect(await notice.textContent()).toBe(text);
  const box = (await notice.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
}

const cases = [
  {
    lang: 'zh',
    kit: 0,
    kits: '急救包',
    check: '月度检查',
    use: '使用登记',
    yes: 'yes',
    place: '操场',
    givenBy: '张老师',
    checkSaved: '月度检查已保存，急救包的当前状态已更新。',
    useSaved: '使用登记已保存，见下方“使用记录”。',
    notTold: '未告知家长',
    tell: '登记已告知',
    toldSaved: '已登记告知家长的时间和方式。',
    told: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} · 电话 修改$/,
    retire: '停用此急救包',
    question: /^停用急救包“.+”？$/,
  },
  {
    lang: 'en',
    kit: 1,
    kits: 'Kits',
    check: 'Monthly check',
    use: 'Record a use',
    yes: 'yes',
    place: 'Playground',
    givenBy: 'Ms Zhang',
    checkSaved: 'Monthly check saved; the kit’s current state is updated.',
    useSaved: 'Use recorded: see “Uses” below.',
    notTold: 'Parent not told',
    tell: 'record that the parent was told',
    toldSaved: 'When and how the parent was told is recorded.',
    told: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} · Phone change$/,
    retire: 'Retire this kit',
    question: /^Retire kit “.+”\?$/,
  },
] as const;

describe('a school nurse on a phone', () => {
  for (const c of cases) {
    it(`checks a kit, logs a use and records telling the parent; the pages fit 390 px (${c.lang})`, async () => {
      const s = await open(browser, base, { lang: c.lang, viewport: PHONE });
      await login(s.page, base, 'school');
      await s.page.goto(`${base}/schools`);
      const schoolPath = new URL(s.page.url()).pathname;
      await Promise.all([s.page.waitForURL(/\/kits$/), s.page.click(`main nav a:text-is("${c.kits}")`)]);
      await Promise.all([s.page.waitForURL(/\/kits\/[^/]+$/), s.page.locator('main .card h2 a').nth(c.kit).click()]);
      const kitPath = new URL(s.page.url()).pathname;

      // The monthly check: every question answered yes, then saved.
      await Promise.all([s.page.waitForURL(/\/check$/), s.page.click(`main a.button:text-is("${c.check}")`)]);
      for (const q of ['mdiPresent', 'mdiInDate', 'dosesOk', 'unlocked', 'storageOk', 'poster', 'registerReachable']) await s.page.check(`input[name="${q}"][value="${c.yes}"]`);
      await fitsThePhone(s.page, `school-phone-${c.lang}-check-form`);
      await Promise.all([s.page.waitForURL(/\?saved=check$/), s.page.click('main form button[type=submit]')]);
      await confirmed(s.page, c.checkSaved);

      // A use, for a pupil on the register; the parent is told afterwards.
      await Promise.all([s.page.waitForURL(/\/use$/), s.page.click(`main a.button:text-is("${c.use}")`)]);
      await s.page.fill('#f-place', c.place);
      await s.page.selectOption('#f-childId', { index: 1 });
      const pupil = (await s.page.locator('#f-childId option:checked').textContent())!.trim();
      await s.page.check('input[name="symptoms"][value="wheeze"]');
      await s.page.fill('#f-puffs', '2');
      await s.page.fill('#f-givenBy', c.givenBy);
      await s.page.selectOption('#f-outcome', 'backToClass');
      await fitsThePhone(s.page, `school-phone-${c.lang}-use-form`);
      await Promise.all([s.page.waitForURL(/\?saved=use$/), s.page.click('main form button[type=submit]')]);
      await confirmed(s.page, c.useSaved);
      const newest = s.page.locator('table.use-log tbody tr').first();
      expect(await newest.locator('td[data-label]').nth(1).textContent()).toBe(pupil);
      expect(await newest.locator('td[data-label]').nth(5).textContent()).toContain(c.notTold);

      await Promise.all([s.page.waitForURL(/\/parent-told$/), newest.locator(`a:text-is("${c.tell}")`).click()]);
      await s.page.selectOption('#f-parentToldHow', 'phone');
      await Promise.all([s.page.waitForURL(/\?saved=parentTold$/), s.page.click('main form button[type=submit]')]);
      await confirmed(s.page, c.toldSaved);
      expect((await s.page.locator('table.use-log tbody tr').first().locator('td[data-label]').nth(5).textContent())!.trim()).toMatch(c.told);
      await fitsThePhone(s.page, `school-phone-${c.lang}-kit-use-log`);

      // Retiring starts with a question on a page of its own; cancelling changes nothing.
      await Promise.all([s.page.waitForURL(/\/retire$/), s.page.click(`main a:text-is("${c.retire}")`)]);
      expect(await s.page.textContent('h1')).toMatch(c.question);
      await fitsThePhone(s.page, `school-phone-${c.lang}-retire-confirm`);
      await Promise.all([s.page.waitForURL((u) => u.pathname === kitPath), s.page.click('main form a.button.secondary')]);
      expect(await s.page.locator('main [role=status]').count()).toBe(0);

      // The corrective actions (one card each, a full-width note box) and the assessment result.
      await s.page.goto(`${base}${schoolPath}`);
      await fitsThePhone(s.page, `school-phone-${c.lang}-school-actions`);
      const note = s.page.locator('table.stack textarea').first();
      if (await note.count()) {
        const card = (await s.page.locator('table.stack tr').nth(1).boundingBox())!;
        expect((await note.boundingBox())!.width).toBeGreaterThan(card.width - 40);
      }
      await Promise.all([s.page.waitForURL(/\/assessments\//), s.page.locator('main dl.facts a[href^="/assessments/"]').first().click()]);
      await fitsThePhone(s.page, `school-phone-${c.lang}-assessment-result`);
      expect(s.consoleErrors).toEqual([]);
      await s.context.close();
    });
  }

  // The same stacked tables on the parent's side (issue 30): the child page's follow-ups, and the
  // notification settings that replaced the subscriptions table.
  for (const lang of ['zh', 'en'] as const) {
    it(`a parent's child page and notification settings fit 390 px (${lang})`, async () => {
      const s = await open(browser, base, { lang, viewport: PHONE });
      await login(s.page, base, 'parent');
      await s.page.goto(`${base}/app`);
      // The family app links each child's diary; the child page is the same id under /children.
      const diaries = await s.page.$$eval('main a[href^="/app/diary/"]', (links) => links.map((a) => a.getAttribute('href')!));
      expect(diaries.length).toBeGreaterThan(0);
      const child = diaries[0]!.replace('/app/diary/', '/children/');
      await s.page.goto(`${base}${child}`);
      expect(await s.page.locator('table.stack tbody tr').count()).toBeGreaterThan(0);
      await fitsThePhone(s.page, `parent-phone-${lang}-child`);
      await s.page.goto(`${base}/app/notifications`);
      await fitsThePhone(s.page, `parent-phone-${lang}-notifications`);
      await s.context.close();
    });
  }

  it('retires a kit only with a reason, and puts it back, without JavaScript', async () => {
    const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    await context.addCookies([{ name: 'lang', value: 'zh', url: base }]);
    const page = await context.newPage();
    await login(page, base, 'school');
    await page.goto(`${base}/schools`);
    await Promise.all([page.waitForURL(/\/kits$/), page.click('main nav a:text-is("急救包")')]);
    await Promise.all([page.waitForURL(/\/kits\/[^/]+$/), page.locator('main .card h2 a').last().click()]);
    const label = (await page.textContent('h1'))!;
    await Promise.all([page.waitForURL(/\/retire$/), page.click('main a:text-is("停用此急救包")')]);
    expect(await page.textContent('h1')).toBe(`停用急救包“${label}”？`);
    expect(await page.getAttribute('#f-reason', 'required')).not.toBeNull();

    // Spaces pass the browser's own check; the server trims them and names the missing reason.
    await page.fill('#f-reason', '   ');
    await page.click('main form button[type=submit]');
    expect(await page.textContent('main .errors')).toContain('停用原因：必填');
    await page.screenshot({ path: `${SCREENSHOTS}/school-phone-zh-retire-refused.png`, fullPage: true });
    expect(await overflowing(page)).toEqual([]);

    await page.fill('#f-reason', '柜门损坏，已送修');
    await Promise.all([page.waitForURL(/\?saved=retired$/), page.click('main form button[type=submit]')]);
    expect(await page.textContent('main [role=status]')).toBe('急救包已停用。');
    expect(await page.textContent('main .notice:not([role=status])')).toContain('停用原因：柜门损坏，已送修');
    expect(await overflowing(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/school-phone-zh-retired.png` });

    await Promise.all([page.waitForURL(/\?saved=reactivated$/), page.click('main button:text-is("恢复使用此急救包")')]);
    expect(await page.textContent('main [role=status]')).toBe('急救包已恢复使用。');
    await context.close();
  });
});
