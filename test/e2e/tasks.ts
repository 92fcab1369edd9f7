// Shared steps of the per-role task tests (issue 30): each test signs in, builds what it reads through
// the pages, and checks every page it finishes on for overflow, axe-core and a screenshot.
import { expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axe, login, open, SCREENSHOTS, type Session } from './browser';

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1366, height: 900 };

export interface TaskSession extends Session {
  /** Every address the tab went to, in order: each is checked again at the end of the task. */
  visited: string[];
}

export async function signIn(browser: Browser, base: string, user: string | null, lang: 'zh' | 'en', viewport: { width: number; height: number }): Promise<TaskSession> {
  const s = await open(browser, base, { lang, viewport });
  const visited: string[] = [];
  s.page.on('framenavigated', (frame) => {
    if (frame === s.page.mainFrame() && !visited.includes(frame.url())) visited.push(frame.url());
  });
  if (user) await login(s.page, base, user);
  return { ...s, visited };
}

/**
 * Every page the task went through, opened again as it is now: no sideways scrolling and no serious
 * or critical axe-core violation on any of them (a form's refusal is checked where it is shown).
 */
export async function everyPageSound(s: TaskSession): Promise<void> {
  for (const url of [...s.visited]) {
    if (url.startsWith('about:')) continue;
    await s.page.goto(url);
    await pageIsSound(s.page, new URL(url).pathname + new URL(url).search);
  }
}

/** What runs off the right edge: the document scrolling sideways, or an element in main past the width. */
export async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const wide = [...document.querySelectorAll('main *')].filter((el) => {
      const r = el.getBoundingClientRect();
      // Inside a scrolling table wrapper is by design; what matters is the page itself.
      return r.width > 0 && r.right > width + 0.5 && !el.closest('.table-wrap');
    });
    const doc = document.documentElement.scrollWidth > width ? [`document ${document.documentElement.scrollWidth}`] : [];
    return [...doc, ...wide.map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${(el.textContent ?? '').trim().slice(0, 40)}`)];
  });
}

/** A page a task visits: no sideways scrolling, no serious or critical axe violation. */
export async function pageIsSound(page: Page, label: string): Promise<void> {
  expect(await overflowing(page), `${label}: overflow`).toEqual([]);
  const violations = await axe(page);
  expect(violations, `${label}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

/** The end of a task: the page is sound and kept as a full-page screenshot to look at. */
export async function finish(page: Page, shot: string): Promise<void> {
  await pageIsSound(page, shot);
  await page.screenshot({ path: `${SCREENSHOTS}/${shot}.png`, fullPage: true });
}

/** The confirmation the page shows after a save. */
export async function confirmation(page: Page): Promise<string> {
  return ((await page.locator('main [role=status]').first().textContent()) ?? '').trim();
}

/** Submits a form and waits for the page it leads to. */
export async function submit(page: Page, url: RegExp | ((u: URL) => boolean), button = 'main form button[type=submit]'): Promise<void> {
  await Promise.all([page.waitForURL(url), page.locator(button).first().click()]);
}

/** Words a user could not read on the page: an i18n key, a zod message, an English word on a Chinese page and so on. */
export async function rawText(page: Page): Promise<string[]> {
  const text = await page.innerText('main');
  const patterns = [/\b[a-z]+\.[a-z]+\.[a-zA-Z.]+\b/, /expected \w+|received undefined|Invalid input|无效输入|undefined|NaN|\[object Object\]/];
  return patterns.flatMap((p) => (p.test(text) ? [String(text.match(p)![0])] : []));
}

const GIVEN = '安宁明华晨雨子涵思远佳怡浩然梓萱沐阳若溪一诺';
/** A child's name no other test uses: searching for it finds this child only. */
export function uniqueName(surname = '沈'): string {
  let name = surname;
  for (let i = 0; i < 4; i++) name += GIVEN[Math.floor(Math.random() * GIVEN.length)];
  return name;
}
/** A mainland mobile number no other test uses. */
export function uniquePhone(): string {
  return `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

export interface Enrolled {
  path: string;
  name: string;
  phone: string;
}

/** A clinician enrols a child through /children/new; returns the child page's path. */
export async function enrolChild(page: Page, base: string, opts: { name?: string; phone?: string; birthDate?: string } = {}): Promise<Enrolled> {
  const name = opts.name ?? uniqueName();
  const phone = opts.phone ?? uniquePhone();
  await page.goto(`${base}/children`);
  await Promise.all([page.waitForURL(/\/children\/new$/), page.click('main a[href="/children/new"]')]);
  await page.fill('#f-name', name);
  await page.selectOption('#f-sex', 'F');
  await page.fill('#f-birthDate', opts.birthDate ?? '2018-05-14');
  await page.fill('#f-guardianName', '沈女士');
  await page.fill('#f-guardianPhone', phone);
  await page.fill('#f-guardianRelation', '母亲');
  await page.fill('#f-consentGivenBy', '沈女士');
  await submit(page, (u) => /^\/children\/[0-9a-f-]{36}$/.test(u.pathname));
  expect(await page.textContent('h1')).toContain(name);
  // The saved enrolment is confirmed in either language ("已登记" / "Enrolled").
  expect(await page.textContent('main [role=status]')).toMatch(/已登记|Enrolled/);
  return { path: new URL(page.url()).pathname, name, phone };
}

/** From the child page, the clinician refers the child up to the hospital (routine, U4); returns the referral's path. */
export async function referUp(page: Page, base: string, childPath: string, summary: string): Promise<string> {
  await page.goto(`${base}${childPath}`);
  await Promise.all([page.waitForURL(/\/referrals\/new\?/), page.click('main a[href*="/referrals/new?childId="][href*="direction=up"]')]);
  // Up goes to the hospital, the only choice, already chosen.
  expect(await page.locator('#toCenterId option:checked').textContent()).not.toBe('');
  await page.check('input[name="urgency"][value="routine"]');
  await page.check('input[name="reasons"][value="U4"]');
  await page.fill('#summary', summary);
  await submit(page, /\/referrals\/[0-9a-f-]{36}\?done=create$/);
  return new URL(page.url()).pathname;
}
