// Safety rules v2 in the diary (docs/clinical-safety.md): danger signs and symptom zones at every
// age, without a peak-flow meter, through the HTTP API; and the phone's copy of the rule.
import fc from 'fast-check';
import { Script, createContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DANGER_SIGNS, browserZoneScript, diaryDayZone, type DayZone } from '../../../server/followups/rules';
import { createWorld, type World } from '../../helpers/world';
import { enrol } from '../children/fixtures';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.close();
});

const day = (overrides: Record<string, unknown> = {}) => ({
  daytimeSymptoms: 'none',
  nightWaking: false,
  nightCough: false,
  activityLimited: false,
  relieverUses: 0,
  ...overrides,
});

/** A 4-year-old: no predicted PEF, no personal best, no meter. */
async function preschooler(): Promise<string> {
  const id = await enrol(w, { birthDate: '2021-09-01', heightCm: 104, personalBestPef: null });
  await w.call('clinicA', 'POST', `/api/v1/children/${id}/guardians`, { userId: w.userIds.parent1 });
  return id;
}
const put = (id: string, date: string, body: unknown) => w.call('parent1', 'PUT', `/api/v1/children/${id}/diary/${date}`, body);
const WATCHED = /has been alerted|will contact|will call|已收到提醒|会与您联系|会联系您|医生会/;

describe('the worked examples of 8.1, age 4, no PEF', () => {
  it('severe symptoms, 2 reliever uses -> red, an urgent alert and a review within 7 days (R4)', async () => {
    const id = await preschooler();
    const res = await put(id, '2026-03-02', day({ daytimeSymptoms: 'severe', relieverUses: 2 }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ symptomZone: 'red', pefZone: null, zone: 'red', pefBasis: null });
    expect(res.body.alerts).toEqual([{ kind: 'red_zone', level: 'urgent' }]);
    expect(res.body.emergency).toBeUndefined();
    expect(res.body.parentMessage.en).toContain('It is not watched at night or at weekends.');
    expect(res.body.parentMessage.zh).toContain('夜间和周末无人查看');
    const child = await w.call('clinicA', 'GET', `/api/v1/children/${id}`);
    expect(child.body.nextDue).toMatchObject({ date: '2026-03-09', reason: 'R4' });
  });

  it('mild symptoms, night waking, 1 use -> yellow; none, 0 uses -> green; mild, 6 uses -> red', async () => {
    const id = await preschooler();
    expect((await put(id, '2026-02-27', day({ daytimeSymptoms: 'mild', nightWaking: true, relieverUses: 1 }))).body).toMatchObject({ zone: 'yellow', symptomZone: 'yellow' });
    expect((await put(id, '2026-02-28', day())).body).toMatchObject({ zone: 'green', symptomZone: 'green', alerts: [] });
    const red = await put(id, '2026-03-01', day({ daytimeSymptoms: 'mild', relieverUses: 6 }));
    expect(red.body).toMatchObject({ zone: 'red' });
    expect(red.body.alerts).toContainEqual({ kind: 'red_zone', level: 'urgent' });
  });

  it("night cough with mild symptoms and 1 use is yellow, as the action plan's yellow zone lists it (safer reading)", async () => {
    const id = await preschooler();
    expect((await put(id, '2026-03-01', day({ daytimeSymptoms: 'mild', nightCough: true, relieverUses: 1 }))).body).toMatchObject({ zone: 'yellow', symptomZone: 'yellow' });
    expect((await put(id, '2026-03-02', day({ daytimeSymptoms: 'mild', relieverUses: 1 }))).body).toMatchObject({ zone: 'green' });
  });

  it('a danger sign makes the day red and answers the emergency text in both languages', async () => {
    const id = await preschooler();
    const res = await put(id, '2026-03-02', day({ daytimeSymptoms: 'mild', dangerSigns: ['blue_lips'] }));
    expect(res.body).toMatchObject({ zone: 'red', dangerSigns: ['blue_lips'] });
    expect(res.body.emergency.zh).toMatch(/^立即拨打120/);
    expect(res.body.emergency.en).toMatch(/^Call 120 now/);
    expect(res.body.alerts).toContainEqual({ kind: 'red_zone', level: 'urgent' });
    const list = await w.call('clinicA', 'GET', `/api/v1/children/${id}/diary?from=2026-03-02&to=2026-03-02`);
    expect(list.body.items[0]).toMatchObject({ dangerSigns: ['blue_lips'], zone: 'red', symptomZone: 'red' });
  });

  it('a yellow day two days running: a nurse alert, told what the plan says and that nobody watches at night', async () => {
    const id = await preschooler();
    await put(id, '2026-03-01', day({ daytimeSymptoms: 'moderate' }));
    const res = await put(id, '2026-03-02', day({ activityLimited: true }));
    expect(res.body.alerts).toEqual([{ kind: 'yellow_zone_two_days', level: 'nurse' }]);
    expect(res.body.parentMessage.en).toMatch(/^Your community centre will see this record during opening hours\. It is not watched at night or at weekends\./);
    expect(res.body.parentMessage.en).toContain('yellow zone');
    for (const text of [res.body.parentMessage.en, res.body.parentMessage.zh]) expect(text).not.toMatch(WATCHED);
  });

  it('an unknown danger sign is a 400 naming it, and nothing is stored', async () => {
    const id = await preschooler();
    const res = await put(id, '2026-03-02', day({ dangerSigns: ['wheezy'] }));
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(['dangerSigns.0']);
    expect(await w.db.selectFrom('diary_entries').select('id').where('child_id', '=', id).execute()).toEqual([]);
  });
});

