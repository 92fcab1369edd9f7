import type { World } from '../../helpers/world';
import { enrol } from '../children/fixtures';

export const upBody = (w: World, childId: string, overrides: Record<string, unknown> = {}) => ({
  childId,
  direction: 'up',
  toCenterId: w.ids.hospital,
  urgency: 'routine',
  reasons: ['U5'],
  summary: '连续两次随访未控制，吸入技术已核查',
  ...overrides,
});

/** The phone handover an emergency referral needs: who at the hospital was told, and when. */
export const phoneHandover = (at = '2026-03-02T09:55:00+08:00') => ({ to: '急诊科值班医生王医生', at });

/** An emergency referral up: U1 (exacerbation not improving) with its phone handover. */
export const emergencyOverrides = (overrides: Record<string, unknown> = {}) => ({
  urgency: 'emergency',
  reasons: ['U1'],
  summary: '急性发作，初始治疗后无改善，已嘱家长立即送急诊',
  phoneHandover: phoneHandover(),
  ...overrides,
});

export const carePlan = (overrides: Record<string, unknown> = {}) => ({
  controller: '布地奈德福莫特罗',
  dose: '160/4.5 µg 每日两次',
  ginaStep: 3,
  actionPlanGiven: true,
  nextReviewDate: '2026-04-01',
  ...overrides,
});

export const downBody = (w: World, childId: string, overrides: Record<string, unknown> = {}) => ({
  childId,
  direction: 'down',
  toCenterId: w.ids.centreA,
  urgency: 'routine',
  reasons: ['D1', 'D2'],
  summary: '诊断明确，已控制',
  carePlan: carePlan(),
  ...overrides,
});

/** Enrols a child at centre A and refers them up; returns both ids. */
export async function referredUp(w: World, overrides: Record<string, unknown> = {}): Promise<{ childId: string; id: string }> {
  const childId = await enrol(w);
  const res = await w.call('clinicA', 'POST', '/api/v1/referrals', upBody(w, childId, overrides));
  if (res.status !== 201) throw new Error(`referral failed ${res.status} ${res.text}`);
  return { childId, id: res.body.id as string };
}

/** Moves a referral with the given account, failing loudly if the move is refused. */
export async function move(w: World, as: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await w.call(as, 'POST', `/api/v1/referrals/${id}/${action}`, body);
  if (res.status !== 200) throw new Error(`${action} failed ${res.status} ${res.text}`);
  return res.body;
}
