// Risk history at enrolment (safety rules v2, 8.8): highRisk and U6 from the first day, before any follow-up.
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

const risk = (over: object = {}) => ({ ocsCourses12m: 0, edVisits12m: 0, admissions12m: 0, everIcuOrIntubated: false, ...over });
const page = (id: string) => w.call('clinicA', 'GET', `/api/v1/children/${id}`);

describe('risk history at enrolment', () => {
  it('an admission in the year before enrolment: high risk and U6 from day one', async () => {
    const id = await enrol(w, { riskHistory: risk({ admissions12m: 1 }) });
    const res = await page(id);
    expect(res.body.riskHistory).toEqual({ ...risk({ admissions12m: 1 }), recordedOn: '2026-03-02' });
    expect(res.body.flags).toContain('highRisk');
    expect(res.body.referralCriteria).toContain('U6');
  });

  it('ever in intensive care: high risk and U6; one ED visit: high risk, no U6; none: neither', async () => {
    const icu = await page(await enrol(w, { riskHistory: risk({ everIcuOrIntubated: true }) }));
    expect([icu.body.flags.includes('highRisk'), icu.body.referralCriteria]).toEqual([true, ['U6']]);
    const ed = await page(await enrol(w, { riskHistory: risk({ edVisits12m: 1 }) }));
    expect([ed.body.flags.includes('highRisk'), ed.body.referralCriteria]).toEqual([true, []]);
    const none = await page(await enrol(w, { riskHistory: risk() }));
    expect([none.body.flags.includes('highRisk'), none.body.referralCriteria]).toEqual([false, []]);
  });

  it('a later edit records it too', async () => {
    const id = await enrol(w);
    expect((await page(id)).body.flags).not.toContain('highRisk');
    const res = await w.call('clinicA', 'PATCH', `/api/v1/children/${id}`, { riskHistory: risk({ ocsCourses12m: 2 }) });
    expect(res.status).toBe(200);
    const after = (await page(id)).body;
    expect(after.flags).toContain('highRisk');
    expect(after.referralCriteria).toEqual(['U6']);
  });

  it('refuses a negative or fractional count and a missing field with 400 naming it; nothing stored', async () => {
    const before = await w.db.selectFrom('children').select('id').execute();
    for (const [bad, path] of [
      [risk({ ocsCourses12m: -1 }), 'riskHistory.ocsCourses12m'],
      [risk({ edVisits12m: 1.5 }), 'riskHistory.edVisits12m'],
      [{ ocsCourses12m: 0, edVisits12m: 0, admissions12m: 0 }, 'riskHistory.everIcuOrIntubated'],
    ] as const) {
      const res = await w.call('clinicA', 'POST', '/api/v1/children', childBody(w, { riskHistory: bad }));
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect(await w.db.selectFrom('children').select('id').execute()).toHaveLength(before.length);
  });
});
