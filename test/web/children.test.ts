import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../helpers/world';
import { enrol } from '../server/children/fixtures';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.close();
});

async function page(username: string | null, path: string, lang = 'zh') {
  const headers: Record<string, string> = { cookie: `lang=${lang}` };
  if (username) headers.cookie += `; ${await w.cookieFor(username)}`;
  const res = await w.app.request(path, { headers });
  return { status: res.status, html: await res.text(), location: res.headers.get('location') };
}

async function post(username: string, path: string, form: Record<string, string | string[]>, lang = 'zh') {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
  const res = await w.app.request(path, {
    method: 'POST',
    headers: { cookie: `lang=${lang}; ${await w.cookieFor(username)}`, 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
    body: body.toString(),
  });
  return { status: res.status, html: await res.text(), location: res.headers.get('location') };
}

describe('clinician and parent pages', () => {
  it('sends an anonymous visitor to the login page', async () => {
    const res = await page(null, '/children');
    expect(res.status).toBe(303);
    expect(res.location).toBe('/login?next=%2Fchildren');
  });

  it("shows a child's name as text, never as markup", async () => {
    const id = await enrol(w, { name: '<script>alert(1)</script>' });
    const res = await page('clinicA', `/children/${id}`);
    expect(res.status).toBe(200);
    expect(res.html).not.toContain('<script>alert(1)</script>');
    expect(res.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const list = await page('clinicA', '/children');
    expect(list.html).not.toContain('<script>alert(1)</script>');
  });

  it('keeps what was typed and explains the errors in Chinese, and in English', async () => {
    const form = { name: '王小明', sex: 'M', birthDate: '2018-04-01', guardianName: '王女士', guardianPhone: '12345', guardianRelation: '母亲', consentGivenBy: '', consentDate: '', consentVersion: '' };
    const zh = await post('clinicA', '/children/new', form, 'zh');
    expect(zh.status).toBe(400);
    expect(zh.html).toContain('value="王小明"');
    expect(zh.html).toContain('value="12345"');
    expect(zh.html).toContain('请填写有效的中国大陆手机号');
    expect(zh.html).toContain('没有监护人知情同意不能登记');
    const en = await post('clinicA', '/children/new', form, 'en');
    expect(en.html).toContain('Enter a valid mainland China mobile number');
    expect(en.html).toContain('cannot be enrolled without guardian consent');
  });

  it('enrols through the form and lands on the child page', async () => {
    const res = await post('clinicA', '/children/new', {
      name: '表单登记',
      sex: 'F',
      birthDate: '2016-05-05',
      heightCm: '135',
      guardianName: '李先生',
      guardianPhone: '13912345678',
      guardianRelation: '父亲',
      consentGivenBy: '李先生',
      consentDate: '2026-03-02',
      consentVersion: 'v1.0',
    });
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/^\/children\/[0-9a-f-]{36}\?saved=enrolled$/);
    const child = await page('clinicA', res.location!);
    expect(child.html).toContain('表单登记');
    expect(child.html).toContain('<div class="notice" role="status"><p>已登记。下一步：记录第一次随访，或为孩子制定书面行动计划。</p></div>');
  });

  it('records the risk history on the enrolment form: all four or none, named in the page when partial', async () => {
    const base = { name: '风险登记', sex: 'F', birthDate: '2016-05-05', guardianName: '李先生', guardianPhone: '13912345678', guardianRelation: '父亲', consentGivenBy: '李先生', consentDate: '2026-03-02', consentVersion: 'v1.0' };
    const partial = await post('clinicA', '/children/new', { ...base, riskOcs: '2' }, 'en');
    expect(partial.status).toBe(400);
    expect(partial.html).toContain('id="f-riskEd-error"');
    expect(partial.html).toContain('id="f-riskIcu-error">Choose yes or no');
    expect(partial.html).not.toMatch(/Invalid input|expected (number|boolean)/);
    const full = await post('clinicA', '/children/new', { ...base, riskOcs: '2', riskEd: '0', riskAdmissions: '0', riskIcu: 'no' });
    expect(full.status).toBe(303);
    const id = full.location!.split('/').at(-1)!.split('?')[0]!;
    const row = await w.db.selectFrom('children').select(['risk_ocs_courses_12m', 'risk_ever_icu', 'high_risk']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ risk_ocs_courses_12m: 2, risk_ever_icu: 0, high_risk: 1 });
  });

  it('logs a follow-up through the form and shows the computed score and level', async () => {
    const id = await enrol(w); // 8 years old: C-ACT
    const res = await post('clinicA', `/children/${id}/follow-ups/new`, {
      date: '2026-03-02',
      mode: 'clinic',
      answer0: '2',
      answer1: '2',
      answer2: '2',
      answer3: '2',
      answer4: '4',
      answer5: '4',
      answer6: '3',
      q1: 'on',
      q2: 'on',
      q3: 'on',
      q4: 'off',
    });
    expect(res.status).toBe(303);
    const child = await page('clinicA', res.location!, 'en');
    expect(child.html).toContain('Follow-up saved: C-ACT 19 (not well controlled), GINA Uncontrolled; next follow-up 2026-03-16');
  });

  it('re-renders the follow-up form naming the unanswered question once, beside it, with the other answers kept', async () => {
    const id = await enrol(w);
    const res = await post(
      'clinicA',
      `/children/${id}/follow-ups/new`,
      { date: '2026-03-02', mode: 'phone', answer1: '2', answer2: '2', answer3: '2', answer4: '4', answer5: '4', answer6: '3', q1: 'off', q2: 'off', q3: 'off', q4: 'off' },
      'en',
    );
    expect(res.status).toBe(400);
    expect(res.html).toContain('<li>Question 1 has no answer yet</li>');
    expect(res.html).toContain('id="f-answer0-error">Choose an answer</p>');
    expect(res.html.match(/Choose an answer/g)).toHaveLength(1);
    expect(res.html).toMatch(/name="answer1" value="2" checked=""/);
    expect(res.html).toContain('Total: 6 of 7 items answered');
    expect(res.html).not.toMatch(/Invalid input|expected (number|boolean)|not valid/);
    expect(await w.db.selectFrom('follow_ups').select('id').where('child_id', '=', id).execute()).toEqual([]);
  });

  it('shows each questionnaire item in words with its answers, and the total and band once all are answered', async () => {
    const id = await enrol(w);
    const res = await post('clinicA', `/children/${id}/follow-ups/new`, {
      date: 'not-a-date',
      mode: 'clinic',
      answer0: '2',
      answer1: '2',
      answer2: '2',
      answer3: '2',
      answer4: '4',
      answer5: '4',
      answer6: '4',
      q1: 'off',
      q2: 'off',
      q3: 'off',
      q4: 'off',
    });
    expect(res.status).toBe(400);
    expect(res.html).toContain('儿童作答（第 1–4 题）');
    expect(res.html).toContain('家长作答（第 5–7 题，过去 4 周）');
    expect(res.html).toContain('5. 白天有哮喘症状的天数 *');
    expect(res.html).toContain('1–3 天（4 分）');
    // 2+2+2+2+4+4+4 = 20: above C-ACT's cut-off of 19, so well controlled.
    expect(res.html).toContain('总分：20（控制良好）');
  });

  it('lets a parent keep the diary from the phone page and shows the zone', async () => {
    const id = await enrol(w, { personalBestPef: 300 });
    await w.call('clinicA', 'POST', `/api/v1/children/${id}/guardians`, { userId: w.userIds.parent1 });
    const form = await page('parent1', `/diary/${id}`);
    expect(form.status).toBe(200);
    expect(form.html).toContain('name="pefAm"');
    const saved = await post('parent1', `/diary/${id}`, { date: '2026-03-02', daytimeSymptoms: 'mild', relieverUses: '1', pefAm: '220', triggers: ['cold', 'weather'] }, 'en');
    expect(saved.status).toBe(200);
    expect(saved.html).toContain('Saved the entry for 2026-03-02.');
    expect(saved.html).toContain('Zone for the day (the worse of symptoms and peak flow): yellow');
    expect(saved.html).toContain('Peak flow: yellow, from the personal best');
    const home = await page('parent1', '/', 'en');
    expect(home.html).toContain('Logged today');
    expect((await page('parent2', `/diary/${id}`)).status).toBe(404);
  });

  it("shows the clinician's worklist on the home page", async () => {
    const id = await enrol(w, { name: '工作单儿童' });
    await w.call('clinicA', 'POST', `/api/v1/children/${id}/follow-ups`, { date: '2026-02-10', mode: 'clinic', answers: [1, 1, 1, 1, 3, 3, 2], gina: { q1: true, q2: true, q3: true, q4: false } });
    const home = await page('clinicA', '/', 'en');
    expect(home.html).toContain('工作单儿童');
    expect(home.html).toContain('uncontrolled at last visit (02-10), due 2 weeks after');
  });
});

