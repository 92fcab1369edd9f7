// Demo children with 18 months of follow-ups and recent diaries, generated through the pure rules
// so every stored score, level and due date is what the platform itself would compute.
import type { Db } from '../../db/connection';
import type { GinaLevel } from '../../db/schema';
import { addDays, ageInYears, compareDates, type IsoDate } from '../calendar';
import { refreshSchedule } from '../followups/clinical-history';
import { dayPefZone, diaryDayZone, diaryAlerts, ginaControlLevel, instrumentForAge, nextDue, scoreInstrument, type DiaryEntry, type FollowUpRecord, type Instrument } from '../followups/rules';
import type { Random } from './random';
import type { SeededReference } from './reference';
import type { SeedOptions } from './index';

export interface SeededChild {
  id: string;
  centerId: string;
  birthDate: string;
  latestGinaLevel: GinaLevel | null;
}

export const surnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '朱', '胡', '郭', '何', '林', '罗'];
export const given = ['小雨', '小树', '星辰', '乐乐', '安安', '子涵', '一诺', '沐阳', '思远', '欣怡', '浩然', '梓萱', '雨桐', '宇轩', '可馨', '嘉怡', '天佑', '若曦'];
const relations = ['母亲', '父亲', '祖母', '外婆'];

// Answers that land in the band a level implies, so scores and GINA levels tell one story.
export function answersFor(instrument: Instrument, level: GinaLevel, rnd: Random): number[] {
  const good = level === 'well' ? 0.85 : level === 'partly' ? 0.6 : 0.35;
  const pick = (values: number[]) => values[Math.min(values.length - 1, Math.max(0, Math.round((good + (rnd.next() - 0.5) * 0.4) * (values.length - 1))))]!;
  if (instrument === 'C-ACT') return [0, 1, 2, 3].map(() => pick([0, 1, 2, 3])).concat([0, 1, 2].map(() => pick([0, 1, 2, 3, 4, 5])));
  if (instrument === 'ACT') return [0, 1, 2, 3, 4].map(() => pick([1, 2, 3, 4, 5]));
  return [0, 1, 2, 3, 4].map(() => pick([0, 5, 10, 15, 20]));
}

function ginaFor(level: GinaLevel, rnd: Random) {
  const yes = level === 'well' ? 0 : level === 'partly' ? rnd.int(1, 2) : rnd.int(3, 4);
  const order = [0, 1, 2, 3].sort(() => rnd.next() - 0.5);
  const flags = [false, false, false, false];
  for (let i = 0; i < yes; i++) flags[order[i]!] = true;
  return { q1: flags[0]!, q2: flags[1]!, q3: flags[2]!, q4: flags[3]! };
}

/** A child's next control level from the current one (the demo's and the benchmark's course). */
export function nextLevel(current: GinaLevel, rnd: Random): GinaLevel {
  const r = rnd.next();
  if (current === 'uncontrolled') return r < 0.5 ? 'partly' : r < 0.75 ? 'well' : 'uncontrolled';
  if (current === 'partly') return r < 0.5 ? 'well' : r < 0.8 ? 'partly' : 'uncontrolled';
  return r < 0.8 ? 'well' : r < 0.95 ? 'partly' : 'uncontrolled';
}

