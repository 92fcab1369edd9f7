// The school first-aid pages: rendering, escaping, plain-form posts (303 on success; on failure the
// typed values come back with messages in the user's language). The assessment round trip:
// schools-assessment.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formFields, setField } from '../helpers/form-fields';
import { pageClient } from '../helpers/pages';
import { createWorld, ids, type World } from '../helpers/world';

let w: World;
beforeAll(async () => {
  w = await createWorld({ now: '2025-10-20T02:00:00Z' });
});
afterAll(async () => {
  await w.close();
});

const docs = { instructionCard: true, leaflet: true, checkCard: true, adminRecord: true, replacementNote: true };

const { page, post } = pageClient(() => w);

let kitId: string;
beforeAll(async () => {
  const res = await w.call('nurse1', 'POST', `/api/v1/schools/${ids.school1}/kits`, {
    label: '<script>alert(1)</script>',
    kind: 'fixed',
    location: '保健室',
    locked: false,
    storageOk: true,
    spacers: 2,
    documents: docs,
    mdis: [{ batch: 'B<b>1</b>', expiry: '2025-11-10', counterReading: 190 }],
  });
  kitId = res.body.id;
  await w.call('nurse1', 'POST', '/api/v1/trainings', {
    date: '2025-03-10',
    durationMinutes: 90,
    kind: 'initial',
    trainer: '李医生',
    organisation: '区疾控',
    topics: ['recognise'],
    attendees: [
      { name: '张老师', role: 'healthTeacher', competency: 'pass', competencyDate: '2025-03-10' },
      { name: '王老师', role: 'teacher', competency: 'pass', competencyDate: '2025-03-10' },
    ],
  });
});

