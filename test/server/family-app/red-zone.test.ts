// Safety rules 8.7 (docs/clinical-safety.md): no plan is saved without the red zone's reliever in
// numbers; the numbers round-trip, and every reader (family, nurse, the nurse's list) gets them in
// words in both languages; a plan stored before the rule shows the standard advice, flagged.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { t } from '../../../web/i18n';
import { createWorld, type World } from '../../helpers/world';
import { enrol } from '../children/fixtures';
import { linkParent, planBody, standardSchedule } from './fixtures';

let w: World;
let child: string;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(() => w.close());
// A child per test (linked to parent1, at school 1): each test writes the plans it reads.
beforeEach(async () => {
  child = await enrol(w);
  await linkParent(w, child);
});

const ZH = '立即使用缓解药物：每2分钟2喷（经储雾罐），最多10喷，同时拨打120；如10分钟后救护车仍未到，重复上述步骤。';
const EN = 'Give the reliever now: 2 puffs every 2 minutes through a spacer, up to 10 puffs, and call 120; if help has not arrived after 10 minutes, repeat.';

/** A plan body whose red zone has `schedule` (undefined: none at all). */
function withSchedule(schedule: unknown) {
  const body = planBody() as ReturnType<typeof planBody> & { zones: any };
  const { relieverSchedule: _, ...red } = body.zones.red;
  body.zones = { ...body.zones, red: schedule === undefined ? red : { ...red, relieverSchedule: schedule } };
  return body;
}

