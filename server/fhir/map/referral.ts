// Pure mappers for a referral: the request (ServiceRequest) and the work it asks of the receiving
// centre (Task). The platform's statuses are already FHIR Task statuses (server/referrals/rules).
import type { ReferralTable } from '../../../db/schema';
import { ASTHMA, EXT, SYS } from '../codes';
import { patientRef, ref } from './patient';

const PRIORITY = { emergency: 'stat', urgent: 'urgent', routine: 'routine' } as const;

/** ServiceRequest.status for a referral status: open while the Task is, then completed or revoked. */
export function serviceRequestStatus(status: ReferralTable['status']): 'active' | 'completed' | 'revoked' {
  if (status === 'completed') return 'completed';
  if (status === 'rejected' || status === 'cancelled' || status === 'failed') return 'revoked';
  return 'active';
}

export function toServiceRequest(r: ReferralTable) {
  const reasons = JSON.parse(r.reasons) as string[];
  const plan = r.care_plan ? (JSON.parse(r.care_plan) as { controller: string; dose: string; ginaStep: number; actionPlanGiven: boolean; nextReviewDate: string }) : null;
  const extension: { url: string; valueCode?: string; extension?: { url: string; [k: string]: unknown }[] }[] = [{ url: EXT.direction, valueCode: r.direction }];
  if (r.phone_handover_at) {
    extension.push({
      url: EXT.phoneHandover,
      extension: [
        { url: 'to', valueString: r.phone_handover_to ?? '' },
        { url: 'at', valueDateTime: r.phone_handover_at },
      ],
    });
  }
  if (plan) {
    extension.push({
      url: EXT.carePlan,
      extension: [
        { url: 'controller', valueString: plan.controller },
        { url: 'dose', valueString: plan.dose },
        { url: 'ginaStep', valueInteger: plan.ginaStep },
        { url: 'actionPlanGiven', valueBoolean: plan.actionPlanGiven },
        { url: 'nextReviewDate', valueDate: plan.nextReviewDate },
      ],
    });
  }
  return {
    resourceType: 'ServiceRequest' as const,
    id: r.id,
    meta: { lastUpdated: r.updated_at },
    extension,
    ...(r.previous_referral_id ? { replaces: [ref('ServiceRequest', r.previous_referral_id)] } : {}),
    status: serviceRequestStatus(r.status),
    intent: 'order' as const,
    priority: PRIORITY[r.urgency],
    code: { coding: [ASTHMA.referral] },
    subject: patientRef(r.child_id),
    authoredOn: r.created_at,
    requester: ref('Organization', r.from_center_id),
    performer: [ref('Organization', r.to_center_id)],
    reasonCode: reasons.map((code) => ({ coding: [{ system: SYS.referralReason, code }] })),
    note: [{ text: r.summary }],
  };
}

export interface TaskExtras {
  /** The reason given with the latest move (reject, cancel, fail), if any. */
  statusReason?: string | null;
}

export function toTask(r: ReferralTable, extras: TaskExtras = {}) {
  const appointment = r.appointment_date ? (r.appointment_time ? `${r.appointment_date}T${r.appointment_time}:00+08:00` : r.appointment_date) : null;
  return {
    resourceType: 'Task' as const,
    id: r.id,
    meta: { lastUpdated: r.updated_at },
    basedOn: [ref('ServiceRequest', r.id)],
    status: r.status,
    ...(extras.statusReason ? { statusReason: { text: extras.statusReason } } : {}),
    intent: 'order' as const,
    priority: PRIORITY[r.urgency],
    code: { coding: [ASTHMA.referral] },
    focus: ref('ServiceRequest', r.id),
    for: patientRef(r.child_id),
    authoredOn: r.created_at,
    lastModified: r.updated_at,
    requester: ref('Organization', r.from_center_id),
    owner: ref('Organization', r.to_center_id),
    ...(r.started_at || r.completed_at ? { executionPeriod: { ...(r.started_at ? { start: r.started_at } : {}), ...(r.completed_at ? { end: r.completed_at } : {}) } } : {}),
    ...(appointment ? { restriction: { period: { start: appointment } } } : {}),
    ...(r.outcome ? { output: [{ type: { coding: [{ system: SYS.taskOutput, code: 'outcome' }] }, valueString: r.outcome }] } : {}),
  };
}
