// The benchmark city's schools: two kits each with an in-use MDI, four assessments scored by the
// real rules from what a nurse could have observed (observedAssessment), and a training with attendees.
import { seededRandom, type Random } from '../../server/demo/random';
import { currentRubric } from '../../server/schools/assessments';
import { assessmentInputSchema, type AssessmentInput } from '../../server/schools/rules/assessment-input';
import { scoreAssessment } from '../../server/schools/rules/score';
import { dayNumber, dayString, fastUuid, type Writer } from './generate-common';

/** Kits, assessments and trainings of every school in `schoolIds` (the assessments' observations from their own stream, `seed` + 1). */
export function writeSchoolRows(writer: Writer, seed: number, schoolIds: string[]): void {
  const { sqlite, rnd, tx, now, todayN, counts } = writer;
  tx(() => {
    const kit = sqlite.prepare(`insert into kits (id, school_id, label, kind, location, locked, storage_ok, spacers, documents, status, created_at, updated_at) values (?, ?, ?, 'fixed', '医务室', 0, 1, 2, '[]', 'active', ?, ?)`);
    const mdi = sqlite.prepare(
      `insert into kit_mdis (id, kit_id, product, batch, expiry, expiry_date, labelled_doses, counter_reading, puffs_used, status, replaced_by, created_at, updated_at) values (?, ?, '沙丁胺醇', ?, ?, ?, 200, null, 0, 'in_use', null, ?, ?)`,
    );
    const asmt = sqlite.prepare(`insert into assessments (id, school_id, date, rubric_version, input, result, score, band, grade, reassess_by, created_by, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?)`);
    const schoolSize = new Map((sqlite.prepare('select id, pupils, campuses from schools').all() as { id: string; pupils: number; campuses: number }[]).map((r) => [r.id, r]));
    const schoolRnd = seededRandom(seed + 1);
    const tr = sqlite.prepare(
      `insert into trainings (id, school_id, date, duration_minutes, kind, trainer, organisation, topics, staff_briefed, staff_total, created_by, created_at) values (?, ?, ?, 90, 'initial', 'CDC', 'CDC', '[]', null, null, null, ?)`,
    );
    const att = sqlite.prepare(`insert into training_attendees (id, training_id, name, role, competency, competency_date) values (?, ?, ?, 'teacher', ?, ?)`);
    let n = 0;
    for (const sid of schoolIds) {
      for (let j = 0; j < 2; j++) {
        const kid = fastUuid(rnd);
        kit.run(kid, sid, `急救包${j + 1}`, now, now);
        const exp = dayString(todayN + rnd.int(-30, 700));
        mdi.run(fastUuid(rnd), kid, `B${rnd.int(1000, 9999)}`, exp.slice(0, 7), exp, now, now);
      }
      const { pupils, campuses } = schoolSize.get(sid) as { pupils: number; campuses: number };
      for (let j = 0; j < 4; j++) {
        const date = dayString(todayN - rnd.int(0, 5 * 365));
        const id = fastUuid(rnd);
        // The two draws the first version used for a made-up score and grade, kept so every row after is unchanged.
        rnd.int(40, 100);
        rnd.pick(['A', 'B', 'C', 'D']);
        // What a nurse could have observed (from its own seeded stream), validated and scored by the real rules.
        const input = assessmentInputSchema.parse(observedAssessment(schoolRnd, date, pupils, campuses)) as AssessmentInput;
        const result = scoreAssessment(input, currentRubric);
        asmt.run(id, sid, date, result.rubricVersion, JSON.stringify(input), JSON.stringify(result), result.score, result.band, result.grade, result.reassessBy, `${date}T02:00:00.000Z`);
      }
      const tid = fastUuid(rnd);
      const tdate = dayString(todayN - rnd.int(0, 500));
      tr.run(tid, sid, tdate, now);
      for (let j = 0; j < 4; j++) att.run(fastUuid(rnd), tid, `教师${j}`, rnd.chance(0.9) ? 'pass' : 'fail', tdate);
      n++;
    }
    counts.kits = n * 2;
  });
}

/** A plausible school assessment on `date`: mostly good practice, with the gaps real schools have. */
export function observedAssessment(rnd: Random, date: string, pupils: number, campuses: number): AssessmentInput {
  const day = dayNumber(date);
  const kits = Array.from({ length: campuses + (pupils > 1200 ? 1 : 0) }, (_, k) => ({
    label: `急救包${k + 1}`,
    spacers: rnd.int(0, 3),
    unlocked: rnd.chance(0.9),
    storageOk: rnd.chance(0.9),
    docs: { instructionCard: rnd.chance(0.9), leaflet: rnd.chance(0.8), checkCard: rnd.chance(0.8), adminRecord: rnd.chance(0.8), replacementNote: rnd.chance(0.7) },
    mdis: [{ batch: `B${rnd.int(1000, 9999)}`, expiry: dayString(day + rnd.int(-20, 600)), remaining: rnd.int(0, 200) }],
  }));
  const registered = rnd.int(0, Math.max(1, Math.round(pupils * 0.04)));
  const uses = rnd.int(0, 6);
  const usesLoggedComplete = rnd.int(0, uses);
  return {
    date,
    enrolment: pupils,
    campuses,
    kits,
    staffKnewLocation: rnd.int(0, 2),
    healthStaffOk: rnd.chance(0.9),
    staffBriefedPct: rnd.int(0, 100) / 100,
    staffTraining: Array.from({ length: rnd.int(0, 5) }, (_, i) => ({ name: `教师${i + 1}`, date: dayString(day - rnd.int(0, 500)), pass: rnd.chance(0.85) })),
    registerUpdatedThisTerm: rnd.chance(0.8),
    registerAccessible: rnd.chance(0.85),
    registered,
    plansValid: rnd.int(0, registered),
    consents: rnd.int(0, registered),
    procedure: rnd.chance(0.85),
    postersAllKitLocations: rnd.chance(0.8),
    lastDrill: rnd.chance(0.8) ? dayString(day - rnd.int(0, 400)) : null,
    monthlyChecksLast3: rnd.int(0, 3),
    uses,
    usesLoggedComplete,
    usesParentNotified: rnd.int(0, usesLoggedComplete),
  };
}
