// The training API end to end: a course, a session, enrolment, attendance and a competency check
// changing the centre's readiness; each refusal of bad input names its field and stores nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w?.close();
});

const course = { title: '吸入技术教学工作坊', topic: 'inhaler_technique', hours: 4, format: 'workshop' };
const counts = async () => ({
  courses: (await w.db.selectFrom('training_courses').select('id').execute()).length,
  sessions: (await w.db.selectFrom('training_sessions').select('id').execute()).length,
  enrolments: await w.db.selectFrom('training_enrolments').selectAll().execute(),
  populations: (await w.db.selectFrom('centre_populations').select('year').execute()).length,
  prevalence: (await w.db.selectFrom('prevalence_settings').select('id').execute()).length,
});
const fieldOf = (res: { status: number; body: any }) => ({ status: res.status, paths: (res.body?.error?.details ?? []).map((d: { path: string }) => d.path) });

async function session(date: string): Promise<string> {
  const c = await w.call('manager', 'POST', '/api/v1/training/courses', course);
  expect(c.status).toBe(201);
  const s = await w.call('manager', 'POST', `/api/v1/training/courses/${c.body.id}/sessions`, { date, place: '儿童医学中心呼吸科', trainerId: w.userIds.hospital });
  expect(s.status).toBe(201);
  return s.body.id;
}

describe('a course taken through to a certificate', () => {
  it("raises the centre's readiness once the clinician attended and passed", async () => {
    const id = await session('2026-03-02');
    const readiness = async () => (await w.call('manager', 'GET', '/api/v1/training/readiness')).body.centres.find((c: { centerId: string }) => c.centerId === w.ids.centreA);
    expect(await readiness()).toMatchObject({ clinicians: 1, trained: 0 });
    expect((await w.call('manager', 'POST', '/api/v1/training/enrolments', { sessionId: id, clinicianId: w.userIds.clinicA })).status).toBe(201);
    expect((await w.call('manager', 'POST', '/api/v1/training/enrolments', { sessionId: id, clinicianId: w.userIds.clinicA })).status).toBe(409);
    // The trainer (the hospital's clinician) records; another clinician may not.
    expect((await w.call('clinicB', 'POST', '/api/v1/training/attendance', { sessionId: id, clinicianId: w.userIds.clinicA, attended: true })).status).toBe(403);
    expect((await w.call('hospital', 'POST', '/api/v1/training/attendance', { sessionId: id, clinicianId: w.userIds.clinicA, attended: true })).status).toBe(200);
    const checked = await w.call('hospital', 'POST', '/api/v1/training/competency', { sessionId: id, clinicianId: w.userIds.clinicA, result: 'pass', checklist: ['inhaler_teaching_observed'] });
    expect(checked.status).toBe(200);
    expect(checked.body.enrolments[0]).toMatchObject({ attended: true, competency: 'pass', competencyDate: '2026-03-02', expiresOn: '2028-03-02', checklist: ['inhaler_teaching_observed'] });
    expect(await readiness()).toMatchObject({ clinicians: 1, trained: 1, dueSoon: 0, firstTrainedOn: '2026-03-02' });
    const mine = await w.call('clinicA', 'GET', '/api/v1/training/me');
    expect(mine.body).toMatchObject({ status: 'trained', expiresOn: '2028-03-02' });
    // Audited by id only.
    const rows = await w.db.selectFrom('audit_log').select(['action', 'entity']).where('entity', 'like', 'training%').execute();
    expect(rows.map((r) => `${r.action} ${r.entity}`)).toEqual(
      expect.arrayContaining(['create training_course', 'create training_session', 'create training_enrolment', 'attendance training_enrolment', 'competency training_enrolment', 'read training_readiness']),
    );
  });

  it('lets a clinician enrol only themself, and shows them only their own row', async () => {
    const id = await session('2026-03-20');
    expect((await w.call('clinicB', 'POST', '/api/v1/training/enrolments', { sessionId: id, clinicianId: w.userIds.clinicA })).status).toBe(403);
    expect((await w.call('clinicB', 'POST', '/api/v1/training/enrolments', { sessionId: id })).status).toBe(201);
    await w.call('manager', 'POST', '/api/v1/training/enrolments', { sessionId: id, clinicianId: w.userIds.clinicA });
    expect((await w.call('clinicB', 'GET', `/api/v1/training/sessions/${id}`)).body.enrolments.map((e: { clinicianId: string }) => e.clinicianId)).toEqual([w.userIds.clinicB]);
    expect((await w.call('hospital', 'GET', `/api/v1/training/sessions/${id}`)).body.enrolments).toHaveLength(2);
  });
});

