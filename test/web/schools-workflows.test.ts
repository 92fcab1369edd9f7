// The school workflows as a nurse meets them on a phone (issue 30): retiring a kit asks for a
// confirmation and a reason (no script needed), every save says it worked, the use log shows the
// pupil and when the parent was told, and a capped grade says why. Each test builds what it reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageClient } from '../helpers/pages';
import { createWorld, ids, type World } from '../helpers/world';
import { enrol } from '../server/children/fixtures';
import { assessment, kit, trainedStaff } from '../server/schools/rules/school-fixture';

let w: World;
// 2025-10-20 10:00 in Shanghai.
beforeAll(async () => {
  w = await createWorld({ now: '2025-10-20T02:00:00Z' });
});
afterAll(async () => {
  await w.close();
});

const docs = { instructionCard: true, leaflet: true, checkCard: true, adminRecord: true, replacementNote: true };

const { page, post } = pageClient(() => w);

async function newKit(label: string): Promise<string> {
  const res = await w.call('nurse1', 'POST', `/api/v1/schools/${ids.school1}/kits`, {
    label,
    kind: 'mobile',
    location: '体育馆',
    locked: false,
    storageOk: true,
    spacers: 2,
    documents: docs,
    mdis: [{ batch: `${label}-B1`, expiry: '2026-08', counterReading: 180 }],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

const kitRow = (id: string) => w.db.selectFrom('kits').select(['status', 'status_reason', 'status_changed_at', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow();
/** The role=status notice a page shows after a save, or null. */
const savedNotice = (html: string) => /<p class="notice saved" role="status">([^<]*)<\/p>/.exec(html)?.[1] ?? null;

describe('retiring a kit asks first, with a reason', () => {
  it('the kit page links to a confirmation page instead of retiring in one tap', async () => {
    const id = await newKit('备用急救包');
    const kitPage = await page('nurse1', `/kits/${id}`);
    expect(kitPage.html).toContain(`<a href="/kits/${id}/retire">停用此急救包</a>`);
    expect(kitPage.html).not.toContain('name="status" value="retired"');

    const zh = await page('nurse1', `/kits/${id}/retire`);
    expect(zh.status).toBe(200);
    expect(zh.html).toContain('<h1>停用急救包“备用急救包”？</h1>');
    expect(zh.html).toContain('停用原因（必填）');
    expect(zh.html).toMatch(/<input id="f-reason" name="reason" type="text" value="" required=""/);
    expect(zh.html).toContain('<button type="submit">确认停用</button>');
    expect(zh.html).toContain(`<a class="button secondary" href="/kits/${id}">取消</a>`);
    const en = await page('nurse1', `/kits/${id}/retire`, 'en');
    expect(en.html).toContain('<h1>Retire kit “备用急救包”?</h1>');
    expect(en.html).toContain('Reason (required)');
    expect(en.html).toContain('<button type="submit">Retire the kit</button>');

    expect((await page('nurse2', `/kits/${id}/retire`)).status).toBe(404);
    expect((await page('manager', `/kits/${id}/retire`)).status).toBe(403);
    expect((await page('manager', `/kits/${id}`)).html).not.toContain('/retire"');
  });

  it("without a reason nothing changes and the reason is named in the page's language", async () => {
    const id = await newKit('无原因急救包');
    const before = await kitRow(id);
    for (const [reason, lang, named] of [
      ['', 'zh', '<li>停用原因：必填</li>'],
      ['   ', 'zh', '<li>停用原因：必填</li>'],
      ['', 'en', '<li>Reason: Required</li>'],
    ] as const) {
      const res = await post(
        'nurse1',
        `/kits/${id}/status`,
        [
          ['status', 'retired'],
          ['reason', reason],
        ],
        lang,
      );
      expect(res.status, `${lang} ${JSON.stringify(reason)}`).toBe(400);
      expect(res.html).toContain(named);
      expect(res.html).toMatch(/name="reason"[^>]*aria-invalid="true"/);
      expect(res.html).toContain(lang === 'zh' ? '停用急救包“无原因急救包”？' : 'Retire kit “无原因急救包”?');
      expect(res.html).not.toMatch(/Invalid|expected|无效/);
    }
    expect(await kitRow(id)).toEqual(before);
    // Another school's nurse cannot reach it at all.
    expect(
      (
        await post('nurse2', `/kits/${id}/status`, [
          ['status', 'retired'],
          ['reason', '试试'],
        ])
      ).status,
    ).toBe(404);
    expect(await kitRow(id)).toEqual(before);
  });

  it('with a reason the kit is retired, the page says so and keeps the reason; putting it back is one tap', async () => {
    const id = await newKit('旧急救包');
    const done = await post('nurse1', `/kits/${id}/status`, [
      ['status', 'retired'],
      ['reason', '  柜门损坏，已送修  '],
    ]);
    expect(done).toMatchObject({ status: 303, location: `/kits/${id}?saved=retired` });
    expect(await kitRow(id)).toMatchObject({ status: 'retired', status_reason: '柜门损坏，已送修', status_changed_at: '2025-10-20T02:00:00.000Z' });
    const shown = await page('nurse1', done.location!);
    expect(savedNotice(shown.html)).toBe('急救包已停用。');
    expect(shown.html).toContain('该急救包已停用。');
    expect(shown.html).toContain('停用原因：柜门损坏，已送修（2025-10-20）');
    expect(shown.html).not.toContain(`/kits/${id}/retire`);
    expect((await w.call('manager', 'GET', `/api/v1/kits/${id}`)).body).toMatchObject({ status: 'retired', statusReason: '柜门损坏，已送修' });
    // Listed apart on the school's kit page; its confirmation page now just leads back to it.
    const [active, retired] = (await page('nurse1', `/schools/${ids.school1}/kits`)).html.split('<h2>已停用的急救包</h2>');
    expect(retired).toContain(`<a href="/kits/${id}">旧急救包</a>`);
    expect(active).not.toContain('旧急救包');
    expect(await page('nurse1', `/kits/${id}/retire`)).toMatchObject({ status: 303, location: `/kits/${id}` });

    const back = await post('nurse1', `/kits/${id}/status`, [['status', 'active']], 'en');
    expect(back).toMatchObject({ status: 303, location: `/kits/${id}?saved=reactivated` });
    expect(savedNotice((await page('nurse1', back.location!, 'en')).html)).toBe('The kit is back in use.');
    expect(await kitRow(id)).toMatchObject({ status: 'active', status_reason: null });
  });

  it('a status the page never sends is refused in words, nothing changed', async () => {
    const id = await newKit('篡改急救包');
    const before = await kitRow(id);
    const res = await post('nurse1', `/kits/${id}/status`, [
      ['status', 'lost'],
      ['reason', '丢了'],
    ]);
    expect(res.status).toBe(400);
    expect(res.html).toContain('请选择停用或恢复使用此急救包');
    expect(res.html).not.toMatch(/Invalid option|无效选项/);
    expect(await kitRow(id)).toEqual(before);
  });

  it('the API asks for the reason too', async () => {
    const id = await newKit('接口急救包');
    const bare = await w.call('nurse1', 'PATCH', `/api/v1/kits/${id}`, { status: 'retired' });
    expect(bare.status).toBe(400);
    expect(bare.body.error.details).toEqual([{ path: 'reason', message: 'Required' }]);
    const alone = await w.call('nurse1', 'PATCH', `/api/v1/kits/${id}`, { reason: '只有原因' });
    expect(alone.status).toBe(400);
    expect(alone.body.error.details.map((d: { path: string }) => d.path)).toEqual(['reason']);
    expect((await kitRow(id)).status).toBe('active');
    const ok = await w.call('nurse1', 'PATCH', `/api/v1/kits/${id}`, { status: 'retired', reason: 'Lost on a school trip' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'retired', statusReason: 'Lost on a school trip', statusChangedAt: '2025-10-20T02:00:00.000Z' });
  });
});

describe('a save says it worked', () => {
  const yes = ['mdiPresent', 'mdiInDate', 'dosesOk', 'unlocked', 'storageOk', 'poster', 'registerReachable'].map((q) => [q, 'yes'] as [string, string]);

  it('a check, a use, the parent told and a training each come back with a confirmation', async () => {
    const id = await newKit('确认急救包');
    const check = await post('nurse1', `/kits/${id}/check`, [['date', '2025-10-20'], ['spacers', '2'], ...yes]);
    expect(check).toMatchObject({ status: 303, location: `/kits/${id}?saved=check` });
    expect(savedNotice((await page('nurse1', check.location!)).html)).toBe('月度检查已保存，急救包的当前状态已更新。');

    const use = await post('nurse1', `/kits/${id}/use`, [
      ['usedAt', '2025-10-20T09:10'],
      ['place', '操场'],
      ['symptoms', 'wheeze'],
      ['puffs', '2'],
      ['mdiBatch', 'X9'],
      ['spacerUsed', 'yes'],
      ['givenBy', '张老师'],
      ['called120', 'no'],
      ['outcome', 'backToClass'],
    ]);
    expect(use).toMatchObject({ status: 303, location: `/kits/${id}?saved=use` });
    expect(savedNotice((await page('nurse1', use.location!)).html)).toBe('使用登记已保存，见下方“使用记录”。');
    expect(savedNotice((await page('nurse1', use.location!, 'en')).html)).toBe('Use recorded: see “Uses” below.');

    const useId = (await w.call('nurse1', 'GET', `/api/v1/kits/${id}`)).body.uses[0].id as string;
    const told = await post('nurse1', `/kits/${id}/uses/${useId}/parent-told`, [
      ['parentToldAt', '2025-10-20T09:40'],
      ['parentToldHow', 'phone'],
    ]);
    expect(savedNotice((await page('nurse1', told.location!)).html)).toBe('已登记告知家长的时间和方式。');

    const training = await post('nurse1', `/schools/${ids.school1}/trainings/new`, [
      ['date', '2025-10-10'],
      ['durationMinutes', '60'],
      ['kind', 'refresher'],
      ['trainer', '周护士长'],
      ['organisation', '社区卫生服务中心'],
      ['topics', 'technique'],
    ]);
    expect(training).toMatchObject({ status: 303, location: `/schools/${ids.school1}/trainings?saved=training` });
    expect(savedNotice((await page('nurse1', training.location!)).html)).toBe('培训记录已保存。');
    expect(savedNotice((await page('nurse1', training.location!, 'en')).html)).toBe('Training session saved.');
  });

  it("the check form starts from the kit's documents, so tapping through does not record them missing", async () => {
    const id = await newKit('文件急救包');
    const { html } = await page('nurse1', `/kits/${id}/check`);
    for (const d of Object.keys(docs)) expect(html).toMatch(new RegExp(`<input type="checkbox" name="documents.${d}" value="on" checked`));
    expect(html).not.toMatch(/type="radio"[^>]*checked/);
  });

  it('no confirmation without a save, and an unknown ?saved= is ignored', async () => {
    const id = await newKit('无确认急救包');
    expect(savedNotice((await page('nurse1', `/kits/${id}`)).html)).toBeNull();
    const odd = await page('nurse1', `/kits/${id}?saved=%3Cscript%3E`);
    expect(odd.status).toBe(200);
    expect(savedNotice(odd.html)).toBeNull();
    expect(odd.html).not.toContain('schools.saved');
  });
});

describe('the use log', () => {
  it('shows when, which pupil, and when and how the parent was told; the district sees no names', async () => {
    const id = await newKit('记录急救包');
    const childId = await enrol(w, { name: '李小明', consent: { givenBy: '测试家长', date: '2025-09-01', noticeVersion: 'v1' } });
    const base = { place: '操场', symptoms: ['wheeze'], puffs: 2, spacerUsed: true, givenBy: '王老师', called120: false, outcome: 'restedThenClass', mdiBatch: 'X1' };
    expect((await w.call('nurse1', 'POST', `/api/v1/kits/${id}/uses`, { ...base, usedAt: '2025-10-20T09:30:00+08:00', childId, parentToldAt: '2025-10-20T09:45:00+08:00', parentToldHow: 'phone' })).status).toBe(201);
    expect((await w.call('nurse1', 'POST', `/api/v1/kits/${id}/uses`, { ...base, usedAt: '2025-10-19T14:05:00+08:00' })).status).toBe(201);

    const { html } = await page('nurse1', `/kits/${id}`);
    const rows = [...html.split('<table class="stack use-log">')[1]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].slice(1).map((m) => m[1]!.replace(/<[^>]+>/g, '|').replace(/\|+/g, '|'));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('|2025-10-20 09:30|李小明|操场|2|休息观察后返回课堂|2025-10-20 09:45 · 电话 |修改|');
    expect(rows[1]).toContain('|2025-10-19 14:05|不在名册中|操场|2|休息观察后返回课堂|未告知家长| |登记已告知|');
    // Every cell carries its column's name for the phone's card layout.
    expect(html).toContain('<td data-label="学生">李小明</td>');
    expect(html).toContain('<td data-label="告知家长">2025-10-20 09:45 · 电话');

    const en = await page('nurse1', `/kits/${id}`, 'en');
    expect(en.html).toContain('<th>Pupil</th>');
    expect(en.html).toContain('<th>Parent told</th>');
    expect(en.html).toContain('2025-10-20 09:45 · Phone');

    const district = await page('manager', `/kits/${id}`);
    expect(district.html).not.toContain('李小明');
    expect(district.html).toContain('<td data-label="学生">名册中的学生</td>');
    expect(district.html).not.toContain('/parent-told');
  });
});

describe('a capped grade says why, next to the grade', () => {
  it('band A capped at C: the cap that set it is named on the result page and the school page', async () => {
    // docs/school-rubric.md example 3: 95.1 points (band A), an expired MDI in kit 1 caps it at C.
    const input = assessment({
      date: '2025-10-18',
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
    const made = await w.call('nurse1', 'POST', `/api/v1/schools/${ids.school1}/assessments`, input);
    expect(made.body).toMatchObject({ band: 'A', grade: 'C', caps: ['kitWithoutInDateMdi'] });
    const zh = await page('nurse1', `/assessments/${made.body.id}`);
    expect(zh.html).toContain('<p class="cap-why">分数段 A（95.1 分），因有急救包无有效期内气雾剂，等级封顶为 C。</p>');
    const en = await page('nurse1', `/assessments/${made.body.id}`, 'en');
    expect(en.html).toContain('<p class="cap-why">Band A (95.1 points), capped at C because: a kit without an in-date MDI.</p>');
    // The school page shows the latest assessment's grade with the same explanation.
    expect((await page('nurse1', `/schools/${ids.school1}`)).html).toContain('等级封顶为 C');
  });

  it('only the caps at the final grade are named; an uncapped grade has no explanation', async () => {
    // No trained staff caps at D; a locked kit (a cap at C) fired too but changed nothing.
    const input = assessment({ date: '2025-10-19', kits: [kit('Kit 1', [['2026-08-31', 200]], { unlocked: false }), kit('Kit 2', [['2026-08-31', 200]])] });
    const made = await w.call('nurse2', 'POST', `/api/v1/schools/${ids.school2}/assessments`, input);
    expect(made.body).toMatchObject({ band: 'B', grade: 'D' });
    expect(made.body.caps).toEqual(expect.arrayContaining(['noTrainedStaff', 'lockedKit']));
    const en = await page('nurse2', `/assessments/${made.body.id}`, 'en');
    const why = /<p class="cap-why">([^<]*)<\/p>/.exec(en.html)?.[1];
    expect(why).toMatch(/^Band B \([\d.]+ points\), capped at D because: no validly trained staff\.$/);
    const plain = await w.call(
      'nurse2',
      'POST',
      `/api/v1/schools/${ids.school2}/assessments`,
      assessment({
        date: '2025-10-19',
        enrolment: 180,
        kits: [kit('Kit 1', [['2026-08-31', 200]]), kit('Kit 2', [['2026-09-30', 200]])],
        staffTraining: trainedStaff(2),
      }),
    );
    expect(plain.body).toMatchObject({ band: 'A', grade: 'A' });
    expect((await page('nurse2', `/assessments/${plain.body.id}`)).html).not.toContain('cap-why');
  });
});
