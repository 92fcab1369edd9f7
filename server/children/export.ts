// The guardian's copy of a child's record (PIPL's right of access, issue 29 finding 8): what the
// record says about the child, in a documented shape (docs/access.md, "Export"), never internal
// columns, staff ids or the clinicians' own notes and referral letters.
import { nowIso } from '../clock';
import type { Deps, RequestContext } from '../context';
import { auditRead } from '../audit/audit';
import { childInScope, guardianSight } from './service';

export const EXPORT_FORMAT = 'pudong-child-asthma/record-export';
export const EXPORT_VERSION = 1;

const bool = (v: 0 | 1 | null) => (v === null ? null : v === 1);

export async function exportChild(deps: Deps, ctx: RequestContext, childId: string) {
  const actor = ctx.actor!;
  const c = await childInScope(deps.db, actor, childId);
  const [centres, school, followUps, diary, plans, referrals, centreHistory] = await Promise.all([
    deps.db.selectFrom('centers').select(['id', 'name', 'name_en']).execute(),
    c.school_id ? deps.db.selectFrom('schools').select('name').where('id', '=', c.school_id).executeTakeFirst() : undefined,
    deps.db.selectFrom('follow_ups').selectAll().where('child_id', '=', childId).orderBy('date').execute(),
    deps.db.selectFrom('diary_entries').selectAll().where('child_id', '=', childId).orderBy('date').execute(),
    deps.db.selectFrom('action_plans').select(['version', 'created_at', 'personal_best_pef', 'plan']).where('child_id', '=', childId).orderBy('version').execute(),
    deps.db.selectFrom('referrals').selectAll().where('child_id', '=', childId).orderBy('created_at').execute(),
    deps.db.selectFrom('child_centre_history').select(['to_center_id', 'at']).where('child_id', '=', childId).orderBy('id').execute(),
  ]);
  const centre = (id: string) => {
    const found = centres.find((x) => x.id === id);
    return found ? { name: found.name, nameEn: found.name_en } : null;
  };
  // Another guardian's notes stay theirs unless the guardians share (finding 7).
  const { hiddenAuthors } = await guardianSight(deps.db, actor, childId);
  const ownNote = (createdBy: string, note: string | null) => (hiddenAuthors.includes(createdBy) ? null : note);
  await auditRead(deps.db, deps.clock, ctx, { action: 'export', entity: 'child', entityId: childId });
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: nowIso(deps.clock),
    child: {
      name: c.name,
      sex: c.sex,
      birthDate: c.birth_date,
      heightCm: c.height_cm,
      diagnosisDate: c.diagnosis_date,
      enrolledOn: c.enrolled_on,
      status: c.status,
      centre: centre(c.center_id),
      school: school?.name ?? null,
      personalBest: c.personal_best_pef === null ? null : { pef: c.personal_best_pef, date: c.personal_best_date, source: c.personal_best_source },
      riskHistory:
        c.risk_recorded_on === null
          ? null
          : {
              ocsCourses12m: c.risk_ocs_courses_12m,
              edVisits12m: c.risk_ed_visits_12m,
              admissions12m: c.risk_admissions_12m,
              everIcuOrIntubated: c.risk_ever_icu === 1,
              recordedOn: c.risk_recorded_on,
            },
      consent: { givenBy: c.consent_given_by, date: c.consent_date, noticeVersion: c.consent_notice_version },
      nextReview: c.next_due_date,
    },
    followUps: followUps.map((f) => ({
      date: f.date,
      mode: f.mode,
      instrument: f.instrument,
      score: f.score,
      scoreBand: f.score_band,
      ginaLevel: f.gina_level,
      exacerbations: { ocsCourses: f.ocs_courses, edVisits: f.ed_visits, admissions: f.admissions },
      pef: f.pef,
      pefZone: f.pef_zone,
      inhalerTechniqueOk: bool(f.inhaler_technique_ok),
      adherenceOk: bool(f.adherence_ok),
      actionPlanGiven: bool(f.action_plan_given),
      treatmentChanged: f.treatment_changed === 1,
      ginaStep: f.gina_step,
      nextDue: f.next_due_date,
    })),
    diary: diary.map((d) => ({
      date: d.date,
      daytimeSymptoms: d.daytime_symptoms,
      nightWaking: d.night_waking === 1,
      nightCough: d.night_cough === 1,
      activityLimited: d.activity_limited === 1,
      relieverUses: d.reliever_uses,
      controllerTakenAm: bool(d.controller_taken_am),
      controllerTakenPm: bool(d.controller_taken_pm),
      pefAm: d.pef_am,
      pefPm: d.pef_pm,
      zone: d.day_zone ?? d.pef_zone,
      dangerSigns: JSON.parse(d.danger_signs) as string[],
      triggers: JSON.parse(d.triggers) as string[],
      schoolAbsence: bool(d.school_absence),
      unscheduledCare: d.unscheduled_care,
      ocsStarted: bool(d.ocs_started),
      note: ownNote(d.created_by, d.note),
    })),
    actionPlans: plans.map((p) => ({ version: p.version, createdAt: p.created_at, personalBestPef: p.personal_best_pef, plan: JSON.parse(p.plan) as unknown })),
    referrals: referrals.map((r) => ({
      direction: r.direction,
      urgency: r.urgency,
      status: r.status,
      from: centre(r.from_center_id),
      to: centre(r.to_center_id),
      reasons: JSON.parse(r.reasons) as string[],
      createdAt: r.created_at,
      acceptedAt: r.accepted_at,
      startedAt: r.started_at,
      completedAt: r.completed_at,
      outcome: r.outcome,
    })),
    centreHistory: centreHistory.map((h) => ({ centre: centre(h.to_center_id), from: h.at })),
  };
}

export type ChildExport = Awaited<ReturnType<typeof exportChild>>;