describe('bad input is refused with the field named, and nothing is stored', () => {
  it('a session in the past cannot be enrolled into', async () => {
    const id = await session('2026-03-01');
    const before = await counts();
    expect(fieldOf(await w.call('manager', 'POST', '/api/v1/training/enrolments', { sessionId: id, clinicianId: w.userIds.clinicA }))).toEqual({ status: 400, paths: ['sessionId'] });
    expect(await counts()).toEqual(before);
  });

  it('attendance for a clinician not enrolled', async () => {
    const id = await session('2026-03-02');
    const before = await counts();
    expect(fieldOf(await w.call('hospital', 'POST', '/api/v1/training/attendance', { sessionId: id, clinicianId: w.userIds.clinicB, attended: true }))).toEqual({ status: 400, paths: ['clinicianId'] });
    expect(await counts()).toEqual(before);
  });

  it('a competency for a session not attended (absent, or attendance not recorded)', async () => {
    const id = await session('2026-03-02');
    await w.call('manager', 'POST', '/api/v1/training/enrolments', { sessionId: id, clinicianId: w.userIds.clinicB });
    const before = await counts();
    const check = { sessionId: id, clinicianId: w.userIds.clinicB, result: 'pass', checklist: ['pef_measured'] };
    expect(fieldOf(await w.call('hospital', 'POST', '/api/v1/training/competency', check))).toEqual({ status: 400, paths: ['sessionId'] });
    await w.call('hospital', 'POST', '/api/v1/training/attendance', { sessionId: id, clinicianId: w.userIds.clinicB, attended: false });
    const absent = await counts();
    expect(fieldOf(await w.call('hospital', 'POST', '/api/v1/training/competency', check))).toEqual({ status: 400, paths: ['sessionId'] });
    expect(await counts()).toEqual(absent);
    expect(before.enrolments.length).toBe(absent.enrolments.length);
  });

  it('a population of zero or below', async () => {
    const before = await counts();
    for (const population of [0, -100]) {
      expect(fieldOf(await w.call('admin', 'PUT', `/api/v1/coverage/populations/${w.ids.centreA}`, { year: 2025, population, source: '浦东新区统计年鉴' }))).toEqual({ status: 400, paths: ['population'] });
    }
    expect(await counts()).toEqual(before);
  });

  it('a prevalence outside 0-50 %', async () => {
    const before = await counts();
    for (const percent of [0, -1, 50.5, 80]) {
      expect(fieldOf(await w.call('admin', 'PUT', '/api/v1/coverage/prevalence', { percent, source: 'x' }))).toEqual({ status: 400, paths: ['percent'] });
    }
    expect((await w.call('admin', 'PUT', '/api/v1/coverage/prevalence', { percent: 50, source: 'edge' })).status).toBe(200);
    expect((await counts()).prevalence).toBe(before.prevalence + 1);
  });

  it("in the API's error shape, in English", async () => {
    const res = await w.call('admin', 'PUT', '/api/v1/coverage/prevalence', { percent: 60, source: 'x' });
    expect(res.body.error).toMatchObject({ code: 'validation_failed', details: [{ path: 'percent', message: 'The prevalence must be over 0% and at most 50%' }] });
  });
});
