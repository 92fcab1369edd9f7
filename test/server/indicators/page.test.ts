// The dashboard page says what each figure is, in words, with its coverage, in Shanghai time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { allKeys, t } from '../../../web/i18n';
import { INDICATORS } from '../../../server/indicators/v2/figures';
import { enrol, followUpBody } from '../children/fixtures';

let w: World;
beforeAll(async () => {
  w = await createWorld({ now: '2026-03-02T02:00:00Z' });
  for (let i = 0; i < 6; i++) {
    const id = await enrol(w, { name: `孩子${i}` });
    await w.call('clinicA', 'POST', `/api/v1/children/${id}/follow-ups`, followUpBody());
  }
});
afterAll(async () => {
  await w.close();
});

const page = async (user: string, path: string, lang?: string) => {
  const res = await w.app.request(path, { headers: { cookie: `${lang ? `lang=${lang}; ` : ''}${await w.cookieFor(user)}` } });
  return { status: res.status, html: await res.text() };
};

describe('the dashboard page', () => {
  it('defines every indicator in words in both languages: Chinese with full-width punctuation, English complete', () => {
    for (const { id } of INDICATORS) {
      for (const key of [`ind.${id}`, `ind.${id}.def`]) {
        expect(allKeys('zh')).toContain(key);
        expect(allKeys('en')).toContain(key);
        expect(t('en', key)).not.toMatch(/[\u4e00-\u9fff]/);
        expect(t('zh', key)).not.toMatch(/\.md|§|see /i);
      }
      const zh = t('zh', `ind.${id}.def`);
      expect(zh).toMatch(/。$/);
      expect(zh).not.toMatch(/[\u4e00-\u9fff][,;:.()]|[,;:(][\u4e00-\u9fff]/);
    }
  });

  it('shows the time in Shanghai, each definition, coverage, and a count without a denominator (Chinese by default)', async () => {
    const res = await page('clinicA', '/dashboard');
    expect(res.status).toBe(200);
    expect(res.html).toContain('数据截至 2026-03-02 10:00（北京时间）');
    expect(res.html).not.toContain('UTC');
    expect(res.html).toContain(t('zh', 'ind.on_time_follow_ups.def'));
    expect(res.html).toContain('<th>覆盖率</th>');
    // The active count: its value and numerator, no denominator.
    const row = res.html.split('<tr>').find((r) => r.includes(t('zh', 'ind.active_at_end')))!;
    expect([...row.matchAll(/<td>(.*?)<\/td>/g)].slice(1).map((m) => m[1])).toEqual(['6', '6', '', '']);
    expect(res.html).not.toContain('clinical.md');
  });

  it('labels the current month as partial in the charts, in English too', async () => {
    const res = await page('manager', '/dashboard', 'en');
    expect(res.html).toContain('Data as of 2026-03-02 10:00 (Shanghai time)');
    expect(res.html).toContain('2026-03 (month so far)');
    expect(res.html).toContain('2025-03 (from day 3)'); // the default 12 months start on 2025-03-03
    expect(res.html).toContain(t('en', 'dash.complementary'));
  });
});