async function putAs(lang: 'zh' | 'en', childId: string, body: unknown) {
  const res = await w.app.request(`/api/v1/children/${childId}/action-plan`, {
    method: 'PUT',
    headers: { cookie: await w.cookieFor('clinicA'), 'content-type': 'application/json', 'accept-language': lang },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const planCount = async (childId: string) =>
  Number(
    (
      await w.db
        .selectFrom('action_plans')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('child_id', '=', childId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('8.7 the red zone is complete before a plan is saved', () => {
  // The API answers in English (server/http/route.ts); the form's Chinese is in test/web/family-app-plan.test.ts.
  it('a plan without relieverSchedule is 400 validation_failed naming zones.red.relieverSchedule, and nothing is stored', async () => {
    const before = await planCount(child);
    const res = await putAs('en', child, withSchedule(undefined));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toEqual([{ path: 'zones.red.relieverSchedule', message: t('en', 'v.schedule.required') }]);
    expect((await putAs('en', child, withSchedule(null))).body.error.details.map((d: { path: string }) => d.path)).toEqual(['zones.red.relieverSchedule']);
    expect(await planCount(child)).toBe(before);
    expect((await w.db.selectFrom('children').select('personal_best_source').where('id', '=', child).executeTakeFirstOrThrow()).personal_best_source).not.toBe('plan');
  });

  const OUT_OF_RANGE: Record<string, unknown[]> = {
    puffs: [0, -1, 21, 61, 2.5, '2', null],
    everyMinutes: [0, -2, 61, 1.5, '2', null],
    maxPuffs: [0, -1, 21, 100, 9.5, null],
    repeatAfterMinutes: [0, -10, 61, 10.5, null],
  };
  for (const [field, values] of Object.entries(OUT_OF_RANGE)) {
    it(`${field} out of range (${values.map((v) => JSON.stringify(v)).join(', ')}) is refused naming it`, async () => {
      const before = await planCount(child);
      for (const value of values) {
        const res = await putAs('en', child, withSchedule({ ...standardSchedule(), [field]: value }));
        expect(res.status, `${field}=${JSON.stringify(value)}`).toBe(400);
        expect(res.body.error.details, `${field}=${JSON.stringify(value)}`).toEqual([{ path: `zones.red.relieverSchedule.${field}`, message: t('en', `v.schedule.${field}`) }]);
      }
      // A missing number is refused by name too.
      const { [field]: _, ...rest } = standardSchedule() as Record<string, number>;
      expect((await putAs('en', child, withSchedule(rest))).body.error.details.map((d: { path: string }) => d.path)).toEqual([`zones.red.relieverSchedule.${field}`]);
      expect(await planCount(child)).toBe(before);
    });
  }

  it('fewer most-puffs than puffs per dose is refused naming maxPuffs', async () => {
    const res = await putAs('zh', child, withSchedule({ puffs: 4, everyMinutes: 2, maxPuffs: 3, repeatAfterMinutes: 10 }));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'zones.red.relieverSchedule.maxPuffs', message: 'Most puffs cannot be fewer than puffs per dose' }]);
  });

  it('the bounds themselves are accepted: 1 puff every 60 minutes up to 20, repeat after 60; 20 puffs up to 20', async () => {
    const low = await putAs('en', child, withSchedule({ puffs: 1, everyMinutes: 60, maxPuffs: 20, repeatAfterMinutes: 60 }));
    expect(low.status).toBe(200);
    expect(low.body.relieverSchedule.text.en).toBe('Give the reliever now: 1 puff every 60 minutes through a spacer, up to 20 puffs, and call 120; if help has not arrived after 60 minutes, repeat.');
    expect((await putAs('en', child, withSchedule({ puffs: 20, everyMinutes: 1, maxPuffs: 20, repeatAfterMinutes: 1 }))).status).toBe(200);
  });
});

describe('8.7 every reader gets the schedule in numbers and words', () => {
  it('the defaults 2 / 2 / 10 / 10 round-trip and read as the standard sentence in zh and en', async () => {
    const saved = await putAs('zh', child, planBody());
    expect(saved.status).toBe(200);
    const res = await w.call('parent1', 'GET', `/api/v1/children/${child}/action-plan`);
    expect(res.body.zones.red.relieverSchedule).toEqual({ puffs: 2, everyMinutes: 2, maxPuffs: 10, repeatAfterMinutes: 10 });
    expect(res.body.relieverSchedule).toEqual({ puffs: 2, everyMinutes: 2, maxPuffs: 10, repeatAfterMinutes: 10, standard: false, text: { zh: ZH, en: EN } });
  });

  it('other numbers are written into the words', async () => {
    await putAs('zh', child, withSchedule({ puffs: 4, everyMinutes: 20, maxPuffs: 12, repeatAfterMinutes: 20 }));
    const res = await w.call('parent1', 'GET', `/api/v1/children/${child}/action-plan`);
    expect(res.body.relieverSchedule.text.zh).toBe('立即使用缓解药物：每20分钟4喷（经储雾罐），最多12喷，同时拨打120；如20分钟后救护车仍未到，重复上述步骤。');
    expect(res.body.relieverSchedule.text.en).toBe('Give the reliever now: 4 puffs every 20 minutes through a spacer, up to 12 puffs, and call 120; if help has not arrived after 20 minutes, repeat.');
    // The nurse's list reads the version in force, not an older one.
    const list = await w.call('nurse1', 'GET', '/api/v1/action-plans/school');
    const item = list.body.items.find((i: { childId: string }) => i.childId === child);
    expect(item).toMatchObject({ version: res.body.version, relieverSchedule: { puffs: 4, everyMinutes: 20, maxPuffs: 12, repeatAfterMinutes: 20 } });
    expect(list.body.items.filter((i: { childId: string }) => i.childId === child)).toHaveLength(1);
    await putAs('zh', child, planBody());
  });

  it("the school nurse's summary and her list carry it", async () => {
    expect((await putAs('zh', child, planBody())).status).toBe(200);
    const summary = await w.call('nurse1', 'GET', `/api/v1/children/${child}/action-plan`);
    expect(summary.body.summaryOnly).toBe(true);
    expect(summary.body.zones.red.relieverSchedule).toEqual(standardSchedule());
    expect(summary.body.relieverSchedule.text).toEqual({ zh: ZH, en: EN });
    const list = await w.call('nurse1', 'GET', '/api/v1/action-plans/school');
    const item = list.body.items.find((i: { childId: string }) => i.childId === child);
    expect(item.relieverSchedule).toMatchObject({ ...standardSchedule(), standard: false, text: { zh: ZH, en: EN } });
  });

  it('a plan stored before the rule shows the standard advice, flagged standard, to the family and the nurse', async () => {
    expect((await putAs('zh', child, planBody())).status).toBe(200);
    const old = await enrol(w, { name: '旧计划' });
    await linkParent(w, old);
    expect((await w.call('clinicA', 'PUT', `/api/v1/children/${old}/action-plan`, planBody())).status).toBe(200);
    // As the rows written before 8.7 are: no relieverSchedule in the stored JSON.
    const row = await w.db.selectFrom('action_plans').select(['id', 'plan']).where('child_id', '=', old).executeTakeFirstOrThrow();
    const content = JSON.parse(row.plan);
    delete content.zones.red.relieverSchedule;
    await w.db
      .updateTable('action_plans')
      .set({ plan: JSON.stringify(content) })
      .where('id', '=', row.id)
      .execute();

    const family = await w.call('parent1', 'GET', `/api/v1/children/${old}/action-plan`);
    expect(family.status).toBe(200);
    expect(family.body.zones.red.relieverSchedule).toBeUndefined();
    expect(family.body.relieverSchedule).toEqual({ ...standardSchedule(), standard: true, text: { zh: ZH, en: EN } });
    const list = await w.call('nurse1', 'GET', '/api/v1/action-plans/school');
    expect(list.body.items.find((i: { childId: string }) => i.childId === old).relieverSchedule.standard).toBe(true);
    expect(list.body.items.find((i: { childId: string }) => i.childId === child).relieverSchedule.standard).toBe(false);
  });
});

describe('8.7 the controller is given as prescribed', () => {
  it('no default wording of a plan says "every day"', () => {
    const defaults = ['green', 'yellow', 'red'].flatMap((z) => [`plan.default.${z}.signs`, `plan.default.${z}.actions`]).concat('plan.default.callDoctor', 'plan.default.call120');
    for (const key of defaults) {
      expect(t('zh', key), key).not.toMatch(/每天|每日/);
      expect(t('en', key), key).not.toMatch(/every ?day|daily/i);
    }
    expect(t('zh', 'plan.default.green.actions')).toContain('按医嘱使用控制药物');
    expect(t('en', 'plan.default.green.actions')).toContain('Give the controller as prescribed');
  });
});
