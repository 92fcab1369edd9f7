// The follow-up service (server/followups/service.ts) through the API, for what the services
// group's tests left unpinned (issue 38, test/MUTATION.md): every answer of a follow-up read back as
// logged, who logs it for which centre, the refusals of a withdrawn child and a date before birth,
// and the worklist's filters, window and refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../../server/http/paging';
import { createWorld, type World } from '../../helpers/world';
import { enrol, followUpBody } from '../children/fixtures';
import { upBody } from '../referrals/fixtures';

let w: World;
beforeAll(async () => {
  w = await createWorld();
}); // 2026-03-02
afterAll(async () => {
  await w.close();
});

const yes = (n: number) => ({ q1: n > 0, q2: n > 1, q3: n > 2, q4: n > 3 });
const log = async (as: string, id: string, body: unknown) => {
  const res = await w.call(as, 'POST', `/api/v1/children/${id}/follow-ups`, body);
  expect(res.status, res.text).toBe(201);
  return res.body;
};
const listed = async (id: string) => (await w.call('clinicA', 'GET', `/api/v1/children/${id}/follow-ups`)).body.items;

describe('a follow-up read back', () => {
  it('keeps every answer as logged: yes, no and not asked', async () => {
    const id = await enrol(w);
    await log(
      'clinicA',
      id,
      followUpBody({
        date: '2026-02-20',
        gina: { q1: true, q2: false, q3: true, q4: false },
        exacerbations: { ocsCourses: 1, edVisits: 0, admissions: 2 },
        pef: 200,
        inhalerTechniqueOk: false,
        adherenceOk: true,
        actionPlanGiven: false,
        treatmentChanged: true,
        ginaStep: 3,
        note: '家长诉夜间咳嗽',
      }),
    );
    await log('clinicA', id, followUpBody({ date: '2026-03-01', gina: { q1: false, q2: true, q3: false, q4: true }, inhalerTechniqueOk: true, adherenceOk: false, actionPlanGiven: true }));
    await log('clinicA', id, followUpBody({ date: '2026-03-02' }));
    const [bare, other, full] = await listed(id);
    expect(full).toMatchObject({
      date: '2026-02-20',
      mode: 'clinic',
      centerId: w.ids.centreA,
      answers: [3, 3, 3, 3, 5, 5, 5],
      gina: { q1: true, q2: false, q3: true, q4: false },
      ginaLevel: 'partly',
      exacerbations: { ocsCourses: 1, edVisits: 0, admissions: 2 },
      pef: 200,
      pefZone: 'yellow',
      inhalerTechniqueOk: false,
      adherenceOk: true,
      actionPlanGiven: false,
      treatmentChanged: true,
      ginaStep: 3,
      note: '家长诉夜间咳嗽',
    });
    expect(other).toMatchObject({ date: '2026-03-01', gina: { q1: false, q2: true, q3: false, q4: true }, inhalerTechniqueOk: true, adherenceOk: false, actionPlanGiven: true, treatmentChanged: false });
    expect(bare).toMatchObject({
      date: '2026-03-02',
      gina: { q1: false, q2: false, q3: false, q4: false },
      ginaLevel: 'well',
      exacerbations: { ocsCourses: 0, edVisits: 0, admissions: 0 },
      pef: null,
      pefZone: null,
      inhalerTechniqueOk: null,
      adherenceOk: null,
      actionPlanGiven: null,
      treatmentChanged: false,
      ginaStep: null,
      note: null,
    });
    expect(bare.nextDue).toEqual({ date: expect.any(String), reason: expect.any(String) });
    // A page holding exactly all three has no next cursor; a cursor of the wrong shape is refused.
    const page = (q: string) => w.call('clinicA', 'GET', `/api/v1/children/${id}/follow-ups?${q}`);
    expect((await page('limit=3')).body.nextCursor).toBeNull();
    expect((await page('limit=2')).body.nextCursor).not.toBeNull();
    for (const parts of [
      ['2026-03-01', 'x'],
      ['2026-03-01', 'x', 3],
    ]) {
      const res = await page(`limit=2&cursor=${encodeCursor(parts)}`);
      expect([res.status, res.body.error.details.map((d: { path: string }) => d.path)], JSON.stringify(parts)).toEqual([400, ['cursor']]);
    }
  });

  it('a PEF without a personal best or a height has no zone', async () => {
    const id = await enrol(w, { personalBestPef: null, heightCm: undefined });
    const res = await log('clinicA', id, followUpBody({ pef: 200 }));
    expect(res).toMatchObject({ pefZone: null, pefBasis: null });
  });

  it("is the centre of whoever logs it: the hospital receiving a referral logs its own; an admin logs the child's centre", async () => {
    const id = await enrol(w);
    expect((await w.call('clinicA', 'POST', '/api/v1/referrals', upBody(w, id))).status).toBe(201);
    await log('hospital', id, followUpBody({ date: '2026-03-01' }));
    await log('admin', id, followUpBody({ date: '2026-03-02' }));
    expect((await listed(id)).map((f: { date: string; centerId: string }) => `${f.date} ${f.centerId}`)).toEqual([`2026-03-02 ${w.ids.centreA}`, `2026-03-01 ${w.ids.hospital}`]);
  });

  it('is refused for a withdrawn child and for a date before the child was born, naming the field', async () => {
    const withdrawn = await enrol(w);
    expect((await w.call('clinicA', 'PATCH', `/api/v1/children/${withdrawn}`, { status: 'withdrawn', reason: '家长要求退出' })).status).toBe(200);
    const refused = await w.call('clinicA', 'POST', `/api/v1/children/${withdrawn}/follow-ups`, followUpBody());
    expect([refused.status, refused.body.error.details.map((d: { path: string }) => d.path)]).toEqual([400, ['childId']]);
    const child = await enrol(w); // born 2017-06-01
    const early = await w.call('clinicA', 'POST', `/api/v1/children/${child}/follow-ups`, followUpBody({ date: '2017-05-31' }));
    expect([early.status, early.body.error.details.map((d: { path: string }) => d.path)]).toEqual([400, ['date']]);
    expect(await listed(child)).toEqual([]);
    expect(await listed(withdrawn)).toEqual([]);
  });
});

