import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, login, open, SCREENSHOTS } from './browser';

const base = inject('baseUrl');
let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

async function parentSession(viewport = { width: 390, height: 844 }, lang: 'en' | 'zh' = 'en') {
  const s = await open(browser, base, { viewport, lang });
  await login(s.page, base, 'parent');
  const me = await (await s.page.request.get(`${base}/api/v1/me`)).json();
  return { ...s, childId: me.childIds[0] as string };
}

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
    await s.page.evaluate(async () => { await navigator.serviceWorker.ready; });
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
    await expect.poll(async () => {
      const res = await s.page.request.get(`${base}/api/v1/children/${s.childId}/diary?from=${date}&to=${date}`);
      const body = await res.json();
      return body.items?.[0]?.note ?? null;
    }, { timeout: 15_000 }).toBe(note);
    await s.page.screenshot({ path: `${SCREENSHOTS}/app-diary-synced.png`, fullPage: true });
    await s.context.close();
  });

  it('a danger sign ticked with no signal shows the emergency text at once, and the red-zone advice on saving', async () => {
    const s = await parentSession({ width: 390, height: 844 }, 'zh');
    await s.page.goto(`${base}/app/diary/${s.childId}`);
    await s.page.evaluate(async () => { await navigator.serviceWorker.ready; });
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
    await s.page.evaluate(() => { for (const k of Object.keys(localStorage)) if (k.startsWith('diary-queue:')) localStorage.removeItem(k); });
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
