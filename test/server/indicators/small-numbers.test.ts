// No group of fewer than 5 children leaks a number, on any indicator route, page or CSV, at any
// scope below the district. Centre B has two children with a bit of everything (follow-ups, diary
// days with absence and an emergency visit, an unanswered emergency referral, an article read);
// every figure about them must come out withheld whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childRow } from '../../helpers/child-row';
import { createWorld, type World } from '../../helpers/world';

let w: World;
let seq = 0;
const next = (block: string) => `00000000-0000-4000-${block}-${String(++seq).padStart(12, '0')}`;
const PERIOD = 'from=2026-01-01&to=2026-03-02';
afterAll(async () => {
  await w.close();
});

async function child(centerId: string) {
  const id = next('c000');
  await w.db
    .insertInto('children')
    .values(
      childRow({
        id,
        name: `c${seq}`,
        center_id: centerId,
        school_id: w.ids.school1,
        enrolled_on: '2025-06-01',
        next_due_date: '2026-01-20',
        next_due_reason: 'R2',
        created_at: '2025-06-01T00:00:00Z',
        updated_at: '2025-12-01T00:00:00Z',
      }),
    )
    .execute();
  await w.db
    .insertInto('follow_ups')
    .values({
      id: next('d000'),
      child_id: id,
      center_id: centerId,
      date: '2026-02-10',
      mode: 'clinic',
      instrument: 'C-ACT',
      answers: '[]',
      score: 20,
      score_band: 'well',
      gina_q1: 0,
      gina_q2: 0,
      gina_q3: 0,
      gina_q4: 0,
      gina_level: 'well',
      ocs_courses: 1,
      ed_visits: 0,
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
      next_due_date: '2026-05-05',
      next_due_reason: 'R2',
      suggestions: '{}',
      created_by: 'test',
      created_at: '2026-02-10T03:00:00Z',
    })
    .execute();
  for (const date of ['2026-02-23', '2026-02-24', '2026-02-25']) {
    await w.db
      .insertInto('diary_entries')
      .values({
        id: next('e000'),
        child_id: id,
        date,
        daytime_symptoms: 'mild',
        symptoms_over_few_minutes: null,
        night_waking: 0,
        night_cough: 0,
        activity_limited: 0,
        reliever_uses: 1,
        controller_taken_am: 1,
        controller_taken_pm: 1,
        pef_am: null,
        pef_pm: null,
        pef_zone: null,
        triggers: '[]',
        school_absence: date === '2026-02-24' ? 1 : 0,
        unscheduled_care: date === '2026-02-25' ? 'ed' : 'none',
        ocs_started: null,
        note: null,
        client_id: null,
        created_by: 't',
        created_at: `${date}T10:00:00Z`,
        updated_at: `${date}T10:00:00Z`,
        danger_signs: '[]',
      })
      .execute();
    await w.db
      .insertInto('index_days')
      .values({
        district: 'pudong',
        date,
        score: 50,
        level: 3,
        score_level: 3,
        sub_scores: '{}',
        features: '{}',
        inputs: '{}',
        floors: '[]',
        missing: '[]',
        factors: '[]',
        confidence: 'high',
        advice_zh: '',
        advice_en: '',
        algorithm_version: '1',
        weather_kind: 'forecast',
        weather_fetched_at: `${date}T00:00:00Z`,
        weather_source: 'test',
        run_id: null,
        computed_at: `${date}T00:00:00Z`,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  await w.db
    .insertInto('action_plans')
    .values({ id: next('f000'), child_id: id, version: 1, personal_best_pef: null, plan: '{}', follow_up_id: null, created_by: 'test', created_at: '2026-02-10T03:00:00Z' })
    .execute();
  await w.db
    .insertInto('referrals')
    .values({
      id: next('f100'),
      child_id: id,
      direction: 'up',
      from_center_id: centerId,
      to_center_id: w.ids.hospital,
      urgency: 'emergency',
      reasons: '["U1"]',
      summary: 's',
      clinical_summary: 's',
      care_plan: null,
      status: 'requested',
      outcome: null,
      previous_referral_id: null,
      created_by: 'test',
      created_at: '2026-02-20T03:00:00Z',
      updated_at: '2026-02-20T03:00:00Z',
      accepted_at: null,
      responded_at: null,
      started_at: null,
      completed_at: null,
      phone_handover_to: 'x',
      phone_handover_at: '2026-02-20T03:00:00Z',
    })
    .execute();
  return id;
}

beforeAll(async () => {
  w = await createWorld();
  for (let i = 0; i < 6; i++) await child(w.ids.centreA);
  const kids = [await child(w.ids.centreB), await child(w.ids.centreB)];
  const article = next('f200');
  await w.db
    .insertInto('articles')
    .values({
      id: article,
      slug: 'inhaler',
      topic: 'inhaler',
      position: 1,
      title_zh: 't',
      title_en: 't',
      body_zh: 'b',
      body_en: 'b',
      status: 'published',
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
      updated_by: null,
      published_at: '2026-01-01T00:00:00Z',
    })
    .execute();
  const parent = (await w.db.selectFrom('users').select('id').where('username', '=', 'parent2').executeTakeFirstOrThrow()).id;
  await w.db.insertInto('guardianships').values({ user_id: parent, child_id: kids[0]!, relation: 'm', consent_date: null, consent_notice_version: null, linked_at: null, linked_by: null }).execute();
  await w.db.insertInto('article_reads').values({ article_id: article, user_id: parent, date: '2026-02-11', first_at: '2026-02-11T01:00:00Z', opens: 1 }).execute();
  await w.db
    .insertInto('article_sends')
    .values({ id: next('f300'), article_id: article, child_id: kids[0]!, sent_by: 'test', sent_at: '2026-02-11T01:00:00Z' })
    .execute();
});

/** One CSV line's cells (quoted cells may hold commas). */
const cells = (line: string) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1]!).slice(0, -1);

/** Every number under `value` except the keys that are not figures (levels, versions, the threshold). */
function numbersIn(value: unknown, path = ''): string[] {
  if (typeof value === 'number') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => numbersIn(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => (['level', 'smallGroup', 'limitHours'].includes(k) ? [] : numbersIn(v, `${path}.${k}`)));
  return [];
}

describe('small groups are withheld by the server on every route', () => {
  const asB = [
    ['manager', `centerId=${'00000000-0000-4000-a000-00000000000b'}&`],
    ['clinicB', ''],
  ] as const;

  it.each(asB)('/indicators, /indicators/trends and /indicators/index-validation for centre B (as %s)', async (who, scope) => {
    for (const route of ['/api/v1/indicators', '/api/v1/indicators/trends', '/api/v1/indicators/index-validation']) {
      const res = await w.call(who, 'GET', `${route}?${scope}${PERIOD}`);
      expect(res.status, route).toBe(200);
      expect(res.body.centerId ?? w.ids.centreB).toBe(w.ids.centreB);
      const { indexCalendar: _calendar, ...rest } = res.body; // the weather's calendar, not children
      expect(numbersIn(rest), route).toEqual([]);
    }
    const page = await w.call(who, 'GET', `/api/v1/indicators?${scope}${PERIOD}`);
    expect(page.body.items.length).toBeGreaterThan(20);
    expect(page.body.items.every((i: any) => i.withheld === true)).toBe(true);
  });

  it('the centre comparison and its CSV', async () => {
    const res = await w.call('manager', 'GET', `/api/v1/indicators/centres?${PERIOD}`);
    const rowB = res.body.rows.find((r: any) => r.centerId === w.ids.centreB);
    expect(numbersIn(rowB.values)).toEqual([]);
    // A is the only other centre with children: withheld beside B, or B would be the district minus A.
    const rowA = res.body.rows.find((r: any) => r.centerId === w.ids.centreA);
    expect(rowA.values.find((v: any) => v.id === 'active_at_end').withheld).toBe(true);
    const csv = await w.app.request(`/dashboard/centres.csv?${PERIOD}`, { headers: { cookie: `lang=en; ${await w.cookieFor('manager')}` } });
    const lineB = (await csv.text()).split('\r\n').find((l) => l.startsWith('陆家嘴'))!;
    expect(
      lineB
        .split(',')
        .slice(1)
        .every((c) => c === '<5'),
    ).toBe(true);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="centres-pudong-2026-01-01_2026-03-02.csv"');
  });

  it.each(asB)('the indicators CSV for centre B (as %s)', async (who, scope) => {
    const res = await w.app.request(`/api/v1/indicators.csv?${scope}${PERIOD}`, { headers: { cookie: `lang=en; ${await w.cookieFor(who)}` } });
    const rows = (await res.text()).slice(1).trim().split('\r\n').slice(1).map(cells);
    expect(rows.length).toBeGreaterThan(20);
    for (const r of rows) expect([r[3], r[4], r[5], r[7]], r[1]).toEqual(['<5', '<5', '<5', '<5']);
  });

  it.each(asB)('education reach (as %s)', async (who, scope) => {
    const res = await w.call(who, 'GET', `/api/v1/education/reach?${scope}${PERIOD}`);
    expect(res.status).toBe(200);
    const b = res.body.items.find((r: any) => r.centerId === w.ids.centreB);
    expect(b).toBeTruthy();
    expect(numbersIn(b)).toEqual([]);
  });

  it.each(asB)('the dashboard page for centre B (as %s)', async (who, scope) => {
    const res = await w.app.request(`/dashboard?${scope}period=custom&${PERIOD}`, { headers: { cookie: `lang=en; ${await w.cookieFor(who)}` } });
    const html = await res.text();
    const table = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
    const rows = table.split('<tr>').slice(1);
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) {
      const cells = [...row.matchAll(/<td>(.*?)<\/td>/g)].map((m) => m[1]);
      expect(cells.slice(1)).toEqual(['&lt;5', '&lt;5', '&lt;5', '&lt;5']);
    }
  });

  it('index validation: centre A is withheld beside B, the district is not', async () => {
    const a = await w.call('clinicA', 'GET', `/api/v1/indicators/index-validation?${PERIOD}`);
    expect(a.body.levels).toEqual([{ level: 3, withheld: true, diaryDays: null, symptomDayShare: null, exacerbationsPer1000Days: null }]);
    const all = await w.call('manager', 'GET', `/api/v1/indicators/index-validation?${PERIOD}`);
    expect(all.body.levels).toMatchObject([{ level: 3, withheld: false, diaryDays: 24 }]); // 8 children × 3 days
  });

  it("the referral report: centre B's two referrals leave no number, for the manager or the centre", async () => {
    for (const [who, query] of [
      ['manager', `&centerId=${w.ids.centreB}`],
      ['clinicB', ''],
    ] as const) {
      const res = await w.call(who, 'GET', `/api/v1/referrals/indicators?${PERIOD}${query}`);
      expect(res.status, who).toBe(200);
      expect(res.body.counts.up, who).toMatchObject({ requested: null, withheld: true });
      expect(JSON.stringify(res.body), who).not.toMatch(/"(numerator|denominator|count|median|p90|requested|accepted|completed|rejected|cancelled|failed|in-progress)":\d/);
    }
    const district = await w.call('manager', 'GET', `/api/v1/referrals/indicators?${PERIOD}`);
    expect(district.body.counts.up.requested).toBe(8); // 6 + 2, published whole
  });

  it("treatment coverage (issue 36): centre B's two children leave no number, nor A's beside it; the district is whole", async () => {
    for (const [centre, population] of [
      [w.ids.centreA, 2000],
      [w.ids.centreB, 1000],
    ] as const) {
      expect((await w.call('admin', 'PUT', `/api/v1/coverage/populations/${centre}`, { year: 2025, population, source: 'test' })).status).toBe(200);
    }
    const coverageOf = (body: any) => body.items.find((i: any) => i.id === 'treatment_coverage');
    for (const [who, query] of [
      ['manager', `?centerId=${w.ids.centreB}`],
      ['clinicB', ''],
      ['manager', `?centerId=${w.ids.centreA}`],
    ] as const) {
      expect(coverageOf((await w.call(who, 'GET', `/api/v1/training/indicators${query}`)).body), `${who}${query}`).toMatchObject({ withheld: true, numerator: null, denominator: null, value: null });
    }
    expect(coverageOf((await w.call('manager', 'GET', '/api/v1/training/indicators')).body)).toMatchObject({ withheld: false, numerator: 8 });
  });

  it('covers every indicator route the app serves', () => {
    const covered = [
      'GET /api/v1/indicators',
      'GET /api/v1/indicators.csv',
      'GET /api/v1/indicators/trends',
      'GET /api/v1/indicators/centres',
      'GET /api/v1/indicators/index-validation',
      'GET /api/v1/education/reach',
      'GET /dashboard',
      'GET /dashboard/centres.csv',
      'GET /api/v1/referrals/indicators',
      'GET /api/v1/training/indicators',
    ];
    const notYet: string[] = [];
    const served = [...w.api.routes.map((r) => `${r.method.toUpperCase()} /api/v1${r.path}`), ...w.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`)].filter((k) =>
      /\/(indicators|education\/reach|dashboard)/.test(k),
    );
    expect(
      [...new Set(served)].filter((k) => !covered.includes(k) && !notYet.includes(k)),
      'a new indicator route needs its case above',
    ).toEqual([]);
  });

  it('the district is not withheld', async () => {
    const res = await w.call('manager', 'GET', `/api/v1/indicators?${PERIOD}`);
    expect(res.body.items.find((i: any) => i.id === 'children_under_management')).toMatchObject({ withheld: false, numerator: 8 });
  });
});
