// A second guardian (issue 29, finding 7): their own consent and relation; they see neither the
// first guardian's contact details nor their diary notes unless the clinician marks them as sharing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { enrol } from './fixtures';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.close();
});

const link = (id: string, body: object) => w.call('clinicA', 'POST', `/api/v1/children/${id}/guardians`, body);
const day = (note: string) => ({ daytimeSymptoms: 'none', nightWaking: false, nightCough: false, activityLimited: false, relieverUses: 0, note });

describe('linking a second guardian', () => {
  it('needs their own relation and consent, naming each; nothing is stored on refusal', async () => {
    const id = await enrol(w);
    expect((await link(id, { userId: w.userIds.parent1 })).status).toBe(200);
    const res = await link(id, { userId: w.userIds.parent2 });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(['relation', 'consent']);
    expect(await w.db.selectFrom('guardianships').select('user_id').where('child_id', '=', id).execute()).toEqual([{ user_id: w.userIds.parent1 }]);
  });

  it('sees only their own contact details and notes until the clinician marks them as sharing', async () => {
    const id = await enrol(w, { guardian: { name: '第一监护人', phone: '13700001111', relation: '母亲' } });
    await link(id, { userId: w.userIds.parent1 });
    expect((await link(id, { userId: w.userIds.parent2, relation: '父亲', consent: { date: '2026-03-02', noticeVersion: 'v1' } })).status).toBe(200);
    await w.call('parent1', 'PUT', `/api/v1/children/${id}/diary/2026-03-01`, day('妈妈的笔记'));
    await w.call('parent2', 'PUT', `/api/v1/children/${id}/diary/2026-03-02`, day('爸爸的笔记'));

    const first = await w.call('parent1', 'GET', `/api/v1/children/${id}`);
    expect(first.body.guardian).toMatchObject({ name: '第一监护人', phone: '13700001111' });
    const second = await w.call('parent2', 'GET', `/api/v1/children/${id}`);
    expect(second.body.guardian).toBeNull();
    expect(second.text).not.toContain('13700001111');
    const notes = async (as: string) => (await w.call(as, 'GET', `/api/v1/children/${id}/diary?from=2026-03-01&to=2026-03-02`)).body.items.map((d: { note: string | null }) => d.note);
    expect(await notes('parent2')).toEqual([null, '爸爸的笔记']);
    expect(await notes('parent1')).toEqual(['妈妈的笔记', null]);
    expect(await notes('clinicA')).toEqual(['妈妈的笔记', '爸爸的笔记']);

    // Saving a day whose note the second guardian cannot see keeps that note.
    expect((await w.call('parent2', 'PUT', `/api/v1/children/${id}/diary/2026-03-01`, { ...day(''), note: undefined, relieverUses: 2 })).status).toBe(200);
    expect(await notes('clinicA')).toEqual(['妈妈的笔记', '爸爸的笔记']);

    for (const p of ['parent1', 'parent2']) expect((await link(id, { userId: w.userIds[p], sharing: true })).status).toBe(200);
    expect(await notes('parent2')).toEqual(['妈妈的笔记', '爸爸的笔记']);
    expect((await w.call('parent2', 'GET', `/api/v1/children/${id}`)).body.guardian).toMatchObject({ phone: '13700001111' });
  });
});
