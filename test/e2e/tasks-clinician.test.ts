// The community clinician's tasks at a desk, through pages only (issue 30): enrols a child, finds
// the child on /children by name and by guardian phone, records a C-ACT follow-up, refers the child
// up. Chinese first; enrolling and finding in English too. Each test enrols its own child.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch } from './browser';
import { DESKTOP, confirmation, enrolChild, everyPageSound, finish, rawText, referUp, signIn, submit } from './tasks';

const base = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Searches /children with the form; the names of the rows found. */
async function search(page: Page, q: string): Promise<string[]> {
  await page.goto(`${base}/children`);
  await page.fill('#f-q', q);
  await submit(page, (u) => u.pathname === '/children' && u.searchParams.get('q') === q);
  return page.locator('main table tbody tr td:first-child a').allTextContents();
}

const finds = [
  { lang: 'zh', female: '女', years: '8 岁' },
  { lang: 'en', female: 'Girl', years: '8 y' },
] as const;

describe('a community clinician at a desk', () => {
  for (const c of finds) {
    it(`enrols a child, then finds the child on /children by name and by guardian phone (${c.lang})`, async () => {
      const s = await signIn(browser, base, 'clinic', c.lang, DESKTOP);
      // Born on 1 January eight years before this year in Shanghai: eight on any day of the test.
      const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
      const child = await enrolChild(s.page, base, { birthDate: `${year - 8}-01-01` });
      const header = (await s.page.textContent('h1'))!;
      expect(header).toContain(c.female);
      expect(header).toContain(c.years);
      expect(await s.page.textContent('main')).toContain(child.phone);
      await finish(s.page, `tasks-clinician-${c.lang}-enrolled`);

      expect(await search(s.page, child.name)).toEqual([child.name]);
      const row = s.page.locator('main table tbody tr').first();
      expect(await row.textContent()).toContain(child.phone);
      expect(await rawText(s.page)).toEqual([]);
      await finish(s.page, `tasks-clinician-${c.lang}-found-by-name`);

      expect(await search(s.page, child.phone)).toEqual([child.name]);
      await Promise.all([s.page.waitForURL((u) => u.pathname === child.path), s.page.click(`main table a:text-is("${child.name}")`)]);
      expect(s.consoleErrors).toEqual([]);
      await everyPageSound(s);
      await s.context.close();
    });
  }

  it('refers a child up to the hospital from the child page; the referral says it was sent and waits in the outgoing box (zh)', async () => {
    const s = await signIn(browser, base, 'clinic', 'zh', DESKTOP);
    const child = await enrolChild(s.page, base);
    const referral = await referUp(s.page, base, child.path, '诊断不明，需做支气管舒张试验。');
    expect(await confirmation(s.page)).toBe('转诊已发出。');
    const facts = (await s.page.textContent('main dl.facts'))!;
    expect(facts).toContain('上转');
    expect(facts).toContain('潍坊社区卫生服务中心 → 上海儿童医学中心');
    expect(await s.page.textContent('main')).toContain('待接收');
    expect(await rawText(s.page)).toEqual([]);
    await finish(s.page, 'tasks-clinician-zh-referred-up');

    // The outgoing box lists it, in words.
    await s.page.goto(`${base}/referrals`);
    await Promise.all([s.page.waitForURL(/box=outgoing/), s.page.click('main a:text-is("转出（我方发起）")')]);
    const row = s.page.locator('main table tbody tr', { has: s.page.locator(`a[href="${referral}"], a:text-is("${child.name}")`) }).first();
    expect(await row.textContent()).toContain('待接收');
    expect(s.consoleErrors).toEqual([]);
    await everyPageSound(s);
    await s.context.close();
  });

  it('records a C-ACT follow-up: every item answered in words, the running total, and the result on the child page (zh)', async () => {
    const s = await signIn(browser, base, 'clinic', 'zh', DESKTOP);
    const child = await enrolChild(s.page, base);
    await Promise.all([s.page.waitForURL(/\/follow-ups\/new$/), s.page.click('main a.button:text-is("记录随访")')]);
    expect(await s.page.textContent('main h2')).toContain('C-ACT');
    const items = await s.page.$$eval('input[type=radio][name^="answer"]', (els) => [...new Set(els.map((e) => (e as HTMLInputElement).name))]);
    expect(items).toHaveLength(7);
    // Each item's best answer (the highest score) is the first radio of its group.
    for (const name of items) await s.page.locator(`input[type=radio][name="${name}"]`).first().check();
    // The running total is worked out on the page as the answers are chosen.
    await s.page.waitForFunction(() => /^总分：\d+（/.test(document.getElementById('q-total')?.textContent ?? ''));
    const total = (await s.page.textContent('#q-total'))!;
    expect(total).toMatch(/^总分：\d+（控制良好）$/);
    for (const q of ['q1', 'q2', 'q3', 'q4']) await s.page.check(`input[type=radio][name="${q}"][value="off"]`);
    await s.page.check('input[name="inhalerTechniqueOk"]');
    await s.page.check('input[name="adherenceOk"]');
    await finish(s.page, 'tasks-clinician-zh-follow-up-form');
    await submit(s.page, (u) => u.pathname === child.path && u.searchParams.has('saved'));

    const saved = await confirmation(s.page);
    expect(saved).toMatch(/^随访已保存：C-ACT \d+ 分（控制良好），GINA 良好控制；下次随访 \d{4}-\d{2}-\d{2}$/);
    expect(total).toContain(saved.match(/C-ACT (\d+) 分/)![1]);
    const latest = s.page.locator('main table.stack tbody tr').first();
    expect(await latest.textContent()).toContain('良好控制');
    expect(await rawText(s.page)).toEqual([]);
    await finish(s.page, 'tasks-clinician-zh-follow-up-saved');
    expect(s.consoleErrors).toEqual([]);
    await everyPageSound(s);
    await s.context.close();
  });
});
