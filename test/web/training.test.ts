// The training pages through forms: a course and session made, a clinician enrolled, attended and
// passed, the dashboard's readiness row changing; refusals shown in the user's language, nothing stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../helpers/world';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w?.close();
});

async function get(as: string, path: string, lang = 'zh') {
  const res = await w.app.request(path, { headers: { cookie: `${await w.cookieFor(as)}; lang=${lang}` } });
  return { status: res.status, html: await res.text() };
}
async function post(as: string, path: string, form: Record<string, string | string[]>, lang = 'zh') {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  const res = await w.app.request(path, { method: 'POST', headers: { cookie: `${await w.cookieFor(as)}; lang=${lang}`, 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' }, body });
  return { status: res.status, location: res.headers.get('location') ?? '', html: await res.text() };
}
const trainedOfA = async () => {
  const { html } = await get('manager', '/dashboard');
  return /data-centre="[^"]*0a"[^>]*>.*?data-col="trained">(\d+)</s.exec(html)?.[1];
};

describe('training pages', () => {
  it('take a course through to a certificate, and the dashboard counts it', async () => {
    expect(await trainedOfA()).toBe('0');
    const course = await post('manager', '/training/courses/new', { title: '哮喘规范化管理', topic: 'gina_assessment', format: 'lecture', hours: '3', validMonths: '24' });
    expect(course.status).toBe(303);
    const courseId = /\/training\/courses\/([0-9a-f-]{36})/.exec(course.location)![1];
    const session = await post('manager', `/training/courses/${courseId}/sessions/new`, { date: '2026-03-02', place: '潍坊社区会议室', trainerId: w.userIds.hospital! });
    expect(session.status).toBe(303);
    const path = new URL(session.location, 'http://x').pathname;
    expect((await post('manager', `${path}/enrol`, { clinicianId: w.userIds.clinicA! })).status).toBe(303);
    expect((await post('hospital', `${path}/attendance`, { clinicianId: w.userIds.clinicA!, attended: 'yes' })).status).toBe(303);
    expect((await post('hospital', `${path}/competency`, { clinicianId: w.userIds.clinicA!, result: 'pass', checklist: ['gina_assessment_done', 'action_plan_written'] })).status).toBe(303);
    expect(await trainedOfA()).toBe('1');
    const mine = await get('clinicA', '/training');
    expect(mine.html).toContain('已培训合格');
    expect(mine.html).toContain('2028-03-02');
    expect((await get('clinicA', '/training', 'en')).html).toContain('Trained and certified');
  });

  it("refuse bad input in the page's language and store nothing", async () => {
    const before = (await w.db.selectFrom('training_courses').select('id').execute()).length;
    const zh = await post('manager', '/training/courses/new', { title: '', topic: 'gina_assessment', format: 'lecture', hours: '0', validMonths: '24' });
    expect(zh.status).toBe(400);
    expect(zh.html).toContain('学时须大于 0');
    const en = await post('admin', '/admin/coverage/prevalence', { percent: '60', source: 'x' }, 'en');
    expect(en.status).toBe(400);
    expect(en.html).toContain('The prevalence must be over 0% and at most 50%');
    const pop = await post('admin', '/admin/coverage/population', { centerId: w.ids.centreA, year: '2025', population: '0', source: '统计年鉴' });
    expect(pop.status).toBe(400);
    expect(pop.html).toContain('人数须为大于 0 的整数');
    expect((await w.db.selectFrom('training_courses').select('id').execute()).length).toBe(before);
    expect(await w.db.selectFrom('centre_populations').selectAll().execute()).toEqual([]);
    expect(await w.db.selectFrom('prevalence_settings').selectAll().execute()).toEqual([]);
  });

  it('refuse a competency for an enrolee who did not attend, naming it on the session page', async () => {
    const course = await post('manager', '/training/courses/new', { title: '峰流速测定', topic: 'spirometry_pef', format: 'workshop', hours: '2', validMonths: '24' });
    const courseId = /\/training\/courses\/([0-9a-f-]{36})/.exec(course.location)![1];
    const path = new URL((await post('manager', `/training/courses/${courseId}/sessions/new`, { date: '2026-03-02', place: '陆家嘴', trainerId: w.userIds.hospital! })).location, 'http://x').pathname;
    await post('manager', `${path}/enrol`, { clinicianId: w.userIds.clinicB! });
    const res = await post('hospital', `${path}/competency`, { clinicianId: w.userIds.clinicB!, result: 'pass', checklist: ['pef_measured'] });
    expect(res.status).toBe(400);
    expect(res.html).toContain('该医生未出勤本场次');
    const row = await w.db.selectFrom('training_enrolments').select('competency').where('clinician_id', '=', w.userIds.clinicB!).executeTakeFirstOrThrow();
    expect(row.competency).toBeNull();
  });
});
