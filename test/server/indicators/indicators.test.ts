// The v2 indicators through the API and CSV on a hand-made history, and the due-date history the
// triggers keep as follow-ups, hospital notices and withdrawals change a child's due date.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childRow } from '../../helpers/child-row';
import { createWorld, type World } from '../../helpers/world';
import { csvCell, toCsv } from '../../../server/indicators/csv';
import { enrol, followUpBody } from '../children/fixtures';

let w: World;
let seq = 0;
afterAll(async () => {
  await w.close();
});

async function child(centerId: string, opts: { enrolled?: string; status?: 'active' | 'withdrawn'; due?: string | null; updated?: string } = {}) {
  const id = `00000000-0000-4000-c000-${String(++seq).padStart(12, '0')}`;
  await w.db
    .insertInto('children')
    .values(
      childRow({
        id,
        name: `c${seq}`,
        center_id: centerId,
        status: opts.status ?? 'active',
        enrolled_on: opts.enrolled ?? '2025-01-01',
        next_due_date: opts.due ?? null,
        next_due_reason: opts.due ? 'R2' : null,
        updated_at: opts.updated ?? '2025-01-01T00:00:00Z',
      }),
    )
    .execute();
  return id;
}

async function followUp(childId: string, centerId: string, date: string, gina: 'well' | 'partly' | 'uncontrolled', ocs = 0) {
  await w.db
    .insertInto('follow_ups')
    .values({
      id: `00000000-0000-4000-d000-${String(++seq).padStart(12, '0')}`,
      child_id: childId,
      center_id: centerId,
      date,
      mode: 'clinic',
      instrument: 'C-ACT',
      answers: '[]',
      score: 20,
      score_band: 'well',
      gina_q1: 0,
      gina_q2: 0,
      gina_q3: 0,
      gina_q4: 0,
      gina_level: gina,
      ocs_courses: ocs,
      ed_visits: ocs,
      admissions: 0,
      pef: null,
      pef_zone: null,
      inhaler_technique_ok: 1,
      adherence_ok: 1,
      action_plan_given: 1,
      treatment_changed: 0,
      gina_step: 2,
      note: null,
      high_risk: 0,
      next_due_date: null,
      next_due_reason: null,
      suggestions: '{}',
      created_by: 'test',
      created_at: `${date}T03:00:00Z`,
    })
    .execute();
}

const PERIOD = 'from=2026-01-01&to=2026-02-28';
const CENTRE_C = '00000000-0000-4000-a000-00000000000c';
const item = (body: any, id: string) => body.items.find((i: any) => i.id === id);

beforeAll(async () => {
  w = await createWorld();
  const a = w.ids.centreA;
  // Centre A: six children active throughout, one withdrawn on 2026-02-01 (status change recorded by the trigger).
  const kids = [];
  for (let i = 0; i < 6; i++) kids.push(await child(a));
  const gone = await child(a, { status: 'withdrawn', updated: '2026-01-31T18:00:00Z' }); // 02:00 on 1 Feb in Shanghai
  // Follow-ups in the period: four well, one partly; the withdrawn child's is not in the control figure.
  for (const [i, k] of kids.slice(0, 5).entries()) await followUp(k, a, '2026-02-10', i === 4 ? 'partly' : 'well', i === 0 ? 1 : 0);
  await followUp(gone, a, '2026-01-20', 'uncontrolled', 1);
  // Centre B: two children (a small group). Centre C: five, the smallest published centre, so it is
  // withheld beside B: otherwise B's figures would be the district's minus A's and C's.
  await child(w.ids.centreB);
  await child(w.ids.centreB);
  await w.db.insertInto('centers').values({ id: CENTRE_C, name: '花木社区卫生服务中心', name_en: 'Huamu', kind: 'community', district: 'pudong', street: '街道', created_at: '2025-01-01T00:00:00Z' }).execute();
  for (let i = 0; i < 5; i++) await child(CENTRE_C);
});

