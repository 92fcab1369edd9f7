// The schools overview page for managers: filters by name, district and latest grade, 50 schools a
// page with links that keep the filters, and a bad filter named in the page's language (400).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../helpers/world';

let w: World;
beforeAll(async () => {
  w = await createWorld({ now: '2025-10-20T02:00:00Z' });
  const now = w.clock.now().toISOString();
  // 70 more schools: 60 in Pudong, 10 in Xuhui (the world has 测试第一小学 and 测试第二小学 in Pudong).
  for (let i = 1; i <= 70; i++) {
    const n = String(i).padStart(2, '0');
    await w.db
      .insertInto('schools')
      .values({
        id: `00000000-0000-4000-b000-0000000000${n}`,
        name: i <= 60 ? `浦东样本学校${n}` : `徐汇样本学校${n}`,
        kind: 'primary',
        district: i <= 60 ? 'pudong' : 'xuhui',
        pupils: 300,
        campuses: 1,
        created_at: now,
      })
      .execute();
  }
});
afterAll(async () => {
  await w.close();
});

async function page(path: string, lang?: 'en' | 'zh') {
  const cookie = [await w.cookieFor('manager'), lang ? `lang=${lang}` : null].filter(Boolean).join('; ');
  const res = await w.app.request(path, { headers: { cookie } });
  return { status: res.status, html: await res.text() };
}
const schoolLinks = (html: string) => [...html.matchAll(/<a href="\/schools\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]!);
const pagerLinks = (html: string) => [...(/<p class="pager">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '').matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

describe('the schools overview', () => {
  it('shows 50 schools a page, with the count and a link to the next page', async () => {
    const first = await page('/schools');
    expect(first.status).toBe(200);
    expect(first.html).toContain('共 72 所学校');
    expect(first.html).toContain('第 1 / 2 页');
    expect(schoolLinks(first.html)).toHaveLength(50);
    expect(pagerLinks(first.html)).toEqual(['/schools?page=2']);
    const second = await page('/schools?page=2');
    const both = [...schoolLinks(first.html), ...schoolLinks(second.html)];
    expect(both).toHaveLength(72);
    expect(new Set(both).size).toBe(72);
    expect(pagerLinks(second.html)).toEqual(['/schools?page=1']);
  });

  it('filters by district and by part of the name, and the page links keep the filters', async () => {
    const xuhui = await page('/schools?district=xuhui');
    expect(schoolLinks(xuhui.html)).toHaveLength(10);
    expect(schoolLinks(xuhui.html).every((n) => n.startsWith('徐汇'))).toBe(true);
    expect(xuhui.html).toContain('共 10 所学校');
    expect(xuhui.html).toMatch(/<option value="xuhui" selected/);

    const named = await page(`/schools?q=${encodeURIComponent('样本学校0')}`);
    expect(schoolLinks(named.html).sort()).toEqual(Array.from({ length: 9 }, (_, i) => `浦东样本学校0${i + 1}`));
    expect(named.html).toContain('value="样本学校0"');

    const pudong = await page('/schools?district=pudong');
    expect(pudong.html).toContain('共 62 所学校');
    expect(pagerLinks(pudong.html)).toEqual(['/schools?district=pudong&page=2']);
    expect(schoolLinks((await page('/schools?district=pudong&page=2')).html)).toHaveLength(12);
  });

  it('filters by latest grade, "not assessed" included; the chart counts the district, not the grade', async () => {
    const none = await page('/schools?grade=none');
    expect(none.html).toContain('共 72 所学校');
    const graded = await page('/schools?grade=A');
    expect(schoolLinks(graded.html)).toEqual([]);
    expect(graded.html).toContain('没有符合条件的学校。');
    // Grade A..D then "not assessed": all 72 schools are unassessed in this world.
    expect(graded.html).toContain('"data":[0,0,0,0,72]');
  });

  it("a page past the last shows the last; a bad filter is named in the user's language with a 400", async () => {
    expect(schoolLinks((await page('/schools?page=9')).html)).toHaveLength(22);
    const zh = await page('/schools?district=atlantis&q=abc');
    expect(zh.status).toBe(400);
    expect(zh.html).toContain('请修正以下问题');
    expect(zh.html).toMatch(/id="f-district"[^>]*aria-invalid="true"/);
    expect(zh.html).toContain('value="abc"');
    expect(schoolLinks(zh.html)).toHaveLength(50);
    const en = await page('/schools?grade=Z', 'en');
    expect(en.status).toBe(400);
    expect(en.html).toContain('Please correct');
    expect(en.html).toContain('All grades');
  });
});
