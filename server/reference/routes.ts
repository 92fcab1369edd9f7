import { defineRoute, requestContext, type Api } from '../http/route';
import { centreBody, createCentre, createSchool, schoolBody } from './service';
import { calendarDayBody, calendarDayParams, calendarQuery, listCalendarDays, removeCalendarDay, setCalendarDay } from './calendar';

export function registerReferenceRoutes(api: Api): void {
  defineRoute(api, { method: 'get', path: '/centers', summary: 'Community health centres and the hospital', tag: 'reference', access: {} }, async (c) => {
    const rows = await c.get('deps').db.selectFrom('centers').select(['id', 'name', 'name_en', 'kind', 'district', 'street']).orderBy('kind', 'desc').orderBy('name').execute();
    return c.json({ items: rows.map((r) => ({ id: r.id, name: r.name, nameEn: r.name_en, kind: r.kind, district: r.district, street: r.street })) });
  });

  defineRoute(api, { method: 'get', path: '/schools', summary: 'Schools in the programme', tag: 'reference', access: {} }, async (c) => {
    const rows = await c.get('deps').db.selectFrom('schools').select(['id', 'name', 'kind', 'district', 'pupils', 'campuses']).orderBy('name').execute();
    return c.json({ items: rows });
  });

  defineRoute(api, { method: 'post', path: '/centers', summary: 'Add a centre (admin)', tag: 'reference', access: { action: 'reference.manage' }, body: centreBody, status: 201 }, async (c, { body }) =>
    c.json(await createCentre(c.get('deps'), requestContext(c), body), 201),
  );
  defineRoute(api, { method: 'post', path: '/schools', summary: 'Add a school (admin)', tag: 'reference', access: { action: 'reference.manage' }, body: schoolBody, status: 201 }, async (c, { body }) =>
    c.json(await createSchool(c.get('deps'), requestContext(c), body), 201),
  );

  // Working days for the 2-working-day review after an emergency visit (clinicians read, the admin keeps it).
  defineRoute(api, { method: 'get', path: '/calendar', summary: 'Public holidays and make-up working days', tag: 'reference', access: { action: 'calendar.read' }, query: calendarQuery }, async (c, { query }) =>
    c.json(await listCalendarDays(c.get('deps'), query.year)),
  );
  defineRoute(
    api,
    { method: 'put', path: '/calendar/:date', summary: 'Set a public holiday or make-up working day (admin)', tag: 'reference', access: { action: 'reference.manage' }, params: calendarDayParams, body: calendarDayBody },
    async (c, { params, body }) => c.json(await setCalendarDay(c.get('deps'), requestContext(c), params.date, body)),
  );
  defineRoute(api, { method: 'delete', path: '/calendar/:date', summary: 'Remove a calendar day (admin)', tag: 'reference', access: { action: 'reference.manage' }, params: calendarDayParams }, async (c, { params }) => {
    await removeCalendarDay(c.get('deps'), requestContext(c), params.date);
    return c.json({ ok: true });
  });
}
