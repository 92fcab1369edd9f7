// The school first-aid API (docs/api.md "schools" endpoints): HTTP only; the services decide scope.
import { z } from 'zod';
import { defineRoute, requestContext as ctx, type Api } from '../http/route';
import { id, isoDate } from '../http/schemas';
import { pageQuery } from '../http/paging';
import { sharedBody } from '../http/shared-body';
import { assessmentInputSchema } from './rules';
import { actionUpdate, checkBody, kitBody, kitPatch, mdiBody, mdiPatch, parentToldBody, trainingBody, useBody } from './schemas';
import * as schools from './service';

const readers = { action: 'schools.read' } as const;
const writers = { action: 'schools.write' } as const;
const idParam = z.object({ id });
const tag = 'schools';

export function registerSchoolRoutes(api: Api): void {
  defineRoute(api, { method: 'get', path: '/schools/overview', summary: 'Every school in scope with its latest grade, alerts and escalations', tag, access: readers }, async (c) => {
    const { date, items } = await schools.schoolsOverview(c.get('deps'), ctx(c));
    // The district's rows are shared (and frozen) until a school changes: 741 KB at city scale,
    // 20-40 ms of the request thread to serialise, so the body is built once per rows and day.
    const head = JSON.stringify({ date });
    return c.body(
      sharedBody(items, head, () => `${head.slice(0, -1)},"items":${JSON.stringify(items)}}`),
      200,
      { 'Content-Type': 'application/json' },
    );
  });
  defineRoute(api, { method: 'get', path: '/schools/:id/summary', summary: "A school's latest grade, score history, open actions and alerts", tag, access: readers, params: idParam }, async (c, { params }) =>
    c.json(await schools.schoolSummary(c.get('deps'), ctx(c), params.id)),
  );

  defineRoute(api, { method: 'post', path: '/schools/:id/assessments', summary: 'Score and store a capability assessment', tag, access: writers, params: idParam, body: assessmentInputSchema, status: 201 }, async (c, { params, body }) =>
    c.json(await schools.createAssessment(c.get('deps'), ctx(c), params.id, body), 201),
  );
  defineRoute(api, { method: 'get', path: '/schools/:id/assessments', summary: "A school's assessments, newest first", tag, access: readers, params: idParam, query: pageQuery }, async (c, { params, query }) =>
    c.json(await schools.listAssessments(c.get('deps'), ctx(c), params.id, query)),
  );
  defineRoute(
    api,
    { method: 'get', path: '/schools/:id/assessment-prefill', summary: 'An assessment input pre-filled from kits, checks, uses and training records', tag, access: readers, params: idParam, query: z.object({ date: isoDate.optional() }) },
    async (c, { params, query }) => c.json(await schools.assessmentPrefill(c.get('deps'), ctx(c), params.id, query.date)),
  );
  defineRoute(api, { method: 'get', path: '/assessments/:id', summary: 'A stored assessment: input snapshot, result and actions', tag, access: readers, params: idParam }, async (c, { params }) =>
    c.json(await schools.getAssessment(c.get('deps'), ctx(c), params.id)),
  );
  defineRoute(api, { method: 'patch', path: '/actions/:id', summary: 'Move a corrective action: open -> done (with a closing note) -> verified', tag, access: writers, params: idParam, body: actionUpdate }, async (c, { params, body }) =>
    c.json(await schools.updateAction(c.get('deps'), ctx(c), params.id, body)),
  );
  defineRoute(
    api,
    {
      method: 'get',
      path: '/actions',
      summary: 'Open corrective actions; ?escalated=true gives overdue P1s flagged to the district',
      tag,
      access: readers,
      query: z.object({ schoolId: id.optional(), escalated: z.enum(['true', 'false']).optional() }),
    },
    async (c, { query }) => c.json({ items: await schools.listOpenActions(c.get('deps'), ctx(c), { schoolId: query.schoolId, escalatedOnly: query.escalated === 'true' }) }),
  );

  // Registered before /kits/:id so "alerts" is never read as a kit id.
  defineRoute(
    api,
    {
      method: 'get',
      path: '/kits/alerts',
      summary: 'MDIs expiring or low, kits without a check this month',
      tag,
      access: readers,
      query: pageQuery.extend({ within: z.coerce.number().int().min(0).max(366).default(60), schoolId: id.optional() }),
    },
    async (c, { query }) => c.json(await schools.listKitAlerts(c.get('deps'), ctx(c), query)),
  );
  defineRoute(api, { method: 'get', path: '/schools/:id/kits', summary: "A school's kits with their MDIs", tag, access: readers, params: idParam }, async (c, { params }) =>
    c.json({ items: await schools.listKits(c.get('deps'), ctx(c), params.id) }),
  );
  defineRoute(api, { method: 'post', path: '/schools/:id/kits', summary: 'Add a kit (optionally with its MDIs)', tag, access: writers, params: idParam, body: kitBody, status: 201 }, async (c, { params, body }) =>
    c.json(await schools.createKit(c.get('deps'), ctx(c), params.id, body), 201),
  );
  defineRoute(api, { method: 'get', path: '/kits/:id', summary: 'A kit with its MDIs, recent checks and uses', tag, access: readers, params: idParam }, async (c, { params }) =>
    c.json(await schools.getKit(c.get('deps'), ctx(c), params.id)),
  );
  defineRoute(api, { method: 'patch', path: '/kits/:id', summary: 'Change a kit (label, place, lock, storage, spacers, documents, retire)', tag, access: writers, params: idParam, body: kitPatch }, async (c, { params, body }) =>
    c.json(await schools.updateKit(c.get('deps'), ctx(c), params.id, body)),
  );
  defineRoute(api, { method: 'post', path: '/kits/:id/mdis', summary: 'Add an MDI to a kit, or replace one (replaces)', tag, access: writers, params: idParam, body: mdiBody, status: 201 }, async (c, { params, body }) =>
    c.json(await schools.addMdi(c.get('deps'), ctx(c), params.id, body), 201),
  );
  defineRoute(api, { method: 'patch', path: '/mdis/:id', summary: "Update an MDI's counter reading or puffs used, or remove it", tag, access: writers, params: idParam, body: mdiPatch }, async (c, { params, body }) =>
    c.json(await schools.updateMdi(c.get('deps'), ctx(c), params.id, body)),
  );
  defineRoute(api, { method: 'post', path: '/kits/:id/checks', summary: 'Record the monthly kit check', tag, access: writers, params: idParam, body: checkBody, status: 201 }, async (c, { params, body }) =>
    c.json(await schools.recordCheck(c.get('deps'), ctx(c), params.id, body), 201),
  );
  defineRoute(api, { method: 'post', path: '/kits/:id/uses', summary: 'Record a use of the kit', tag, access: writers, params: idParam, body: useBody, status: 201 }, async (c, { params, body }) =>
    c.json(await schools.recordUse(c.get('deps'), ctx(c), params.id, body), 201),
  );
  defineRoute(api, { method: 'patch', path: '/kit-uses/:id', summary: 'Record when and how the parent was told of a use', tag, access: writers, params: idParam, body: parentToldBody }, async (c, { params, body }) =>
    c.json(await schools.recordParentTold(c.get('deps'), ctx(c), params.id, body)),
  );

  defineRoute(api, { method: 'post', path: '/trainings', summary: 'Record a training session with its attendees', tag, access: writers, body: trainingBody, status: 201 }, async (c, { body }) =>
    c.json(await schools.createTraining(c.get('deps'), ctx(c), body), 201),
  );
  defineRoute(api, { method: 'get', path: '/trainings', summary: 'Training sessions, newest first', tag, access: readers, query: pageQuery.extend({ schoolId: id.optional() }) }, async (c, { query }) =>
    c.json(await schools.listTrainings(c.get('deps'), ctx(c), query)),
  );
}
