// The schools tables, added to the DB interface by module augmentation so this feature's
// schema lives beside its migration without editing db/schema.ts.
import type { Bool } from '../schema';

export interface KitTable {
  id: string;
  school_id: string;
  label: string;
  kind: 'fixed' | 'mobile';
  location: string;
  locked: Bool;
  storage_ok: Bool;
  spacers: number;
  /** JSON: { instructionCard, leaflet, checkCard, adminRecord, replacementNote } booleans. */
  documents: string;
  status: 'active' | 'retired';
  /** Why the kit was retired (required then); null while active. */
  status_reason: string | null;
  status_changed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface KitMdiTable {
  id: string;
  kit_id: string;
  product: string;
  batch: string;
  /** As printed: "2026-08" (its last day) or "2026-08-15". */
  expiry: string;
  /** The expiry resolved to a date, for sorting and alert queries. */
  expiry_date: string;
  labelled_doses: number;
  counter_reading: number | null;
  puffs_used: number | null;
  status: 'in_use' | 'replaced' | 'removed';
  replaced_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface KitCheckTable {
  id: string;
  kit_id: string;
  school_id: string;
  date: string;
  mdi_present: Bool;
  mdi_in_date: Bool;
  doses_ok: Bool;
  spacers: number;
  documents: string;
  unlocked: Bool;
  storage_ok: Bool;
  poster: Bool;
  register_reachable: Bool;
  note: string | null;
  checked_by: string | null;
  created_at: string;
}

export interface KitUseTable {
  id: string;
  kit_id: string;
  school_id: string;
  used_at: string;
  /** The Asia/Shanghai date of used_at. */
  date: string;
  place: string;
  child_id: string | null;
  /** JSON array of symptom codes. */
  symptoms: string;
  puffs: number;
  spacer_used: Bool;
  given_by: string;
  called_120: Bool;
  outcome: string;
  parent_told_at: string | null;
  parent_told_how: string | null;
  mdi_id: string | null;
  mdi_batch: string;
  note: string | null;
  created_by: string | null;
  created_at: string;
}

export interface TrainingTable {
  id: string;
  school_id: string;
  date: string;
  duration_minutes: number;
  kind: 'initial' | 'refresher' | 'briefing' | 'drill';
  trainer: string;
  organisation: string;
  /** JSON array of topic codes. */
  topics: string;
  staff_briefed: number | null;
  staff_total: number | null;
  created_by: string | null;
  created_at: string;
}

export interface TrainingAttendeeTable {
  id: string;
  training_id: string;
  name: string;
  role: string;
  competency: 'pass' | 'fail' | null;
  competency_date: string | null;
}

export interface AssessmentTable {
  id: string;
  school_id: string;
  date: string;
  rubric_version: string;
  /** JSON: the AssessmentInput as confirmed by the nurse. */
  input: string;
  /** JSON: the AssessmentResult computed under rubric_version. */
  result: string;
  score: number;
  band: 'A' | 'B' | 'C' | 'D';
  grade: 'A' | 'B' | 'C' | 'D';
  reassess_by: string;
  created_by: string | null;
  created_at: string;
}

export interface AssessmentActionTable {
  id: string;
  assessment_id: string;
  school_id: string;
  kind: 'action' | 'alert';
  item: string;
  trigger: string;
  priority: 'P1' | 'P2' | 'P3' | 'P4';
  owner: 'nurse' | 'principal' | 'cdc';
  due_date: string;
  text_zh: string;
  text_en: string;
  status: 'open' | 'done' | 'verified';
  closing_note: string | null;
  done_at: string | null;
  done_by: string | null;
  verified_at: string | null;
  verified_by: string | null;
  created_at: string;
}

declare module '../schema' {
  interface DB {
    kits: KitTable;
    kit_mdis: KitMdiTable;
    kit_checks: KitCheckTable;
    kit_uses: KitUseTable;
    trainings: TrainingTable;
    training_attendees: TrainingAttendeeTable;
    assessments: AssessmentTable;
    assessment_actions: AssessmentActionTable;
  }
}
