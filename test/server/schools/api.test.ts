// The school first-aid API end to end: worked examples, validation, scope, audit, alerts, pre-fill.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, ids, type World } from '../../helpers/world';
import { assessment, exemplarySchool, kit, trainedStaff } from './rules/school-fixture';

let w: World;
// 2025-10-20 10:00 in Shanghai: after the worked examples' assessment date 2025-10-15.
beforeAll(async () => {
  w = await createWorld({ now: '2025-10-20T02:00:00Z' });
});
afterAll(async () => {
  await w.close();
});

const brief = (body: { actions: { item: string; priority: string; dueDate: string }[] }) => body.actions.map((a) => `${a.item} ${a.priority} ${a.dueDate}`);
const docs = { instructionCard: true, leaflet: true, checkCard: true, adminRecord: true, replacementNote: true };
const newKit = (over: Record<string, unknown> = {}) => ({ label: 'Kit A', kind: 'fixed', location: '保健室', locked: false, storageOk: true, spacers: 2, documents: docs, ...over });
const paths = (res: { body: { error: { details: { path: string }[] } } }) => res.body.error.details.map((d) => d.path).sort();

describe('worked examples through POST /schools/:id/assessments', () => {
  it('example 1: score 100.0, grade A, no actions', async () => {
    const res = await w.call('nurse1', 'POST', `/api/v1/schools/${ids.school1}/assessments`, exemplarySchool());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ score: 100, band: 'A', grade: 'A', gradeLabel: { zh: '优秀', en: 'Excellent' }, caps: [], notApplicable: [], actions: [], alerts: [], reassessBy: '2026-04-15', rubricVersion: 'v1' });
  });

  it('example 2: score 88.9, grade B and seven actions with their dates', async () => {
    const input = assessment({
      enrolment: 1200,
      kits: [kit('Kit 1', [['2026-06-30', 150]]), kit('Kit 2', [['2026-06-30', 170]]), kit('Kit 3', [['2026-06-30', 190]]), kit('Kit 4', [['2026-06-30', 200]], { spacers: 1 })],
      staffTraining: trainedStaff(4),
      staffBriefedPct: 0.6,
      registered: 40,
      plansValid: 28,
      consents: 30,
      uses: 5,
      usesLoggedComplete: 5,
      usesParentNotified: 4,
    });
    const res = await w.call('nurse2', 'POST', `/api/v1/schools/${ids.school2}/assessments`, input);
    expect(res.status).toBe(201);
    expect(res.body.score).toBe(88.9);
    expect(res.body.grade).toBe('B');
    expect(res.body.fractions).toMatchObject({ A1: 0.8, A5: 0.75, D2: 0.7, D3: 0.75, F3: 0.8 });
    expect(res.body.fractions.C1).toBeCloseTo(0.667, 3);
    expect(brief(res.body)).toEqual(['A1 P2 2025-10-29', 'A5 P3 2025-10-29', 'C1 P3 2025-11-14', 'C3 P3 2025-11-14', 'D2 P3 2025-11-14', 'D3 P3 2025-11-14', 'F3 P2 2025-10-22']);
    expect(res.body.actions[0]).toMatchObject({ status: 'open', owner: 'cdc', text: { en: 'Bring the number of kits up to 5' } });
  });

  it('example 3: score 95.1 capped to grade C, reassess by 2025-12-14, three actions', async () => {
    const input = assessment({
      enrolment: 600,
      kits: [kit('Kit 1', [['2025-09-30', 200]]), kit('Kit 2', [['2026-05-31', 200]]), kit('Kit 3', [['2026-05-31', 200]])],
      staffTraining: trainedStaff(3),
      registered: 20,
      plansValid: 20,
      consents: 19,
      uses: 1,
      usesLoggedComplete: 1,
      usesParentNotified: 1,
      monthlyChecksLast3: 1,
    });
    const res = await w.call('nurse1', 'POST', `/api/v1/schools/${ids.school1}/assessments`, input);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ score: 95.1, band: 'A', grade: 'C', caps: ['kitWithoutInDateMdi'], reassessBy: '2025-12-14' });
    expect(brief(res.body)).toEqual(['A3 P2 2025-10-22', 'D3 P3 2025-11-14', 'F1 P3 2025-11-14']);
  });

  it('example 4: score 100.0, grade A, not-applicable items and one replacement alert due 2025-10-29', async () => {
    const input = assessment({ enrolment: 180, kits: [kit('Kit 1', [['2025-11-05', 200]]), kit('Kit 2', [['2026-09-30', 200]])], staffTraining: trainedStaff(2) });
    const res = await w.call('nurse1', 'POST', `/api/v1/schools/${ids.school1}/assessments`, input);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ score: 100, grade: 'A', actions: [] });
    expect(res.body.notApplicable).toEqual(['D2', 'D3', 'F2', 'F3']);
    expect(res.body.alerts).toHaveLength(1);
    expect(res.body.alerts[0]).toMatchObject({ item: 'A3', priority: 'P2', dueDate: '2025-10-29', kind: 'alert' });
  });

  it('stores the snapshot: re-scoring under its rubric version gives the same result', async () => {
    const capped = assessment({
      enrolment: 600,
      kits: [kit('Kit 1', [['2025-09-30', 200]]), kit('Kit 2', [['2026-05-31', 200]]), kit('Kit 3', [['2026-05-31', 200]])],
      staffTraining: trainedStaff(3),
      registered: 20,
      plansValid: 20,
      consents: 19,
      uses: 1,
      usesLoggedComplete: 1,
      usesParentNotified: 1,
      monthlyChecksLast3: 1,
    });
    for (const input of [exemplarySchool(), capped]) {
      const created = await w.call('nurse1', 'POST', `/api/v1/schools/${ids.school1}/assessments`, input);
      expect(created.status).toBe(201);
      const detail = await w.call('nurse1', 'GET', `/api/v1/assessments/${created.body.id}`);
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({ score: created.body.score, grade: created.body.grade });
      expect(detail.body.rescoreMatches).toBe(true);
      expect(detail.body.input.enrolment).toBe(input.enrolment);
    }
  });

  it('lists newest first and pages with a cursor', async () => {
    // A world of its own: the list is the school's, so it holds exactly the three made here.
    const own = await createWorld({ now: '2025-10-20T02:00:00Z' });
    try {
      const made: string[] = [];
      for (const date of ['2025-10-01', '2025-10-15', '2025-10-08']) {
        const res = await own.call('nurse1', 'POST', `/api/v1/schools/${ids.school1}/assessments`, { ...exemplarySchool(), date });
        expect(res.status).toBe(201);
        made.push(res.body.id);
      }
      const first = await own.call('manager', 'GET', `/api/v1/schools/${ids.school1}/assessments?limit=2`);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toBeTruthy();
      const second = await own.call('manager', 'GET', `/api/v1/schools/${ids.school1}/assessments?limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body.items).toHaveLength(1);
      expect(second.body.nextCursor).toBeNull();
      expect([...first.body.items, ...second.body.items].map((a: { id: string }) => a.id)).toEqual([made[1], made[2], made[0]]);
    } finally {
      await own.close();
    }
  });
});

describe('validation names every field', () => {
  it('assessment input fields', async () => {
    const bad = {
      date: '2025-02-30',
      enrolment: -1,
      campuses: 0,
      kits: [{ label: '', spacers: -1, unlocked: 'yes', storageOk: true, docs: { ...docs, leaflet: 1 }, mdis: [{ batch: '', expiry: '2026-13', remaining: 1.5 }] }],
      staffKnewLocation: 3,
      healthStaffOk: null,
      staffBriefedPct: 1.2,
      staffTraining: [{ name: '', date: 'x', pass: 'y' }],
      registerUpdatedThisTerm: 1,
      registerAccessible: 'no',
      registered: 2,
      plansValid: 3,
      consents: 3,
      procedure: 0,
      postersAllKitLocations: null,
      lastDrill: '2025/01/01',
      monthlyChecksLast3: 4,
      uses: 1,
      usesLoggedComplete: 2,
      usesParentNotified: -1,
    };
    const res = await w.call('nurse1', 'POST', `/api/v1/schools/${ids.school1}/assessments`, bad);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(paths(res)).toEqual(
      expect.arrayContaining([
        'date',
        'enrolment',
        'campuses',
        'kits.0.label',
        'kits.0.spacers',
        'kits.0.unlocked',
        'kits.0.docs.leaflet',
        'kits.0.mdis.0.batch',
        'kits.0.mdis.0.expiry',
        'kits.0.mdis.0.remaining',
        'staffKnewLocation',
        'healthStaffOk',
        'staffBriefedPct',
        'staffTraining.0.name',
        'staffTraining.0.date',
        'staffTraining.0.pass',
        'registerUpdatedThisTerm',
        'registerAccessible',
        'procedure',
        'postersAllKitLocations',
        'lastDrill',
        'monthlyChecksLast3',
        'usesParentNotified',
      ]),
    );
    const parts = await w.call('nurse1', 'POST', `/api/v1/schools/${ids.school1}/assessments`, exemplarySchool({ plansValid: 15, usesLoggedComplete: 3 }));
    expect(paths(parts)).toEqual(['plansValid', 'usesLoggedComplete']);
    const missing = await w.call('nurse1', 'POST', `/api/v1/schools/${ids.school1}/assessments`, {});
    expect(missing.body.error.details.length).toBeGreaterThanOrEqual(20);
  });

  it('an assessment dated in the future is refused on its date', async () => {
    const res = await w.call('nurse1', 'POST', `/api/v1/schools/${ids.school1}/assessments`, exemplarySchool({ date: '2025-10-21' }));
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['date']);
  });

  it('kit, MDI, check, use and training fields', async () => {
    const kitRes = await w.call('nurse1', 'POST', `/api/v1/schools/${ids.school1}/kits`, {
      label: '',
      kind: 'cupboard',
      location: '',
      locked: 'no',
      storageOk: 1,
      spacers: -2,
      documents: { instructionCard: true },
      mdis: [{ batch: '', expiry: '2026-02-30', labelledDoses: 0, counterReading: -1 }],
    });
    expect(kitRes.status).toBe(400);
    expect(paths(kitRes)).toEqual(
      expect.arrayContaining([
        'label',
        'kind',
        'location',
        'locked',
        'storageOk',
        'spacers',
        'documents.leaflet',
        'documents.checkCard',
        'documents.adminRecord',
        'documents.replacementNote',
        'mdis.0.batch',
        'mdis.0.expiry',
        'mdis.0.labelledDoses',
        'mdis.0.counterReading',
      ]),
    );

    const created = await w.call('nurse1', 'POST', `/api/v1/schools/${ids.school1}/kits`, newKit({ mdis: [{ batch: 'V1', expiry: '2026-06', counterReading: 120 }] }));
    expect(created.status).toBe(201);
    const kitId = created.body.id;
    const over = await w.call('nurse1', 'POST', `/api/v1/kits/${kitId}/mdis`, { batch: 'X', expiry: '2026-06-01', labelledDoses: 200, puffsUsed: 201 });
    expect(paths(over)).toEqual(['puffsUsed']);
    const emptyPatch = await w.call('nurse1', 'PATCH', `/api/v1/kits/${kitId}`, {});
    expect(emptyPatch.status).toBe(400);

    const check = await w.call('nurse1', 'POST', `/api/v1/kits/${kitId}/checks`, { date: '20251001', mdiPresent: 'y', spacers: 1.5 });
    expect(paths(check)).toEqual(expect.arrayContaining(['date', 'mdiPresent', 'mdiInDate', 'dosesOk', 'spacers', 'documents', 'unlocked', 'storageOk', 'poster', 'registerReachable']));
    const futureCheck = await w.call('nurse1', 'POST', `/api/v1/kits/${kitId}/checks`, {
      date: '2025-10-21',
      mdiPresent: true,
      mdiInDate: true,
      dosesOk: true,
      spacers: 2,
      documents: docs,
      unlocked: true,
      storageOk: true,
      poster: true,
      registerReachable: true,
    });
    expect(paths(futureCheck)).toEqual(['date']);

    const use = await w.call('nurse1', 'POST', `/api/v1/kits/${kitId}/uses`, {
      usedAt: 'yesterday',
      place: '',
      symptoms: [],
      puffs: 0,
      spacerUsed: 'y',
      givenBy: '',
      called120: null,
      outcome: 'fine',
      parentToldAt: '2025-10-19T01:00:00Z',
      childId: 'x',
    });
    expect(paths(use)).toEqual(expect.arrayContaining(['usedAt', 'place', 'symptoms', 'puffs', 'spacerUsed', 'givenBy', 'called120', 'outcome', 'childId']));
    const toldBefore = await w.call('nurse1', 'POST', `/api/v1/kits/${kitId}/uses`, {
      usedAt: '2025-10-19T02:00:00Z',
      place: '操场',
      symptoms: ['wheeze'],
      puffs: 4,
      spacerUsed: true,
      givenBy: '王老师',
      called120: false,
      outcome: 'backToClass',
      parentToldAt: '2025-10-19T01:00:00Z',
      mdiBatch: 'V1',
    });
    expect(paths(toldBefore)).toEqual(['parentToldAt', 'parentToldHow']);

    const training = await w.call('nurse1', 'POST', '/api/v1/trainings', {
      date: '2025-13-01',
      durationMinutes: 0,
      kind: 'lecture',
      trainer: '',
      organisation: '',
      topics: ['cooking'],
      attendees: [{ name: '', role: 'chef', competency: 'maybe' }],
    });
    expect(paths(training)).toEqual(expect.arrayContaining(['date', 'durationMinutes', 'kind', 'trainer', 'organisation', 'topics.0', 'attendees.0.name', 'attendees.0.role', 'attendees.0.competency']));
    const briefing = await w.call('nurse1', 'POST', '/api/v1/trainings', { date: '2025-10-01', durationMinutes: 60, kind: 'briefing', trainer: '李医生', organisation: '区疾控', topics: ['recognise'] });
    expect(paths(briefing)).toEqual(['staffBriefed', 'staffTotal']);

    const action = await w.call('nurse1', 'PATCH', `/api/v1/actions/${ids.school1}`, { status: 'closed' });
    expect(paths(action)).toEqual(['status']);
  });
});

describe('scope', () => {
  let kitId: string;
  let assessmentId: string;
  beforeAll(async () => {
    kitId = (await w.call('nurse1', 'POST', `/api/v1/schools/${ids.school1}/kits`, newKit({ label: 'Scope kit' }))).body.id;
    const made = await w.call('nurse1', 'POST', `/api/v1/schools/${ids.school1}/assessments`, exemplarySchool());
    if (made.status !== 201) throw new Error(`assessment failed ${made.status} ${made.text}`);
    assessmentId = made.body.id;
  });

  it("another school's nurse gets 404 on its kit, assessment and school", async () => {
    expect((await w.call('nurse2', 'GET', `/api/v1/kits/${kitId}`)).status).toBe(404);
    expect((await w.call('nurse2', 'PATCH', `/api/v1/kits/${kitId}`, { label: 'x' })).status).toBe(404);
    expect(
      (
        await w.call('nurse2', 'POST', `/api/v1/kits/${kitId}/checks`, {
          date: '2025-10-01',
          mdiPresent: true,
          mdiInDate: true,
          dosesOk: true,
          spacers: 2,
          documents: docs,
          unlocked: true,
          storageOk: true,
          poster: true,
          registerReachable: true,
        })
      ).status,
    ).toBe(404);
    expect((await w.call('nurse2', 'GET', `/api/v1/assessments/${assessmentId}`)).status).toBe(404);
    expect((await w.call('nurse2', 'GET', `/api/v1/schools/${ids.school1}/assessments`)).status).toBe(404);
    expect((await w.call('nurse2', 'POST', `/api/v1/schools/${ids.school1}/assessments`, exemplarySchool())).status).toBe(404);
    expect((await w.call('nurse2', 'GET', `/api/v1/trainings?schoolId=${ids.school1}`)).status).toBe(404);
    expect((await w.call('nurse2', 'GET', `/api/v1/kits/alerts?schoolId=${ids.school1}`)).status).toBe(404);
  });

  it('clinicians and parents see only the school list', async () => {
    expect((await w.call('clinicA', 'GET', '/api/v1/schools')).status).toBe(200);
    for (const user of ['clinicA', 'parent1']) {
      expect((await w.call(user, 'GET', `/api/v1/schools/${ids.school1}/assessments`)).status).toBe(403);
      expect((await w.call(user, 'GET', `/api/v1/kits/${kitId}`)).status).toBe(403);
      expect((await w.call(user, 'GET', '/api/v1/kits/alerts')).status).toBe(403);
      expect((await w.call(user, 'GET', '/api/v1/trainings')).status).toBe(403);
      expect((await w.call(user, 'POST', `/api/v1/schools/${ids.school1}/kits`, newKit())).status).toBe(403);
    }
    expect((await w.call(null, 'GET', '/api/v1/kits/alerts')).status).toBe(401);
  });

  it('managers read every school but may not write; admins may', async () => {
    expect((await w.call('manager', 'GET', `/api/v1/kits/${kitId}`)).status).toBe(200);
    expect((await w.call('manager', 'GET', `/api/v1/assessments/${assessmentId}`)).status).toBe(200);
    expect((await w.call('manager', 'GET', `/api/v1/schools/${ids.school2}/summary`)).status).toBe(200);
    expect((await w.call('manager', 'PATCH', `/api/v1/kits/${kitId}`, { label: 'x' })).status).toBe(403);
    expect((await w.call('manager', 'POST', `/api/v1/schools/${ids.school1}/assessments`, exemplarySchool())).status).toBe(403);
    expect((await w.call('manager', 'POST', '/api/v1/trainings', { schoolId: ids.school1 })).status).toBe(403);
    expect((await w.call('admin', 'PATCH', `/api/v1/kits/${kitId}`, { location: '教学楼一楼' })).status).toBe(200);
    const overview = await w.call('manager', 'GET', '/api/v1/schools/overview');
    expect(overview.body.items.map((s: { id: string }) => s.id).sort()).toEqual([ids.school1, ids.school2].sort());
    const own = await w.call('nurse1', 'GET', '/api/v1/schools/overview');
    expect(own.body.items.map((s: { id: string }) => s.id)).toEqual([ids.school1]);
  });

  it('a write leaves an audit row with ids only', async () => {
    const res = await w.call('nurse1', 'PATCH', `/api/v1/kits/${kitId}`, { label: '新标签 Secret' });
    expect(res.status).toBe(200);
    const rows = await w.db.selectFrom('audit_log').selectAll().where('entity', '=', 'kit').where('entity_id', '=', kitId).execute();
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['create', 'update']));
    expect(rows.every((r) => r.user_id !== null && !JSON.stringify(r).includes('Secret'))).toBe(true);
  });

  it('a refused write changes nothing', async () => {
    const before = await w.db.selectFrom('kits').selectAll().where('id', '=', kitId).executeTakeFirstOrThrow();
    await w.call('nurse2', 'PATCH', `/api/v1/kits/${kitId}`, { label: 'hijack' });
    const after = await w.db.selectFrom('kits').selectAll().where('id', '=', kitId).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });
});
