// The benchmark's synthetic city: written straight through better-sqlite3 prepared statements in
// large transactions (a generator, not app code), after the app's own migrations made the schema.
// Same seed, same scale -> the same rows. Derived columns come from the pure rules in
// server/followups/rules (instrument, score, GINA level, next due, high risk), with one stated
// simplification: follow-up `suggestions` are stored as all-false, and no R4 events are generated.
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { openAndMigrate } from '../../server/bootstrap';
import { hashPassword } from '../../server/auth/password';
import { hashSecret } from '../../server/ids';
import { seededRandom, type Random } from '../../server/demo/random';
import { DISTRICT_CODES } from '../../server/asthma-index/rules/districts';
import { answersFor, given, nextLevel, surnames } from '../../server/demo/children';
import {
  exacerbationsInLast12Months,
  ginaControlLevel,
  instrumentForAge,
  isHighRisk,
  nextDue,
  scoreInstrument,
  type FollowUpRecord,
  type GinaLevel,
  AFTER_START_OR_CHANGE_DAYS,
  INTERVAL_DAYS_BY_LEVEL,
  SUSTAINED_WELL_INTERVAL_DAYS,
  SUSTAINED_WELL_MIN_GAP_DAYS,
} from '../../server/followups/rules';
import { dayNumber, dayString, fastUuid, sortedIds, type Writer, yearsBetween } from './generate-common';
import { writeReferrals } from './generate-referrals';
import { writeSchoolRows } from './generate-schools';

export interface Scale {
  name: 'small' | 'city';
  centres: number;
  schools: number;
  children: number;
  followUps: number;
  diaryEntries: number;
  referrals: number;
  years: number;
}

export const SCALES: Record<Scale['name'], Scale> = {
  city: { name: 'city', centres: 250, schools: 2000, children: 250_000, followUps: 3_000_000, diaryEntries: 10_000_000, referrals: 100_000, years: 5 },
  small: { name: 'small', centres: 5, schools: 40, children: 5_000, followUps: 60_000, diaryEntries: 200_000, referrals: 2_000, years: 5 },
};

export const BENCH_PASSWORD = 'bench-password-2026';
/** Bearer tokens of the bench users (stored hashed, like tokens issued by an admin). */
export const benchToken = (username: string) => `bench-token-${username}`;

export interface Generated {
  today: string;
  hospitalId: string;
  centreIds: string[];
  counts: Record<string, number>;
  ms: number;
}

// The demo seed's names and questionnaire answers, so both data sets read alike.
const SURNAMES = surnames;
const GIVEN = given;

function ginaFor(level: GinaLevel, rnd: Random) {
  const yes = level === 'well' ? 0 : level === 'partly' ? rnd.int(1, 2) : rnd.int(3, 4);
  const flags = [false, false, false, false];
  let placed = 0;
  while (placed < yes) {
    const i = rnd.int(0, 3);
    if (!flags[i]) {
      flags[i] = true;
      placed++;
    }
  }
  return { q1: flags[0]!, q2: flags[1]!, q3: flags[2]!, q4: flags[3]! };
}

