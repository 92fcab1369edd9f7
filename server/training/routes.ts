// The clinician-training and coverage API (issue 36): HTTP only; the services decide scope.
import { z } from 'zod';
import { defineRoute, requestContext as ctx, type Api } from '../http/route';
import { id } from '../http/schemas';
import { beforeAfterReport, coverageReport, readinessReport, setPopulation, setPrevalence } from './coverage';
import { trainingIndicators } from './indicators';
import { attendanceBody, competencyBody, courseBody, coverageQuery, enrolBody, populationBody, prevalenceBody, sessionBody } from './schemas';
import * as training from './service';

const managers = { action: 'training.manage' } as const;
const readers = { action: 'training.read' } as const;
const admins = { action: 'coverage.manage' } as const;
const recorders = { action: 'training.record' } as const;
const tag = 'training';
const idParam = z.object({ id });

export function registerTrainingRoutes(api: Api): void {
  defineRoute(api, { method: 'get', path: '/training/courses', summary: 'Courses with their sessions (enrolment counts, no names)', tag, access: readers }, async (c) => c.json({ items: await training.listCourses(c.get('deps'), ctx(c)) }));
  defineRoute(api, { method: 'post', path: '/training/courses', summary: 'Define a course: title, topic, hours, format, certificate validity', tag, access: managers, body: courseBody, status: 201 }, async (c, { body }) =>
    c.json(await training.createCourse(c.get('deps'), ctx(c), body), 201),
  );
  defineRoute(
    api,
    { method: 'post', path: '/training/courses/:id/sessions', summary: 'Schedule a session of a course: date, place, trainer', tag, access: managers, params: idParam, body: sessionBody, status: 201 },
    async (c, { params, body }) => c.json(await training.createSession(c.get('deps'), ctx(c), params.id, body), 201),
  );
  defineRoute(api, { method: 'get', path: '/training/sessions/:id', summary: "A session; the roster for its managers and trainer, one's own row otherwise", tag, access: readers, params: idParam }, async (c, { params }) =>
    c.json(await training.getSession(c.get('deps'), ctx(c), params.id)),
  );
  defineRoute(api, { method: 'post', path: '/training/enrolments', summary: 'Enrol a clinician (managers) or oneself (clinicians) in a session not yet past', tag, access: readers, body: enrolBody, status: 201 }, async (c, { body }) =>
    c.json(await training.enrol(c.get('deps'), ctx(c), body), 201),
  );
  defineRoute(api, { method: 'post', path: '/training/attendance', summary: "Record whether an enrolled clinician attended (the session's trainer)", tag, access: recorders, body: attendanceBody }, async (c, { body }) =>
    c.json(await training.recordAttendance(c.get('deps'), ctx(c), body)),
  );
  defineRoute(api, { method: 'post', path: '/training/competency', summary: "Record a competency check with its checklist (the session's trainer)", tag, access: recorders, body: competencyBody }, async (c, { body }) =>
    c.json(await training.recordCompetency(c.get('deps'), ctx(c), body)),
  );
  defineRoute(api, { method: 'get', path: '/training/me', summary: "The caller's own training and certificate standing, and the sessions they train", tag, access: { action: 'training.own' } }, async (c) =>
    c.json(await training.myTraining(c.get('deps'), ctx(c))),
  );
  defineRoute(api, { method: 'get', path: '/training/readiness', summary: 'Per community centre: trained clinicians, due for renewal, placements', tag, access: managers }, async (c) => c.json(await readinessReport(c.get('deps'), ctx(c))));
  defineRoute(
    api,
    { method: 'get', path: '/training/indicators', summary: 'Readiness and coverage as indicators, for the district or a community centre (clinicians: own centre)', tag, access: readers, query: z.object({ centerId: id.optional() }) },
    async (c, { query }) => c.json(await trainingIndicators(c.get('deps'), ctx(c), query)),
  );
  defineRoute(api, { method: 'get', path: '/training/outcomes', summary: 'Per trained centre: outcome indicators before and after its first training (descriptive)', tag, access: managers }, async (c) =>
    c.json(await beforeAfterReport(c.get('deps'), ctx(c))),
  );
  defineRoute(api, { method: 'get', path: '/coverage', summary: 'Treatment coverage by month per centre and for the district', tag, access: managers, query: coverageQuery }, async (c, { query }) =>
    c.json(await coverageReport(c.get('deps'), ctx(c), query)),
  );
  defineRoute(
    api,
    { method: 'put', path: '/coverage/populations/:id', summary: "A community centre's catchment children aged 0-14 for a year, with its source", tag, access: admins, params: idParam, body: populationBody },
    async (c, { params, body }) => c.json(await setPopulation(c.get('deps'), ctx(c), params.id, body)),
  );
  defineRoute(api, { method: 'put', path: '/coverage/prevalence', summary: 'The expected prevalence (per cent, over 0 and at most 50) with its source', tag, access: admins, body: prevalenceBody }, async (c, { body }) =>
    c.json(await setPrevalence(c.get('deps'), ctx(c), body)),
  );
}
