// Safety rules 8.7 in the pages: the red zone's reliever schedule in words on the family's plan (the
// printed and the phone's), the nurse's summary and her list, in zh and en; the clinician's form
// offers 2 / 2 / 10 / 10 and refuses a bad number beside its field in the page's language; a plan
// stored before the rule shows the standard advice, labelled, and asks the clinician to update it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../helpers/world';
import { enrol } from '../server/children/fixtures';
import { linkParent, planBody } from '../server/family-app/fixtures';

let w: World;
let child: string;
let old: string;

const ZH = '立即使用缓解药物：每2分钟2喷（经储雾罐），最多10喷，同时拨打120；如10分钟后救护车仍未到，重复上述步骤。';
const EN = 'Give the reliever now: 2 puffs every 2 minutes through a spacer, up to 10 puffs, and call 120; if help has not arrived after 10 minutes, repeat.';
const STANDARD_ZH = '标准急救建议';
const STANDARD_EN = 'Standard emergency advice';
/** zod's own wording, which must never reach a page. */
const RAW = /Invalid input|expected number|无效输入|期望/;

beforeAll(async () => {
  w = await createWorld();
  child = await enrol(w, { name: '小红' });
  await linkParent(w, child);
  await w.call('clinicA', 'PUT', `/api/v1/children/${child}/action-plan`, planBody());
  // A plan stored before the rule: no relieverSchedule in its JSON.
  old = await enrol(w, { name: '小旧' });
  await linkParent(w, old);
  await w.call('clinicA', 'PUT', `/api/v1/children/${old}/action-plan`, planBody());
  const row = await w.db.selectFrom('action_plans').select(['id', 'plan']).where('child_id', '=', old).executeTakeFirstOrThrow();
  const content = JSON.parse(row.plan);
  delete content.zones.red.relieverSchedule;
  await w.db
    .updateTable('action_plans')
    .set({ plan: JSON.stringify(content) })
    .where('id', '=', row.id)
    .execute();
});
afterAll(() => w.close());

