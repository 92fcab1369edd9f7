// The guardian's export (issue 29, finding 8): the child's record in the documented shape, without
// staff ids, the referral letter or another guardian's notes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { enrol, followUpBody } from './fixtures';
import { upBody } from '../referrals/fixtures';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.close();
});

describe('GET /children/:id/export', () => {
  it('has the documented sections and nothing internal', async () => {
    const id = await enrol(w, { name: '导出儿童' });
    await w.call('clinicA', 'POST', `/api/v1/children/${id}/guardians`, { userId: w.userIds.parent1 });
    const second = await w.call('clinicA', 'POST', `/api/v1/children/${id}/guardians`, { userId: w.userIds.parent2, relation: '父亲', consent: { date: '2026-03-02', noticeVersion: 'v1' } });
    expect(second.status).toBe(200);
    await w.call('clinicA', 'POST', `/api/v1/children/${id}/follow-ups`, followUpBody({ note: '医生的内部笔记' }));
    await w.call('parent1', 'PUT', `/api/v1/children/${id}/diary/2026-03-01`, { daytimeSymptoms: 'mild', nightWaking: false, nightCough: false, activityLimited: false, relieverUses: 1, note: '家长一的笔记' });
    await w.call('parent2', 'PUT', `/api/v1/children/${id}/diary/2026-03-02`, { daytimeSymptoms: 'none', nightWaking: false, nightCough: false, activityLimited: false, relieverUses: 0, note: '家长二的笔记' });
    const ref = await w.call('clinicA', 'POST', '/api/v1/referrals', upBody(w, id, { summary: '转诊信内容' }));
    expect(ref.status).toBe(201);

    const res = await w.call('parent2', 'GET', `/api/v1/children/${id}/export`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['format', 'version', 'exportedAt', 'child', 'followUps', 'diary', 'actionPlans', 'referrals', 'centreHistory']);
    expect(res.body).toMatchObject({ format: 'pudong-child-asthma/record-export', version: 1, child: { name: '导出儿童', centre: { name: '潍坊社区卫生服务中心' } } });
    expect(res.body.followUps[0]).toMatchObject({ date: '2026-03-02', instrument: 'C-ACT', score: 27 });
    expect(res.body.diary.map((d: { note: string | null }) => d.note)).toEqual([null, '家长二的笔记']);
    expect(res.body.referrals[0]).toMatchObject({ direction: 'up', status: 'requested', to: { name: '上海儿童医学中心' } });
    const text = res.text;
    for (const internal of ['医生的内部笔记', '转诊信内容', '家长一的笔记', 'created_by', 'createdBy', 'center_id', 'clinical_summary', w.userIds.clinicA, w.userIds.parent1]) {
      expect(text, internal).not.toContain(internal);
    }
  });
});
