// The school assessment round trip from the page: the form pre-filled from the school's kits and
// trainings, a bad answer sent back with the typed values, the confirmed answers scored, an action closed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formFields, setField } from '../helpers/form-fields';
import { pageClient } from '../helpers/pages';
import { createWorld, ids, type World } from '../helpers/world';

const docs = { instructionCard: true, leaflet: true, checkCard: true, adminRecord: true, replacementNote: true };

// A world per test, school 1 holding only the kits and trainings below: what one test adds to it
// (an assessment, its actions) would change the next one's pre-filled form.
let w: World;
const { page, post } = pageClient(() => w);

describe('the assessment round trip', () => {
  beforeEach(async () => {
    w = await createWorld({ now: '2025-10-20T02:00:00Z' });
    for (const [label, mdi] of [
      ['急救包 1', { batch: 'B1', expiry: '2025-11-10', counterReading: 190 }],
      ['急救包 2', { batch: 'X2', expiry: '2026-08', counterReading: 200 }],
    ] as const) {
      const kit = await w.call('nurse1', 'POST', `/api/v1/schools/${ids.school1}/kits`, { label, kind: 'fixed', location: '保健室', locked: false, storageOk: true, spacers: 2, documents: docs, mdis: [mdi] });
      expect(kit.status, kit.text).toBe(201);
    }
    for (const [date, attendees] of [
      [
        '2025-03-10',
        [
          { name: '张老师', role: 'healthTeacher', competency: 'pass', competencyDate: '2025-03-10' },
          { name: '王老师', role: 'teacher', competency: 'pass', competencyDate: '2025-03-10' },
        ],
      ],
      ['2025-09-01', [{ name: '李老师', role: 'peTeacher', competency: 'pass', competencyDate: '2025-09-01' }]],
    ] as const) {
      const training = await w.call('nurse1', 'POST', '/api/v1/trainings', { date, durationMinutes: 90, kind: 'initial', trainer: '李医生', organisation: '区疾控', topics: ['recognise'], attendees });
      expect(training.status, training.text).toBe(201);
    }
  });
  afterEach(async () => {
    await w.close();
  });

  /** Submits the pre-filled form with the rest answered and the second kit's MDI not found; the result page's path. */
  async function submitConfirmed(): Promise<string> {
    let fields = formFields((await page('nurse1', `/schools/${ids.school1}/assessments/new`)).html);
    for (const [name, value] of [
      ['staffKnewLocation', '2'],
      ['registerUpdatedThisTerm', 'yes'],
      ['plansValid', '0'],
      ['consents', '0'],
      ['procedure', 'yes'],
      ['postersAllKitLocations', 'yes'],
      ['registerAccessible', 'yes'],
    ]) {
      fields = setField(fields, name!, value!);
    }
    // The nurse did not find the second kit's MDI on site.
    expect(fields.some(([n]) => n === 'kits.1.mdis.0.include')).toBe(true);
    fields = fields.filter(([n]) => n !== 'kits.1.mdis.0.include');
    const res = await post('nurse1', `/schools/${ids.school1}/assessments/new`, fields);
    expect(res.status).toBe(303);
    return res.location!;
  }

  it('pre-fills the form; unanswered questions and a bad expiry come back with the typed values', async () => {
    const form = await page('nurse1', `/schools/${ids.school1}/assessments/new`);
    expect(form.status).toBe(200);
    const fields = formFields(form.html);
    expect(fields).toContainEqual(['enrolment', '450']);
    expect(fields).toContainEqual(['kits.0.mdis.0.expiry', '2025-11-10']);
    expect(fields).toContainEqual(['staffTraining.0.name', '李老师']);
    const bad = await post('nurse1', `/schools/${ids.school1}/assessments/new`, setField(fields, 'kits.0.mdis.0.expiry', '2025-11-31'));
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('value="2025-11-31"');
    expect(bad.html).toContain('急救包 1 · 气雾剂 1 · 有效期');
    expect(bad.html).toContain('本学期已更新哮喘学生名册');
  });

  it('submits the confirmed answers and shows the score, grade, caps and actions', async () => {
    const resultPath = await submitConfirmed();
    const stored = await w.call('nurse1', 'GET', `/api/v1${resultPath}`);
    expect(stored.body.input.kits[1].mdis).toEqual([]);
    expect(stored.body.caps).toContain('kitWithoutInDateMdi');
    const result = await page('nurse1', resultPath);
    expect(result.status).toBe(200);
    expect(result.html).toContain(stored.body.score.toFixed(1));
    expect(result.html).toContain('有急救包无有效期内气雾剂');
    expect(result.html).toContain('为缺少气雾剂的急救包补充气雾剂');
    const en = await page('nurse1', resultPath, 'en');
    expect(en.html).toContain('A kit without an in-date MDI');
  });

  it('closes an action from the page: a note is required', async () => {
    const resultPath = await submitConfirmed();
    const stored = await w.call('nurse1', 'GET', `/api/v1${resultPath}`);
    expect(stored.body.actions.length).toBeGreaterThan(0);
    const action = stored.body.actions[0];
    const noNote = await post('nurse1', `/school-actions/${action.id}`, [
      ['status', 'done'],
      ['note', ''],
      ['back', resultPath],
    ]);
    expect(noNote.status).toBe(303);
    expect(noNote.location).toBe(`${resultPath}?actionError=${action.id}`);
    expect((await page('nurse1', noNote.location!)).html).toContain('请填写完成说明');
    const done = await post('nurse1', `/school-actions/${action.id}`, [
      ['status', 'done'],
      ['note', '已补充'],
      ['back', resultPath],
    ]);
    expect(done.location).toBe(resultPath);
    expect((await w.call('nurse1', 'GET', `/api/v1${resultPath}`)).body.actions[0]).toMatchObject({ status: 'done', closingNote: '已补充' });
    expect(
      (
        await post('manager', `/school-actions/${action.id}`, [
          ['status', 'verified'],
          ['back', '/'],
        ])
      ).status,
    ).toBe(403);
  });
});
