import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { activeEnrolled, diaryAdherence, exacerbationRate, followedUp90, onTimeFollowUps, overdueNow, wellControlled } from '../../../server/indicators/clinical';
import { csvCell, toCsv } from '../../../server/indicators/csv';

let w: World;
let seq = 0;
afterAll(async () => { await w.close(); });

async function child(centerId: string, opts: { enrolled?: string; status?: 'active' | 'withdrawn'; due?: string | null; reason?: string; birth?: string } = {}) {
  const id = `00000000-0000-4000-c000-${String(++seq).padStart(12, '0')}`;
  await w.db.insertInto('children').values({
    id, name: `c${seq}`, sex: 'M', birth_date: opts.birth ?? '2017-01-01', height_cm: 130, guardian_name: 'g', guardian_phone: '13800000000', guardian_relation: 'm',
    center_id: centerId, school_id: null, diagnosis_date: null, personal_best_pef: null, consent_given_by: 'g', consent_date: '2025-01-01', consent_notice_version: 'v1',
    status: opts.status ?? 'active', status_reason: null, enrolled_on: opts.enrolled ?? '2025-01-01', next_due_date: opts.due ?? null, next_due_reason: opts.reason ?? (opts.due ? 'R2' : null),
    next_due_detail: null, latest_gina_level: null, latest_follow_up_date: null, high_risk: 0, created_at: '2025-01-01T00:00:00Z', updated_at: '2025-01-01T00:00:00Z',
  }).execute();
  return id;
}

async function followUp(childId: string, centerId: string, date: string, opts: { gina?: 'well' | 'partly' | 'uncontrolled'; due?: string; reason?: string; ocs?: number } = {}) {
  await w.db.insertInto('follow_ups').values({
    id: `00000000-0000-4000-d000-${String(++seq).padStart(12, '0')}`, child_id: childId, center_id: centerId, date, mode: 'clinic', instrument: 'C-ACT', answers: '[]', score: 20, score_band: 'well',
    gina_q1: 0, gina_q2: 0, gina_q3: 0, gina_q4: 0, gina_level: opts.gina ?? 'well', ocs_courses: opts.ocs ?? 0, ed_visits: 0, admissions: 0, pef: null, pef_zone: null,
    inhaler_technique_ok: 1, adherence_ok: 1, action_plan_given: 0, treatment_changed: 0, gina_step: 2, note: null, high_risk: 0,
    next_due_date: opts.due ?? null, next_due_reason: opts.reason ?? (opts.due ? 'R2' : null), suggestions: '{}', created_by: 'test', created_at: `${date}T03:00:00Z`,
  }).execute();
}

const A = { centerIds: ['00000000-0000-4000-a000-00000000000a'] };
const period = { from: '2026-01-01', to: '2026-02-28' };

// The hand-made history every test below reads (the API tests too): made once, before any of them,
// and not changed by them.
let c1: string, c2: string, c3: string, c4: string;
beforeAll(async () => {
  w = await createWorld();
  const a = w.ids.centreA;
  c1 = await child(a, { due: '2026-03-10' });
  c2 = await child(a, { due: '2026-02-01' }); // overdue at 02-28: 02-01 + 7 < 02-28
  c3 = await child(a, { due: '2026-02-25', reason: 'R4' }); // overdue at 02-28: 02-25 + 2 < 02-28
  c4 = await child(a, { enrolled: '2026-02-01', due: '2026-02-24' }); // 02-24 + 7 = 03-03: not yet overdue
  await child(a, { status: 'withdrawn', due: '2026-01-01' }); // never counted
  await child(w.ids.centreB, { due: '2026-01-01' }); // another centre
  // c1: due 01-10 set at 2025-12-13, next visit 01-15 (within 7 days) -> on time; latest in period well.
  await followUp(c1, a, '2025-12-13', { due: '2026-01-10' });
  await followUp(c1, a, '2026-01-15', { gina: 'partly', due: '2026-02-12' });
  await followUp(c1, a, '2026-02-10', { gina: 'well', due: '2026-03-10' });
  // c2: due 01-20, next visit 02-01 (12 days late) -> not on time; latest uncontrolled with one OCS course.
  await followUp(c2, a, '2025-12-20', { due: '2026-01-20' });
  await followUp(c2, a, '2026-02-01', { gina: 'uncontrolled', due: '2026-02-15', ocs: 1 });
  // c2's due 02-15 passed with no visit by 02-28 (02-15 + 7 = 02-22 < 02-28) -> due and late.
});

