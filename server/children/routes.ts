import type { Context } from 'hono';
import { z } from 'zod';
import { defineRoute, requestContext, type Api } from '../http/route';
import { sharedBody } from '../http/shared-body';
import { pageQuery } from '../http/paging';
import { logFollowUp, listFollowUps, worklist } from '../followups/service';
import { followUpSchema, worklistQuery } from '../followups/schemas';
import { acknowledgeAlert, listDiary, saveDiaryEntry } from '../diary/service';
import { diaryEntrySchema, diaryParams, diaryRangeQuery } from '../diary/schemas';
import { childCreateSchema, childListQuery, childPatchSchema, guardianLinkSchema } from './schemas';
import { childEventSchema, recordChildEvent } from './events';
import { exportChild } from './export';
import { childView, enrolChild, getChild, linkGuardian, listChildren, updateChild } from './service';

const idParam = z.object({ id: z.uuid() });
// An answer the service already encoded (on the read worker, server/reads/offload.ts).
const jsonText = (c: Context, text: string) => c.body(text, 200, { 'Content-Type': 'application/json' });
const clinical = { action: 'children.manage' } as const;

export function registerChildRoutes(api: Api): void {
  defineRoute(api, { method: 'post', path: '/children', summary: 'Enrol a child (guardian consent required)', tag: 'children', access: clinical, body: childCreateSchema, status: 201 }, async (c, { body }) =>
    c.json(childView(await enrolChild(c.get('deps'), requestContext(c), body)), 201),
  );
  defineRoute(api, { method: 'get', path: '/children', summary: "Children in the caller's scope, paged", tag: 'children', access: { action: 'children.read' }, query: childListQuery }, async (c, { query }) =>
    c.json(await listChildren(c.get('deps'), requestContext(c), query)),
  );
  defineRoute(api, { method: 'get', path: '/children/:id', summary: 'A child with latest assessment, next due and flags', tag: 'children', access: {}, params: idParam }, async (c, { params }) =>
    jsonText(c, await getChild(c.get('deps'), requestContext(c), params.id, 'json')),
  );
  defineRoute(
    api,
    { method: 'patch', path: '/children/:id', summary: 'Update enrolment details, move centre, withdraw or transfer', tag: 'children', access: clinical, params: idParam, body: childPatchSchema },
    async (c, { params, body }) => c.json(childView(await updateChild(c.get('deps'), requestContext(c), params.id, body))),
  );
  defineRoute(api, { method: 'post', path: '/children/:id/guardians', summary: 'Link a parent account to the child', tag: 'children', access: clinical, params: idParam, body: guardianLinkSchema }, async (c, { params, body }) => {
    await linkGuardian(c.get('deps'), requestContext(c), params.id, body);
    return c.json({ ok: true });
  });
  defineRoute(
    api,
    { method: 'post', path: '/children/:id/events', summary: 'Record an emergency visit, admission or discharge (review within 2 working days)', tag: 'children', access: clinical, params: idParam, body: childEventSchema, status: 201 },
    async (c, { params, body }) => c.json(await recordChildEvent(c.get('deps'), requestContext(c), params.id, body), 201),
  );
  defineRoute(api, { method: 'get', path: '/children/:id/export', summary: 'The whole record as JSON, for the guardian (audited)', tag: 'children', access: {}, params: idParam }, async (c, { params }) => {
    c.header('Content-Disposition', `attachment; filename="child-${params.id}.json"`);
    return c.json(await exportChild(c.get('deps'), requestContext(c), params.id));
  });

  defineRoute(
    api,
    { method: 'post', path: '/children/:id/follow-ups', summary: 'Log a follow-up; returns the computed score, level and next due date', tag: 'follow-ups', access: clinical, params: idParam, body: followUpSchema, status: 201 },
    async (c, { params, body }) => c.json(await logFollowUp(c.get('deps'), requestContext(c), params.id, body), 201),
  );
  defineRoute(api, { method: 'get', path: '/children/:id/follow-ups', summary: 'Follow-ups, newest first', tag: 'follow-ups', access: { action: 'children.read' }, params: idParam, query: pageQuery }, async (c, { params, query }) =>
    jsonText(c, await listFollowUps(c.get('deps'), requestContext(c), params.id, query, 'json')),
  );
  defineRoute(api, { method: 'get', path: '/follow-ups/worklist', summary: 'Children due or overdue at a centre, oldest due first', tag: 'follow-ups', access: { action: 'worklist.read' }, query: worklistQuery }, async (c, { query }) => {
    const { centerId, today, items, nextCursor } = await worklist(c.get('deps'), requestContext(c), query);
    // The items array is reused while the centre's data is unchanged: the body is built once per head.
    const head = `${JSON.stringify({ centerId, today }).slice(0, -1)},"nextCursor":${JSON.stringify(nextCursor)}`;
    const body = sharedBody(items, head, () => `${head},"items":${JSON.stringify(items)}}`);
    return c.body(body, 200, { 'Content-Type': 'application/json' });
  });

  defineRoute(
    api,
    { method: 'put', path: '/children/:id/diary/:date', summary: "Save the diary for a day (replaces that day's entry)", tag: 'diary', access: { action: 'diary.keep' }, params: diaryParams, body: diaryEntrySchema },
    async (c, { params, body }) => c.json(await saveDiaryEntry(c.get('deps'), requestContext(c), params.id, params.date, body)),
  );
  defineRoute(
    api,
    { method: 'get', path: '/children/:id/diary', summary: 'Diary entries in a date range (default last 28 days)', tag: 'diary', access: { action: 'diary.keep' }, params: idParam, query: diaryRangeQuery },
    async (c, { params, query }) => jsonText(c, await listDiary(c.get('deps'), requestContext(c), params.id, query.from, query.to, 'json')),
  );
  defineRoute(api, { method: 'post', path: '/alerts/:id/acknowledge', summary: 'Acknowledge a diary alert', tag: 'diary', access: clinical, params: idParam }, async (c, { params }) => {
    await acknowledgeAlert(c.get('deps'), requestContext(c), params.id);
    return c.json({ ok: true });
  });
}