export async function generate(path: string, scale: Scale, today: string, log: (line: string) => void, options: { seed?: number; check?: boolean } = {}): Promise<Generated> {
  const seed = options.seed ?? 20260801;
  const check = options.check ?? false;
  let mismatches = 0;
  const started = Date.now();
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  const opened = await openAndMigrate(path);
  await opened.db.destroy();

  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = OFF');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -3000000');
  sqlite.pragma('temp_store = MEMORY');
  // Rows are consistent by construction; children are written after their follow-ups (derived columns).
  sqlite.pragma('foreign_keys = OFF');
  const rnd = seededRandom(seed);
  const now = `${today}T02:00:00.000Z`;
  const todayN = dayNumber(today);
  const startN = todayN - Math.round(scale.years * 365.25);
  const counts: Record<string, number> = {};
  const tx = (fn: () => void) => sqlite.transaction(fn)();
  const writer: Writer = { sqlite, rnd, tx, now, todayN, startN, counts };

  // ---- centres, schools, users with tokens ----
  const centreIds = sortedIds(rnd, scale.centres);
  const hospitalId = centreIds[0]!;
  const centreDistrict = (i: number) => (i === 0 ? 'pudong' : DISTRICT_CODES[i % DISTRICT_CODES.length]!);
  const schoolIds = sortedIds(rnd, scale.schools);
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  tx(() => {
    const ins = sqlite.prepare('insert into centers (id, name, name_en, kind, district, street, created_at) values (?, ?, ?, ?, ?, ?, ?)');
    centreIds.forEach((id, i) =>
      ins.run(id, i === 0 ? '上海儿童医学中心' : `第${i}社区卫生服务中心`, i === 0 ? "Shanghai Children's Medical Center" : `Community Health Service Center ${i}`, i === 0 ? 'hospital' : 'community', centreDistrict(i), `街道${i}`, now),
    );
    const sch = sqlite.prepare('insert into schools (id, name, kind, district, pupils, campuses, created_at) values (?, ?, ?, ?, ?, ?, ?)');
    const kinds = ['kindergarten', 'primary', 'middle', 'high'] as const;
    schoolIds.forEach((id, i) => sch.run(id, `第${i + 1}学校`, kinds[i % 4], DISTRICT_CODES[i % 16], rnd.int(200, 2500), 1, now));
    const user = sqlite.prepare('insert into users (id, username, password_hash, display_name, role, center_id, school_id, active, created_at, password_changed_at) values (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)');
    const token = sqlite.prepare('insert into api_tokens (id, token_hash, user_id, label, created_at, last_used_at, revoked_at) values (?, ?, ?, ?, ?, null, null)');
    const addUser = (username: string, role: string, centerId: string | null) => {
      const id = fastUuid(rnd);
      user.run(id, username, passwordHash, username, role, centerId, null, now, now);
      token.run(fastUuid(rnd), hashSecret(benchToken(username)), id, 'bench', now);
    };
    addUser('admin', 'admin', null);
    addUser('manager', 'manager', null);
    centreIds.forEach((id, i) => addUser(`clinic${i}`, 'clinician', id));
  });
  counts.centres = centreIds.length;
  counts.schools = schoolIds.length;

  // ---- children (ids sorted, so follow-ups and diaries go in child order) ----
  const childIds = sortedIds(rnd, scale.children);
  interface ChildGen {
    enrolled: number;
    birth: string;
    centre: string;
    active: boolean;
  }
  const kids: ChildGen[] = [];
  let enrolledDays = 0;
  for (let i = 0; i < childIds.length; i++) {
    const ageDays = rnd.int(3 * 365 + 30, 15 * 365);
    const enrolled = rnd.int(Math.max(startN, todayN - ageDays + 400), todayN - 30);
    const r = rnd.next();
    kids.push({ enrolled, birth: dayString(todayN - ageDays), centre: centreIds[1 + ((i * 7919) % (centreIds.length - 1))]!, active: r < 0.94 });
    enrolledDays += todayN - enrolled;
  }
  const gap = enrolledDays / scale.followUps;

  const insChild = sqlite.prepare(`insert into children (id, name, sex, birth_date, height_cm, guardian_name, guardian_phone, guardian_relation, center_id, school_id,
    diagnosis_date, personal_best_pef, consent_given_by, consent_date, consent_notice_version, status, status_reason, enrolled_on,
    next_due_date, next_due_reason, next_due_detail, latest_gina_level, latest_follow_up_date, high_risk, created_at, updated_at)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?, 'v1', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insFollowUp = sqlite.prepare(`insert into follow_ups (id, child_id, center_id, date, mode, instrument, answers, score, score_band, gina_q1, gina_q2, gina_q3, gina_q4,
    gina_level, ocs_courses, ed_visits, admissions, pef, pef_zone, inhaler_technique_ok, adherence_ok, action_plan_given, treatment_changed, gina_step, note,
    high_risk, next_due_date, next_due_reason, suggestions, created_by, created_at)
    values (?, ?, ?, ?, 'clinic', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, null, ?, ?, ?, ?, ?, null, ?, ?, ?, ?, 'bench', ?)`);
  const suggestions = JSON.stringify({ stepUpSuggested: false, stepDownEligible: false, referralSuggested: false, referralCriteria: [] });
  const b = (v: boolean) => (v ? 1 : 0);
  let followUps = 0;
  const BATCH = 5000;
  for (let start = 0; start < childIds.length; start += BATCH) {
    tx(() => {
      for (let i = start; i < Math.min(start + BATCH, childIds.length); i++) {
        const id = childIds[i]!;
        const k = kids[i]!;
        const records: FollowUpRecord[] = [];
        const exac: [string, number][] = [];
        let prevDay = 0;
        let prevLevel: GinaLevel = 'well';
        let prevChanged = false;
        let level: GinaLevel = rnd.pick(['well', 'partly', 'partly', 'uncontrolled'] as const);
        for (let d = k.enrolled + Math.floor(rnd.next() * gap); d <= todayN; d += Math.max(7, Math.round(gap * (0.5 + rnd.next())))) {
          const date = dayString(d);
          level = nextLevel(level, rnd);
          const gina = ginaFor(level, rnd);
          const ginaLevel = ginaControlLevel(gina);
          const instrument = instrumentForAge(Math.max(0, yearsBetween(k.birth, date)));
          const answers = answersFor(instrument, ginaLevel, rnd);
          const scored = scoreInstrument(instrument, answers);
          const ocs = rnd.chance(0.05) ? 1 : 0;
          const ed = rnd.chance(0.02) ? 1 : 0;
          const adm = rnd.chance(0.005) ? 1 : 0;
          const treatmentChanged = rnd.chance(0.1);
          const record: FollowUpRecord = { date, ginaLevel, treatmentChanged, exacerbations: { ocsCourses: ocs, edVisits: ed, admissions: adm } };
          records.push(record);
          // nextDue() and isHighRisk() restated on day numbers for the no-R4-event case (checked against the rules in --check).
          const prev = records.length > 1 ? prevDay : null;
          const sustained = prev !== null && prevLevel === 'well' && ginaLevel === 'well' && !prevChanged && !treatmentChanged && d - prev >= SUSTAINED_WELL_MIN_GAP_DAYS && ocs + ed + adm === 0;
          const due = treatmentChanged
            ? { date: dayString(d + AFTER_START_OR_CHANGE_DAYS), reason: 'R1' }
            : sustained
              ? { date: dayString(d + SUSTAINED_WELL_INTERVAL_DAYS), reason: 'R3' }
              : { date: dayString(d + INTERVAL_DAYS_BY_LEVEL[ginaLevel]), reason: 'R2' };
          const yearAgo = `${Number(date.slice(0, 4)) - 1}${date.slice(4)}`;
          exac.push([date, ocs + ed + adm]);
          while (exac.length && exac[0]![0] <= yearAgo) exac.shift();
          const highRisk = ginaLevel === 'uncontrolled' || exac.some((e) => e[1] > 0);
          if (check) {
            const real = nextDue({ status: 'active', enrolmentDate: dayString(k.enrolled), followUps: records.slice(-2), events: [], today: date });
            const realRisk = isHighRisk({ ginaLevel, exacerbationsLast12Months: exacerbationsInLast12Months(records, [], date) });
            if (real?.date !== due.date || real?.reason !== due.reason || realRisk !== highRisk) mismatches++;
          }
          prevDay = d;
          prevLevel = ginaLevel;
          prevChanged = treatmentChanged;
          insFollowUp.run(
            fastUuid(rnd),
            id,
            k.centre,
            date,
            instrument,
            JSON.stringify(answers),
            scored.score,
            scored.scoreBand,
            b(gina.q1),
            b(gina.q2),
            b(gina.q3),
            b(gina.q4),
            ginaLevel,
            ocs,
            ed,
            adm,
            rnd.chance(0.7) ? b(rnd.chance(0.85)) : null,
            rnd.chance(0.7) ? b(rnd.chance(0.8)) : null,
            rnd.chance(0.5) ? b(rnd.chance(0.6)) : null,
            b(treatmentChanged),
            rnd.int(1, 4),
            b(highRisk),
            due.date,
            due.reason,
            suggestions,
            `${date}T0${rnd.int(1, 8)}:${rnd.int(10, 59)}:00.000Z`,
          );
          followUps++;
        }
        const status = k.active ? 'active' : rnd.chance(0.67) ? 'withdrawn' : 'transferred';
        const due = nextDue({ status, enrolmentDate: dayString(k.enrolled), followUps: records.slice(-2), events: [], today });
        const latest = records.at(-1);
        const highRisk = latest ? isHighRisk({ ginaLevel: latest.ginaLevel, exacerbationsLast12Months: exacerbationsInLast12Months(records.slice(-12), [], today) }) : false;
        insChild.run(
          id,
          rnd.pick(SURNAMES) + rnd.pick(GIVEN),
          rnd.chance(0.55) ? 'M' : 'F',
          k.birth,
          rnd.int(95, 175),
          '家长',
          `138${String(rnd.int(0, 99_999_999)).padStart(8, '0')}`,
          '母亲',
          k.centre,
          rnd.chance(0.9) ? schoolIds[rnd.int(0, schoolIds.length - 1)]! : null,
          dayString(k.enrolled - rnd.int(0, 400)),
          '家长',
          dayString(k.enrolled),
          status,
          status === 'active' ? null : '搬迁',
          dayString(k.enrolled),
          due?.date ?? null,
          due?.reason ?? null,
          due ? JSON.stringify(due.detail) : null,
          latest?.ginaLevel ?? null,
          latest?.date ?? null,
          b(highRisk),
          now,
          now,
        );
      }
    });
  }
  counts.children = childIds.length;
  counts.follow_ups = followUps;
  if (check) log(`  derived-column check: ${mismatches} follow-ups differ from nextDue()/isHighRisk()`);
  log(`  children ${childIds.length}, follow-ups ${followUps} (${Math.round((Date.now() - started) / 1000)} s)`);

  // ---- diary: runs of consecutive days per child, none in the last 4 days (the bench writes those) ----
  const insDiary = sqlite.prepare(`insert into diary_entries (id, child_id, date, daytime_symptoms, symptoms_over_few_minutes, night_waking, night_cough, activity_limited,
    reliever_uses, controller_taken_am, controller_taken_pm, pef_am, pef_pm, pef_zone, triggers, school_absence, unscheduled_care, ocs_started, note, client_id,
    created_by, created_at, updated_at) values (?, ?, ?, ?, null, ?, ?, ?, ?, ?, ?, null, null, null, ?, null, 'none', null, null, null, 'bench', ?, ?)`);
  const insAlert = sqlite.prepare('insert or ignore into clinical_alerts (id, child_id, center_id, kind, level, source_date, created_at, acknowledged_at, acknowledged_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const lastDiaryDay = todayN - 4;
  let diary = 0;
  let alerts = 0;
  const symptoms = ['none', 'none', 'none', 'none', 'mild', 'mild', 'moderate', 'severe'] as const;
  for (let start = 0; start < childIds.length; start += BATCH) {
    tx(() => {
      for (let i = start; i < Math.min(start + BATCH, childIds.length); i++) {
        const id = childIds[i]!;
        const k = kids[i]!;
        // Remaining quota spread over the remaining children keeps the total on target.
        const want = Math.round(((scale.diaryEntries - diary) / (childIds.length - i)) * (0.5 + rnd.next()));
        const span = lastDiaryDay - k.enrolled;
        if (span < 1 || want < 1) continue;
        const n = Math.min(want, span);
        let d = k.enrolled + Math.floor(rnd.next() * (span - n + 1));
        for (let j = 0; j < n; j++, d++) {
          const date = dayString(d);
          const s = rnd.pick(symptoms);
          const reliever = s === 'none' ? 0 : rnd.int(0, 3);
          const at = `${date}T12:00:00.000Z`;
          insDiary.run(fastUuid(rnd), id, date, s, b(s === 'severe' || rnd.chance(0.05)), b(rnd.chance(0.1)), b(s === 'severe'), reliever, b(rnd.chance(0.8)), b(rnd.chance(0.75)), reliever ? '["cold"]' : '[]', at, at);
          diary++;
          if (reliever > 0 && rnd.chance(0.02)) {
            insAlert.run(fastUuid(rnd), id, k.centre, 'reliever_frequent', 'nurse', date, at, d < todayN - 60 || rnd.chance(0.3) ? at : null, null);
            alerts++;
          }
        }
      }
    });
    if (diary >= scale.diaryEntries) break;
  }
  counts.diary_entries = diary;
  counts.clinical_alerts = alerts;
  log(`  diary ${diary}, alerts ${alerts} (${Math.round((Date.now() - started) / 1000)} s)`);

  // ---- referrals with history ----
  writeReferrals(writer, scale.referrals, childIds, kids, hospitalId);

  // ---- school kits, assessments, trainings ----
  writeSchoolRows(writer, seed, schoolIds);

  // ---- 5 years of daily weather for 16 districts (the index rows come from the backfill) ----
  tx(() => {
    const w = sqlite.prepare(
      `insert into weather_days (district, date, kind, source, fetched_at, tmax, tmin, tmean, rh, pressure, pm25, no2, o3_8h, pollen_level, thunderstorm) values (?, ?, 'observed', 'bench', ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?)`,
    );
    let rows = 0;
    for (const [di, district] of DISTRICT_CODES.entries()) {
      for (let d = startN - 3; d <= todayN + 1; d++) {
        const season = Math.sin(((d % 365) / 365) * 2 * Math.PI - Math.PI / 2);
        const tmean = 17 + 11 * season + (rnd.next() - 0.5) * 6 + di * 0.05;
        const dtr = 4 + rnd.next() * 6;
        w.run(
          district,
          dayString(d),
          now,
          +(tmean + dtr / 2).toFixed(1),
          +(tmean - dtr / 2).toFixed(1),
          +tmean.toFixed(1),
          Math.round(55 + rnd.next() * 40),
          +(1005 + 10 * -season + (rnd.next() - 0.5) * 8).toFixed(1),
          Math.round(15 + rnd.next() * 90),
          Math.round(15 + rnd.next() * 50),
          Math.round(40 + rnd.next() * 120),
          b(rnd.chance(0.03)),
        );
        rows++;
      }
    }
    counts.weather_days = rows;
  });

  sqlite.pragma('journal_mode = WAL');
  sqlite.close();
  return { today, hospitalId, centreIds, counts, ms: Date.now() - started };
}
