// The admin's holiday calendar page (safety rules v2, 8.4): add, list and remove days; refused
// input is named in the page's language; a day entered moves a child's review date.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../helpers/world';
import { enrol } from '../server/children/fixtures';

let w: World;
beforeAll(async () => {
  w = await createWorld({ now: '2026-12-04T02:00:00Z' });
});
afterAll(async () => {
  await w.close();
});

async function post(path: string, form: Record<string, string>, lang = 'zh') {
  const res = await w.app.request(path, {
    method: 'POST',
    headers: { cookie: `${await w.cookieFor('admin')}; lang=${lang}`, 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
    body: new URLSearchParams(form),
  });
  return { status: res.status, html: await res.text(), location: res.headers.get('location') };
}

describe('/admin/calendar', () => {
  it('adds a holiday that moves the 2-working-day review, lists it, and removes it', async () => {
    const saved = await post('/admin/calendar', { date: '2026-12-07', kind: 'holiday', name: '测试假日' });
    expect(saved.status).toBe(200);
    expect(saved.html).toContain('测试假日');
    expect(saved.html).toContain('已保存 2026-12-07');
    const id = await enrol(w, { consent: { givenBy: '测试家长', date: '2026-11-01', noticeVersion: 'v1' } });
    const event = await w.call('clinicA', 'POST', `/api/v1/children/${id}/events`, { kind: 'ed', date: '2026-12-04', source: 'hospital' });
    expect(event.body.nextDue.date).toBe('2026-12-09');
    // Removing is asked first: the list links to a question page; a post without its answer removes nothing.
    expect(saved.html).toContain('href="/admin/calendar/2026-12-07/delete"');
    const unasked = await post('/admin/calendar/2026-12-07/delete', {});
    expect(unasked.status).toBe(303);
    expect(unasked.location).toBe('/admin/calendar/2026-12-07/delete');
    expect(await w.db.selectFrom('calendar_days').select('date').execute()).toEqual([{ date: '2026-12-07' }]);
    const question = await w.app.request('/admin/calendar/2026-12-07/delete', { headers: { cookie: `${await w.cookieFor('admin')}; lang=zh` } });
    const questionHtml = await question.text();
    expect(questionHtml).toContain('<h1>删除 2026-12-07（测试假日）？</h1>');
    expect(questionHtml).toContain('name="confirm" value="yes"');
    const removed = await post('/admin/calendar/2026-12-07/delete', { confirm: 'yes' });
    expect(removed.status).toBe(200);
    expect(removed.html).toContain('已删除 2026-12-07');
    expect(await w.db.selectFrom('calendar_days').select('date').execute()).toEqual([]);
  });

  it('names a missing date and name next to the fields, in English, with nothing stored', async () => {
    const res = await post('/admin/calendar', { date: '', kind: 'holiday', name: ' ' }, 'en');
    expect(res.status).toBe(400);
    expect(res.html).toContain('id="f-date-error"');
    expect(res.html).toContain('id="f-name-error">Required');
    expect(res.html).not.toMatch(/Invalid input/);
    expect(await w.db.selectFrom('calendar_days').select('date').execute()).toEqual([]);
  });
});
