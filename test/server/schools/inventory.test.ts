// Kit alerts at each threshold through GET /kits/alerts, the assessment pre-fill, uses and
// replacements, corrective action status changes and the district's escalation of overdue P1s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, ids, type World } from '../../helpers/world';
import { assessment, trainedStaff } from './rules/school-fixture';

let w: World;
beforeAll(async () => {
  w = await createWorld({ now: '2025-10-20T02:00:00Z' });
});
afterAll(async () => {
  await w.close();
});

const docs = { instructionCard: true, leaflet: true, checkCard: true, adminRecord: true, replacementNote: true };
const check = (date: string, over: Record<string, unknown> = {}) => ({ date, mdiPresent: true, mdiInDate: true, dosesOk: true, spacers: 2, documents: docs, unlocked: true, storageOk: true, poster: true, registerReachable: true, ...over });
const mdi = (batch: string, expiry: string, counterReading = 200) => ({ batch, expiry, counterReading });
async function addKit(user: string, schoolId: string, label: string, mdis: unknown[], world: World = w) {
  const res = await world.call(user, 'POST', `/api/v1/schools/${schoolId}/kits`, { label, kind: 'fixed', location: '保健室', locked: false, storageOk: true, spacers: 2, documents: docs, mdis });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

describe('GET /kits/alerts at each threshold (today 2025-10-20)', () => {
  let kitId: string;
  beforeAll(async () => {
    kitId = await addKit('nurse1', ids.school1, 'Alerts kit', [
      mdi('D61', '2025-12-20'),
      mdi('D60', '2025-12-19'),
      mdi('D31', '2025-11-20'),
      mdi('D30', '2025-11-19'),
      mdi('D8', '2025-10-28'),
      mdi('D7', '2025-10-27'),
      mdi('D0', '2025-10-20'),
      mdi('M10', '2025-10'),
      mdi('P40', '2026-09', 40),
      mdi('P39', '2026-09', 39),
      mdi('P20', '2026-09', 20),
      mdi('P19', '2026-09', 19),
    ]);
  });
  const levelOf = (items: { mdiBatch?: string; level: string; kind: string }[], batch: string) => items.filter((a) => a.mdiBatch === batch).map((a) => a.level);

  it('expiry within 60, 30, 7 days, expired (on the day and month-only), below 40 and below 20 puffs', async () => {
    const res = await w.call('nurse1', 'GET', '/api/v1/kits/alerts');
    expect(res.status).toBe(200);
    const items = res.body.items;
    expect(levelOf(items, 'D61')).toEqual([]);
    expect(levelOf(items, 'D60')).toEqual(['within60']);
    expect(levelOf(items, 'D31')).toEqual(['within60']);
    expect(levelOf(items, 'D30')).toEqual(['within30']);
    expect(levelOf(items, 'D8')).toEqual(['within30']);
    expect(levelOf(items, 'D7')).toEqual(['within7']);
    expect(levelOf(items, 'D0')).toEqual(['expired']);
    expect(levelOf(items, 'M10')).toEqual(['within30']);
    expect(levelOf(items, 'P40')).toEqual([]);
    expect(levelOf(items, 'P39')).toEqual(['below40']);
    expect(levelOf(items, 'P20')).toEqual(['below40']);
    expect(levelOf(items, 'P19')).toEqual(['below20']);
    expect(items.find((a: { mdiBatch?: string }) => a.mdiBatch === 'D30')).toMatchObject({ dueDate: '2025-11-12', kitLabel: 'Alerts kit', schoolId: ids.school1, schoolName: '测试第一小学' });
    // No check this month and it is past the 9th: overdue.
    expect(items.filter((a: { kitId: string; kind: string }) => a.kitId === kitId && a.kind === 'kitCheck').map((a: { level: string }) => a.level)).toEqual(['overdue']);
  });

  it('?within=30 drops the 60-day warnings but keeps expired and low-dose alerts', async () => {
    const res = await w.call('nurse1', 'GET', '/api/v1/kits/alerts?within=30');
    expect(levelOf(res.body.items, 'D60')).toEqual([]);
    expect(levelOf(res.body.items, 'D30')).toEqual(['within30']);
    expect(levelOf(res.body.items, 'D0')).toEqual(['expired']);
    expect(levelOf(res.body.items, 'P19')).toEqual(['below20']);
    expect((await w.call('nurse1', 'GET', '/api/v1/kits/alerts?within=x')).status).toBe(400);
  });

  it('a check this month clears the check alert; next month it is a reminder, from the 10th overdue', async () => {
    // A kit of its own: the other tests read the check alert of the shared kit.
    const kitId = await addKit('nurse1', ids.school1, 'Checked kit', [mdi('CHK', '2026-09')]);
    expect((await w.call('nurse1', 'POST', `/api/v1/kits/${kitId}/checks`, check('2025-10-20'))).status).toBe(201);
    const kitChecks = async () =>
      (await w.call('nurse1', 'GET', '/api/v1/kits/alerts')).body.items.filter((a: { kitId: string; kind: string }) => a.kitId === kitId && a.kind === 'kitCheck').map((a: { level: string; dueDate: string }) => `${a.level} ${a.dueDate}`);
    expect(await kitChecks()).toEqual([]);
    // Sessions expire when the clock jumps; sign in again at each new time.
    w.clock.set('2025-11-01T02:00:00Z');
    w.forgetSessions();
    expect(await kitChecks()).toEqual(['reminder 2025-11-09']);
    w.clock.set('2025-11-10T02:00:00Z');
    w.forgetSessions();
    expect(await kitChecks()).toEqual(['overdue 2025-11-09']);
    w.clock.set('2025-10-20T02:00:00Z');
    w.forgetSessions();
  });

  it('pages as docs/api.md lists do: most severe first, limit and cursor, every alert once; a bad cursor is a 400', async () => {
    const all = (await w.call('nurse1', 'GET', '/api/v1/kits/alerts?limit=500')).body;
    expect(all.nextCursor).toBeNull();
    expect(all.items.length).toBeGreaterThan(5);
    const seen: { kitId: string; kind: string; mdiBatch?: string; level: string }[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/api/v1/kits/alerts?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await w.call('nurse1', 'GET', path);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    const keysOf = (list: typeof seen) => list.map((a) => `${a.kitId}|${a.kind}|${a.mdiBatch ?? ''}`);
    expect(keysOf(seen)).toEqual(keysOf(all.items));
    expect(all.items[0].level).toBe('expired');
    expect(all.items.findIndex((a: { level: string }) => a.level === 'within60')).toBeGreaterThan(all.items.findIndex((a: { level: string }) => a.level === 'below20'));
    // Without ?limit, the first 50 (docs/api.md's default).
    expect((await w.call('nurse1', 'GET', '/api/v1/kits/alerts')).body.items).toHaveLength(Math.min(50, all.items.length));
    // Two MDIs of one batch (two inhalers from one box), with a long Chinese batch name: each alert
    // once, each page's cursor short enough for the API's 200-character limit.
    const twin = await addKit('nurse1', ids.school1, 'Twin kit', [
      mdi('同一批号的两支吸入器同一批号的两支吸入器同一批号的两支吸入器同一批号的两支吸入器', '2025-10-01'),
      mdi('同一批号的两支吸入器同一批号的两支吸入器同一批号的两支吸入器同一批号的两支吸入器', '2025-10-01'),
    ]);
    const twins: { kitId: string; kind: string; mdiId?: string }[] = [];
    cursor = null;
    do {
      const res = await w.call('nurse1', 'GET', `/api/v1/kits/alerts?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      twins.push(...res.body.items.filter((a: { kitId: string }) => a.kitId === twin));
      cursor = res.body.nextCursor;
      if (cursor) expect(cursor.length).toBeLessThanOrEqual(200);
    } while (cursor);
    expect(twins.filter((a) => a.kind === 'mdiExpiry')).toHaveLength(2);
    expect(new Set(twins.map((a) => a.mdiId)).size).toBe(3); // two MDIs, and the kit's check alert (no MDI)
    const bad = await w.call('nurse1', 'GET', '/api/v1/kits/alerts?cursor=bm90LWEtY3Vyc29y');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ path: 'cursor' })]);
  });

  it("the district sees every school's alerts; another nurse sees none of them", async () => {
    const manager = await w.call('manager', 'GET', '/api/v1/kits/alerts');
    expect(manager.body.items.some((a: { kitId: string }) => a.kitId === kitId)).toBe(true);
    const nurse2 = await w.call('nurse2', 'GET', '/api/v1/kits/alerts');
    expect(nurse2.body.items.some((a: { kitId: string }) => a.kitId === kitId)).toBe(false);
  });

  it('replacing an MDI retires the old one and clears its alert', async () => {
    // A kit of its own: the other tests read the shared kit's expired D0.
    const kitId = await addKit('nurse1', ids.school1, 'Replacement kit', [mdi('D0', '2025-10-20'), mdi('KEEP', '2026-09')]);
    const alertsOf = async () =>
      (await w.call('nurse1', 'GET', '/api/v1/kits/alerts?limit=500')).body.items
        .filter((a: { kitId: string; kind: string }) => a.kitId === kitId && a.kind === 'mdiExpiry')
        .map((a: { mdiBatch: string; level: string }) => `${a.mdiBatch} ${a.level}`);
    expect(await alertsOf()).toEqual(['D0 expired']);
    const kit = await w.call('nurse1', 'GET', `/api/v1/kits/${kitId}`);
    const expired = kit.body.mdis.find((m: { batch: string }) => m.batch === 'D0');
    const res = await w.call('nurse1', 'POST', `/api/v1/kits/${kitId}/mdis`, { batch: 'NEW1', expiry: '2027-03', replaces: expired.id });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ batch: 'NEW1', expiryDate: '2027-03-31', remaining: 200, status: 'in_use' });
    const after = await w.call('nurse1', 'GET', `/api/v1/kits/${kitId}`);
    expect(after.body.mdis.some((m: { batch: string }) => m.batch === 'D0')).toBe(false);
    expect(after.body.pastMdis.find((m: { batch: string }) => m.batch === 'D0')).toMatchObject({ status: 'replaced', replacedBy: res.body.id });
    expect(await alertsOf()).toEqual([]);
    const again = await w.call('nurse1', 'POST', `/api/v1/kits/${kitId}/mdis`, { batch: 'NEW2', expiry: '2027-03', replaces: expired.id });
    expect(again.status).toBe(400);
  });
});

/**
 * School 2 as the pre-fill reads it: two kits since June with their checks (K2 missed September),
 * the trainings, and two uses in October (one with the parent told).
 */
async function school2(world: World): Promise<{ kit1: string; kit2: string }> {
  world.clock.set('2025-10-20T02:00:00Z');
  const kit1 = await addKit('nurse2', ids.school2, 'K1', [{ batch: 'B-1', expiry: '2026-06', puffsUsed: 10 }], world);
  const kit2 = await addKit('nurse2', ids.school2, 'K2', [mdi('B-2', '2026-08-31', 150)], world);
  await world.db.updateTable('kits').set({ created_at: '2025-06-01T00:00:00.000Z' }).where('id', 'in', [kit1, kit2]).execute();
  for (const date of ['2025-08-03', '2025-09-02', '2025-10-08']) {
    expect((await world.call('nurse2', 'POST', `/api/v1/kits/${kit1}/checks`, check(date))).status).toBe(201);
  }
  // K2 missed September; its latest check says the poster is missing.
  for (const date of ['2025-08-04', '2025-10-09']) {
    expect((await world.call('nurse2', 'POST', `/api/v1/kits/${kit2}/checks`, check(date, { poster: date === '2025-10-09' ? false : true, spacers: 1 }))).status).toBe(201);
  }
  const trainings = [
    {
      date: '2025-03-10',
      kind: 'initial',
      attendees: [
        { name: '张老师', role: 'healthTeacher', competency: 'pass', competencyDate: '2025-03-10' },
        { name: '李老师', role: 'peTeacher', competency: 'fail', competencyDate: '2025-03-10' },
        { name: '赵老师', role: 'teacher' },
      ],
    },
    { date: '2024-10-19', kind: 'initial', attendees: [{ name: '王老师', role: 'classTeacher', competency: 'pass', competencyDate: '2024-10-19' }] },
    { date: '2024-10-20', kind: 'refresher', attendees: [{ name: '陈老师', role: 'classTeacher', competency: 'pass', competencyDate: '2024-10-20' }] },
    { date: '2025-09-01', kind: 'briefing', attendees: [], staffBriefed: 45, staffTotal: 60 },
    { date: '2025-05-20', kind: 'drill', attendees: [] },
  ];
  for (const t of trainings) {
    const res = await world.call('nurse2', 'POST', '/api/v1/trainings', { durationMinutes: 90, trainer: '李医生', organisation: '浦东新区疾控中心', topics: ['recognise', 'technique'], ...t });
    expect(res.status).toBe(201);
  }
  const mdiId = (await world.call('nurse2', 'GET', `/api/v1/kits/${kit1}`)).body.mdis[0].id;
  for (const [kit, use] of [
    [kit1, { ...useBody('2025-10-17T10:30:00+08:00'), parentToldAt: '2025-10-17T03:00:00Z', parentToldHow: 'phone', mdiId }],
    [kit2, { ...useBody('2025-10-18T01:00:00Z'), puffs: 2, outcome: 'sentHome', mdiBatch: 'B-2' }],
  ] as const) {
    const res = await world.call('nurse2', 'POST', `/api/v1/kits/${kit}/uses`, use);
    expect(res.status, res.text).toBe(201);
  }
  return { kit1, kit2 };
}
const useBody = (usedAt: string) => ({ usedAt, place: '操场', symptoms: ['wheeze', 'breathless'], puffs: 4, spacerUsed: true, givenBy: '张老师', called120: false, outcome: 'backToClass' });

describe('uses and the assessment pre-fill', () => {
  // A world of its own, with school 2 as the pre-fill reads it (the tests below do not change it).
  let u: World;
  beforeAll(async () => {
    u = await createWorld({ now: '2025-10-20T02:00:00Z' });
    await school2(u);
  });
  afterAll(async () => {
    await u.close();
  });

  it('records a use: the puffs come off the MDI, the batch is taken from it', async () => {
    // Kits of school 1, so school 2's pre-fill stays as the other tests read it.
    const kit1 = await addKit('nurse1', ids.school1, 'U1', [{ batch: 'B-1', expiry: '2026-06', puffsUsed: 10 }], u);
    const kit2 = await addKit('nurse1', ids.school1, 'U2', [mdi('B-2', '2026-08-31', 150)], u);
    const kit = await u.call('nurse1', 'GET', `/api/v1/kits/${kit1}`);
    const mdiId = kit.body.mdis[0].id;
    const res = await u.call('nurse1', 'POST', `/api/v1/kits/${kit1}/uses`, {
      usedAt: '2025-10-17T10:30:00+08:00',
      place: '操场',
      symptoms: ['wheeze', 'breathless'],
      puffs: 4,
      spacerUsed: true,
      givenBy: '张老师',
      called120: false,
      outcome: 'backToClass',
      parentToldAt: '2025-10-17T03:00:00Z',
      parentToldHow: 'phone',
      mdiId,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ usedAt: '2025-10-17T02:30:00.000Z', date: '2025-10-17', mdiBatch: 'B-1' });
    const after = await u.call('nurse1', 'GET', `/api/v1/kits/${kit1}`);
    expect(after.body.mdis[0]).toMatchObject({ puffsUsed: 14, remaining: 186 });
    const second = await u.call('nurse1', 'POST', `/api/v1/kits/${kit2}/uses`, {
      usedAt: '2025-10-18T01:00:00Z',
      place: '教室',
      symptoms: ['cough'],
      puffs: 2,
      spacerUsed: true,
      givenBy: '王老师',
      called120: false,
      outcome: 'sentHome',
      mdiBatch: 'B-2',
    });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ mdiBatch: 'B-2' });
    const other = await u.call('nurse1', 'POST', `/api/v1/kits/${kit2}/uses`, {
      usedAt: '2025-10-18T01:00:00Z',
      place: '教室',
      symptoms: ['cough'],
      puffs: 2,
      spacerUsed: true,
      givenBy: '王老师',
      called120: false,
      outcome: 'sentHome',
      mdiId,
    });
    expect(other.status).toBe(400);
    expect(other.body.error.details[0].path).toBe('mdiId');
  });

  it('pre-fills from kits, checks, uses and trainings, leaving the rest to confirm', async () => {
    const res = await u.call('nurse2', 'GET', `/api/v1/schools/${ids.school2}/assessment-prefill?date=2025-10-20`);
    expect(res.status).toBe(200);
    const input = res.body.input;
    expect(input).toMatchObject({
      date: '2025-10-20',
      enrolment: 1200,
      campuses: 1,
      staffBriefedPct: 0.75,
      lastDrill: '2025-05-20',
      registered: 0,
      uses: 2,
      usesLoggedComplete: 2,
      usesParentNotified: 1,
      healthStaffOk: true,
      registerAccessible: true,
      postersAllKitLocations: false,
    });
    expect(input.kits).toEqual([
      { label: 'K1', spacers: 2, unlocked: true, storageOk: true, docs, mdis: [{ batch: 'B-1', expiry: '2026-06', remaining: 186 }] },
      { label: 'K2', spacers: 1, unlocked: true, storageOk: true, docs, mdis: [{ batch: 'B-2', expiry: '2026-08-31', remaining: 150 }] },
    ]);
    // October is checked for both kits, September only for K1, August for both.
    expect(input.monthlyChecksLast3).toBe(2);
    // Latest competency check per person; the attendee without one is left out.
    expect(input.staffTraining).toEqual([
      { name: '张老师', date: '2025-03-10', pass: true },
      { name: '李老师', date: '2025-03-10', pass: false },
      { name: '陈老师', date: '2024-10-20', pass: true },
      { name: '王老师', date: '2024-10-19', pass: true },
    ]);
    expect(res.body.toConfirm.sort()).toEqual(['consents', 'plansValid', 'procedure', 'registerUpdatedThisTerm', 'staffKnewLocation']);
    expect(res.body.sources).toMatchObject({ kits: 'kits', monthlyChecksLast3: 'checks', staffTraining: 'trainings', uses: 'uses' });
  });

  it('the confirmed pre-fill scores: training 365 days old counts, 366 does not', async () => {
    // A world of its own: the assessment made here becomes the next pre-fill's "previous".
    const own = await createWorld({ now: '2025-10-20T02:00:00Z' });
    try {
      await school2(own);
      const pre = (await own.call('nurse2', 'GET', `/api/v1/schools/${ids.school2}/assessment-prefill?date=2025-10-20`)).body.input;
      const confirmed = { ...pre, staffKnewLocation: 2, registerUpdatedThisTerm: true, plansValid: 0, consents: 0, procedure: true };
      const res = await own.call('nurse2', 'POST', `/api/v1/schools/${ids.school2}/assessments`, confirmed);
      expect(res.status).toBe(201);
      // 张老师 (pass) and 陈老师 (365 days) count; 王老师 (366 days) and 李老师 (fail) do not: 2 of 6 required.
      expect(res.body.fractions.C1).toBeCloseTo(2 / 6, 10);
      expect(res.body.fractions.F1).toBeCloseTo(2 / 3, 10);
      expect(res.body.fractions.F3).toBe(0.5);
      const next = await own.call('nurse2', 'GET', `/api/v1/schools/${ids.school2}/assessment-prefill?date=2025-10-20`);
      expect(next.body.previous.id).toBe(res.body.id);
      expect(next.body.input.procedure).toBe(true);
      expect(next.body.sources.procedure).toBe('previous');
    } finally {
      await own.close();
    }
  });
});

describe('corrective actions: status, closing note, escalation to the district', () => {
  let p1Late: string;
  let p1OneDay: string;
  beforeAll(async () => {
    w.clock.set('2025-10-20T02:00:00Z');
    // No kits at all: a P1 "no kit" action due 3 days after the assessment.
    const late = await w.call('nurse1', 'POST', `/api/v1/schools/${ids.school1}/assessments`, assessment({ date: '2025-10-15', staffTraining: trainedStaff(2) }));
    const oneDay = await w.call('nurse1', 'POST', `/api/v1/schools/${ids.school1}/assessments`, assessment({ date: '2025-10-16', staffTraining: trainedStaff(2) }));
    expect(late.body.grade).toBe('D');
    p1Late = late.body.actions.find((a: { priority: string }) => a.priority === 'P1').id;
    p1OneDay = oneDay.body.actions.find((a: { priority: string }) => a.priority === 'P1').id;
  });
  /** The P1 "no kit" action of an assessment of school 1 (before 2025-10-16, the latest) made for one test. */
  async function ownP1(date: string): Promise<string> {
    const res = await w.call('nurse1', 'POST', `/api/v1/schools/${ids.school1}/assessments`, assessment({ date, staffTraining: trainedStaff(2) }));
    expect(res.status).toBe(201);
    return res.body.actions.find((a: { priority: string }) => a.priority === 'P1').id;
  }

  it('flags a P1 to the district once it is more than a day overdue', async () => {
    const res = await w.call('manager', 'GET', '/api/v1/actions?escalated=true');
    const escalated = res.body.items.map((a: { id: string }) => a.id);
    expect(escalated).toContain(p1Late);
    expect(escalated).not.toContain(p1OneDay);
    const all = await w.call('nurse1', 'GET', '/api/v1/actions');
    expect(all.body.items.find((a: { id: string }) => a.id === p1OneDay)).toMatchObject({ overdue: true, escalated: false, dueDate: '2025-10-19' });
    const overview = await w.call('manager', 'GET', '/api/v1/schools/overview');
    expect(overview.body.items.find((s: { id: string }) => s.id === ids.school1).escalated).toBeGreaterThanOrEqual(1);
  });

  it("open -> done needs a closing note; verified is the district's; no way back from verified", async () => {
    // An action of its own: the other tests read p1Late open and escalated.
    const p1Late = await ownP1('2025-10-14');
    const noNote = await w.call('nurse1', 'PATCH', `/api/v1/actions/${p1Late}`, { status: 'done' });
    expect(noNote.status).toBe(400);
    expect(noNote.body.error.details[0].path).toBe('note');
    expect((await w.call('nurse2', 'PATCH', `/api/v1/actions/${p1Late}`, { status: 'done', note: 'x' })).status).toBe(404);
    expect((await w.call('manager', 'PATCH', `/api/v1/actions/${p1Late}`, { status: 'done', note: 'x' })).status).toBe(403);
    const done = await w.call('nurse1', 'PATCH', `/api/v1/actions/${p1Late}`, { status: 'done', note: '已配发 3 个急救包' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', closingNote: '已配发 3 个急救包', escalated: false });
    expect((await w.call('nurse1', 'PATCH', `/api/v1/actions/${p1Late}`, { status: 'verified' })).status).toBe(403);
    expect((await w.call('admin', 'PATCH', `/api/v1/actions/${p1Late}`, { status: 'verified' })).body.status).toBe('verified');
    const back = await w.call('admin', 'PATCH', `/api/v1/actions/${p1Late}`, { status: 'open' });
    expect(back.status).toBe(409);
    expect(back.body.error.code).toBe('illegal_transition');
    const audit = await w.db.selectFrom('audit_log').select('action').where('entity', '=', 'assessment_action').where('entity_id', '=', p1Late).execute();
    expect(audit.map((r) => r.action)).toEqual(['action_done', 'action_verified']);
  });

  it('the school summary shows the latest grade, history and open actions', async () => {
    const closed = await ownP1('2025-10-13');
    expect((await w.call('nurse1', 'PATCH', `/api/v1/actions/${closed}`, { status: 'done', note: '已配发' })).status).toBe(200);
    const res = await w.call('nurse1', 'GET', `/api/v1/schools/${ids.school1}/summary`);
    expect(res.status).toBe(200);
    expect(res.body.latest).toMatchObject({ date: '2025-10-16', grade: 'D' });
    expect(res.body.history.map((h: { date: string }) => h.date)).toEqual([...res.body.history.map((h: { date: string }) => h.date)].sort());
    expect(res.body.openActions.some((a: { id: string }) => a.id === p1OneDay)).toBe(true);
    expect(res.body.openActions.some((a: { id: string }) => a.id === p1Late)).toBe(true);
    expect(res.body.openActions.some((a: { id: string }) => a.id === closed)).toBe(false);
    expect(res.body.kitsRequired).toBe(3);
    expect(res.body.trainedRequired).toBe(2);
  });
});
