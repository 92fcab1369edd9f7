import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { enrol, followUpBody } from '../children/fixtures';
import { linkParent, planBody } from './fixtures';

let w: World;

beforeAll(async () => {
  w = await createWorld();
});
afterAll(() => w.close());

// Each test builds the children it reads (the order of tests is shuffled in CI).
/** A child of school 1 at centre A with parent1 linked, and (unless `plan` is false) version 1 of a plan. */
async function childWithPlan(world: World = w, plan = true): Promise<string> {
  const child = await enrol(world);
  await linkParent(world, child);
  if (plan) {
    const res = await world.call('clinicA', 'PUT', `/api/v1/children/${child}/action-plan`, planBody());
    if (res.status !== 200) throw new Error(`plan failed ${res.status} ${res.text}`);
  }
  return child;
}
const otherSchoolChild = (world: World = w) => enrol(world, { name: '二小学生', schoolId: world.ids.school2 });

describe('the action plan API', () => {
  it('404 before a plan exists', async () => {
    const child = await childWithPlan(w, false);
    expect((await w.call('parent1', 'GET', `/api/v1/children/${child}/action-plan`)).status).toBe(404);
  });

  it('a clinician writes version 1 with PEF zones from the personal best (80 % / 50 % boundaries)', async () => {
    const child = await childWithPlan(w, false);
    const res = await w.call('clinicA', 'PUT', `/api/v1/children/${child}/action-plan`, planBody());
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(1);
    expect(res.body.pefThresholds).toEqual({ personalBest: 300, green: { min: 240 }, yellow: { min: 150, max: 239 }, red: { max: 149 } });
    expect(res.body.reliever.map((m: { name: string }) => m.name)).toEqual(['沙丁胺醇气雾剂', '沙丁胺醇气雾剂']);
    const plan = await w.db.selectFrom('action_plans').select('id').where('child_id', '=', child).executeTakeFirstOrThrow();
    const audit = await w.db.selectFrom('audit_log').select(['action', 'entity']).where('entity_id', '=', plan.id).execute();
    expect(audit).toEqual([{ action: 'create', entity: 'action_plan' }]);
  });

  it('the family reads the whole plan; the diary zones agree with the plan at the boundaries', async () => {
    const child = await childWithPlan();
    const res = await w.call('parent1', 'GET', `/api/v1/children/${child}/action-plan`);
    expect(res.status).toBe(200);
    expect(res.body.summaryOnly).toBe(false);
    expect(res.body.zones.green.medicines[0].role).toBe('controller');
    expect(res.body.note).toBe('仅供测试：对花粉过敏');
    for (const [pef, zone] of [
      [240, 'green'],
      [239, 'yellow'],
      [150, 'yellow'],
      [149, 'red'],
    ] as const) {
      const saved = await w.call('parent1', 'PUT', `/api/v1/children/${child}/diary/2026-03-02`, { daytimeSymptoms: 'none', nightWaking: false, nightCough: false, activityLimited: false, relieverUses: 0, pefAm: pef });
      expect(saved.body.pefZone, String(pef)).toBe(zone);
    }
  });

  it("the nurse of the pupil's school sees only the summary: zones, reliever, contacts", async () => {
    const child = await childWithPlan();
    const res = await w.call('nurse1', 'GET', `/api/v1/children/${child}/action-plan`);
    expect(res.status).toBe(200);
    expect(res.body.summaryOnly).toBe(true);
    for (const zone of ['yellow', 'red']) expect(res.body.zones[zone].medicines.length, zone).toBeGreaterThan(0);
    for (const zone of ['green', 'yellow', 'red']) {
      expect(res.body.zones[zone].medicines.every((m: { role: string }) => m.role === 'reliever')).toBe(true);
    }
    expect(res.body.zones.green.medicines).toEqual([]);
    expect(res.body.contacts).toHaveLength(2);
    expect(res.body.note).toBeNull();
    expect(res.body.followUpId).toBeNull();
    expect(JSON.stringify(res.body)).not.toContain('氟替卡松');
    // ... and nothing else of the record.
    expect((await w.call('nurse1', 'GET', `/api/v1/children/${child}`)).status).toBe(403);
    expect((await w.call('nurse1', 'GET', `/api/v1/children/${child}/follow-ups`)).status).toBe(403);
    expect((await w.call('nurse1', 'GET', `/api/v1/children/${child}/diary`)).status).toBe(403);
    const audit = await w.db.selectFrom('audit_log').select('action').where('entity', '=', 'action_plan').where('user_id', '=', w.userIds.nurse1!).execute();
    expect(audit.map((a) => a.action)).toContain('read_summary');
  });

  it('a nurse of another school, another family and a manager see nothing', async () => {
    const child = await childWithPlan();
    const other = await otherSchoolChild();
    expect((await w.call('nurse2', 'GET', `/api/v1/children/${child}/action-plan`)).status).toBe(404);
    expect((await w.call('parent2', 'GET', `/api/v1/children/${child}/action-plan`)).status).toBe(404);
    expect((await w.call('clinicB', 'GET', `/api/v1/children/${child}/action-plan`)).status).toBe(404);
    expect((await w.call('manager', 'GET', `/api/v1/children/${child}/action-plan`)).status).toBe(403);
    expect((await w.call(null, 'GET', `/api/v1/children/${child}/action-plan`)).status).toBe(401);
    // nurse1 has no business with a plan of school2's pupil either.
    expect((await w.call('clinicA', 'PUT', `/api/v1/children/${other}/action-plan`, planBody())).status).toBe(200);
    expect((await w.call('nurse1', 'GET', `/api/v1/children/${other}/action-plan`)).status).toBe(404);
    expect((await w.call('nurse2', 'GET', `/api/v1/children/${other}/action-plan`)).status).toBe(200);
  });

  it('the nurse lists her pupils with a plan, and only them', async () => {
    // A world of its own: the list is the whole school's, so no other test's pupils may be in it.
    const own = await createWorld();
    try {
      const child = await childWithPlan(own);
      await childWithPlan(own, false); // her pupil, without a plan
      const other = await otherSchoolChild(own);
      expect((await own.call('clinicA', 'PUT', `/api/v1/children/${other}/action-plan`, planBody())).status).toBe(200);
      const res = await own.call('nurse1', 'GET', '/api/v1/action-plans/school');
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: { childId: string }) => i.childId)).toEqual([child]);
      // Names, versions and the red zone's reliever schedule (8.7): nothing else of the record.
      expect(Object.keys(res.body.items[0]).sort()).toEqual(['childId', 'name', 'relieverSchedule', 'updatedAt', 'version']);
      expect(Object.keys(res.body.items[0].relieverSchedule).sort()).toEqual(['everyMinutes', 'maxPuffs', 'puffs', 'repeatAfterMinutes', 'standard', 'text']);
    } finally {
      await own.close();
    }
  });

  it('only clinicians write; parents, nurses and other centres cannot', async () => {
    const child = await childWithPlan();
    expect((await w.call('parent1', 'PUT', `/api/v1/children/${child}/action-plan`, planBody())).status).toBe(403);
    expect((await w.call('nurse1', 'PUT', `/api/v1/children/${child}/action-plan`, planBody())).status).toBe(403);
    expect((await w.call('clinicB', 'PUT', `/api/v1/children/${child}/action-plan`, planBody())).status).toBe(404);
  });

  it('refuses a yellow or red zone without a reliever and a plan without contacts', async () => {
    const child = await childWithPlan(w, false);
    const body = planBody({ contacts: [] }) as ReturnType<typeof planBody> & { zones: any };
    body.zones = { ...body.zones, red: { ...body.zones.red, medicines: [] } };
    const res = await w.call('clinicA', 'PUT', `/api/v1/children/${child}/action-plan`, body);
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['contacts', 'zones.red.medicines']);
  });

  it('a new version given at a follow-up is the one in force and is linked to that follow-up', async () => {
    const child = await childWithPlan();
    const fu = await w.call('clinicA', 'POST', `/api/v1/children/${child}/follow-ups`, followUpBody({ actionPlanGiven: true }));
    expect(fu.status).toBe(201);
    const res = await w.call('clinicA', 'PUT', `/api/v1/children/${child}/action-plan`, planBody({ personalBestPef: 320, followUpId: fu.body.id }));
    expect(res.body.version).toBe(2);
    expect((await w.call('parent1', 'GET', `/api/v1/children/${child}/action-plan`)).body).toMatchObject({ version: 2, personalBestPef: 320, followUpId: fu.body.id });
    const row = await w.db.selectFrom('follow_ups').select(['action_plan_given', 'action_plan_version']).where('id', '=', fu.body.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ action_plan_given: 1, action_plan_version: 2 });
    const versions = await w.call('clinicA', 'GET', `/api/v1/children/${child}/action-plan/versions`);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    // A follow-up of another child cannot be named.
    const other = await w.call('clinicA', 'POST', `/api/v1/children/${await otherSchoolChild()}/follow-ups`, followUpBody());
    expect(other.status).toBe(201);
    expect((await w.call('clinicA', 'PUT', `/api/v1/children/${child}/action-plan`, planBody({ followUpId: other.body.id }))).status).toBe(400);
  });
});
