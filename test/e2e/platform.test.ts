import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axe, launch, login, open, SCREENSHOTS } from './browser';

const base = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const homes: [string, string][] = [
  ['admin', '系统管理员'],
  ['manager', '需要关注的社区中心'],
  ['clinic', '随访工作单'],
  ['hospital', '随访工作单'],
  ['school', '急救包'],
  ['parent', '我的孩子'],
];

describe('in a real browser', () => {
  for (const [user, expected] of homes) {
    it(`${user} signs in and sees a home page for the role`, async () => {
      const s = await open(browser, base);
      await login(s.page, base, user);
      expect(new URL(s.page.url()).pathname).toBe('/');
      expect(await s.page.textContent('main')).toContain(expected);
      await s.page.screenshot({ path: `${SCREENSHOTS}/home-${user}.png`, fullPage: true });
      expect(s.consoleErrors).toEqual([]);
      await s.context.close();
    });
  }

  it('a clinician logs a follow-up through the form and sees the computed level', async () => {
    const s = await open(browser, base, { lang: 'en' });
    await login(s.page, base, 'clinic');
    await s.page.goto(`${base}/children`);
    await s.page.click('table tbody tr:first-child a');
    const childUrl = s.page.url();
    await s.page.goto(`${childUrl}/follow-ups/new`);
    // Each questionnaire item is a radio group answer0..answerN whose values are the scores: take the lowest.
    const items = await s.page.$$eval('input[type=radio][name^="answer"]', (els) => new Set(els.map((e) => (e as HTMLInputElement).name)).size);
    expect(items).toBeGreaterThan(0);
    for (let i = 0; i < items; i++) await s.page.locator(`input[type=radio][name="answer${i}"]`).last().check();
    await s.page.check('input[name="q1"][value="on"]');
    await s.page.check('input[name="q2"][value="on"]');
    await s.page.check('input[name="q3"][value="on"]');
    await s.page.check('input[name="q4"][value="off"]'); // every GINA question is asked: none defaults to "no"
    await Promise.all([s.page.waitForURL(/saved=/), s.page.click('main form button[type=submit]')]);
    const status = await s.page.textContent('[role=status]');
    expect(status).toContain('Follow-up saved');
    expect(status).toContain('GINA Uncontrolled');
    await s.page.screenshot({ path: `${SCREENSHOTS}/child-after-follow-up.png`, fullPage: true });
    await s.context.close();
  });

  for (const [lang, message] of [
    ['zh', '请填写有效的中国大陆手机号'],
    ['en', 'Enter a valid mainland China mobile number'],
  ] as const) {
    it(`a validation error keeps what was typed and explains it (${lang})`, async () => {
      const s = await open(browser, base, { lang });
      await login(s.page, base, 'clinic');
      await s.page.goto(`${base}/children/new`);
      await s.page.fill('#f-name', '测试输入');
      await s.page.fill('#f-guardianPhone', '12345');
      await s.page.click('main form button[type=submit]');
      await s.page.waitForSelector('.errors');
      expect(await s.page.inputValue('#f-name')).toBe('测试输入');
      expect(await s.page.inputValue('#f-guardianPhone')).toBe('12345');
      expect(await s.page.textContent('#f-guardianPhone-error')).toContain(message);
      await s.context.close();
    });
  }

  it('a parent saves a diary entry on a phone-sized screen', async () => {
    const s = await open(browser, base, { viewport: { width: 390, height: 844 } });
    await login(s.page, base, 'parent');
    await s.page.click('a.button[href^="/diary/"]');
    await s.page.selectOption('#f-daytimeSymptoms', 'mild');
    await s.page.fill('#f-relieverUses', '1');
    await s.page.click('main form button[type=submit]');
    await s.page.waitForSelector('[role=status]');
    expect(await s.page.textContent('[role=status]')).toContain('已保存');
    const width = await s.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await s.page.screenshot({ path: `${SCREENSHOTS}/diary-phone.png`, fullPage: true });
    expect(s.consoleErrors).toEqual([]);
    await s.context.close();
  });

  it('the dashboard draws its charts with no console errors', async () => {
    const s = await open(browser, base);
    await login(s.page, base, 'manager');
    await s.page.goto(`${base}/dashboard`);
    await s.page.waitForFunction(() => document.querySelectorAll('canvas[data-chart]').length > 0);
    await s.page.waitForTimeout(500);
    const painted = await s.page.evaluate(() =>
      [...document.querySelectorAll('canvas[data-chart]')].map((c) => {
        const canvas = c as HTMLCanvasElement;
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let ink = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) ink++;
        return ink;
      }),
    );
    expect(painted.length).toBeGreaterThanOrEqual(8);
    expect(painted.every((ink) => ink > 100)).toBe(true);
    expect(s.consoleErrors).toEqual([]);
    await s.page.screenshot({ path: `${SCREENSHOTS}/dashboard.png`, fullPage: true });
    await s.context.close();
  });

  it('the CSV download has a BOM and the right header', async () => {
    const s = await open(browser, base, { lang: 'en' });
    await login(s.page, base, 'manager');
    await s.page.goto(`${base}/dashboard`);
    const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.click('a[href^="/api/v1/indicators.csv"]')]);
    const path = await download.path();
    const bytes = new Uint8Array(await (await import('node:fs/promises')).readFile(path!));
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toMatch(/^\uFEFF?indicator,id,version,numerator,denominator,value,unit,(.*,)?from,to,data as of/);
    await s.context.close();
  });

  it('the public index page works without signing in', async () => {
    for (const viewport of [
      { width: 390, height: 844 },
      { width: 1280, height: 900 },
    ]) {
      const s = await open(browser, base, { viewport });
      await s.page.goto(`${base}/index`);
      expect(s.page.url()).toContain('/index');
      expect(await s.page.textContent('main')).toContain('哮喘');
      expect(await s.page.locator('.level').count()).toBeGreaterThan(0);
      await s.page.screenshot({ path: `${SCREENSHOTS}/index-${viewport.width}.png`, fullPage: true });
      expect(s.consoleErrors).toEqual([]);
      await s.context.close();
    }
  });

  it('forms work from the keyboard', async () => {
    const s = await open(browser, base);
    await s.page.goto(`${base}/login`);
    await s.page.focus('#username');
    await s.page.keyboard.type('clinic');
    await s.page.keyboard.press('Tab');
    await s.page.keyboard.type('asthma-demo');
    await Promise.all([s.page.waitForURL((u) => u.pathname === '/'), s.page.keyboard.press('Enter')]);
    expect(await s.page.textContent('h1')).toContain('李医生');
    await s.context.close();
  });

  const axePages: [string | null, string][] = [
    [null, '/login'],
    [null, '/index'],
    ['clinic', '/'],
    ['clinic', '/children'],
    ['clinic', '/children/new'],
    ['clinic', '/worklist'],
    ['clinic', '/referrals'],
    ['manager', '/dashboard'],
    ['school', '/'],
    ['parent', '/'],
    ['admin', '/admin/users'],
  ];
  for (const [user, path] of axePages) {
    it(`has no serious accessibility violations: ${path} (${user ?? 'anonymous'})`, async () => {
      const s = await open(browser, base);
      if (user) await login(s.page, base, user);
      await s.page.goto(`${base}${path}`);
      const violations = await axe(s.page);
      expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
      await s.context.close();
    });
  }
});
