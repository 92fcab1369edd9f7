import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../helpers/world';
import { enrol } from '../server/children/fixtures';

let w: World;
beforeAll(async () => {
  w = await createWorld();
  await enrol(w, { name: '=cmd|"/c calc"!A1' });
});
afterAll(async () => {
  await w.close();
});

const page = async (user: string, path: string, lang = 'en') => {
  const res = await w.app.request(path, { headers: { cookie: `lang=${lang}; ${await w.cookieFor(user)}` } });
  return { status: res.status, html: await res.text(), headers: res.headers };
};

describe('dashboard pages', () => {
  it('shows a manager the whole programme with charts, centre table and data-as-of', async () => {
    const res = await page('manager', '/dashboard');
    expect(res.status).toBe(200);
    expect(res.html).toContain('Data as of');
    expect(res.html).toContain('data-chart="chart-on-time"');
    expect(res.html).toContain('id="centres"');
    expect(res.html).toContain('Index validation');
  });

  it('shows a clinician their own centre only, without the centre comparison', async () => {
    const res = await page('clinicA', '/dashboard', 'zh');
    expect(res.status).toBe(200);
    expect(res.html).toContain('数据截至');
    expect(res.html).not.toContain('id="centres"');
  });

  it('refuses nurses and parents', async () => {
    expect((await page('nurse1', '/dashboard')).status).toBe(403);
    expect((await page('parent1', '/dashboard')).status).toBe(403);
  });

  it('keeps a bad custom period from breaking the page', async () => {
    const res = await page('manager', '/dashboard?period=custom&from=2026-05-01&to=2026-01-01');
    expect(res.status).toBe(400);
    expect(res.html).toContain('The start cannot be after the end');
  });

  it('exports the centre table as CSV with a BOM', async () => {
    const res = await w.app.request('/dashboard/centres.csv', { headers: { cookie: `lang=en; ${await w.cookieFor('manager')}` } });
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toContain('Centre,Children under management in the period');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="centres-pudong-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv"$/);
  });
});