describe('rendering and access', () => {
  it("renders the nurse's pages", async () => {
    for (const path of [
      `/schools/${ids.school1}`,
      `/schools/${ids.school1}/kits`,
      `/schools/${ids.school1}/kits/new`,
      `/kits/${kitId}`,
      `/kits/${kitId}/check`,
      `/kits/${kitId}/use`,
      `/kits/${kitId}/edit`,
      `/kits/${kitId}/mdis/new`,
      `/schools/${ids.school1}/trainings`,
      `/schools/${ids.school1}/trainings/new`,
      `/schools/${ids.school1}/assessments/new`,
      '/',
    ]) {
      const res = await page('nurse1', path);
      expect(res.status, path).toBe(200);
    }
    expect((await page('nurse1', '/schools')).location).toBe(`/schools/${ids.school1}`);
  });

  it('escapes user text: a kit label with <script> renders as text', async () => {
    for (const path of [`/schools/${ids.school1}/kits`, `/kits/${kitId}`, `/schools/${ids.school1}`, '/']) {
      const { html } = await page('nurse1', path);
      expect(html, path).not.toContain('<script>alert(1)</script>');
      expect(html, path).not.toContain('<b>1</b>');
    }
    expect((await page('nurse1', `/schools/${ids.school1}/kits`)).html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it("shows kit alerts and checks due on the nurse's home page, schools needing attention on the manager's", async () => {
    const nurse = await page('nurse1', '/');
    expect(nurse.html).toContain('急救包提醒');
    expect(nurse.html).toContain('30 天内过期');
    expect(nurse.html).toContain('月检逾期');
    const manager = await page('manager', '/', 'en');
    expect(manager.html).toContain('Schools needing attention');
  });

  it('the district list for managers; scope for everyone else', async () => {
    const list = await page('manager', '/schools');
    expect(list.status).toBe(200);
    expect(list.html).toContain('测试第一小学');
    expect(list.html).toContain('data-chart="grade-chart"');
    expect((await page('clinicA', '/schools')).status).toBe(403);
    expect((await page('nurse2', `/schools/${ids.school1}`)).status).toBe(404);
    expect((await page('nurse2', `/kits/${kitId}`)).status).toBe(404);
    expect((await page('manager', `/kits/${kitId}/check`)).status).toBe(403);
    expect((await page(null, `/schools/${ids.school1}`)).location).toMatch(/^\/login\?next=/);
  });
});

describe('forms', () => {
  it('a kit form with errors keeps the typed values and shows messages in Chinese, then English', async () => {
    const fields: [string, string][] = [
      ['label', ''],
      ['kind', 'fixed'],
      ['location', '教学楼三楼'],
      ['spacers', 'abc'],
      ['mdis.0.batch', 'X1'],
      ['mdis.0.expiry', '2026-13'],
    ];
    const zh = await post('nurse1', `/schools/${ids.school1}/kits/new`, fields);
    expect(zh.status).toBe(400);
    expect(zh.html).toContain('value="教学楼三楼"');
    expect(zh.html).toContain('value="2026-13"');
    expect(zh.html).toContain('必填');
    expect(zh.html).toContain('请按 2026-08 或 2026-08-15 填写有效期');
    expect(zh.html).toMatch(/name="label"[^>]*aria-invalid="true"/);
    const en = await post('nurse1', `/schools/${ids.school1}/kits/new`, fields, 'en');
    expect(en.html).toContain('Required');
    expect(en.html).toContain('Give the expiry as 2026-08 or 2026-08-15');
    const ok = await post('nurse1', `/schools/${ids.school1}/kits/new`, [
      ['label', '急救包 2'],
      ['kind', 'mobile'],
      ['location', '体育馆'],
      ['spacers', '2'],
      ['storageOk', 'on'],
      ['documents.leaflet', 'on'],
      ['mdis.0.batch', 'X2'],
      ['mdis.0.expiry', '2026-08'],
      ['mdis.0.labelledDoses', '200'],
    ]);
    expect(ok.status).toBe(303);
    expect(ok.location).toMatch(/^\/kits\//);
  });

  it('the monthly check: unanswered questions are asked again; a complete check redirects and updates the kit', async () => {
    // A kit of its own: the shared kit's overdue check is what the home page test reads.
    const made = await w.call('nurse1', 'POST', `/api/v1/schools/${ids.school1}/kits`, {
      label: '月检急救包',
      kind: 'fixed',
      location: '保健室',
      locked: false,
      storageOk: true,
      spacers: 2,
      documents: docs,
      mdis: [{ batch: 'C1', expiry: '2026-06', counterReading: 200 }],
    });
    expect(made.status).toBe(201);
    const kitId = made.body.id as string;
    const missing = await post('nurse1', `/kits/${kitId}/check`, [
      ['date', '2025-10-20'],
      ['spacers', '1'],
      ['note', '储雾罐缺 1 个'],
    ]);
    expect(missing.status).toBe(400);
    expect(missing.html).toContain('储雾罐缺 1 个');
    expect(missing.html).toContain('包内有沙丁胺醇气雾剂');
    // Each unanswered question is named in the page's language, never zod's raw text (issue 30).
    expect(missing.html).toContain('请回答这一项（是或否）');
    expect(missing.html).not.toMatch(/Invalid input|无效输入|expected boolean/);
    const future = await post(
      'nurse1',
      `/kits/${kitId}/check`,
      [['date', '2025-10-21'], ['spacers', '1'], ...['mdiPresent', 'mdiInDate', 'dosesOk', 'unlocked', 'storageOk', 'poster', 'registerReachable'].map((q) => [q, 'yes'] as [string, string])],
      'en',
    );
    expect(future.status).toBe(400);
    expect(future.html).toContain('The date cannot be later than today');
    const done = await post('nurse1', `/kits/${kitId}/check`, [
      ['date', '2025-10-20'],
      ['spacers', '1'],
      ...['mdiPresent', 'mdiInDate', 'dosesOk', 'unlocked', 'storageOk', 'poster', 'registerReachable'].map((q) => [q, 'yes'] as [string, string]),
    ]);
    expect(done.status).toBe(303);
    const kit = await w.call('nurse1', 'GET', `/api/v1/kits/${kitId}`);
    expect(kit.body).toMatchObject({ spacers: 1, lastCheckDate: '2025-10-20' });
  });

  it('records a use from the form (Shanghai local time)', async () => {
    const usesBefore = (await w.call('nurse1', 'GET', `/api/v1/kits/${kitId}`)).body.uses.map((u: { id: string }) => u.id);
    const form = formFields((await page('nurse1', `/kits/${kitId}/use`)).html);
    const bad = await post('nurse1', `/kits/${kitId}/use`, setField(form, 'place', ''));
    expect(bad.status).toBe(400);
    const fields = [...setField(setField(setField(setField(form, 'usedAt', '2025-10-19T10:30'), 'place', '操场'), 'puffs', '4'), 'givenBy', '张老师'), ['symptoms', 'wheeze'], ['outcome', 'backToClass']] as [string, string][];
    const ok = await post('nurse1', `/kits/${kitId}/use`, setField(fields, 'outcome', 'backToClass'));
    expect(ok.status).toBe(303);
    // The kit's other uses come from other tests: the new one is the use that was not there before.
    const kit = await w.call('nurse1', 'GET', `/api/v1/kits/${kitId}`);
    const added = kit.body.uses.filter((u: { id: string }) => !usesBefore.includes(u.id));
    expect(added).toEqual([expect.objectContaining({ usedAt: '2025-10-19T02:30:00.000Z', place: '操场', symptoms: ['wheeze'] })]);
  });

  it('records a training with attendees; a bad row is named', async () => {
    const base: [string, string][] = [
      ['date', '2025-09-01'],
      ['durationMinutes', '60'],
      ['kind', 'refresher'],
      ['trainer', '周护士长'],
      ['organisation', '社区卫生服务中心'],
      ['topics', 'technique'],
    ];
    const bad = await post('nurse1', `/schools/${ids.school1}/trainings/new`, [...base, ['attendees.2.name', ''], ['attendees.2.competency', 'pass'], ['attendees.2.role', 'teacher']]);
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('参训人员 3');
    const ok = await post('nurse1', `/schools/${ids.school1}/trainings/new`, [...base, ['attendees.0.name', '李老师'], ['attendees.0.role', 'peTeacher'], ['attendees.0.competency', 'pass']]);
    expect(ok.status).toBe(303);
    const list = await w.call('nurse1', 'GET', `/api/v1/trainings?schoolId=${ids.school1}`);
    expect(list.body.items[0].attendees[0]).toMatchObject({ name: '李老师', competency: 'pass', competencyDate: '2025-09-01' });
  });
});

// Retiring a kit (a confirmation page with its reason), the saved notices, the use log's columns
// and the cap explanation: schools-workflows.test.ts.

describe('telling the parent after a use', () => {
  it('records when and how the parent was told, from the API and from the kit page, in scope and after the use', async () => {
    const use = await w.call('nurse1', 'POST', `/api/v1/kits/${kitId}/uses`, {
      usedAt: '2025-10-20T09:30:00+08:00',
      place: '操场',
      symptoms: ['wheeze'],
      puffs: 2,
      spacerUsed: true,
      givenBy: '王老师',
      called120: false,
      outcome: 'restedThenClass',
      mdiBatch: 'X1',
    });
    expect(use.status, JSON.stringify(use.body)).toBe(201);
    const useId = use.body.id as string;
    // The API: scope, order and the fields it needs.
    const told = { parentToldAt: '2025-10-20T09:45:00+08:00', parentToldHow: 'phone' };
    expect((await w.call('nurse2', 'PATCH', `/api/v1/kit-uses/${useId}`, told)).status).toBe(404);
    expect((await w.call('manager', 'PATCH', `/api/v1/kit-uses/${useId}`, told)).status).toBe(403);
    const early = await w.call('nurse1', 'PATCH', `/api/v1/kit-uses/${useId}`, { ...told, parentToldAt: '2025-10-20T09:00:00+08:00' });
    expect(early.status).toBe(400);
    expect(early.body.error.details).toEqual([{ path: 'parentToldAt', message: 'The parent cannot be told before the use' }]);
    expect((await w.call('nurse1', 'PATCH', `/api/v1/kit-uses/${useId}`, { parentToldAt: told.parentToldAt })).body.error.details[0].path).toBe('parentToldHow');

    // The page: the row links to the form; a missing choice comes back with the typed time kept.
    const kitPage = await page('nurse1', `/kits/${kitId}`);
    expect(kitPage.html).toContain(`<a href="/kits/${kitId}/uses/${useId}/parent-told">登记已告知</a>`);
    const form = await page('nurse1', `/kits/${kitId}/uses/${useId}/parent-told`);
    expect(form.status).toBe(200);
    const bad = await post('nurse1', `/kits/${kitId}/uses/${useId}/parent-told`, [
      ['parentToldAt', '2025-10-20T09:50'],
      ['parentToldHow', ''],
    ]);
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('value="2025-10-20T09:50"');
    expect(bad.html).toContain('<li>告知方式：必填</li>');
    // Now is 10:00 in Shanghai: a later time is refused.
    const later = await post(
      'nurse1',
      `/kits/${kitId}/uses/${useId}/parent-told`,
      [
        ['parentToldAt', '2025-10-20T10:05'],
        ['parentToldHow', 'wechat'],
      ],
      'en',
    );
    expect(later.status).toBe(400);
    expect(later.html).toContain('<option value="wechat" selected');
    const ok = await post('nurse1', `/kits/${kitId}/uses/${useId}/parent-told`, [
      ['parentToldAt', '2025-10-20T09:50'],
      ['parentToldHow', 'wechat'],
    ]);
    expect(ok).toMatchObject({ status: 303, location: `/kits/${kitId}?saved=parentTold` });
    const after = (await w.call('nurse1', 'GET', `/api/v1/kits/${kitId}`)).body.uses.find((u: { id: string }) => u.id === useId);
    expect(after).toMatchObject({ parentToldAt: '2025-10-20T01:50:00.000Z', parentToldHow: 'wechat' });
    // The log shows when the parent was told (Shanghai time), not only how.
    expect((await page('nurse1', `/kits/${kitId}`)).html).toContain(`2025-10-20 09:50 · 微信 <a href="/kits/${kitId}/uses/${useId}/parent-told">修改</a>`);
    // Corrected through the API.
    const corrected = await w.call('nurse1', 'PATCH', `/api/v1/kit-uses/${useId}`, told);
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ id: useId, parentToldAt: '2025-10-20T01:45:00.000Z', parentToldHow: 'phone' });
    const audited = await w.db.selectFrom('audit_log').select(['action', 'outcome']).where('entity', '=', 'kit_use').where('entity_id', '=', useId).orderBy('id').execute();
    expect(audited.map((a) => a.action)).toEqual(['create', 'update', 'update']);
    expect((await page('manager', `/kits/${kitId}/uses/${useId}/parent-told`)).status).toBe(403);
  });
});
