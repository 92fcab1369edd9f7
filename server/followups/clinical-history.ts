// Loads what the pure rules need about one child, and writes back the derived schedule fields.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { shanghaiDate, type IsoDate } from '../calendar';
import {
  exacerbationsInLast12Months,
  isHighRisk,
  nextDue,
  referralSuggested,
  stepDownEligible,
  stepUpSuggested,
  type AssessedFollowUp,
  type NextDue,
  type PromptReviewEvent,
  type PromptReviewKind,
} from './rules';

export interface ClinicalHistory {
  followUps: AssessedFollowUp[];
  events: PromptReviewEvent[];
}

export interface Suggestions {
  stepUpSuggested: boolean;
  stepDownEligible: boolean;
  referralSuggested: boolean;
  referralCriteria: string[];
}

const PROMPT_KINDS: readonly string[] = ['red_zone', 'ed_visit', 'admission', 'ocs_started'];

export async function loadClinicalHistory(db: Kysely<DB>, childId: string): Promise<ClinicalHistory> {
  const rows = await db
    .selectFrom('follow_ups')
    .select(['date', 'gina_level', 'treatment_changed', 'ocs_courses', 'ed_visits', 'admissions', 'inhaler_technique_ok', 'adherence_ok'])
    .where('child_id', '=', childId)
    .orderBy('date')
    .orderBy('created_at')
    .execute();
  const followUps: AssessedFollowUp[] = rows.map((r) => ({
    date: r.date,
    ginaLevel: r.gina_level,
    treatmentChanged: r.treatment_changed === 1,
    exacerbations: { ocsCourses: r.ocs_courses, edVisits: r.ed_visits, admissions: r.admissions },
    inhalerTechniqueOk: r.inhaler_technique_ok === null ? null : r.inhaler_technique_ok === 1,
    adherenceOk: r.adherence_ok === null ? null : r.adherence_ok === 1,
  }));
  const alerts = await db.selectFrom('clinical_alerts').select(['kind', 'source_date']).where('child_id', '=', childId).where('level', '=', 'urgent').execute();
  const events: PromptReviewEvent[] = alerts
    .filter((a) => PROMPT_KINDS.includes(a.kind))
    .map((a) => ({ date: a.source_date, kind: a.kind as PromptReviewKind }));
  // A child handed back by the hospital is reviewed at the centre within 7 days (clinical.md §5).
  const handedBack = await db.selectFrom('referrals').select('accepted_at').where('child_id', '=', childId).where('direction', '=', 'down').where('accepted_at', 'is not', null).execute();
  for (const r of handedBack) events.push({ date: shanghaiDate(new Date(r.accepted_at!)), kind: 'downward_referral_accepted' });
  return { followUps, events };
}

export function suggestionsFor(history: ClinicalHistory, today: IsoDate): Suggestions {
  const referral = referralSuggested({ followUps: history.followUps, events: history.events, today });
  return {
    stepUpSuggested: stepUpSuggested(history.followUps),
    stepDownEligible: stepDownEligible(history.followUps, history.events),
    referralSuggested: referral.suggested,
    referralCriteria: referral.criteria,
  };
}

/** Recomputes and stores the child's next due date, latest level and risk flag (same transaction as the change). */
export async function refreshSchedule(db: Kysely<DB>, childId: string, today: IsoDate, now: string): Promise<{ due: NextDue | null; highRisk: boolean; history: ClinicalHistory }> {
  const child = await db.selectFrom('children').select(['status', 'enrolled_on']).where('id', '=', childId).executeTakeFirstOrThrow();
  const history = await loadClinicalHistory(db, childId);
  const due = nextDue({ status: child.status, enrolmentDate: child.enrolled_on, followUps: history.followUps, events: history.events, today });
  const latest = history.followUps.at(-1);
  const highRisk = latest
    ? isHighRisk({ ginaLevel: latest.ginaLevel, exacerbationsLast12Months: exacerbationsInLast12Months(history.followUps, history.events, today) })
    : false;
  await db
    .updateTable('children')
    .set({
      next_due_date: due?.date ?? null,
      next_due_reason: due?.reason ?? null,
      next_due_detail: due ? JSON.stringify(due.detail) : null,
      latest_gina_level: latest?.ginaLevel ?? null,
      latest_follow_up_date: latest?.date ?? null,
      high_risk: highRisk ? 1 : 0,
      updated_at: now,
    })
    .where('id', '=', childId)
    .execute();
  return { due, highRisk, history };
}