describe('the follow-up form asks every GINA question (issue 30)', () => {
  it('an unanswered GINA question is named, not saved as "no"', async () => {
    const id = await enrol(w);
    const res = await post(
      'clinicA',
      `/children/${id}/follow-ups/new`,
      {
        date: '2026-03-02',
        mode: 'clinic',
        answer0: '3',
        answer1: '3',
        answer2: '3',
        answer3: '3',
        answer4: '5',
        answer5: '5',
        answer6: '5',
        q1: 'off',
        q2: 'off',
        q3: 'off',
      },
      'en',
    );
    expect(res.status).toBe(400);
    expect(res.html).toContain('Answer this question (yes or no)');
    expect(res.html).not.toMatch(/Invalid input|expected boolean/);
    expect(await w.db.selectFrom('follow_ups').select('id').where('child_id', '=', id).execute()).toEqual([]);
    const blank = await page('clinicA', `/children/${id}/follow-ups/new`);
    expect(blank.html).not.toMatch(/name="q1" value="off" checked/);
  });
});

describe("a parent's child page is written for parents (issue 30)", () => {
  it('shows no clinician prompts or rule codes, and offers the diary, the plan and the record in plain words', async () => {
    const id = await enrol(w);
    await w.call('clinicA', 'POST', `/api/v1/children/${id}/guardians`, { userId: w.userIds.parent1 });
    await w.call('clinicA', 'POST', `/api/v1/children/${id}/follow-ups`, { date: '2026-03-02', mode: 'clinic', answers: [1, 1, 1, 1, 2, 2, 2], gina: { q1: true, q2: true, q3: true, q4: true } });
    const clinician = await page('clinicA', `/children/${id}`, 'en');
    // The due date's reason in words for everyone: the rule code stays in the API.
    expect(clinician.html).toContain('uncontrolled at last visit (03-02), due 2 weeks after');
    expect(clinician.html).not.toMatch(/R[1-4] · /);
    expect(clinician.html).toContain('<dd>测试家长 (母亲) 13800138000</dd>');
    const parent = await page('parent1', `/children/${id}`, 'en');
    expect(parent.status).toBe(200);
    expect(parent.html).not.toMatch(/R[1-4] · |Consider stepping|Before stepping up|Unhandled urgent alert/);
    expect(parent.html).toContain(`href="/app/diary/${id}"`);
    expect(parent.html).toContain('Download your child&#39;s record');
  });
});