async function page(user: string, path: string, lang: 'zh' | 'en' = 'zh', init: RequestInit = {}) {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string>), cookie: `${await w.cookieFor(user)}; lang=${lang}` };
  const res = await w.app.request(path, { ...init, headers });
  return { status: res.status, html: await res.text(), headers: res.headers };
}
const form = (user: string, path: string, fields: Record<string, string>, lang: 'zh' | 'en' = 'zh') =>
  page(user, path, lang, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' }, body: new URLSearchParams(fields).toString() });

/** The red zone's section of a plan page. */
const redZone = (html: string) => /<section id="zone-red"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';

describe("the plan's red zone says what to give, in words", () => {
  it("the family's plan (phone and print) in zh, en and both", async () => {
    const zh = await page('parent1', `/app/plan/${child}`);
    expect(zh.status).toBe(200);
    expect(redZone(zh.html)).toContain(ZH);
    expect(zh.html).not.toContain(STANDARD_ZH);
    expect(redZone((await page('parent1', `/app/plan/${child}`, 'en')).html)).toContain(EN);
    const both = redZone((await page('parent1', `/app/plan/${child}?both=1`)).html);
    expect(both).toContain(ZH);
    expect(both).toContain(EN);
  });

  it("the school nurse's summary and her list of pupils", async () => {
    const summary = await page('nurse1', `/app/plan/${child}`);
    expect(redZone(summary.html)).toContain(ZH);
    expect(summary.html).not.toContain('丙酸氟替卡松');
    const list = await page('nurse1', '/app/plans');
    expect(list.html).toContain('红区：立即使用缓解药物');
    expect(list.html).toContain(ZH);
    const listEn = await page('nurse1', '/app/plans', 'en');
    expect(listEn.html).toContain('Red zone: reliever now');
    expect(listEn.html).toContain(EN);
  });

  it('a plan stored before the rule shows the standard advice, labelled, and asks only the clinician to update it', async () => {
    const parent = await page('parent1', `/app/plan/${old}`);
    expect(redZone(parent.html)).toContain(STANDARD_ZH);
    expect(redZone(parent.html)).toContain(ZH);
    expect(parent.html).not.toContain('请填写新版本');
    const nurse = await page('nurse1', '/app/plans', 'en');
    expect(nurse.html).toContain(`${STANDARD_EN} (this version`);
    const clinician = await page('clinicA', `/app/plan/${old}`);
    expect(clinician.html).toContain('家长和校医现在看到的是标准急救建议。请填写新版本。');
    expect((await page('clinicA', `/app/plan/${child}`)).html).not.toContain('家长和校医现在看到的是标准急救建议');
    // Its form offers the standard numbers and says why.
    const edit = await page('clinicA', `/app/plan/${old}/edit`);
    expect(edit.html).toContain('上一版计划没有红区缓解药物用法，下面已填入标准用法');
    expect(edit.html).toMatch(/name="red\.schedule\.puffs" type="number" value="2"/);
  });
});

describe("the clinician's form", () => {
  it('a first plan is offered 2 / 2 / 10 / 10 and the controller "as prescribed"', async () => {
    const fresh = await enrol(w, { name: '新计划' });
    const { status, html } = await page('clinicA', `/app/plan/${fresh}/edit`);
    expect(status).toBe(200);
    for (const [field, value] of [
      ['puffs', 2],
      ['everyMinutes', 2],
      ['maxPuffs', 10],
      ['repeatAfterMinutes', 10],
    ] as const) {
      expect(html).toMatch(new RegExp(`name="red\\.schedule\\.${field}" type="number" value="${value}"`));
    }
    expect(html).toContain('每次喷数');
    expect(html).toContain('按医嘱使用控制药物，没有症状也不要自行停药');
    expect(html).not.toMatch(/每天按医嘱/);
    const en = await page('clinicA', `/app/plan/${fresh}/edit`, 'en');
    expect(en.html).toContain('Puffs per dose');
    expect(en.html).toContain('Give the controller as prescribed');
    expect(en.html).not.toMatch(/every day/i);
  });

  const filled = (schedule: Record<string, string>) => ({
    personalBestPef: '300',
    'green.signs': '好',
    'yellow.signs': '咳',
    'red.signs': '喘',
    'yellow.med0.role': 'reliever',
    'yellow.med0.name': '沙丁胺醇',
    'yellow.med0.dose': '2 喷',
    'red.med0.role': 'reliever',
    'red.med0.name': '沙丁胺醇',
    'red.med0.dose': '经储雾罐',
    callDoctorWhen: '不缓解',
    call120When: '红区',
    'contact0.name': '妈妈',
    'contact0.phone': '13800138000',
    'red.schedule.puffs': '2',
    'red.schedule.everyMinutes': '2',
    'red.schedule.maxPuffs': '10',
    'red.schedule.repeatAfterMinutes': '10',
    ...schedule,
  });
  const fieldError = (html: string, field: string) => new RegExp(`id="f-red\\.schedule\\.${field}-error">([^<]*)<`).exec(html)?.[1];
  const versions = async () => (await w.db.selectFrom('action_plans').select('id').where('child_id', '=', child).execute()).length;

  it("a bad number is refused beside its field, in the page's language, keeping what was typed; nothing is saved", async () => {
    const before = await versions();
    const zero = await form('clinicA', `/app/plan/${child}/edit`, filled({ 'red.schedule.puffs': '0' }));
    expect(zero.status).toBe(400);
    expect(fieldError(zero.html, 'puffs')).toBe('每次喷数须为 1–20 的整数');
    expect(zero.html).toMatch(/name="red\.schedule\.puffs" type="number" value="0"/);
    const en = await form('clinicA', `/app/plan/${child}/edit`, filled({ 'red.schedule.everyMinutes': '61', 'red.schedule.repeatAfterMinutes': '' }), 'en');
    expect(en.status).toBe(400);
    expect(fieldError(en.html, 'everyMinutes')).toBe('Minutes between doses must be a whole number from 1 to 60');
    expect(fieldError(en.html, 'repeatAfterMinutes')).toBe('Minutes before repeating must be a whole number from 1 to 60');
    const text = await form('clinicA', `/app/plan/${child}/edit`, filled({ 'red.schedule.maxPuffs': 'ten' }));
    expect(fieldError(text.html, 'maxPuffs')).toBe('最多喷数须为 1–20 的整数');
    const below = await form('clinicA', `/app/plan/${child}/edit`, filled({ 'red.schedule.puffs': '6', 'red.schedule.maxPuffs': '4' }));
    expect(fieldError(below.html, 'maxPuffs')).toBe('最多喷数不能少于每次喷数');
    for (const html of [zero.html, en.html, text.html, below.html]) expect(html).not.toMatch(RAW);
    expect(await versions()).toBe(before);
  });

  it('valid numbers are saved and shown on the plan', async () => {
    // A child of its own: the other tests read the shared child's plan with the standard numbers.
    const child = await enrol(w, { name: '小改' });
    await linkParent(w, child);
    expect((await w.call('clinicA', 'PUT', `/api/v1/children/${child}/action-plan`, planBody())).status).toBe(200);
    const saved = await form('clinicA', `/app/plan/${child}/edit`, filled({ 'red.schedule.puffs': '4', 'red.schedule.everyMinutes': '20', 'red.schedule.maxPuffs': '12', 'red.schedule.repeatAfterMinutes': '20' }));
    expect(saved.status).toBe(303);
    const plan = await page('parent1', `/app/plan/${child}`);
    expect(redZone(plan.html)).toContain('立即使用缓解药物：每20分钟4喷（经储雾罐），最多12喷，同时拨打120；如20分钟后救护车仍未到，重复上述步骤。');
    // The next version's form starts from these numbers.
    expect((await page('clinicA', `/app/plan/${child}/edit`)).html).toMatch(/name="red\.schedule\.maxPuffs" type="number" value="12"/);
  });
});
