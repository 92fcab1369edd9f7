// "How we reach you" on a parent's 390 px phone (issue 34), Chinese and English: the page opens from
// the family app's menu, says in plain words which channels and messages each child has, fits the
// phone, and has no serious or critical axe-core violation. Its choices are tested through the app's
// handler in test/server/notifications; this looks at it as the parent does.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from './browser';
import { PHONE, finish, rawText, signIn } from './tasks';

const base = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("a parent's notification channels on the phone", () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`opens from the family app and reads plainly (${lang})`, async () => {
      const s = await signIn(browser, base, 'parent', lang, PHONE);
      await s.page.goto(`${base}/app`);
      await Promise.all([s.page.waitForURL((u) => u.pathname === '/app/notifications/channels'), s.page.click('a[href="/app/notifications/channels"]')]);
      expect(await s.page.locator('main h1').count()).toBe(1);
      expect(await s.page.locator('main form').count()).toBeGreaterThan(0);
      // The demo configures neither WeChat nor SMS: the page says so once, and shows no empty "how" box.
      expect(await s.page.locator('main fieldset').evaluateAll((fs) => fs.filter((f) => !f.querySelector('input, select')).length)).toBe(0);
      expect(await rawText(s.page)).toEqual([]);
      const text = (await s.page.textContent('main')) ?? '';
      // The page says these are reminders only and what to do in danger, in either language.
      expect(text).toMatch(lang === 'zh' ? /120/ : /nobody watches them[^.]*\. If your child has any danger sign, call 120 now\./);
      await finish(s.page, `tasks-parent-${lang}-channels`);
      expect(s.consoleErrors).toEqual([]);
      await s.context.close();
    });
  }
});