describe('the zone rule', () => {
  const rank = { green: 0, yellow: 1, red: 2 } as const;
  const arbDay = fc.record({
    daytimeSymptoms: fc.constantFrom('none', 'mild', 'moderate', 'severe' as const),
    nightWaking: fc.boolean(),
    activityLimited: fc.boolean(),
    relieverUses: fc.integer({ min: 0, max: 50 }),
    dangerSigns: fc.subarray([...DANGER_SIGNS]),
    pefAm: fc.option(fc.integer({ min: 30, max: 900 }), { nil: null }),
    pefPm: fc.option(fc.integer({ min: 30, max: 900 }), { nil: null }),
  });
  const arbReference = fc.option(fc.integer({ min: 100, max: 700 }), { nil: null });

  it('is never better than the PEF zone or the symptom zone; a danger sign is always red with the emergency flag', () => {
    fc.assert(
      fc.property(arbDay, arbReference, (d, ref) => {
        const z = diaryDayZone(d, ref);
        expect(rank[z.zone]).toBeGreaterThanOrEqual(rank[z.symptomZone]);
        if (z.pefZone) expect(rank[z.zone]).toBeGreaterThanOrEqual(rank[z.pefZone]);
        expect(z.zone === z.symptomZone || z.zone === z.pefZone).toBe(true);
        if (d.dangerSigns.length > 0) expect(z).toMatchObject({ zone: 'red', emergency: true });
        else expect(z.emergency).toBe(false);
      }),
      { seed: 20261206, numRuns: 500 },
    );
  });

  it('runs the same on the phone: the served script gives the server answer for every day', () => {
    const sandbox: { window: { asthmaDiaryZone?: (d: unknown, r: number | null) => DayZone } } = { window: {} };
    new Script(browserZoneScript()).runInContext(createContext(sandbox));
    const phone = sandbox.window.asthmaDiaryZone!;
    expect(typeof phone).toBe('function');
    fc.assert(
      fc.property(arbDay, arbReference, (d, ref) => {
        expect(JSON.parse(JSON.stringify(phone(d, ref)))).toEqual(diaryDayZone(d, ref));
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('is served to the phone as a static script', async () => {
    const res = await w.app.request('/static/app/diary-zone.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(await res.text()).toContain('window.asthmaDiaryZone');
  });
});