describe('finding a child on /children (issue 30)', () => {
  it('searches by name and by phone with the filters at their defaults (?due= is no filter)', async () => {
    const id = await enrol(w, { name: '搜索目标', guardian: { name: '家长', phone: '13655554444', relation: '母亲' } });
    const byName = await page('clinicA', `/children?q=${encodeURIComponent('搜索目标')}&status=active&due=`);
    expect(byName.status).toBe(200);
    expect(byName.html).toContain(`/children/${id}`);
    expect((byName.html.match(/href="\/children\/[0-9a-f-]{36}"/g) ?? []).length).toBe(1);
    const byPhone = await page('clinicA', '/children?q=1365555&status=active&due=');
    expect(byPhone.html).toContain(`/children/${id}`);
  });

  it('says which filter it cannot read instead of listing everyone', async () => {
    const res = await page('clinicA', '/children?due=soon', 'en');
    expect(res.html).toContain('Choose from the list');
    expect(res.html).not.toMatch(/href="\/children\/[0-9a-f-]{36}"/);
  });
});

describe('the worklist window, grace and alerts (issue 30)', () => {
  it('offers 7, 14, 28 days and all overdue, says the grace, shows each alert kind once and marks it handled', async () => {
    const id = await enrol(w, { name: '工作清单' });
    await w.call('clinicA', 'POST', `/api/v1/children/${id}/guardians`, { userId: w.userIds.parent1 });
    for (const date of ['2026-02-28', '2026-03-01']) {
      await w.call('parent1', 'PUT', `/api/v1/children/${id}/diary/${date}`, { daytimeSymptoms: 'severe', nightWaking: false, nightCough: false, activityLimited: false, relieverUses: 1 });
    }
    const list = await page('clinicA', '/worklist?within=28', 'en');
    for (const n of [7, 14, 28]) expect(list.html).toContain(`href="/worklist?within=${n}"`);
    expect(list.html).toContain('All overdue');
    expect(list.html).toMatch(/\(grace [027] days\)/);
    const row = list.html.slice(list.html.indexOf('工作清单'), list.html.indexOf('</tr>', list.html.indexOf('工作清单')));
    expect(row.match(/red zone/g)).toHaveLength(1);
    expect(row).toContain('×2');
    const done = await post('clinicA', `/children/${id}/alerts/acknowledge-kind`, { kind: 'red_zone', back: '/worklist?within=28' });
    expect(done.status).toBe(303);
    expect(done.location).toBe('/worklist?within=28');
    const open = await w.db.selectFrom('clinical_alerts').select('id').where('child_id', '=', id).where('acknowledged_at', 'is', null).execute();
    expect(open).toEqual([]);
  });
});