export async function seedChildren(db: Db, rnd: Random, ref: SeededReference, opts: SeedOptions, parentId: string): Promise<SeededChild[]> {
  const today = opts.today;
  const seeded: SeededChild[] = [];
  const centres = [ref.centreIds[0]!, ...ref.centreIds]; // the demo clinic's centre gets a double share
  for (let i = 0; i < 320; i++) {
    const centerId = i < 30 ? ref.centreIds[0]! : centres[i % centres.length]!;
    const id = rnd.uuid();
    const ageDays = rnd.int(2 * 365 + 30, 16 * 365);
    const birthDate = addDays(today, -ageDays);
    const sex = rnd.chance(0.6) ? 'M' : 'F';
    const enrolled = addDays(today, -rnd.int(10, 540));
    const school = ref.schools[rnd.int(0, ref.schools.length - 1)]!;
    const age = ageInYears(birthDate, today);
    const heightCm = Math.round(75 + age * 6 + rnd.int(-5, 5));
    const personalBest = age >= 5 && rnd.chance(0.7) ? Math.round((sex === 'M' ? 4.39 * heightCm - 300.48 : 4.13 * heightCm - 278.04) * (0.9 + rnd.next() * 0.25)) : null;
    // Drawn in the order they always were, so every value of the seed stays the same.
    const guardianSurname = surnames[rnd.int(0, surnames.length - 1)]!;
    rnd.int(0, 1); // the title used to be drawn here; it now follows the relation
    // The demo parent's two children (the first two) stay active: the family app must show them working.
    const withdrawn = rnd.chance(0.04) && i >= 2;
    const childName = `${surnames[rnd.int(0, surnames.length - 1)]}${given[rnd.int(0, given.length - 1)]}`;
    const relation = relations[rnd.int(0, relations.length - 1)]!;
    // A grandmother is never "Mr".
    const guardian = `${guardianSurname}${relation === '父亲' ? '先生' : '女士'}`;
    await db
      .insertInto('children')
      .values({
        id,
        name: childName,
        sex,
        birth_date: birthDate,
        height_cm: heightCm,
        guardian_name: guardian,
        guardian_phone: `1700000${String(i).padStart(4, '0')}`,
        guardian_relation: relation,
        center_id: centerId,
        school_id: school.id,
        diagnosis_date: addDays(enrolled, -rnd.int(0, 700)),
        personal_best_pef: personalBest && personalBest > 60 ? personalBest : null,
        consent_given_by: guardian,
        consent_date: enrolled,
        consent_notice_version: 'v1.0',
        status: withdrawn ? 'withdrawn' : 'active',
        status_reason: withdrawn ? '家长要求退出（演示）' : null,
        enrolled_on: enrolled,
        next_due_date: null,
        next_due_reason: null,
        next_due_detail: null,
        latest_gina_level: null,
        latest_follow_up_date: null,
        high_risk: 0,
        created_at: `${enrolled}T01:00:00.000Z`,
        updated_at: opts.now,
      })
      .execute();
    await db
      .insertInto('child_centre_history')
      .values({ child_id: id, from_center_id: null, to_center_id: centerId, at: `${enrolled}T01:00:00.000Z`, reason: 'enrolment' })
      .execute();
    if (i < 2) await db.insertInto('guardianships').values({ user_id: parentId, child_id: id, named_at_enrolment: 1 }).execute();

    // Visits follow the schedule the rules set, a little late or early; some families stop coming.
    const followUps: FollowUpRecord[] = [];
    let level: GinaLevel = rnd.pick(['well', 'partly', 'partly', 'uncontrolled'] as const);
    const dropsOut = i >= 2 && rnd.chance(0.12);
    let visit: IsoDate | null = addDays(enrolled, rnd.int(21, 35));
    while (visit && compareDates(visit, today) <= 0) {
      if (dropsOut && compareDates(visit, addDays(today, -60)) > 0) break;
      const instrument = instrumentForAge(ageInYears(birthDate, visit));
      const answers = answersFor(instrument, level, rnd);
      const scored = scoreInstrument(instrument, answers);
      const gina = ginaFor(level, rnd);
      const ginaLevel = ginaControlLevel(gina);
      const treatmentChanged = ginaLevel === 'uncontrolled' && rnd.chance(0.6);
      const exacerbations = { ocsCourses: ginaLevel === 'uncontrolled' && rnd.chance(0.4) ? 1 : 0, edVisits: ginaLevel === 'uncontrolled' && rnd.chance(0.15) ? 1 : 0, admissions: ginaLevel === 'uncontrolled' && rnd.chance(0.05) ? 1 : 0 };
      followUps.push({ date: visit, ginaLevel, treatmentChanged, exacerbations });
      // The due date this visit set, as the follow-up service stores it (the on-time indicator reads it).
      const due = nextDue({ status: 'active', enrolmentDate: enrolled, followUps, events: [], today: visit });
      await db
        .insertInto('follow_ups')
        .values({
          id: rnd.uuid(),
          child_id: id,
          center_id: centerId,
          date: visit,
          mode: rnd.pick(['clinic', 'clinic', 'phone', 'home'] as const),
          instrument,
          answers: JSON.stringify(answers),
          score: scored.score,
          score_band: scored.scoreBand,
          gina_q1: gina.q1 ? 1 : 0,
          gina_q2: gina.q2 ? 1 : 0,
          gina_q3: gina.q3 ? 1 : 0,
          gina_q4: gina.q4 ? 1 : 0,
          gina_level: ginaLevel,
          ocs_courses: exacerbations.ocsCourses,
          ed_visits: exacerbations.edVisits,
          admissions: exacerbations.admissions,
          pef: null,
          pef_zone: null,
          inhaler_technique_ok: rnd.chance(0.8) ? 1 : 0,
          adherence_ok: rnd.chance(0.75) ? 1 : 0,
          action_plan_given: rnd.chance(0.7) ? 1 : 0,
          treatment_changed: treatmentChanged ? 1 : 0,
          gina_step: rnd.int(1, 4),
          note: null,
          high_risk: 0,
          next_due_date: due?.date ?? null,
          next_due_reason: due?.reason ?? null,
          suggestions: '{}',
          created_by: 'seed',
          created_at: `${visit}T02:00:00.000Z`,
        })
        .execute();
      visit = due ? addDays(due.date, rnd.int(-3, 9)) : null;
      level = nextLevel(ginaLevel, rnd);
    }
    if (i < 60) await seedDiary(db, rnd, { id, centerId, birthDate, personalBest, today, adherence: i < 2 ? 0.95 : 0.75, redDayAgo: i === 0 ? 2 : i % 15 === 3 ? rnd.int(1, 20) : null });
    await refreshSchedule(db, id, today, opts.now);
    seeded.push({ id, centerId, birthDate, latestGinaLevel: followUps.at(-1)?.ginaLevel ?? null });
  }
  return seeded;
}

