// The access matrix's rows for clinicians' training and treatment coverage (issue 36). Admins and
// managers run courses and sessions; the session's trainer (the hospital's clinician here) records
// attendance and competency; a clinician enrols themself; populations and prevalence are the admin's.
import { ids } from '../helpers/world';
import { r, type Ctx, type Params, type Row } from './access-rows';

const FUTURE = '2026-03-10';
const TODAY = '2026-03-02';

/** A fresh course, made by the manager. */
async function freshCourse({ w }: Ctx): Promise<Params> {
  const res = await w.call('manager', 'POST', '/api/v1/training/courses', { title: '矩阵课程', topic: 'inhaler_technique', hours: 2, format: 'workshop' });
  if (res.status !== 201) throw new Error(`course: ${res.status} ${res.text}`);
  return { id: res.body.id };
}

/** A fresh session the hospital's clinician trains, on `date`, with clinicA enrolled (and attended) when asked. */
function freshSession(date: string, opts: { enrolled?: boolean; attended?: boolean } = {}) {
  return async (c: Ctx): Promise<Params> => {
    const { w } = c;
    const course = await freshCourse(c);
    const res = await w.call('manager', 'POST', `/api/v1/training/courses/${course.id}/sessions`, { date, place: '儿童医学中心', trainerId: w.userIds.hospital });
    if (res.status !== 201) throw new Error(`session: ${res.status} ${res.text}`);
    const id = res.body.id as string;
    if (opts.enrolled) await w.call('manager', 'POST', '/api/v1/training/enrolments', { sessionId: id, clinicianId: w.userIds.clinicA });
    if (opts.attended) await w.call('hospital', 'POST', '/api/v1/training/attendance', { sessionId: id, clinicianId: w.userIds.clinicA, attended: true });
    return { id };
  };
}

const enrolee = ({ w, as }: Ctx) => (['clinicA', 'clinicB', 'hospital'].includes(as) ? w.userIds[as] : w.userIds.clinicA);

//                                                                 anon adm  mgr  cliA cliB hosp nur1 nur2 par1 par2
export const TRAINING_API: Row[] = [
  r('GET /api/v1/training/courses', '401  200  200  200  200  200  403  403  403  403'),
  r('POST /api/v1/training/courses', '401  201  201  403  403  403  403  403  403  403', { body: () => ({ title: '矩阵', topic: 'gina_assessment', hours: 1, format: 'lecture' }) }),
  r('POST /api/v1/training/courses/:id/sessions', '401  201  201  403  403  403  403  403  403  403', { fresh: freshCourse, body: ({ w }) => ({ date: FUTURE, place: '会议室', trainerId: w.userIds.hospital }) }),
  r('GET /api/v1/training/sessions/:id', '401  200  200  200  200  200  403  403  403  403', { fresh: freshSession(FUTURE, { enrolled: true }), note: 'a clinician who is not the trainer sees their own row only' }),
  r('POST /api/v1/training/enrolments', '401  201  201  201  201  201  403  403  403  403', {
    fresh: freshSession(FUTURE),
    body: (c) => ({ sessionId: c.p.id, clinicianId: enrolee(c) }),
    note: 'managers name a clinician; a clinician enrols themself',
  }),
  r('POST /api/v1/training/attendance', '401  200  403  403  403  200  403  403  403  403', {
    fresh: freshSession(TODAY, { enrolled: true }),
    body: ({ w, p }) => ({ sessionId: p.id, clinicianId: w.userIds.clinicA, attended: true }),
    note: "the session's trainer (hospital) or an admin",
  }),
  r('POST /api/v1/training/competency', '401  200  403  403  403  200  403  403  403  403', {
    fresh: freshSession(TODAY, { enrolled: true, attended: true }),
    body: ({ w, p }) => ({ sessionId: p.id, clinicianId: w.userIds.clinicA, result: 'pass', checklist: ['pef_measured'] }),
  }),
  r('GET /api/v1/training/me', '401  403  403  200  200  200  403  403  403  403'),
  r('GET /api/v1/training/readiness', '401  200  200  403  403  403  403  403  403  403'),
  r('GET /api/v1/training/indicators', '401  200  200  200  200  404  403  403  403  403', { note: 'a clinician: own centre; the hospital has no readiness of its own' }),
  r('GET /api/v1/training/indicators', '401  200  200  200  403  403  403  403  403  403', { query: `?centerId=${ids.centreA}` }),
  r('GET /api/v1/training/outcomes', '401  200  200  403  403  403  403  403  403  403'),
  r('GET /api/v1/coverage', '401  200  200  403  403  403  403  403  403  403'),
  r('PUT /api/v1/coverage/populations/:id', '401  200  403  403  403  403  403  403  403  403', { at: { id: { literal: ids.centreA } }, body: () => ({ year: 2025, population: 30000, source: '统计年鉴' }) }),
  r('PUT /api/v1/coverage/prevalence', '401  200  403  403  403  403  403  403  403  403', { body: () => ({ percent: 5.28, source: 'survey' }) }),
];

// An empty form shows the form again with its errors (400) once the caller is allowed.
//                                                                 anon adm  mgr  cliA cliB hosp nur1 nur2 par1 par2
export const TRAINING_PAGES: Row[] = [
  r('GET /training', '303  200  200  200  200  200  403  403  403  403'),
  r('GET /training/courses/new', '303  200  200  403  403  403  403  403  403  403'),
  r('POST /training/courses/new', '303  400  400  403  403  403  403  403  403  403', { form: () => ({}) }),
  r('GET /training/courses/:id', '303  200  200  403  403  403  403  403  403  403', { fresh: freshCourse }),
  r('GET /training/courses/:id/sessions/new', '303  200  200  403  403  403  403  403  403  403', { fresh: freshCourse }),
  r('POST /training/courses/:id/sessions/new', '303  400  400  403  403  403  403  403  403  403', { fresh: freshCourse, form: () => ({}) }),
  r('GET /training/sessions/:id', '303  200  200  200  200  200  403  403  403  403', { fresh: freshSession(FUTURE, { enrolled: true }) }),
  r('POST /training/sessions/:id/enrol', '303  400  400  303  303  303  403  403  403  403', { fresh: freshSession(FUTURE), form: () => ({}), note: 'empty: a clinician enrols themself; a manager must name someone' }),
  r('POST /training/sessions/:id/attendance', '303  400  403  403  403  400  403  403  403  403', { fresh: freshSession(TODAY, { enrolled: true }), form: () => ({}) }),
  r('POST /training/sessions/:id/competency', '303  400  403  403  403  400  403  403  403  403', { fresh: freshSession(TODAY, { enrolled: true, attended: true }), form: () => ({}) }),
  r('GET /admin/coverage', '303  200  403  403  403  403  403  403  403  403'),
  r('POST /admin/coverage/prevalence', '303  400  403  403  403  403  403  403  403  403', { form: () => ({}) }),
  r('POST /admin/coverage/population', '303  400  403  403  403  403  403  403  403  403', { form: () => ({}) }),
];
