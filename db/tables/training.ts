// The clinician-training and coverage tables (migration 0030), added to the DB interface by module
// augmentation so this feature's schema lives beside its migration.
import type { Bool } from '../schema';

export type CourseTopic = 'gina_assessment' | 'inhaler_technique' | 'spirometry_pef' | 'action_plans' | 'referral_criteria';
export type CourseFormat = 'lecture' | 'workshop' | 'placement';

export interface TrainingCourseTable {
  id: string;
  title: string;
  topic: CourseTopic;
  hours: number;
  format: CourseFormat;
  /** How long a passed competency stays valid (default 24 months). */
  valid_months: number;
  created_by: string;
  created_at: string;
}

export interface TrainingSessionTable {
  id: string;
  course_id: string;
  date: string;
  place: string;
  /** The clinician (usually the hospital's) who runs the session and records its outcomes. */
  trainer_id: string;
  created_by: string;
  created_at: string;
}

export interface TrainingEnrolmentTable {
  id: string;
  session_id: string;
  clinician_id: string;
  center_id: string;
  enrolled_by: string;
  enrolled_at: string;
  attended: Bool | null;
  attendance_by: string | null;
  attendance_at: string | null;
  competency: 'pass' | 'fail' | null;
  competency_date: string | null;
  /** JSON array of the checklist items observed. */
  checklist: string | null;
  competency_by: string | null;
  competency_at: string | null;
}

export interface CentrePopulationTable {
  center_id: string;
  year: number;
  /** Children aged 0-14 in the centre's catchment. */
  population: number;
  source: string;
  recorded_by: string;
  recorded_at: string;
}

export interface PrevalenceSettingTable {
  id: string;
  /** Expected prevalence of asthma among children 0-14, in per cent (0 < p <= 50). */
  percent: number;
  source: string;
  set_by: string;
  set_at: string;
}

declare module '../schema' {
  interface DB {
    training_courses: TrainingCourseTable;
    training_sessions: TrainingSessionTable;
    training_enrolments: TrainingEnrolmentTable;
    centre_populations: CentrePopulationTable;
    prevalence_settings: PrevalenceSettingTable;
  }
}
