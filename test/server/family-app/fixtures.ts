import type { World } from '../../helpers/world';

/** The red zone's reliever schedule offered by default (8.7): 2 puffs every 2 minutes, up to 10; repeat after 10 minutes. */
export const standardSchedule = () => ({ puffs: 2, everyMinutes: 2, maxPuffs: 10, repeatAfterMinutes: 10 });

/** A valid plan body; relievers in yellow and red as the CCAAP form requires, and the red zone's schedule (8.7). */
export const planBody = (overrides: Record<string, unknown> = {}) => ({
  personalBestPef: 300,
  zones: {
    green: { signs: '无症状，睡得好', medicines: [{ role: 'controller', name: '丙酸氟替卡松吸入气雾剂', dose: '每次 1 喷，每日 2 次' }], actions: '按医嘱用控制药' },
    yellow: {
      signs: '咳嗽、喘息',
      medicines: [
        { role: 'reliever', name: '沙丁胺醇气雾剂', dose: '每次 2 喷，经储雾罐' },
        { role: 'controller', name: '丙酸氟替卡松吸入气雾剂', dose: '每次 1 喷，每日 2 次' },
      ],
      actions: '用缓解药，观察',
    },
    red: { signs: '呼吸困难，说话不成句', medicines: [{ role: 'reliever', name: '沙丁胺醇气雾剂', dose: '经储雾罐，按下面的用法' }], actions: '拨打 120', relieverSchedule: standardSchedule() },
  },
  callDoctorWhen: '用药后不缓解',
  call120When: '任何红区表现',
  contacts: [
    { name: '测试家长', relation: '母亲', phone: '13800138000' },
    { name: '急救', phone: '120' },
  ],
  note: '仅供测试：对花粉过敏',
  ...overrides,
});

export async function linkParent(w: World, childId: string, parent = 'parent1'): Promise<void> {
  const res = await w.call('clinicA', 'POST', `/api/v1/children/${childId}/guardians`, { userId: w.userIds[parent] });
  if (res.status !== 200) throw new Error(`link failed ${res.status} ${res.text}`);
}
