// Safety rules 8.2, the plan's part (docs/clinical-safety.md): one personal best. Saving a plan with
// a personal best makes it the child's, dated and sourced, in the same transaction; the diary zones
// from it. Worked example: plan best 350, child had none -> 170 (48.6 %) is red in the plan, the
// diary and the alert.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planZone } from '../../../server/family-app/plan-rules';
import { createWorld, type World } from '../../helpers/world';
import { enrol, followUpBody } from '../children/fixtures';
import { linkParent, planBody } from './fixtures';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(() => w.close());

const day = (overrides: Record<string, unknown> = {}) => ({ daytimeSymptoms: 'none', nightWaking: false, nightCough: false, activityLimited: false, relieverUses: 0, ...overrides });
/** Moves the clock to another day; sessions idle that long have ended, so sign in again. */
const setDay = (iso: string) => {
  w.clock.set(iso);
  w.forgetSessions();
};
const bestOf = (id: string) => w.db.selectFrom('children').select(['personal_best_pef', 'personal_best_date', 'personal_best_source', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow();

/** A boy of 8, 130 cm (predicted PEF 270.2 L/min), with no personal best. */
async function childWithoutBest(): Promise<string> {
  const id = await enrol(w, { personalBestPef: null });
  await linkParent(w, id);
  return id;
}

describe('8.2 the worked example through the API', () => {
  it('plan best 350, child had none: 170 is red in the plan, the diary (basis personal_best) and the alert', async () => {
    const id = await childWithoutBest();
    // Before the plan the diary zones against the predicted value: 170 / 270.2 = 63 %, yellow.
    const before = await w.call('parent1', 'PUT', `/api/v1/children/${id}/diary/2026-02-28`, day({ pefAm: 170 }));
    expect(before.body).toMatchObject({ pefZone: 'yellow', pefBasis: 'predicted' });

    w.clock.set('2026-03-02T03:00:00Z');
    const plan = await w.call('clinicA', 'PUT', `/api/v1/children/${id}/action-plan`, planBody({ personalBestPef: 350 }));
    expect(plan.status).toBe(200);
    expect(plan.body.pefThresholds).toEqual({ personalBest: 350, green: { min: 280 }, yellow: { min: 175, max: 279 }, red: { max: 174 } });
    expect(170).toBeLessThanOrEqual(plan.body.pefThresholds.red.max);
    expect(planZone(170, 350)).toBe('red');
    expect(await bestOf(id)).toEqual({ personal_best_pef: 350, personal_best_date: '2026-03-02', personal_best_source: 'plan', updated_at: '2026-03-02T03:00:00.000Z' });
    expect((await w.call('clinicA', 'GET', `/api/v1/children/${id}`)).body.personalBestPef).toBe(350);

    const res = await w.call('parent1', 'PUT', `/api/v1/children/${id}/diary/2026-03-02`, day({ pefAm: 170 }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ pefZone: 'red', pefBasis: 'personal_best', zone: 'red' });
    expect(res.body.alerts).toContainEqual({ kind: 'red_zone', level: 'urgent' });
    const alert = await w.db.selectFrom('clinical_alerts').select(['kind', 'level']).where('child_id', '=', id).where('source_date', '=', '2026-03-02').execute();
    expect(alert).toContainEqual({ kind: 'red_zone', level: 'urgent' });
    // As the clinician too: the same reference.
    const byClinic = await w.call('clinicA', 'PUT', `/api/v1/children/${id}/diary/2026-03-01`, day({ pefPm: 170 }));
    expect(byClinic.body).toMatchObject({ pefZone: 'red', pefBasis: 'personal_best' });
    const audit = await w.db.selectFrom('audit_log').select(['action', 'entity']).where('entity_id', '=', id).where('action', '=', 'personal_best_from_plan').execute();
    expect(audit).toEqual([{ action: 'personal_best_from_plan', entity: 'child' }]);
  });
});

describe('8.2 one value with its date and source', () => {
  it("a plan's new value replaces the clinic's, dated the day of the plan; the same value again keeps its date", async () => {
    const id = await enrol(w, { personalBestPef: 300 });
    await w.db.updateTable('children').set({ personal_best_date: '2026-01-10', personal_best_source: 'clinic' }).where('id', '=', id).execute();
    const clinic = await bestOf(id);

    // The same value as the child's: its date and source stay.
    await w.call('clinicA', 'PUT', `/api/v1/children/${id}/action-plan`, planBody({ personalBestPef: 300 }));
    expect(await bestOf(id)).toEqual(clinic);

    setDay('2026-03-05T02:00:00Z');
    await w.call('clinicA', 'PUT', `/api/v1/children/${id}/action-plan`, planBody({ personalBestPef: 320 }));
    expect(await bestOf(id)).toMatchObject({ personal_best_pef: 320, personal_best_date: '2026-03-05', personal_best_source: 'plan' });
    setDay('2026-03-06T02:00:00Z');
    await w.call('clinicA', 'PUT', `/api/v1/children/${id}/action-plan`, planBody({ personalBestPef: 320 }));
    expect(await bestOf(id)).toMatchObject({ personal_best_pef: 320, personal_best_date: '2026-03-05', personal_best_source: 'plan' });
    setDay('2026-03-02T02:00:00Z');
  });

  it("the same value on a child whose value has no date or source (stored before 8.2) gives it the plan's", async () => {
    const id = await enrol(w, { personalBestPef: 300 });
    await w.db.updateTable('children').set({ personal_best_date: null, personal_best_source: null }).where('id', '=', id).execute();
    await w.call('clinicA', 'PUT', `/api/v1/children/${id}/action-plan`, planBody({ personalBestPef: 300 }));
    expect(await bestOf(id)).toMatchObject({ personal_best_pef: 300, personal_best_date: '2026-03-02', personal_best_source: 'plan' });
  });

  it("a plan without a personal best leaves the child's as it is (null: the plan has none; absent: the plan takes the child's)", async () => {
    const id = await enrol(w, { personalBestPef: 280 });
    const before = await bestOf(id);
    const none = await w.call('clinicA', 'PUT', `/api/v1/children/${id}/action-plan`, planBody({ personalBestPef: null }));
    expect(none.body.personalBestPef).toBeNull();
    expect(await bestOf(id)).toEqual(before);
    const { personalBestPef: _, ...absent } = planBody();
    const taken = await w.call('clinicA', 'PUT', `/api/v1/children/${id}/action-plan`, absent);
    expect(taken.body.personalBestPef).toBe(280);
    expect(await bestOf(id)).toEqual(before);
  });

  it('a refused plan changes neither the plans nor the child', async () => {
    const id = await childWithoutBest();
    const other = await enrol(w);
    const fu = await w.call('clinicA', 'POST', `/api/v1/children/${other}/follow-ups`, followUpBody());
    // Refused after the checks that need the database (another child's follow-up), and by the schema.
    const wrongFollowUp = await w.call('clinicA', 'PUT', `/api/v1/children/${id}/action-plan`, planBody({ personalBestPef: 400, followUpId: fu.body.id }));
    expect(wrongFollowUp.status).toBe(400);
    const body = planBody({ personalBestPef: 400 }) as any;
    delete body.zones.red.relieverSchedule;
    expect((await w.call('clinicA', 'PUT', `/api/v1/children/${id}/action-plan`, body)).status).toBe(400);
    expect(await bestOf(id)).toMatchObject({ personal_best_pef: null, personal_best_source: null });
    expect(await w.db.selectFrom('action_plans').select('id').where('child_id', '=', id).execute()).toEqual([]);
  });
});
