import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { childBody, enrol } from './fixtures';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.close();
});

const paths = (res: { body: any }) => res.body.error.details.map((d: { path: string }) => d.path);

describe('children registry', () => {
  it('enrols a child and schedules the first review 4 weeks later (R1, docs/clinical-rules.md)', async () => {
    const res = await w.call('clinicA', 'POST', '/api/v1/children', childBody(w));
    expect(res.status).toBe(201);
    const child = await w.call('clinicA', 'GET', `/api/v1/children/${res.body.id}`);
    expect(child.status).toBe(200);
    // "enrolled 2026-03-02, no follow-up yet -> due 2026-03-30 (R1)"
    expect(child.body.nextDue).toMatchObject({ date: '2026-03-30', reason: 'R1', overdue: false });
    expect(child.body.consent).toEqual({ givenBy: '测试家长', date: '2026-03-01', noticeVersion: 'v1' });
  });

  it('refuses an enrolment without consent, naming the field', async () => {
    const { consent: _c, ...body } = childBody(w);
    const res = await w.call('clinicA', 'POST', '/api/v1/children', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(paths(res)).toEqual(['consent']);
    expect(res.body.error.details[0].message).toMatch(/consent/i);
  });

  it('validates every field and names each one', async () => {
    const res = await w.call('clinicA', 'POST', '/api/v1/children', {
      ...childBody(w),
      name: '',
      sex: 'X',
      birthDate: '2026-02-30',
      heightCm: 10,
      guardian: { name: '家长', phone: '12345', relation: '' },
      personalBestPef: 2000,
      consent: { givenBy: '', date: 'yesterday', noticeVersion: '' },
    });
    expect(res.status).toBe(400);
    expect(paths(res).sort()).toEqual(['birthDate', 'consent.date', 'consent.givenBy', 'consent.noticeVersion', 'guardian.phone', 'guardian.relation', 'heightCm', 'name', 'personalBestPef', 'sex'].sort());
  });

  it('refuses a birth date in the future and a consent dated tomorrow', async () => {
    const res = await w.call('clinicA', 'POST', '/api/v1/children', childBody(w, { birthDate: '2026-05-01', consent: { givenBy: 'x', date: '2026-03-03', noticeVersion: 'v1' } }));
    expect(res.status).toBe(400);
    expect(paths(res).sort()).toEqual(['birthDate', 'consent.date']);
  });

  it('lets a clinician enrol only at their own centre; nurses and parents may not enrol', async () => {
    expect((await w.call('clinicA', 'POST', '/api/v1/children', childBody(w, { centerId: w.ids.centreB }))).status).toBe(400);
    expect((await w.call('nurse1', 'POST', '/api/v1/children', childBody(w))).status).toBe(403);
    expect((await w.call('parent1', 'POST', '/api/v1/children', childBody(w))).status).toBe(403);
    expect((await w.call(null, 'POST', '/api/v1/children', childBody(w))).status).toBe(401);
  });

  it('scopes reads: another centre gets 404, a linked parent sees the child, another parent 404, a nurse 403', async () => {
    const id = await enrol(w);
    expect((await w.call('clinicA', 'POST', `/api/v1/children/${id}/guardians`, { userId: w.userIds.parent1 })).status).toBe(200);
    expect((await w.call('clinicB', 'GET', `/api/v1/children/${id}`)).status).toBe(404);
    expect((await w.call('parent1', 'GET', `/api/v1/children/${id}`)).status).toBe(200);
    expect((await w.call('parent2', 'GET', `/api/v1/children/${id}`)).status).toBe(404);
    expect((await w.call('nurse1', 'GET', `/api/v1/children/${id}`)).status).toBe(403);
    expect((await w.call('manager', 'GET', `/api/v1/children/${id}`)).status).toBe(403);
    expect((await w.call('clinicB', 'GET', `/api/v1/children/${id}/follow-ups`)).status).toBe(404);
    expect((await w.call('nurse1', 'GET', `/api/v1/children/${id}/follow-ups`)).status).toBe(403);
    const me = await w.call('parent1', 'GET', '/api/v1/me');
    expect(me.body.childIds).toContain(id);
  });

  it('audits every read and write of a child without names or phones', async () => {
    const id = await enrol(w, { name: '审计儿童' });
    await w.call('clinicA', 'GET', `/api/v1/children/${id}`);
    const rows = await w.db.selectFrom('audit_log').selectAll().where('entity_id', '=', id).execute();
    expect(rows.map((r) => r.action).sort()).toEqual(['create', 'read']);
    expect(rows.every((r) => r.user_id === w.userIds.clinicA)).toBe(true);
    const all = JSON.stringify(await w.db.selectFrom('audit_log').selectAll().execute());
    expect(all).not.toContain('审计儿童');
    expect(all).not.toContain('13800138000');
  });

  it('searches within scope by name and phone, paged stably', async () => {
    for (const n of ['甲一', '甲二', '甲三', '甲四', '甲五']) await enrol(w, { name: n, guardian: { name: 'g', phone: '13900000001', relation: '父亲' } });
    await enrol(w, { name: '甲六', centerId: w.ids.centreB }, 'clinicB');
    const page1 = await w.call('clinicA', 'GET', '/api/v1/children?q=%E7%94%B2&limit=3');
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((c: any) => c.name)).toHaveLength(3);
    const page2 = await w.call('clinicA', 'GET', `/api/v1/children?q=%E7%94%B2&limit=3&cursor=${page1.body.nextCursor}`);
    const names = [...page1.body.items, ...page2.body.items].map((c: any) => c.name);
    expect(names.sort()).toEqual(['甲一', '甲三', '甲二', '甲五', '甲四'].sort());
    expect(page2.body.nextCursor).toBeNull();
    const byPhone = await w.call('clinicA', 'GET', '/api/v1/children?q=13900000001');
    expect(byPhone.body.items).toHaveLength(5);
    const audits = await w.db.selectFrom('audit_log').select('action').where('action', '=', 'search').execute();
    expect(audits.length).toBeGreaterThanOrEqual(3);
  });

  it('withdraws a child with a reason: no due date, kept on record, off the worklist', async () => {
    const id = await enrol(w, { name: '退出儿童' });
    const noReason = await w.call('clinicA', 'PATCH', `/api/v1/children/${id}`, { status: 'withdrawn' });
    expect(noReason.status).toBe(400);
    expect(paths(noReason)).toEqual(['reason']);
    const res = await w.call('clinicA', 'PATCH', `/api/v1/children/${id}`, { status: 'withdrawn', reason: '家长要求退出' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('withdrawn');
    const child = await w.call('clinicA', 'GET', `/api/v1/children/${id}`);
    expect(child.body.nextDue).toBeNull();
    const wl = await w.call('clinicA', 'GET', '/api/v1/follow-ups/worklist?within=60');
    expect(wl.body.items.some((i: any) => i.childId === id)).toBe(false);
    expect((await w.call('clinicA', 'POST', `/api/v1/children/${id}/follow-ups`, { date: '2026-03-02', mode: 'clinic', answers: [3, 3, 3, 3, 5, 5, 5], gina: { q1: false, q2: false, q3: false, q4: false } })).status).toBe(400);
  });

  it('moves a child to another centre keeping the history; the old centre loses sight', async () => {
    const id = await enrol(w, { name: '转中心' });
    const res = await w.call('clinicA', 'PATCH', `/api/v1/children/${id}`, { centerId: w.ids.centreB, reason: '搬家' });
    expect(res.status).toBe(200);
    expect((await w.call('clinicA', 'GET', `/api/v1/children/${id}`)).status).toBe(404);
    expect((await w.call('clinicB', 'GET', `/api/v1/children/${id}`)).status).toBe(200);
    const history = await w.db.selectFrom('child_centre_history').selectAll().where('child_id', '=', id).orderBy('id').execute();
    expect(history.map((h) => h.to_center_id)).toEqual([w.ids.centreA, w.ids.centreB]);
  });

  it('exports the whole record for the guardian, audited', async () => {
    const id = await enrol(w, { name: '导出' });
    await w.call('clinicA', 'POST', `/api/v1/children/${id}/guardians`, { userId: w.userIds.parent2 });
    const res = await w.call('parent2', 'GET', `/api/v1/children/${id}/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/attachment/);
    expect(res.body.child.name).toBe('导出');
    expect(res.body).toHaveProperty('followUps');
    const audit = await w.db.selectFrom('audit_log').selectAll().where('action', '=', 'export').where('entity_id', '=', id).execute();
    expect(audit).toHaveLength(1);
  });
});