describe('the worklist', () => {
  const worklist = (query: string, as = 'clinicA') => w.call(as, 'GET', `/api/v1/follow-ups/worklist?limit=500&${query}`);
  /** Of the worklist's children, the ones of `mine`, by their label. */
  const whichOf = async (query: string, mine: Record<string, string>) => {
    const res = await worklist(query);
    expect(res.status, res.text).toBe(200);
    const byId = new Map(Object.entries(mine).map(([label, id]) => [id, label]));
    return res.body.items
      .filter((i: { childId: string }) => byId.has(i.childId))
      .map((i: { childId: string }) => byId.get(i.childId))
      .sort();
  };

  it('filters by control, risk and overdue, and reaches as far ahead as asked', async () => {
    const mine = {
      // GINA 3 yes today: uncontrolled, due 2026-03-16.
      uncontrolled: await enrol(w, { name: '工作清单未控制' }),
      // Partly controlled on 2025-12-01: due four weeks later, long overdue.
      overdue: await enrol(w, { name: '工作清单逾期' }),
      // Partly controlled today: due 2026-03-30; an ED visit in the last year makes the child high risk.
      risky: await enrol(w, { name: '工作清单高危', riskHistory: { ocsCourses12m: 0, edVisits12m: 1, admissions12m: 0, everIcuOrIntubated: false } }),
    };
    await log('clinicA', mine.uncontrolled, followUpBody({ gina: yes(3) }));
    await log('clinicA', mine.overdue, followUpBody({ date: '2025-12-01', gina: yes(1) }));
    await log('clinicA', mine.risky, followUpBody({ gina: yes(1) }));
    expect(await whichOf('within=90', mine)).toEqual(['overdue', 'risky', 'uncontrolled']);
    expect(await whichOf('within=14', mine)).toEqual(['overdue', 'uncontrolled']);
    expect(await whichOf('within=13', mine)).toEqual(['overdue']);
    expect(await whichOf('within=90&filter=uncontrolled', mine)).toEqual(['uncontrolled']);
    expect(await whichOf('within=90&filter=high_risk', mine)).toEqual(['risky', 'uncontrolled']);
    expect(await whichOf('within=90&filter=overdue', mine)).toEqual(['overdue']);
    const item = (await worklist('within=90')).body.items.find((i: { childId: string }) => i.childId === mine.overdue);
    expect(item).toMatchObject({ name: '工作清单逾期', dueDate: '2025-12-29', reason: 'R2', overdue: true, lastControlLevel: 'partly', highRisk: false, alerts: [] });
    expect(item.graceDays).toBeGreaterThan(0);
    expect((await worklist('within=90')).body.items.find((i: { childId: string }) => i.childId === mine.risky).highRisk).toBe(true);
  });

  it('an admin names the centre; without one it is refused naming centerId; a school nurse is refused', async () => {
    const res = await worklist('within=14');
    expect(res.body.centerId).toBe(w.ids.centreA);
    const admin = await worklist(`within=14&centerId=${w.ids.centreA}`, 'admin');
    expect([admin.status, admin.body.centerId]).toEqual([200, w.ids.centreA]);
    const none = await worklist('within=14', 'admin');
    expect([none.status, none.body.error.details.map((d: { path: string }) => d.path)]).toEqual([400, ['centerId']]);
    expect((await worklist('within=14', 'nurse1')).status).toBe(403);
  });

  it('refuses a cursor it did not make', async () => {
    for (const cursor of ['bm90LWEtY3Vyc29y', encodeCursor(['2026-03-16', 'x']), encodeCursor(['2026-03-16', 'x', 3])]) {
      const res = await worklist(`within=14&cursor=${cursor}`);
      expect([res.status, res.body.error.details.map((d: { path: string }) => d.path)], cursor).toEqual([400, ['cursor']]);
    }
  });
});
