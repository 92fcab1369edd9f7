// How a stored referral reads in the API: camelCase, parsed JSON, timeliness worked out for `now`.
import type { Kysely } from 'kysely';
import type { DB, ReferralTable } from '../../db/schema';
import type { Config } from '../config';
import type { Actor } from '../context';
import { t } from '../../web/i18n';
import { DEFAULT_RESPONSE_LIMITS, allowedActions, isDownStartOverdue, isResponseOverdue, responseDeadline, type CarePlan, type PhoneHandover, type ReferralAction, type ResponseLimits } from './rules';

export interface ClinicalSummary {
  followUpDate: string;
  instrument: string | null;
  score: number | null;
  scoreBand: string | null;
  ginaLevel: string | null;
  ginaStep: number | null;
  exacerbations: { ocsCourses: number; edVisits: number; admissions: number };
}

export interface CentreRef {
  id: string;
  name: string;
  nameEn: string;
}

export interface ReferralView {
  id: string;
  child: { id: string; name: string; birthDate: string };
  direction: ReferralTable['direction'];
  fromCenter: CentreRef;
  toCenter: CentreRef;
  urgency: ReferralTable['urgency'];
  reasons: string[];
  summary: string;
  clinicalSummary: ClinicalSummary | null;
  carePlan: CarePlan | null;
  status: ReferralTable['status'];
  outcome: string | null;
  previousReferralId: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  acceptedAt: string | null;
  /** Booked at acceptance: a Shanghai calendar date and, when given, HH:MM. */
  appointment: { date: string; time: string | null } | null;
  respondedAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
  /** Who at the hospital the referrer told by phone, and when; always there for an emergency. */
  phoneHandover: PhoneHandover | null;
  /** An emergency's instruction to the family, in both languages; null for any other urgency. */
  emergencyInstruction: { zh: string; en: string } | null;
  responseDeadline: string;
  /** Not accepted or rejected within 2 h (emergency) / 24 h (urgent) / 72 h (routine). */
  overdue: boolean;
  /** An accepted downward referral whose child has not been seen within 7 days. */
  startOverdue: boolean;
  /** What the caller may do now (empty for admins and third parties). */
  actions: ReferralAction[];
}

// REFERRAL_EMERGENCY_HOURS is read here once server/config.ts parses it; until then (and if unset) 2 h.
type ConfigWithEmergency = Config & { REFERRAL_EMERGENCY_HOURS?: number };

export const responseLimits = (config: ConfigWithEmergency): ResponseLimits => ({
  emergencyHours: config.REFERRAL_EMERGENCY_HOURS ?? DEFAULT_RESPONSE_LIMITS.emergencyHours,
  urgentHours: config.REFERRAL_URGENT_HOURS,
  routineHours: config.REFERRAL_ROUTINE_HOURS,
});

/** What an emergency referral says wherever it is shown (clinical safety rules 8.5). */
export const emergencyInstruction = (): { zh: string; en: string } => ({
  zh: t('zh', 'referrals.emergency.instruction'),
  en: t('en', 'referrals.emergency.instruction'),
});

export interface OverdueCutoffs {
  emergency: string;
  urgent: string;
  routine: string;
}

/** The creation instant before which a still-requested referral of this urgency is overdue. */
export function overdueCutoffs(limits: ResponseLimits, now: string): OverdueCutoffs {
  const at = (hours: number) => new Date(Date.parse(now) - hours * 3_600_000).toISOString();
  return { emergency: at(limits.emergencyHours), urgent: at(limits.urgentHours), routine: at(limits.routineHours) };
}

type Lookups = { centres: Map<string, CentreRef>; children: Map<string, { id: string; name: string; birthDate: string }> };

/** Loads the centre and child names a set of referrals mentions, in two queries. */
export async function lookupsFor(db: Kysely<DB>, rows: readonly ReferralTable[]): Promise<Lookups> {
  const centreIds = [...new Set(rows.flatMap((r) => [r.from_center_id, r.to_center_id]))];
  const childIds = [...new Set(rows.map((r) => r.child_id))];
  const centres = centreIds.length ? await db.selectFrom('centers').select(['id', 'name', 'name_en']).where('id', 'in', centreIds).execute() : [];
  const children = childIds.length ? await db.selectFrom('children').select(['id', 'name', 'birth_date']).where('id', 'in', childIds).execute() : [];
  return {
    centres: new Map(centres.map((c) => [c.id, { id: c.id, name: c.name, nameEn: c.name_en }])),
    children: new Map(children.map((c) => [c.id, { id: c.id, name: c.name, birthDate: c.birth_date }])),
  };
}

export function referralView(r: ReferralTable, lookups: Lookups, actor: Actor, now: string, limits: ResponseLimits): ReferralView {
  const centre = (id: string): CentreRef => lookups.centres.get(id) ?? { id, name: id, nameEn: id };
  const createdAt = r.created_at;
  return {
    id: r.id,
    child: lookups.children.get(r.child_id) ?? { id: r.child_id, name: '', birthDate: '' },
    direction: r.direction,
    fromCenter: centre(r.from_center_id),
    toCenter: centre(r.to_center_id),
    urgency: r.urgency,
    reasons: JSON.parse(r.reasons) as string[],
    summary: r.summary,
    clinicalSummary: JSON.parse(r.clinical_summary) as ClinicalSummary | null,
    carePlan: r.care_plan ? (JSON.parse(r.care_plan) as CarePlan) : null,
    status: r.status,
    outcome: r.outcome,
    previousReferralId: r.previous_referral_id,
    createdBy: r.created_by,
    createdAt,
    updatedAt: r.updated_at,
    acceptedAt: r.accepted_at,
    appointment: r.appointment_date ? { date: r.appointment_date, time: r.appointment_time } : null,
    respondedAt: r.responded_at,
    startedAt: r.started_at,
    completedAt: r.completed_at,
    phoneHandover: r.phone_handover_to !== null && r.phone_handover_at !== null ? { to: r.phone_handover_to, at: r.phone_handover_at } : null,
    emergencyInstruction: r.urgency === 'emergency' ? emergencyInstruction() : null,
    responseDeadline: responseDeadline({ urgency: r.urgency, createdAt }, limits),
    overdue: isResponseOverdue({ status: r.status, urgency: r.urgency, createdAt }, now, limits),
    startOverdue: isDownStartOverdue({ status: r.status, direction: r.direction, acceptedAt: r.accepted_at }, now),
    actions: actor.centerId ? allowedActions({ status: r.status, direction: r.direction, fromCenterId: r.from_center_id, toCenterId: r.to_center_id }, { centerId: actor.centerId }) : [],
  };
}
