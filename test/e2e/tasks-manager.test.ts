// The programme manager's tasks on a desktop screen, through pages only (issue 30): reads the
// dashboard for a chosen period and exports its figures as CSV; Chinese first, then English. The
// charts' painting is platform.test.ts.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch } from './browser';
import { DESKTOP, everyPageSound, finish, rawText, signIn, submit } from './tasks';

const base = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Clicks a download link; the file's text, without the BOM, and whether it had one. */
async function download(page: Page, selector: string): Promise<{ bom: boolean; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const bytes = new Uint8Array(await readFile((await file.path())!));
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return { bom, text: new TextDecoder().decode(bom ? bytes.slice(3) : bytes) };
}

const cases = [
  { lang: 'zh', nav: '项目监测', title: '项目监测', period: 'quarter', header: /^指标,编号,版本,分子,分母,数值,单位,.*期间起,期间止,数据截至/ },
  { lang: 'en', nav: 'Monitoring', title: 'Programme monitoring', period: 'quarter', header: /^indicator,id,version,numerator,denominator,value,unit,.*from,to,data as of/ },
] as const;

describe('a programme manager at a desk', () => {
  for (const c of cases) {
    it(`reads the dashboard for the last 3 months and exports its figures as CSV (${c.lang})`, async () => {
      const s = await signIn(browser, base, 'manager', c.lang, DESKTOP);
      await Promise.all([s.page.waitForURL((u) => u.pathname === '/dashboard'), s.page.click(`header nav a:text-is("${c.nav}")`)]);
      expect(await s.page.textContent('h1')).toBe(c.title);
      await s.page.selectOption('#f-period', c.period);
      await submit(s.page, /\/dashboard\?.*period=quarter/);
      // The chosen period is what the page says it shows, about 3 months back from today.
      // "Data as of <date time> · <from> – <to>": the last two dates.
      const [from, to] = ((await s.page.textContent('main p.muted'))!.match(/\d{4}-\d{2}-\d{2}/g) ?? []).slice(-2) as string[];
      const days = (Date.parse(to!) - Date.parse(from!)) / 86_400_000;
      expect(days).toBeGreaterThan(80);
      expect(days).toBeLessThan(100);

      // Each indicator is a row with its name and a figure; small counts are hidden, never shown as codes.
      const rows = s.page.locator('main table').first().locator('tbody tr');
      expect(await rows.count()).toBeGreaterThan(10);
      expect((await rows.first().locator('td').first().textContent())!.trim()).not.toBe('');
      const figures = await rows.evaluateAll((trs) => trs.map((tr) => (tr.querySelectorAll('td')[1]?.textContent ?? '').trim()));
      expect(
        figures.every((f) => /^(\d+(\.\d+)?%?|<5|—)$/.test(f)),
        figures.join(' | '),
      ).toBe(true);
      expect(await rawText(s.page)).toEqual([]);
      await s.page.waitForFunction(() => document.querySelectorAll('canvas[data-chart]').length > 0);
      await finish(s.page, `tasks-manager-${c.lang}-dashboard`);

      // The export is the period on screen, with a BOM so spreadsheet programs read it as UTF-8.
      const csv = await download(s.page, `main a[href^="/api/v1/indicators.csv?from=${from}&to=${to}"]`);
      expect(csv.bom).toBe(true);
      const lines = csv.text.trim().split(/\r?\n/);
      // The column names in the page's language.
      expect(lines[0]).toMatch(c.header);
      expect(lines.length).toBeGreaterThan(10);
      expect(lines.slice(1).every((l) => l.includes(`${from},${to}`))).toBe(true);

      // The centres' comparison exports the same way.
      const centres = await download(s.page, `main a[href^="/dashboard/centres.csv?from=${from}&to=${to}"]`);
      expect(centres.bom).toBe(true);
      expect(centres.text.trim().split(/\r?\n/).length).toBeGreaterThan(20);
      expect(s.consoleErrors).toEqual([]);
      await everyPageSound(s);
      await s.context.close();
    });
  }
});