describe('indicators v2 through the API', () => {
  it('the district: one population and time base, episodes counted once, coverage stated', async () => {
    const res = await w.call('manager', 'GET', `/api/v1/indicators?${PERIOD}`);
    expect(res.status).toBe(200);
    expect(res.body.version).toBe('2');
    expect(res.body.timeZone).toBe('Asia/Shanghai');
    expect(item(res.body, 'children_under_management')).toMatchObject({ numerator: 14, denominator: null, value: 14, withheld: false });
    expect(item(res.body, 'active_at_end')).toMatchObject({ numerator: 13 });
    // Control: 5 of A's 6 active children assessed, 4 well; coverage 5 of the district's 13 active.
    expect(item(res.body, 'well_controlled')).toMatchObject({ numerator: 4, denominator: 5, coverage: { numerator: 5, denominator: 13 } });
    // Episodes: one report of 1 OCS + 1 ED (one episode) and the withdrawn child's report on 01-20 while active: 2.
    const exac = item(res.body, 'severe_exacerbations_per_100_child_years');
    expect(exac.numerator).toBe(2);
    // Child-days: 13 children × 59 days + the withdrawn child's 31 January days.
    expect(exac.denominator).toBeCloseTo((13 * 59 + 31) / 365.25, 6);
    expect(item(res.body, 'severe_exacerbations_per_100_child_years').label.zh).toBe('每百儿童年重度急性发作次数');
    expect(item(res.body, 'severe_exacerbations_per_100_child_years').definition.en).not.toMatch(/\.md|§/);
  });

  it('a centre: figures over 5 or more children shown, the rest withheld whole', async () => {
    const res = await w.call('clinicA', 'GET', `/api/v1/indicators?${PERIOD}`);
    expect(res.body.centerId).toBe(w.ids.centreA);
    expect(item(res.body, 'active_at_end')).toMatchObject({ withheld: false, numerator: 6 });
    expect(item(res.body, 'well_controlled')).toMatchObject({ withheld: false, numerator: 4, denominator: 5 });
    expect(item(res.body, 'referral_completion')).toEqual(expect.objectContaining({ withheld: true, numerator: null, denominator: null, value: null, coverage: null }));
    expect(res.body.referralCounts).toBeNull();
  });

  it('withholds the smallest published centre beside a lone small one, the same in the comparison', async () => {
    const c = await w.call('manager', 'GET', `/api/v1/indicators?${PERIOD}&centerId=${CENTRE_C}`);
    expect(item(c.body, 'active_at_end')).toMatchObject({ withheld: true, numerator: null, denominator: null, value: null });
    const rows = (await w.call('manager', 'GET', `/api/v1/indicators/centres?${PERIOD}`)).body.rows;
    const active = (centre: string) => rows.find((r: any) => r.centerId === centre).values.find((v: any) => v.id === 'active_at_end');
    expect([active(w.ids.centreA).withheld, active(w.ids.centreB).withheld, active(CENTRE_C).withheld]).toEqual([false, true, true]);
  });

  it('refuses what it should', async () => {
    expect((await w.call('clinicA', 'GET', `/api/v1/indicators?centerId=${w.ids.centreB}`)).status).toBe(403);
    expect((await w.call('nurse1', 'GET', '/api/v1/indicators')).status).toBe(403);
    expect((await w.call('parent1', 'GET', '/api/v1/indicators')).status).toBe(403);
    expect((await w.call(null, 'GET', '/api/v1/indicators')).status).toBe(401);
    const order = await w.call('manager', 'GET', '/api/v1/indicators?from=2026-03-01&to=2026-02-01');
    expect(order.status).toBe(400);
    expect(order.body.error.details[0].path).toBe('from');
    expect((await w.call('manager', 'GET', '/api/v1/indicators?centerId=00000000-0000-4000-a000-0000000000ee')).status).toBe(404);
  });

  it('marks the current month as partial in the trends', async () => {
    const res = await w.call('manager', 'GET', '/api/v1/indicators/trends?from=2026-01-01&to=2026-03-02');
    expect(res.body.months).toEqual([
      { month: '2026-01', partial: false },
      { month: '2026-02', partial: false },
      { month: '2026-03', partial: true },
    ]);
    expect(res.body.series.enrolments).toHaveLength(3);
  });
});

