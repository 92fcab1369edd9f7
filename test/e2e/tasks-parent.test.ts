// A parent's tasks on a 390 px phone, through pages only (issue 30): today's asthma index, a diary
// day online with a second edit the same day, a day saved with no signal, and the action plan,
// Chinese first and the plan in English. What the server keeps is read back from its own pages.
// The diary's edge cases (retries, refused days, a kept page older than the upload) are family-app.test.ts.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch } from './browser';
import { PHONE, everyPageSound, finish, pageIsSound, rawText, signIn } from './tasks';

const base = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** From the home page to the family app, then a child's diary (index 0 or 1 of the demo parent's two). */
async function openDiary(page: Page, child: number): Promise<string> {
  await page.goto(`${base}/`);
  await Promise.all([page.waitForURL((u) => u.pathname === '/app'), page.click('main a[href="/app"]')]);
  await Promise.all([page.waitForURL(/\/app\/diary\//), page.locator('main a[href^="/app/diary/"]').nth(child).click()]);
  return new URL(page.url()).pathname.replace('/app/diary/', '');
}

const status = (page: Page) => page.locator('#diary-status');
async function saveAndWaitFor(page: Page, words: string): Promise<void> {
  await page.click('#offline-diary button[type=submit]');
  await page.waitForFunction((w) => (document.getElementById('diary-status')?.textContent ?? '').includes(w), words, { timeout: 15_000 });
}

/** The day as the server has it: the plain diary page opens on today's saved entry. */
async function serverForm(page: Page, childId: string): Promise<{ note: string; reliever: string }> {
  await page.goto(`${base}/diary/${childId}`);
  return { note: await page.inputValue('#f-note'), reliever: await page.inputValue('#f-relieverUses') };
}

describe('a parent on a phone', () => {
  it("reads today's asthma index from the home page: the level, what to do and when to call 120 (zh)", async () => {
    const s = await signIn(browser, base, 'parent', 'zh', PHONE);
    const card = s.page.locator('main a[href^="/index?district="]').first();
    await Promise.all([s.page.waitForURL(/\/index\?district=/), card.click()]);
    expect(await s.page.textContent('h1')).toMatch(/ · 今天/);
    expect(await s.page.locator('main .level').first().textContent()).toMatch(/\d 级 · /);
    const main = (await s.page.textContent('main'))!;
    expect(main).toContain('立即拨打120');
    expect(await rawText(s.page)).toEqual([]);
    await finish(s.page, 'tasks-parent-zh-index');
    expect(s.consoleErrors).toEqual([]);
    await everyPageSound(s);
    await s.context.close();
  });

  it('records a diary day online; a second edit the same day opens on it and updates it (zh)', async () => {
    const s = await signIn(browser, base, 'parent', 'zh', PHONE);
    const childId = await openDiary(s.page, 0);
    const note = `第一次-${Date.now()}`;
    await s.page.selectOption('#f-daytimeSymptoms', 'mild');
    await s.page.fill('#f-relieverUses', '1');
    await s.page.fill('#f-note', note);
    await pageIsSound(s.page, 'diary form');
    await saveAndWaitFor(s.page, '的记录已上传。');

    // Back later the same day, from the app's home: the form holds what was saved.
    await openDiary(s.page, 0);
    expect(await s.page.textContent('#diary-day')).toContain('已有记录，已填入下面的表格');
    expect(await s.page.inputValue('#f-note')).toBe(note);
    expect(await s.page.inputValue('#f-relieverUses')).toBe('1');
    expect(await s.page.inputValue('#f-daytimeSymptoms')).toBe('mild');
    await s.page.fill('#f-relieverUses', '2');
    await saveAndWaitFor(s.page, '的记录已上传。');
    expect(await s.page.isVisible('#diary-conflict')).toBe(false);
    await finish(s.page, 'tasks-parent-zh-diary-second-edit');

    // One day, updated: the server's own page shows the second save, the note kept.
    expect(await serverForm(s.page, childId)).toEqual({ note, reliever: '2' });
    expect(s.consoleErrors).toEqual([]);
    await everyPageSound(s);
    await s.context.close();
  });

  it('records a diary day with no signal; it uploads when the signal returns (zh)', async () => {
    const s = await signIn(browser, base, 'parent', 'zh', PHONE);
    await s.page.goto(`${base}/app`);
    await s.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    const link = (await s.page.locator('main a[href^="/app/diary/"]').nth(1).getAttribute('href'))!;
    // /app names each child's diary: the phone keeps it before the parent ever opens it.
    await expect.poll(() => s.page.evaluate(async (p) => Boolean(await caches.match(p)), link), { timeout: 15_000 }).toBe(true);

    await s.context.setOffline(true);
    await Promise.all([s.page.waitForURL((u) => u.pathname === link), s.page.click(`main a[href="${link}"]`)]);
    const note = `离线-${Date.now()}`;
    await s.page.check('#f-nightCough');
    await s.page.fill('#f-note', note);
    await saveAndWaitFor(s.page, '已保存在手机上');
    expect(await s.page.textContent('#diary-queue-count')).toBe('手机上有 1 天的记录还没有上传。');
    await finish(s.page, 'tasks-parent-zh-diary-offline');

    await s.context.setOffline(false);
    await s.page.evaluate(() => window.dispatchEvent(new Event('online')));
    await s.page.waitForSelector('#diary-queue', { state: 'hidden', timeout: 15_000 });
    expect(await status(s.page).textContent()).toContain('的记录已上传。');
    expect((await serverForm(s.page, link.replace('/app/diary/', ''))).note).toBe(note);
    await everyPageSound(s);
    await s.context.close();
  });

  const plans = [
    { lang: 'zh', zones: ['绿区', '黄区', '红区'], call: '立即拨打 120', foreign: /[A-Za-z]{4,}/ },
    { lang: 'en', zones: ['Green zone', 'Yellow zone', 'Red zone'], call: 'call 120', foreign: /[\u4e00-\u9fff]/ },
  ] as const;
  for (const c of plans) {
    it(`opens a child's action plan from the home page: three zones and the red zone's reliever in words (${c.lang})`, async () => {
      const s = await signIn(browser, base, 'parent', c.lang, PHONE);
      await Promise.all([s.page.waitForURL(/\/app\/plan\//), s.page.locator('main a[href^="/app/plan/"]').first().click()]);
      for (const [i, zone] of (['green', 'yellow', 'red'] as const).entries()) {
        expect(await s.page.textContent(`#zone-${zone} h2`)).toContain(c.zones[i]);
      }
      expect(await s.page.textContent('#red-schedule')).toMatch(c.lang === 'zh' ? /每\s*2\s*分钟/ : /every 2 minutes/);
      expect(await s.page.textContent('#zone-red')).toContain(c.call);
      // The plan's standard wording is in the page's language; only what the doctor wrote (the
      // medicines' names and doses, the contacts) stays as written.
      const wording = await s.page.$$eval('.plan-sheet .zone > p, .plan-sheet h2, .plan-sheet h3', (els) => els.map((e) => e.textContent ?? ''));
      expect(wording.filter((w) => c.foreign.test(w.replace(/L\/min|PEF|GINA/g, '')))).toEqual([]);
      expect(await rawText(s.page)).toEqual([]);
      await finish(s.page, `tasks-parent-${c.lang}-action-plan`);
      expect(s.consoleErrors).toEqual([]);
      await everyPageSound(s);
      await s.context.close();
    });
  }
});
