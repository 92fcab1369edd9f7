import type { World } from '../../helpers/world';

/** A valid enrolment body; override what a test is about. */
export function childBody(w: World, overrides: Record<string, unknown> = {}) {
  return {
    name: '测试儿童',
    sex: 'M',
    birthDate: '2017-06-01',
    heightCm: 130,
    guardian: { name: '测试家长', phone: '13800138000', relation: '母亲' },
    centerId: w.ids.centreA,
    schoolId: w.ids.school1,
    personalBestPef: 300,
    consent: { givenBy: '测试家长', date: '2026-03-01', noticeVersion: 'v1' },
    ...overrides,
  };
}

export async function enrol(w: World, overrides: Record<string, unknown> = {}, as = 'clinicA'): Promise<string> {
  const res = await w.call(as, 'POST', '/api/v1/children', childBody(w, overrides));
  if (res.status !== 201) throw new Error(`enrol failed ${res.status} ${res.text}`);
  return res.body.id as string;
}

export const followUpBody = (overrides: Record<string, unknown> = {}) => ({
  date: '2026-03-02',
  mode: 'clinic',
  answers: [3, 3, 3, 3, 5, 5, 5],
  gina: { q1: false, q2: false, q3: false, q4: false },
  ...overrides,
});