async function seedDiary(db: Db, rnd: Random, c: { id: string; centerId: string; birthDate: string; personalBest: number | null; today: IsoDate; adherence: number; redDayAgo: number | null }): Promise<void> {
  const entries: DiaryEntry[] = [];
  for (let back = 34; back >= 0; back--) {
    if (!rnd.chance(c.adherence)) continue;
    const date = addDays(c.today, -back);
    const red = c.redDayAgo === back;
    const symptomatic = red || rnd.chance(0.2);
    const base = c.personalBest ?? null;
    const pef = (f: number) => (base ? Math.round(base * f) : null);
    const entry: DiaryEntry & { controllerAm: boolean; triggers: string[] } = {
      date,
      daytimeSymptoms: red ? 'severe' : symptomatic ? rnd.pick(['mild', 'mild', 'moderate'] as const) : 'none',
      symptomsOverFewMinutes: symptomatic,
      nightWaking: red || (symptomatic && rnd.chance(0.3)),
      nightCough: symptomatic && rnd.chance(0.5),
      activityLimited: red || (symptomatic && rnd.chance(0.3)),
      relieverUses: red ? 6 : symptomatic ? rnd.int(1, 3) : 0,
      pefAm: pef(red ? 0.45 : symptomatic ? 0.72 + rnd.next() * 0.1 : 0.85 + rnd.next() * 0.15),
      pefPm: pef(red ? 0.55 : 0.86 + rnd.next() * 0.14),
      unscheduledCare: red && rnd.chance(0.3) ? 'clinic' : 'none',
      ocsStarted: red,
      controllerAm: rnd.chance(0.85),
      triggers: symptomatic ? [rnd.pick(['cold', 'weather', 'pollution', 'exercise', 'allergen'])] : [],
    };
    const zone = dayPefZone([entry.pefAm, entry.pefPm], base);
    const day = diaryDayZone(entry, base);
    await db
      .insertInto('diary_entries')
      .values({
        id: rnd.uuid(),
        child_id: c.id,
        date,
        daytime_symptoms: entry.daytimeSymptoms,
        symptoms_over_few_minutes: entry.symptomsOverFewMinutes ? 1 : 0,
        night_waking: entry.nightWaking ? 1 : 0,
        night_cough: entry.nightCough ? 1 : 0,
        activity_limited: entry.activityLimited ? 1 : 0,
        reliever_uses: entry.relieverUses,
        controller_taken_am: entry.controllerAm ? 1 : 0,
        controller_taken_pm: entry.controllerAm ? 1 : 0,
        pef_am: entry.pefAm ?? null,
        pef_pm: entry.pefPm ?? null,
        pef_zone: zone,
        triggers: JSON.stringify(entry.triggers),
        school_absence: red ? 1 : 0,
        unscheduled_care: entry.unscheduledCare ?? 'none',
        ocs_started: entry.ocsStarted ? 1 : 0,
        note: null,
        client_id: null,
        created_by: 'seed',
        created_at: `${date}T12:00:00.000Z`,
        updated_at: `${date}T12:00:00.000Z`,
        danger_signs: '[]',
        symptom_zone: day.symptomZone,
        day_zone: day.zone,
      })
      .execute();
    const alerts = diaryAlerts(entry, entries, base);
    entries.push(entry);
    for (const alert of alerts) {
      // Alerts older than a week have been dealt with; recent ones wait on the worklist.
      const handled = back > 7;
      await db
        .insertInto('clinical_alerts')
        .values({
          id: rnd.uuid(),
          child_id: c.id,
          center_id: c.centerId,
          kind: alert.kind,
          level: alert.level,
          source_date: date,
          created_at: `${date}T12:00:00.000Z`,
          acknowledged_at: handled ? `${addDays(date, 1)}T01:00:00.000Z` : null,
          acknowledged_by: handled ? 'seed' : null,
        })
        .onConflict((oc) => oc.columns(['child_id', 'kind', 'source_date']).doNothing())
        .execute();
    }
  }
}
