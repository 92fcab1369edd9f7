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

async function page(username: string, path: string, lang = 'en') {
  const res = await w.app.request(path, { headers: { cookie: `lang=${lang}; ${await w.cookieFor(username)}` } });
  return { status: res.status, html: await res.text() };
}

const cAct = { date: '2026-03-02', mode: 'clinic', instrument: 'C-ACT', answers: [2, 2, 2, 2, 4, 4, 3], gina: { q1: false, q2: false, q3: false, q4: false } };

describe("the child page's follow-up history and charts (issue 30)", () => {
  it('says "no data yet" instead of drawing empty charts', async () => {
    const id = await enrol(w);
    const res = await page('clinicA', `/children/${id}`);
    expect(res.html).toContain('No data yet: scores and control levels appear here after the first follow-up.');
    expect(res.html).toContain('No data yet: the diary has no peak-flow readings in the last 28 days.');
    expect(res.html).not.toContain('data-chart=');
  });

  it("shows each visit's checks in words, and the clinician's note to clinicians only", async () => {
    const id = await enrol(w);
    await w.call('clinicA', 'POST', `/api/v1/children/${id}/guardians`, { userId: w.userIds.parent1 });
    const saved = await w.call('clinicA', 'POST', `/api/v1/children/${id}/follow-ups`, { ...cAct, inhalerTechniqueOk: true, adherenceOk: false, actionPlanGiven: true, treatmentChanged: true, note: 'Spacer taught again' });
    expect(saved.status).toBe(201);
    const clinician = await page('clinicA', `/children/${id}`);
    expect(clinician.html).toContain('<li>Inhaler technique: confirmed good</li>');
    expect(clinician.html).toContain('<li>Adherence: not confirmed</li>');
    expect(clinician.html).toContain('<li>Written action plan: given</li>');
    expect(clinician.html).toContain('<li>Treatment changed at this visit</li>');
    expect(clinician.html).toContain('Spacer taught again');
    expect(clinician.html).toContain('data-chart="chart-scores"');

    const zh = await page('clinicA', `/children/${id}`, 'zh');
    expect(zh.html).toContain('<li>吸入技术：已确认良好</li>');

    const parent = await page('parent1', `/children/${id}`);
    expect(parent.html).toContain('<li>Written action plan: given</li>');
    expect(parent.html).not.toContain('Spacer taught again');
  });

  it('says "not recorded" for a check the visit did not record', async () => {
    const id = await enrol(w);
    expect((await w.call('clinicA', 'POST', `/api/v1/children/${id}/follow-ups`, cAct)).status).toBe(201);
    const res = await page('clinicA', `/children/${id}`);
    expect(res.html).toContain('<li>Inhaler technique: not recorded</li>');
    expect(res.html).not.toContain('Treatment changed at this visit');
  });
});