describe('CSV', () => {
  it('has a BOM, the header in the chosen language, Shanghai times, and a name saying scope and period', async () => {
    const res = await w.app.request(`/api/v1/indicators.csv?${PERIOD}`, { headers: { cookie: `lang=zh; ${await w.cookieFor('manager')}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="indicators-pudong-2026-01-01_2026-02-28.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1).split('\r\n');
    expect(lines[0]).toBe('指标,编号,版本,分子,分母,数值,单位,覆盖率（%）,期间起,期间止,数据截至（北京时间）');
    expect(lines[1]).toMatch(/,2026-03-02 10:00$/); // computed at 02:00 UTC
  });

  it('neutralises formula-looking cells but not numbers', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+86 138')).toBe("'+86 138");
    expect(csvCell('-5')).toBe('-5');
    expect(toCsv([['a', 'b']])).toBe('\uFEFFa,b\r\n');
  });
});

describe('due-date history', () => {
  it("records each change of a child's due date, with its reason and grace, wherever it is made", async () => {
    const id = await enrol(w);
    await w.call('clinicA', 'POST', `/api/v1/children/${id}/follow-ups`, followUpBody({ date: '2026-02-27', gina: { q1: true, q2: true, q3: true, q4: false } }));
    expect((await w.call('clinicA', 'POST', `/api/v1/children/${id}/events`, { kind: 'ed', date: '2026-03-02', source: 'hospital' })).status).toBe(201);
    await w.call('clinicA', 'PATCH', `/api/v1/children/${id}`, { status: 'withdrawn', reason: '家长要求退出' });
    const rows = await w.db.selectFrom('due_date_history').select(['since', 'due_date', 'reason', 'grace', 'source']).where('child_id', '=', id).orderBy('id').execute();
    expect(rows).toEqual([
      { since: '2026-03-02', due_date: '2026-03-30', reason: 'R1', grace: 7, source: 'change' }, // enrolment
      { since: '2026-03-02', due_date: '2026-03-13', reason: 'R2', grace: 7, source: 'change' }, // seen 02-27 uncontrolled: 2 weeks
      { since: '2026-03-02', due_date: '2026-03-04', reason: 'R4', grace: 0, source: 'change' }, // ED visit: 2 working days
      { since: '2026-03-02', due_date: null, reason: null, grace: null, source: 'change' }, // withdrawn
    ]);
    // A follow-up written straight into the table (a script, an import, the demo seed) is recorded from its own day.
    const other = await enrol(w, { name: '导入儿童' });
    await w.db
      .insertInto('follow_ups')
      .values({
        id: '00000000-0000-4000-d000-0000000009f1',
        child_id: other,
        center_id: w.ids.centreA,
        date: '2026-02-20',
        mode: 'clinic',
        instrument: null,
        answers: null,
        score: null,
        score_band: null,
        gina_q1: 0,
        gina_q2: 0,
        gina_q3: 0,
        gina_q4: 0,
        gina_level: 'well',
        ocs_courses: 0,
        ed_visits: 0,
        admissions: 0,
        pef: null,
        pef_zone: null,
        inhaler_technique_ok: null,
        adherence_ok: null,
        action_plan_given: null,
        treatment_changed: 0,
        gina_step: null,
        note: null,
        high_risk: 0,
        next_due_date: '2026-05-15',
        next_due_reason: 'R2',
        suggestions: '{}',
        created_by: 'import',
        created_at: '2026-03-02T01:00:00Z',
      })
      .execute();
    expect(await w.db.selectFrom('due_date_history').select(['since', 'due_date', 'source']).where('child_id', '=', other).orderBy('id').execute()).toEqual([
      { since: '2026-03-02', due_date: '2026-03-30', source: 'change' },
      { since: '2026-02-20', due_date: '2026-05-15', source: 'follow_up' },
    ]);
    const status = await w.db.selectFrom('child_status_changes').select(['status', 'since']).where('child_id', '=', id).execute();
    expect(status).toEqual([{ status: 'withdrawn', since: '2026-03-02' }]);
  });
});
