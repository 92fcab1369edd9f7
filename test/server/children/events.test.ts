// A hospital notice recorded by a clinician (safety rules v2, 8.4): the urgent alert, the review
// within 2 working days with no grace, the admin's holiday calendar, and nothing stored on refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { enrol } from './fixtures';

let w: World;
// Friday 2026-12-04, 10:00 in Shanghai.
beforeAll(async () => {
  w = await createWorld({ now: '2026-12-04T02:00:00Z' });
});
afterAll(async () => {
  await w.close();
});

const consent = { givenBy: '测试家长', date: '2026-11-01', noticeVersion: 'v1' };

describe('POST /children/:id/events', () => {
  it('an ED visit on Friday: urgent alert, due Tuesday with grace 0, overdue on Wednesday', async () => {
    const id = await enrol(w, { consent });
    const res = await w.call('clinicA', 'POST', `/api/v1/children/${id}/events`, { kind: 'ed', date: '2026-12-04', source: 'hospital', note: '急诊雾化' });
    expect(res.status).toBe(201);
    expect(res.body.nextDue).toEqual({ date: '2026-12-08', reason: 'R4', graceDays: 0, overdue: false });
    const alerts = await w.db.selectFrom('clinical_alerts').select(['kind', 'level', 'source_date']).where('child_id', '=', id).execute();
    expect(alerts).toEqual([{ kind: 'ed_visit', level: 'urgent', source_date: '2026-12-04' }]);
    const child = await w.call('clinicA', 'GET', `/api/v1/children/${id}`);
    expect(child.body.nextDue).toMatchObject({ date: '2026-12-08', reason: 'R4', graceDays: 0 });
    const audit = await w.db.selectFrom('audit_log').select(['action', 'entity']).where('entity', '=', 'child_event').execute();
    expect(audit).toContainEqual({ action: 'create', entity: 'child_event' });
  });

  it('honours a public holiday from the calendar', async () => {
    const id = await enrol(w, { consent });
    await w.db.insertInto('calendar_days').values({ date: '2026-12-07', kind: 'holiday', name: 'test holiday', updated_by: 'admin', updated_at: '2026-12-01T00:00:00Z' }).execute();
    try {
      const res = await w.call('clinicA', 'POST', `/api/v1/children/${id}/events`, { kind: 'admitted', date: '2026-12-04', source: 'clinic' });
      expect(res.body.nextDue).toMatchObject({ date: '2026-12-09', graceDays: 0 });
    } finally {
      await w.db.deleteFrom('calendar_days').execute();
    }
  });

  it('refuses a future date, an unknown kind and a missing source with 400 naming each, storing nothing', async () => {
    const id = await enrol(w, { consent });
    const bad = [
      [{ kind: 'ed', date: '2026-12-05', source: 'hospital' }, 'date'],
      [{ kind: 'icu', date: '2026-12-04', source: 'hospital' }, 'kind'],
      [{ kind: 'ed', date: '2026-12-04' }, 'source'],
    ] as const;
    for (const [body, path] of bad) {
      const res = await w.call('clinicA', 'POST', `/api/v1/children/${id}/events`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect(await w.db.selectFrom('child_events').select('id').where('child_id', '=', id).execute()).toEqual([]);
  });
});

describe("the parents' article on emergencies says the same", () => {
  it('names the review within 2 working days after an emergency visit, admission or discharge, in both languages', async () => {
    const { ARTICLE_LIBRARY } = await import('../../../server/family-app/articles/library');
    const emergency = ARTICLE_LIBRARY.find((a) => a.slug === 'emergency')!;
    expect(emergency.body.zh).toContain('2 个工作日内');
    expect(emergency.body.en).toContain('within 2 working days');
    expect(`${emergency.body.zh}${emergency.body.en}`).not.toMatch(/7 天内|within 7 days/);
  });
});
