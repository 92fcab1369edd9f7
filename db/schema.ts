// The Kysely view of the schema. Dates are 'YYYY-MM-DD' text, instants ISO UTC text,
// booleans 0/1 integers, ids UUID text: the same columns work on PostgreSQL later.
import type { Generated } from 'kysely';

export type Role = 'admin' | 'manager' | 'clinician' | 'nurse' | 'parent';
export type Bool = 0 | 1;

export interface CenterTable {
  id: string;
  name: string;
  name_en: string;
  kind: 'community' | 'hospital';
  district: string;
  street: string;
  created_at: string;
}

export interface SchoolTable {
  id: string;
  name: string;
  kind: 'kindergarten' | 'primary' | 'middle' | 'high';
  district: string;
  pupils: number;
  campuses: number;
  created_at: string;
}

export interface UserTable {
  id: string;
  username: string;
  password_hash: string;
  display_name: string;
  role: Role;
  center_id: string | null;
  school_id: string | null;
  active: Bool;
  created_at: string;
  password_changed_at: string;
}

export interface SessionTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface ApiTokenTable {
  id: string;
  token_hash: string;
  user_id: string;
  label: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface LoginFailureTable {
  id: Generated<number>;
  username: string;
  at: string;
}

/** A sign-in attempt counted by the throttle (migration 0033), kept for its window. */
export interface LoginAttemptTable {
  id: Generated<number>;
  username: string;
  address: string;
  at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: string | null;
  role: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  outcome: 'ok' | 'denied' | 'failed';
  request_id: string | null;
}

export interface AppSettingTable {
  key: string;
  value: string;
}

export interface DB {
  centers: CenterTable;
  schools: SchoolTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_failures: LoginFailureTable;
  login_attempts: LoginAttemptTable;
  audit_log: AuditLogTable;
  app_settings: AppSettingTable;
}

// ---- children registry, follow-ups, diary (migration 0002) ----

export type ChildStatus = 'active' | 'transferred' | 'withdrawn';
export type GinaLevel = 'well' | 'partly' | 'uncontrolled';
export type Zone = 'green' | 'yellow' | 'red';

export interface ChildTable {
  id: string;
  name: string;
  sex: 'M' | 'F';
  birth_date: string;
  height_cm: number | null;
  guardian_name: string;
  guardian_phone: string;
  guardian_relation: string;
  center_id: string;
  school_id: string | null;
  diagnosis_date: string | null;
  personal_best_pef: number | null;
  consent_given_by: string;
  consent_date: string;
  consent_notice_version: string;
  status: ChildStatus;
  status_reason: string | null;
  enrolled_on: string;
  // Derived by the follow-up service in the same transaction as each change, for fast worklists.
  next_due_date: string | null;
  next_due_reason: string | null;
  next_due_detail: string | null;
  latest_gina_level: GinaLevel | null;
  latest_follow_up_date: string | null;
  high_risk: Bool;
  created_at: string;
  updated_at: string;
  // Safety rules v2 (migration 0021).
  personal_best_date: string | null;
  personal_best_source: 'clinic' | 'plan' | null;
  risk_ocs_courses_12m: number | null;
  risk_ed_visits_12m: number | null;
  risk_admissions_12m: number | null;
  risk_ever_icu: Bool | null;
  risk_recorded_on: string | null;
  /** Days of grace after next_due_date before the child is overdue (R5 as the rule gave it). */
  next_due_grace: number | null;
}

/** A hospital notice (or a parent's or clinic's report) of an emergency visit, admission or discharge. */
export interface ChildEventTable {
  id: string;
  child_id: string;
  kind: 'ed' | 'admitted' | 'discharged';
  date: string;
  source: 'hospital' | 'parent' | 'clinic';
  note: string | null;
  created_by: string;
  created_at: string;
}

/** A public holiday or a make-up working day, as the State Council announces them each year. */
export interface CalendarDayTable {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
  updated_by: string;
  updated_at: string;
}

export interface GuardianshipTable {
  user_id: string;
  child_id: string;
  // Migration 0023: a later guardian's own consent and relation; what they may see of the others.
  relation: string | null;
  consent_date: string | null;
  consent_notice_version: string | null;
  linked_at: string | null;
  linked_by: string | null;
  /** The guardian who consented at enrolment (their contact details are the child's). */
  named_at_enrolment: Generated<Bool>;
  /** The clinician marked the guardians as sharing contact details and diary notes. */
  sharing: Generated<Bool>;
}

export interface ChildCentreHistoryTable {
  id: Generated<number>;
  child_id: string;
  from_center_id: string | null;
  to_center_id: string;
  at: string;
  reason: string;
}

export interface FollowUpTable {
  id: string;
  child_id: string;
  center_id: string;
  date: string;
  mode: 'clinic' | 'phone' | 'home';
  instrument: 'C-ACT' | 'ACT' | 'TRACK' | null;
  answers: string | null;
  score: number | null;
  score_band: 'well' | 'not_well' | 'very_poor' | null;
  gina_q1: Bool;
  gina_q2: Bool;
  gina_q3: Bool;
  gina_q4: Bool;
  gina_level: GinaLevel;
  ocs_courses: number;
  ed_visits: number;
  admissions: number;
  pef: number | null;
  pef_zone: Zone | null;
  inhaler_technique_ok: Bool | null;
  adherence_ok: Bool | null;
  action_plan_given: Bool | null;
  treatment_changed: Bool;
  gina_step: number | null;
  note: string | null;
  high_risk: Bool;
  next_due_date: string | null;
  next_due_reason: string | null;
  suggestions: string;
  created_by: string;
  created_at: string;
}

export interface DiaryEntryTable {
  id: string;
  child_id: string;
  date: string;
  daytime_symptoms: 'none' | 'mild' | 'moderate' | 'severe';
  symptoms_over_few_minutes: Bool | null;
  night_waking: Bool;
  night_cough: Bool;
  activity_limited: Bool;
  reliever_uses: number;
  controller_taken_am: Bool | null;
  controller_taken_pm: Bool | null;
  pef_am: number | null;
  pef_pm: number | null;
  pef_zone: Zone | null;
  triggers: string;
  school_absence: Bool | null;
  unscheduled_care: 'none' | 'clinic' | 'ed' | 'admitted';
  ocs_started: Bool | null;
  note: string | null;
  client_id: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  /** JSON array of danger signs (migration 0021). */
  danger_signs: string;
  symptom_zone: Zone | null;
  /** The worse of the PEF and symptom zones. */
  day_zone: Zone | null;
}

/** Earlier versions of a diary day that a later entry replaced (the spec keeps both). */
export interface DiaryRevisionTable {
  id: Generated<number>;
  diary_entry_id: string;
  child_id: string;
  date: string;
  previous: string;
  replaced_at: string;
  replaced_by: string;
}

export interface ClinicalAlertTable {
  id: string;
  child_id: string;
  center_id: string;
  kind: string;
  level: 'urgent' | 'nurse';
  source_date: string;
  created_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
}

export interface DB {
  children: ChildTable;
  guardianships: GuardianshipTable;
  child_centre_history: ChildCentreHistoryTable;
  follow_ups: FollowUpTable;
  diary_entries: DiaryEntryTable;
  diary_revisions: DiaryRevisionTable;
  clinical_alerts: ClinicalAlertTable;
  child_events: ChildEventTable;
  calendar_days: CalendarDayTable;
}

// ---- two-way referrals (migration 0003) ----

export type ReferralStatusColumn = 'requested' | 'accepted' | 'rejected' | 'cancelled' | 'in-progress' | 'failed' | 'completed';

export interface ReferralTable {
  id: string;
  child_id: string;
  direction: 'up' | 'down';
  from_center_id: string;
  to_center_id: string;
  /** 'emergency' since migration 0022 (U1-U3, docs/referrals.md). */
  urgency: 'emergency' | 'urgent' | 'routine';
  reasons: string;
  summary: string;
  clinical_summary: string;
  care_plan: string | null;
  status: ReferralStatusColumn;
  outcome: string | null;
  previous_referral_id: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  accepted_at: string | null;
  responded_at: string | null;
  started_at: string | null;
  completed_at: string | null;
  /** Who at the hospital was told by phone, and when (ISO UTC); required for an emergency (0022). */
  phone_handover_to: string | null;
  phone_handover_at: string | null;
  /** Booked at acceptance (0026): a Shanghai calendar date, and HH:MM when a time was given. */
  appointment_date: string | null;
  appointment_time: string | null;
}

export interface ReferralHistoryTable {
  id: Generated<number>;
  referral_id: string;
  from_status: ReferralStatusColumn | null;
  to_status: ReferralStatusColumn;
  at: string;
  by_user_id: string;
  reason: string | null;
}

export interface DB {
  referrals: ReferralTable;
  referral_history: ReferralHistoryTable;
}

// ---- indicator histories (migration 0025), written by triggers on children ----

/** One change of a child's due date: due on due_date (null: none) from `since` (Asia/Shanghai day), and why. */
export interface DueDateHistoryTable {
  id: Generated<number>;
  child_id: string;
  since: string;
  set_at: string;
  due_date: string | null;
  reason: string | null;
  grace: number | null;
  /** JSON: the rule's detail (what brought it forward), as children.next_due_detail. */
  detail: string | null;
  /** change: the child's row changed; follow_up: a follow-up stored it (from its own date); backfill: migration 0025. */
  source: 'change' | 'follow_up' | 'backfill';
}

/** A child's status from `since` (Asia/Shanghai day). */
export interface ChildStatusChangeTable {
  id: Generated<number>;
  child_id: string;
  status: ChildStatus;
  since: string;
  at: string;
  source: 'change' | 'backfill';
}

export interface DB {
  due_date_history: DueDateHistoryTable;
  child_status_changes: ChildStatusChangeTable;
}

// Feature tables kept beside their migrations (each adds itself to DB); re-exported for callers.
export type * from './tables/fhir';
export type * from './tables/notifications';
