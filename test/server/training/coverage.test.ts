// Coverage on a population small enough to check by hand: centre A manages 6 children of 2 000
// aged 0-14, centre B 5 of 1 000; at 5 % expected, A covers 6/100 = 6 %, B 5/50 = 10 %, the district
// 11/150 = 7.3 %, so A is below the district. A centre with fewer than 5 children is withheld.
// Each test builds the world it reads (the suite runs shuffled): the two centres' children, and
// where a test needs them the populations at 5 %, a withdrawal or a trained clinician.
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { enrol } from '../children/fixtures';

let w: World;
afterEach(async () => {
  await w?.close();
});

async function coverageWorld(opts: { populations?: boolean } = {}): Promise<World> {
  w = await createWorld();
  for (let i = 0; i < 6; i++) await enrol(w, { name: `甲${i}`, guardian: { name: '家长', phone: `1380013800${i}`, relation: '母亲' } });
  for (let i = 0; i < 5; i++) await enrol(w, { name: `乙${i}`, centerId: w.ids.centreB, schoolId: null, guardian: { name: '家长', phone: `1390013900${i}`, relation: '母亲' } }, 'clinicB');
  if (opts.populations) {
    expect((await w.call('admin', 'PUT', '/api/v1/coverage/prevalence', { percent: 5, source: 'test' })).status).toBe(200);
    expect((await w.call('admin', 'PUT', `/api/v1/coverage/populations/${w.ids.centreA}`, { year: 2025, population: 2000, source: '浦东新区统计年鉴 2025' })).status).toBe(200);
    expect((await w.call('admin', 'PUT', `/api/v1/coverage/populations/${w.ids.centreB}`, { year: 2025, population: 1000, source: '浦东新区统计年鉴 2025' })).status).toBe(200);
  }
  return w;
}

/** Centre A's clinician attends a session today and passes the competency check. */
async function trainClinicA(): Promise<void> {
  const course = await w.call('manager', 'POST', '/api/v1/training/courses', { title: '规范化管理', topic: 'gina_assessment', hours: 3, format: 'lecture' });
  const session = await w.call('manager', 'POST', `/api/v1/training/courses/${course.body.id}/sessions`, { date: '2026-03-02', place: '会议室', trainerId: w.userIds.hospital });
  const sessionId = session.body.id;
  await w.call('manager', 'POST', '/api/v1/training/enrolments', { sessionId, clinicianId: w.userIds.clinicA });
  await w.call('hospital', 'POST', '/api/v1/training/attendance', { sessionId, clinicianId: w.userIds.clinicA, attended: true });
  expect((await w.call('hospital', 'POST', '/api/v1/training/competency', { sessionId, clinicianId: w.userIds.clinicA, result: 'pass', checklist: ['gina_assessment_done'] })).status).toBeLessThan(300);
}

const withdrawOneOfB = () => w.db.updateTable('children').set({ status: 'withdrawn' }).where('name', '=', '乙0').execute();

const coverage = async () => (await w.call('manager', 'GET', '/api/v1/coverage?months=3')).body;

describe('treatment coverage', () => {
  it('uses the documented default prevalence until the admin sets one', async () => {
    await coverageWorld();
    expect((await coverage()).prevalence).toMatchObject({ percent: 5.28, isDefault: true });
    expect((await w.call('admin', 'PUT', '/api/v1/coverage/prevalence', { percent: 5, source: 'test' })).status).toBe(200);
    expect((await coverage()).prevalence).toEqual({ percent: 5, source: 'test', isDefault: false });
  });

  it('is managed / (population × prevalence), per centre and for the district, and marks the centre below', async () => {
    await coverageWorld({ populations: true });
    const c = await coverage();
    const latest = c.months[c.months.length - 1];
    expect(latest.month).toBe('2026-03');
    expect(latest.district).toMatchObject({ underManagement: 11, expected: 150 });
    expect(latest.district.value).toBeCloseTo(11 / 150, 10);
    const a = c.centres.find((x: { centerId: string }) => x.centerId === w.ids.centreA);
    const b = c.centres.find((x: { centerId: string }) => x.centerId === w.ids.centreB);
    expect(a.latest).toMatchObject({ underManagement: 6, expected: 100, value: 0.06, withheld: false });
    expect(a.belowDistrict).toBe(true);
    expect(b.latest).toMatchObject({ underManagement: 5, expected: 50, value: 0.1, withheld: false });
    expect(b.belowDistrict).toBe(false);
    expect(a.population).toEqual({ year: 2025, population: 2000, source: '浦东新区统计年鉴 2025' });
    // Before anyone was enrolled (January) nobody is under management: both cells are small, withheld.
    expect(c.months[0].centres.every((x: { withheld: boolean }) => x.withheld)).toBe(true);
  });

  it('withholds a centre of fewer than 5 children, and a second so the district does not give it back', async () => {
    await coverageWorld({ populations: true });
    await withdrawOneOfB();
    const c = await coverage();
    const latest = c.months[c.months.length - 1];
    expect(latest.centres.map((x: { withheld: boolean }) => x.withheld)).toEqual([true, true]);
    expect(latest.district.underManagement).toBe(10);
  });

  it("sets a trained centre's outcomes before and after side by side, withholding groups under 5, and says it is not controlled", async () => {
    await coverageWorld();
    await trainClinicA();
    const res = await w.call('manager', 'GET', '/api/v1/training/outcomes');
    expect(res.body.controlled).toBe(false);
    expect(res.body.centres).toHaveLength(1);
    const a = res.body.centres[0];
    expect(a).toMatchObject({ centerId: w.ids.centreA, trainedOn: '2026-03-02', before: { from: '2025-09-02', to: '2026-03-01' }, after: null });
    // Nobody was under management at centre A before today: each figure is about 0 children, withheld.
    expect(Object.values(a.before.figures)).toEqual([0, 1, 2].map(() => ({ withheld: true, numerator: null, denominator: null, value: null })));
  });

  it("is served as indicators: the district whole, a centre's coverage withheld with the same rule, a clinician their own centre", async () => {
    await coverageWorld({ populations: true });
    await withdrawOneOfB();
    await trainClinicA();
    const byId = (body: any) => Object.fromEntries(body.items.map((i: any) => [i.id, i]));
    const district = byId((await w.call('manager', 'GET', '/api/v1/training/indicators')).body);
    expect(district.trained_clinicians).toMatchObject({ numerator: 1, value: 1, label: { zh: '培训合格的医生', en: 'Trained clinicians' } });
    expect(district.treatment_coverage).toMatchObject({ withheld: false, numerator: 10, denominator: 150 });
    const a = await w.call('clinicA', 'GET', '/api/v1/training/indicators');
    expect(a.body.centerId).toBe(w.ids.centreA);
    expect(byId(a.body).trained_clinicians.value).toBe(1);
    expect(byId(a.body).treatment_coverage).toMatchObject({ withheld: true, numerator: null, denominator: null, value: null });
    expect((await w.call('clinicB', 'GET', `/api/v1/training/indicators?centerId=${w.ids.centreA}`)).status).toBe(403);
  });

  it("is for admins and managers; populations and prevalence are the admin's", async () => {
    await coverageWorld();
    expect((await w.call('clinicA', 'GET', '/api/v1/coverage')).status).toBe(403);
    expect((await w.call('manager', 'PUT', '/api/v1/coverage/prevalence', { percent: 5, source: 'x' })).status).toBe(403);
    expect((await w.call('admin', 'PUT', `/api/v1/coverage/populations/${w.ids.hospital}`, { year: 2025, population: 10, source: 'x' })).body.error.details[0].path).toBe('centerId');
  });
});
