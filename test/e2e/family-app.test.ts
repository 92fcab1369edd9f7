import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, login, open, SCREENSHOTS } from './browser';

const base = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function parentSession(viewport = { width: 390, height: 844 }, lang: 'en' | 'zh' = 'en') {
  const s = await open(browser, base, { viewport, lang });
  await login(s.page, base, 'parent');
  const me = await (await s.page.request.get(`${base}/api/v1/me`)).json();
  return { ...s, childId: me.childIds[0] as string, childIds: me.childIds as string[] };
}
const PHONE = { width: 390, height: 844 };

type Page = Awaited<ReturnType<typeof parentSession>>['page'];
/** The day's entry as the server has it. */
async function serverDay(page: Page, childId: string, date: string) {
  const body = await (await page.request.get(`${base}/api/v1/children/${childId}/diary?from=${date}&to=${date}`)).json();
  return body.items?.[0] ?? null;
}
/** Saves the form and waits until the page says the day is uploaded. */
async function saveAndUpload(page: Page) {
  await page.click('#offline-diary button[type=submit]');
  await page.waitForFunction(() => (document.getElementById('diary-status')?.textContent ?? '').includes('已上传'), null, { timeout: 15_000 });
}
/** Whether the service worker keeps this page (the page's own Cache Storage view). */
const kept = (page: Page, path: string) => page.evaluate(async (p) => Boolean(await caches.match(p)), path);