describe('programme indicators on a hand-made history', () => {
  it('counts active enrolled children at the period end, not withdrawn ones or other centres', async () => {
    expect((await activeEnrolled.compute(w.db, A, period)).value).toBe(4);
    expect((await activeEnrolled.compute(w.db, { centerIds: null }, period)).value).toBe(5);
  });

  it('followed up in the last 90 days: c1 and c2 of 4 active', async () => {
    expect(await followedUp90.compute(w.db, A, period)).toEqual({ numerator: 2, denominator: 4, value: 0.5 });
  });

  it('on time: of the reviews due in the period, those done by due + grace', async () => {
    // Due in Jan-Feb: c1 01-10 (visit 01-15, on time), c1 02-12 (visit 02-10, on time), c2 01-20 (visit 02-01, late),
    // c2 02-15 (no visit, grace over 02-22: late). 2 of 4.
    expect(await onTimeFollowUps.compute(w.db, A, period)).toEqual({ numerator: 2, denominator: 4, value: 0.5 });
  });

  it('overdue now: past due + grace (7 routine, 2 after an exacerbation)', async () => {
    expect((await overdueNow.compute(w.db, A, period)).value).toBe(2);
  });

  it('well controlled: the latest follow-up in the period of each child followed up', async () => {
    // c1 latest 02-10 well, c2 latest 02-01 uncontrolled -> 1 of 2.
    expect(await wellControlled().compute(w.db, A, period)).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
  });

  it('exacerbations per 100 child-years', async () => {
    const r = await exacerbationRate.compute(w.db, A, period);
    // One OCS course; child-days: c1, c2, c3 59 days each, c4 from 02-01: 28 days -> 205 days = 0.5613 child-years.
    expect(r.numerator).toBe(1);
    expect(r.denominator).toBeCloseTo(205 / 365.25, 6);
    expect(r.value).toBeCloseTo(100 / (205 / 365.25), 6);
  });

  it('diary adherence over children who use the diary', async () => {
    for (const d of ['2026-02-20', '2026-02-21', '2026-02-27']) {
      await w.db.insertInto('diary_entries').values({
        id: `00000000-0000-4000-e000-${String(++seq).padStart(12, '0')}`, child_id: c1, date: d, daytime_symptoms: 'none', symptoms_over_few_minutes: null, night_waking: 0, night_cough: 0,
        activity_limited: 0, reliever_uses: 0, controller_taken_am: null, controller_taken_pm: null, pef_am: null, pef_pm: null, pef_zone: null, triggers: '[]', school_absence: null,
        unscheduled_care: 'none', ocs_started: null, note: null, client_id: null, created_by: 't', created_at: `${d}T10:00:00Z`, updated_at: `${d}T10:00:00Z`, danger_signs: '[]',
      }).execute();
    }
    expect(await diaryAdherence.compute(w.db, A, period)).toEqual({ numerator: 3, denominator: 28, value: 3 / 28 });
  });
});

describe('indicators API and CSV', () => {
  it('lets a clinician see only their own centre; nurses and parents none', async () => {
    const own = await w.call('clinicA', 'GET', '/api/v1/indicators?from=2026-01-01&to=2026-02-28');
    expect(own.status).toBe(200);
    expect(own.body.centerId).toBe(w.ids.centreA);
    expect(own.body.items.find((i: any) => i.id === 'active_enrolled').value).toBe(4);
    expect(own.body.asOf).toMatch(/Z$/);
    expect((await w.call('clinicA', 'GET', `/api/v1/indicators?centerId=${w.ids.centreB}`)).status).toBe(403);
    expect((await w.call('nurse1', 'GET', '/api/v1/indicators')).status).toBe(403);
    expect((await w.call('parent1', 'GET', '/api/v1/indicators')).status).toBe(403);
    expect((await w.call(null, 'GET', '/api/v1/indicators')).status).toBe(401);
    const all = await w.call('manager', 'GET', '/api/v1/indicators?from=2026-01-01&to=2026-02-28');
    expect(all.body.items.find((i: any) => i.id === 'active_enrolled').value).toBe(5);
    expect(all.body.gradeDistribution).toBeTruthy();
  });

  it('refuses a period that ends before it starts', async () => {
    const res = await w.call('manager', 'GET', '/api/v1/indicators?from=2026-03-01&to=2026-02-01');
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('from');
  });

  it('exports CSV with a BOM and the header in the chosen language', async () => {
    const res = await w.app.request('/api/v1/indicators.csv?from=2026-01-01&to=2026-02-28', { headers: { cookie: `lang=zh; ${await w.cookieFor('manager')}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.slice(1).split('\r\n')[0]).toBe('指标,编号,版本,分子,分母,数值,单位,期间起,期间止,数据截至');
  });

  it('marks centre cells under 5 children as <5', async () => {
    const res = await w.call('manager', 'GET', '/api/v1/indicators/centres?from=2026-01-01&to=2026-02-28');
    expect(res.status).toBe(200);
    const b = res.body.rows.find((r: any) => r.centerId === w.ids.centreB);
    expect(b.values.find((v: any) => v.id === 'active_enrolled').suppressed).toBe(true);
    expect((await w.call('clinicA', 'GET', '/api/v1/indicators/centres')).status).toBe(403);
  });

  it('neutralises formula-looking cells but not numbers', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+86 138')).toBe("'+86 138");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-5')).toBe('-5');
    expect(csvCell(-5)).toBe('-5');
    expect(toCsv([['a', 'b']])).toBe('\uFEFFa,b\r\n');
  });
});