describe('the family app in a real browser', () => {
  it('is installable: a manifest with icons and a registered service worker', async () => {
    const s = await parentSession();
    await s.page.goto(`${base}/app`);
    const href = await s.page.getAttribute('link[rel=manifest]', 'href');
    expect(href).toBeTruthy();
    const manifest = await (await s.page.request.get(new URL(href!, base).toString())).json();
    expect(manifest.display).toBe('standalone');
    expect(manifest.start_url).toBeTruthy();
    expect(manifest.icons.some((i: { sizes: string }) => i.sizes.includes('192'))).toBe(true);
    const scriptUrl = await s.page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL ?? '');
    expect(scriptUrl).toMatch(/\/sw\.js$/);
    await s.page.screenshot({ path: `${SCREENSHOTS}/app-home-phone.png`, fullPage: true });
    expect(s.consoleErrors).toEqual([]);
    await s.context.close();
  });

  it('keeps a diary entry made with no signal and sends it when the network returns', async () => {
    const s = await parentSession();
    await s.page.goto(`${base}/app/diary/${s.childId}`);
    await s.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    const note = `offline-${Date.now()}`;
    await s.context.setOffline(true);
    await s.page.fill('#f-relieverUses', '2');
    await s.page.fill('#f-note', note);
    await s.page.click('#offline-diary button[type=submit]');
    await s.page.waitForSelector('#diary-status:not([hidden])');
    const queued = await s.page.evaluate(() => Object.keys(localStorage).some((k) => (localStorage.getItem(k) ?? '').includes('offline-')));
    expect(queued).toBe(true);
    await s.context.setOffline(false);
    await s.page.evaluate(() => window.dispatchEvent(new Event('online')));
    const date = await s.page.inputValue('#f-date');
    await expect
      .poll(
        async () => {
          const res = await s.page.request.get(`${base}/api/v1/children/${s.childId}/diary?from=${date}&to=${date}`);
          const body = await res.json();
          return body.items?.[0]?.note ?? null;
        },
        { timeout: 15_000 },
      )
      .toBe(note);
    await s.page.screenshot({ path: `${SCREENSHOTS}/app-diary-synced.png`, fullPage: true });
    await s.context.close();
  });

  it('a danger sign ticked with no signal shows the emergency text at once, and the red-zone advice on saving', async () => {
    const s = await parentSession({ width: 390, height: 844 }, 'zh');
    await s.page.goto(`${base}/app/diary/${s.childId}`);
    await s.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await s.context.setOffline(true);
    expect(await s.page.isVisible('#diary-emergency')).toBe(false);
    await s.page.check('#f-danger-hard_to_speak');
    await s.page.waitForSelector('#diary-emergency:not([hidden])');
    expect(await s.page.textContent('#diary-emergency')).toContain('立即拨打120');
    await s.page.click('#offline-diary button[type=submit]');
    await s.page.waitForSelector('#diary-status:not([hidden])');
    const status = await s.page.textContent('#diary-status');
    expect(status).toContain('红区');
    expect(status).not.toMatch(/已收到提醒|会与您联系/);
    await s.page.screenshot({ path: `${SCREENSHOTS}/app-diary-danger-offline-zh.png`, fullPage: true });
    // Leave nothing queued for the other tests: this day is not sent.
    await s.page.evaluate(() => {
      for (const k of Object.keys(localStorage)) if (k.startsWith('diary-queue:')) localStorage.removeItem(k);
    });
    await s.context.close();
  });

  it("a first visit offline to a child's diary, after /app loaded online, finds the form, not 'page not saved'", async () => {
    const s = await parentSession(PHONE, 'zh');
    const child = s.childIds[s.childIds.length - 1]!;
    await s.page.goto(`${base}/app`);
    await s.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // /app named each child's diary and plan: the worker fetched them without a visit.
    for (const path of [`/app/diary/${child}`, `/app/plan/${child}`]) await expect.poll(() => kept(s.page, path), { timeout: 15_000 }).toBe(true);
    await s.context.setOffline(true);
    // The worker has no network either: a page never kept says so.
    await s.page.goto(`${base}/app/notifications`);
    expect(await s.page.textContent('main')).toContain('这个页面还没有保存到手机上');
    await s.page.goto(`${base}/app/diary/${child}`);
    expect(await s.page.isVisible('#offline-diary')).toBe(true);
    expect(await s.page.textContent('main')).not.toContain('这个页面还没有保存到手机上');
    await s.page.screenshot({ path: `${SCREENSHOTS}/app-diary-first-visit-offline-zh.png`, fullPage: true });
    await s.page.goto(`${base}/app/plan/${child}`);
    expect(await s.page.textContent('main')).not.toContain('这个页面还没有保存到手机上');
    await s.context.close();
  });

  it('a second edit the same day opens on the first and updates it; another date loads that day', async () => {
    const s = await parentSession(PHONE, 'zh');
    await s.page.goto(`${base}/app/diary/${s.childId}`);
    const today = await s.page.inputValue('#f-date');
    const note = `first-${Date.now()}`;
    await s.page.fill('#f-relieverUses', '1');
    await s.page.fill('#f-note', note);
    await saveAndUpload(s.page);
    await s.page.reload();
    expect(await s.page.inputValue('#f-note')).toBe(note);
    expect(await s.page.inputValue('#f-relieverUses')).toBe('1');
    expect(await s.page.textContent('#diary-day')).toContain('已有记录');
    await s.page.screenshot({ path: `${SCREENSHOTS}/app-diary-second-edit-zh.png`, fullPage: true });
    // Another day loads its own entry, and today's comes back.
    const yesterday = await s.page.$eval('#f-date', (el) => (el as HTMLSelectElement).options[1]!.value);
    const before = await serverDay(s.page, s.childId, yesterday);
    await s.page.selectOption('#f-date', yesterday);
    expect(await s.page.inputValue('#f-note')).toBe(before?.note ?? '');
    expect(await s.page.inputValue('#f-relieverUses')).toBe(String(before?.relieverUses ?? 0));
    await s.page.selectOption('#f-date', today);
    expect(await s.page.inputValue('#f-note')).toBe(note);
    await s.page.fill('#f-relieverUses', '3');
    await saveAndUpload(s.page);
    expect(await s.page.isVisible('#diary-conflict')).toBe(false);
    expect(await serverDay(s.page, s.childId, today)).toMatchObject({ relieverUses: 3, note });
    expect(s.consoleErrors).toEqual([]);
    await s.context.close();
  });

  it("saved offline on a page kept from before this phone's own upload of the day, it uploads without a conflict", async () => {
    const s = await parentSession(PHONE, 'zh');
    await s.page.goto(`${base}/app`);
    await s.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await expect.poll(() => kept(s.page, `/app/diary/${s.childId}`), { timeout: 15_000 }).toBe(true);
    await s.page.goto(`${base}/app/diary/${s.childId}`);
    const today = await s.page.inputValue('#f-date');
    const first = `online-${Date.now()}`;
    await s.page.fill('#f-relieverUses', '2');
    await s.page.fill('#f-note', first);
    await saveAndUpload(s.page);
    await s.context.setOffline(true);
    // The kept copy of the page is from before that upload: the phone's own record fills the form.
    await s.page.goto(`${base}/app/diary/${s.childId}`);
    expect(await s.page.inputValue('#f-note')).toBe(first);
    const second = `offline-again-${Date.now()}`;
    await s.page.fill('#f-relieverUses', '4');
    await s.page.fill('#f-note', second);
    await s.page.click('#offline-diary button[type=submit]');
    await s.page.waitForSelector('#diary-queue:not([hidden])');
    expect(await s.page.textContent('#diary-queue-count')).toBe('手机上有 1 天的记录还没有上传。');
    expect(await s.page.textContent('#diary-status')).toContain('已保存在手机上');
    await s.page.screenshot({ path: `${SCREENSHOTS}/app-diary-queued-offline-zh.png`, fullPage: true });
    await s.context.setOffline(false);
    await s.page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect.poll(async () => (await serverDay(s.page, s.childId, today))?.note ?? null, { timeout: 15_000 }).toBe(second);
    await s.page.waitForSelector('#diary-queue', { state: 'hidden' });
    expect(await s.page.isVisible('#diary-conflict')).toBe(false);
    expect(await s.page.textContent('#diary-status')).toContain('已上传');
    expect((await serverDay(s.page, s.childId, today)).relieverUses).toBe(4);
    await s.page.screenshot({ path: `${SCREENSHOTS}/app-diary-back-online-zh.png`, fullPage: true });
    await s.context.close();
  });

  it('"upload now" sends what waits on the phone', async () => {
    const s = await parentSession(PHONE, 'zh');
    await s.page.goto(`${base}/app/diary/${s.childId}`);
    const today = await s.page.inputValue('#f-date');
    // The upload fails as on a weak signal, while the phone thinks it is online.
    const sync = `**/api/v1/children/${s.childId}/diary/*/sync`;
    await s.page.route(sync, (route) => route.abort('internetdisconnected'));
    const note = `upload-now-${Date.now()}`;
    await s.page.fill('#f-note', note);
    await s.page.click('#offline-diary button[type=submit]');
    await s.page.waitForSelector('#diary-queue:not([hidden])');
    expect(await s.page.textContent('#diary-queue-count')).toBe('手机上有 1 天的记录还没有上传。');
    await s.page.waitForFunction(() => (document.getElementById('diary-status')?.textContent ?? '').includes('已保存在手机上'));
    await s.page.screenshot({ path: `${SCREENSHOTS}/app-diary-upload-now-zh.png`, fullPage: true });
    expect((await serverDay(s.page, s.childId, today))?.note).not.toBe(note);
    await s.page.unroute(sync);
    await s.page.click('#diary-upload-now');
    await s.page.waitForSelector('#diary-queue', { state: 'hidden' });
    expect((await serverDay(s.page, s.childId, today))?.note).toBe(note);
    expect(await s.page.textContent('#diary-status')).toContain('已上传');
    await s.context.close();
  });

  it('what waits on the phone is retried by itself every 30 seconds', async () => {
    const s = await parentSession(PHONE, 'zh');
    await s.page.clock.install();
    await s.page.goto(`${base}/app/diary/${s.childId}`);
    const today = await s.page.inputValue('#f-date');
    const sync = `**/api/v1/children/${s.childId}/diary/*/sync`;
    await s.page.route(sync, (route) => route.abort('internetdisconnected'));
    const note = `retried-${Date.now()}`;
    await s.page.fill('#f-note', note);
    await s.page.click('#offline-diary button[type=submit]');
    await s.page.waitForSelector('#diary-queue:not([hidden])');
    await s.page.unroute(sync);
    await s.page.clock.fastForward(29_000);
    expect((await serverDay(s.page, s.childId, today))?.note).not.toBe(note);
    await s.page.clock.fastForward(2_000);
    await s.page.waitForSelector('#diary-queue', { state: 'hidden' });
    expect((await serverDay(s.page, s.childId, today))?.note).toBe(note);
    await s.context.close();
  });

  it("a day the server refuses names the field in the page's words and stays in the form to be put right", async () => {
    const s = await parentSession(PHONE, 'zh');
    await s.page.goto(`${base}/app/diary/${s.childId}`);
    await s.page.fill('#f-pefAm', '5');
    await s.page.click('#offline-diary button[type=submit]');
    await s.page.waitForFunction(() => (document.getElementById('diary-status')?.textContent ?? '').includes('服务器没有接受'));
    const status = await s.page.textContent('#diary-status');
    expect(status).toContain('请检查这些项后重新保存：早上峰流速（L/min）。');
    expect(status).not.toMatch(/Too small|expected|>=|v\.pef/i);
    expect(await s.page.inputValue('#f-pefAm')).toBe('5');
    expect(await s.page.isHidden('#diary-queue')).toBe(true);
    await s.context.close();
  });

  it('prints the action plan on A4 without the navigation', async () => {
    const s = await parentSession({ width: 1280, height: 900 });
    await s.page.goto(`${base}/app/plan/${s.childId}`);
    expect(await s.page.locator('#zone-green, #zone-yellow, #zone-red').count()).toBe(3);
    await s.page.emulateMedia({ media: 'print' });
    expect(await s.page.evaluate(() => getComputedStyle(document.querySelector('header.top')!).display)).toBe('none');
    await s.page.pdf({ path: `${SCREENSHOTS}/action-plan.pdf`, format: 'A4', printBackground: true });
    await s.page.screenshot({ path: `${SCREENSHOTS}/action-plan-print.png`, fullPage: true });
    expect(s.consoleErrors).toEqual([]);
    await s.context.close();
  });
});
