// Demo school first-aid data: kits and MDIs (some expiring in 7/30/60 days, one expired, some low),
// monthly checks (some schools overdue), uses, trainings, and 1-3 assessments per school over the
// last 18 months across every grade, scored by the real scorer so stored results are real.
import type { Db } from '../../db/connection';
import type { Random } from './random';
import type { SeededReference } from './reference';
import type { SeedOptions } from './index';
import { addDays, addMonths, compareDates, type IsoDate } from '../calendar';
import { insertAssessment } from '../schools/assessments';
import { kitsRequired, mdiExpiryDate, trainedRequired, type AssessmentInput, type Grade, type KitObservation } from '../schools/rules';

const LOCATIONS = ['保健室', '教学楼一楼大厅', '体育馆', '食堂入口', '操场器材室', '行政楼二楼', '分校区保健室'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗'];
const TRAINERS = ['李医生（上海儿童医学中心）', '周护士长（社区卫生服务中心）', '陈老师（区疾控学校卫生科）'];
const PLACES = ['操场', '教室', '体育馆', '走廊', '食堂'];
const ALL_DOCS = { instructionCard: true, leaflet: true, checkCard: true, adminRecord: true, replacementNote: true };
/** Each school's intended grade: a spread across A-D; the demo nurse's school (index 1) is a C. */
const GRADE_CYCLE: Grade[] = ['A', 'C', 'B', 'D', 'A', 'B', 'C', 'A', 'B'];

interface SeedKit {
  id: string;
  label: string;
  spacers: number;
  locked: boolean;
  docs: typeof ALL_DOCS;
  mdis: { id: string; batch: string; expiry: string; remaining: number }[];
}

const b = (v: boolean) => (v ? 1 : 0) as 0 | 1;
const iso = (date: IsoDate, hourUtc = 2) => `${date}T${String(hourUtc).padStart(2, '0')}:00:00.000Z`;

export async function seedSchools(db: Db, rnd: Random, ref: SeededReference, opts: SeedOptions): Promise<void> {
  const today = opts.today;
  const campusesOf = new Map((await db.selectFrom('schools').select(['id', 'campuses']).execute()).map((s) => [s.id, s.campuses]));
  for (const [i, school] of ref.schools.entries()) {
    const target: Grade = i === 1 ? 'C' : GRADE_CYCLE[i % GRADE_CYCLE.length]!;
    const campuses = campusesOf.get(school.id) ?? 1;
    const latestDate = i === 1 ? addDays(today, -20) : target === 'D' ? addDays(today, -rnd.int(40, 90)) : addDays(today, -rnd.int(10, 120));
    const kits = await seedKits(db, rnd, i, school.id, target, kitsRequired(school.pupils, campuses), today, opts.now);
    await seedChecks(db, rnd, i, school.id, kits, today, opts.now);
    const uses = await seedUses(db, rnd, school.id, kits, today, opts.now);
    const training = await seedTrainings(db, rnd, i, school.id, target, school.pupils, latestDate, opts.now);

    const base = { kits, campuses, pupils: school.pupils, training, uses };
    const count = 1 + (i % 3);
    for (let k = count - 1; k >= 0; k--) {
      const date = k === 0 ? latestDate : addDays(latestDate, -180 * k - rnd.int(0, 20));
      // Earlier assessments show a different grade, so histories move (mostly up) over time.
      const grade = k === 0 ? target : GRADE_CYCLE[(i + 3 * k + 1) % GRADE_CYCLE.length]!;
      const input = assessmentInput(rnd, base, grade, date);
      const id = await insertAssessment(db, input, { schoolId: school.id, userId: null, now: iso(date, 6), makeId: rnd.uuid });
      if (k > 0) {
        await db
          .updateTable('assessment_actions')
          .set({ status: 'verified', closing_note: '已按要求整改', done_at: iso(addDays(date, 10)), verified_at: iso(addDays(date, 20)) })
          .where('assessment_id', '=', id)
          .execute();
      }
    }
  }
}

async function seedKits(db: Db, rnd: Random, i: number, schoolId: string, target: Grade, required: number, today: IsoDate, now: string): Promise<SeedKit[]> {
  const count = target === 'B' ? Math.max(2, required - 1) : target === 'D' && i % 2 === 1 ? 1 : required;
  const created = iso(addDays(today, -rnd.int(400, 700)));
  const kits: SeedKit[] = [];
  for (let k = 0; k < count; k++) {
    const id = rnd.uuid();
    const spacers = target === 'B' && k === count - 1 ? 1 : 2;
    const docs = target === 'B' && k === 0 ? { ...ALL_DOCS, replacementNote: false } : ALL_DOCS;
    const label = `急救包 ${k + 1}`;
    await db
      .insertInto('kits')
      .values({
        id,
        school_id: schoolId,
        label,
        kind: k === count - 1 && count > 1 ? 'mobile' : 'fixed',
        location: LOCATIONS[k % LOCATIONS.length]!,
        locked: 0,
        storage_ok: 1,
        spacers,
        documents: JSON.stringify(docs),
        status: 'active',
        created_at: created,
        updated_at: now,
      })
      .execute();
    const mdis: SeedKit['mdis'] = [];
    for (let m = 0; m < (k === 0 && count > 2 ? 2 : 1); m++) {
      let expiry: string = rnd.chance(0.5) ? addDays(today, rnd.int(90, 540)).slice(0, 7) : addDays(today, rnd.int(90, 540));
      let remaining = rnd.int(150, 200);
      if (k === 0 && m === 0) {
        // The alerts the demo should show, each on a few schools.
        if (i === 1 || i % 7 === 3) expiry = addDays(today, i === 1 ? 25 : 29);
        else if (i % 7 === 2) expiry = addDays(today, 6);
        else if (i % 7 === 4) expiry = addDays(today, 55);
        else if (i === 5) expiry = addDays(today, -10);
        if (i === 1 || i % 6 === 0) remaining = 32;
        else if (i % 11 === 7) remaining = 15;
      }
      const mdiId = rnd.uuid();
      const batch = `${String(rnd.int(21, 26))}${String(rnd.int(1, 12)).padStart(2, '0')}${String(rnd.int(100, 999))}`;
      const counter = rnd.chance(0.5);
      await db
        .insertInto('kit_mdis')
        .values({
          id: mdiId,
          kit_id: id,
          product: '沙丁胺醇气雾剂 100µg/揿',
          batch,
          expiry,
          expiry_date: mdiExpiryDate(expiry),
          labelled_doses: 200,
          counter_reading: counter ? remaining : null,
          puffs_used: counter ? null : 200 - remaining,
          status: 'in_use',
          replaced_by: null,
          created_at: created,
          updated_at: now,
        })
        .execute();
      mdis.push({ id: mdiId, batch, expiry, remaining });
    }
    kits.push({ id, label, spacers, locked: false, docs, mdis });
  }
  return kits;
}

/** Six months of checks; some schools skipped the last two months, the demo school this month. */
async function seedChecks(db: Db, rnd: Random, i: number, schoolId: string, kits: SeedKit[], today: IsoDate, now: string) {
  const overdue = i !== 1 && i % 5 === 3;
  for (let back = 5; back >= 0; back--) {
    if ((overdue && back <= 1) || (i === 1 && back === 0)) continue;
    const monthStart = addMonths(`${today.slice(0, 7)}-01`, -back);
    for (const kit of kits) {
      const date = addDays(monthStart, rnd.int(1, 8));
      if (compareDates(date, today) > 0) continue;
      await db
        .insertInto('kit_checks')
        .values({
          id: rnd.uuid(),
          kit_id: kit.id,
          school_id: schoolId,
          date,
          mdi_present: b(kit.mdis.length > 0),
          mdi_in_date: 1,
          doses_ok: 1,
          spacers: kit.spacers,
          documents: JSON.stringify(kit.docs),
          unlocked: 1,
          storage_ok: 1,
          poster: 1,
          register_reachable: 1,
          note: null,
          checked_by: null,
          created_at: now,
        })
        .execute();
    }
  }
}

async function seedUses(db: Db, rnd: Random, schoolId: string, kits: SeedKit[], today: IsoDate, now: string) {
  const dates: { date: IsoDate; told: boolean }[] = [];
  const kit = kits[0];
  if (!kit) return dates;
  for (let u = rnd.int(0, 3); u > 0; u--) {
    const date = addDays(today, -rnd.int(3, 200));
    const told = rnd.chance(0.85);
    const mdi = kit.mdis[0]!;
    await db
      .insertInto('kit_uses')
      .values({
        id: rnd.uuid(),
        kit_id: kit.id,
        school_id: schoolId,
        used_at: iso(date, rnd.int(1, 8)),
        date,
        place: rnd.pick(PLACES),
        child_id: null,
        symptoms: JSON.stringify(rnd.chance(0.5) ? ['wheeze', 'breathless'] : ['cough', 'chestTight']),
        puffs: rnd.pick([2, 4, 4, 6]),
        spacer_used: 1,
        given_by: `${rnd.pick(SURNAMES)}老师`,
        called_120: 0,
        outcome: rnd.pick(['backToClass', 'restedThenClass', 'sentHome']),
        parent_told_at: told ? iso(date, 9) : null,
        parent_told_how: told ? rnd.pick(['phone', 'wechat']) : null,
        mdi_id: mdi.id,
        mdi_batch: mdi.batch,
        note: null,
        created_by: null,
        created_at: now,
      })
      .execute();
    dates.push({ date, told });
  }
  return dates;
}

interface SeedTraining {
  people: { name: string; date: IsoDate; pass: boolean }[];
  briefedPct: number;
  briefingDate: IsoDate;
  drill: IsoDate | null;
}

async function seedTrainings(db: Db, rnd: Random, i: number, schoolId: string, target: Grade, pupils: number, before: IsoDate, now: string): Promise<SeedTraining> {
  const required = trainedRequired(pupils);
  const passes = target === 'A' ? required + 1 : target === 'B' ? Math.max(2, required - 1) : target === 'C' ? required : 0;
  const date = addDays(before, -rnd.int(30, 250));
  const people = Array.from({ length: Math.max(passes, 2) }, (_, k) => ({
    name: `${SURNAMES[(i * 3 + k) % SURNAMES.length]}老师`,
    date,
    pass: k < passes,
  }));
  const initial = rnd.uuid();
  await db
    .insertInto('trainings')
    .values({
      id: initial,
      school_id: schoolId,
      date,
      duration_minutes: 120,
      kind: 'initial',
      trainer: rnd.pick(TRAINERS),
      organisation: '浦东新区疾病预防控制中心',
      topics: JSON.stringify(['recognise', 'firstAid120', 'technique', 'findKit', 'recordTell', 'maintenance']),
      staff_briefed: null,
      staff_total: null,
      created_by: null,
      created_at: now,
    })
    .execute();
  for (const [k, p] of people.entries()) {
    await db
      .insertInto('training_attendees')
      .values({
        id: rnd.uuid(),
        training_id: initial,
        name: p.name,
        role: k === 0 ? 'healthTeacher' : rnd.pick(['classTeacher', 'peTeacher', 'teacher']),
        competency: p.pass ? 'pass' : 'fail',
        competency_date: date,
      })
      .execute();
  }
  const staffTotal = Math.round(pupils / 12) + 10;
  const briefedPct = target === 'A' || target === 'C' ? 0.9 : target === 'B' ? 0.6 : 0.4;
  const briefingDate = addDays(before, -rnd.int(20, 200));
  await db
    .insertInto('trainings')
    .values({
      id: rnd.uuid(),
      school_id: schoolId,
      date: briefingDate,
      duration_minutes: 45,
      kind: 'briefing',
      trainer: rnd.pick(TRAINERS),
      organisation: '浦东新区疾病预防控制中心',
      topics: JSON.stringify(['recognise', 'firstAid120', 'findKit']),
      staff_briefed: Math.round(staffTotal * briefedPct),
      staff_total: staffTotal,
      created_by: null,
      created_at: now,
    })
    .execute();
  let drill: IsoDate | null = null;
  if (target !== 'D') {
    drill = addDays(before, -rnd.int(15, 300));
    await db
      .insertInto('trainings')
      .values({
        id: rnd.uuid(),
        school_id: schoolId,
        date: drill,
        duration_minutes: 30,
        kind: 'drill',
        trainer: '校内',
        organisation: '学校',
        topics: JSON.stringify(['firstAid120', 'findKit']),
        staff_briefed: null,
        staff_total: null,
        created_by: null,
        created_at: now,
      })
      .execute();
  }
  return { people, briefedPct: Math.round(staffTotal * briefedPct) / staffTotal, briefingDate, drill };
}

/** What the nurse would have observed on `date` at a school meant to reach `grade`. */
function assessmentInput(rnd: Random, s: { kits: SeedKit[]; campuses: number; pupils: number; training: SeedTraining; uses: { date: IsoDate; told: boolean }[] }, grade: Grade, date: IsoDate): AssessmentInput {
  const kits: KitObservation[] = s.kits.map((k) => ({
    label: k.label,
    spacers: grade === 'A' ? 2 : k.spacers,
    unlocked: true,
    storageOk: true,
    docs: grade === 'A' ? ALL_DOCS : k.docs,
    mdis: k.mdis.map((m) => ({ batch: m.batch, expiry: m.expiry, remaining: m.remaining })),
  }));
  const registered = rnd.int(4, 25);
  const partial = (n: number) => (grade === 'A' || grade === 'C' ? n : Math.round(n * 0.7));
  const uses = s.uses.filter((u) => compareDates(u.date, date) <= 0 && compareDates(u.date, addDays(date, -180)) > 0);
  const trainedOn = (p: SeedTraining['people'][number]) => (compareDates(p.date, date) <= 0 ? p.date : addDays(date, -60));
  return {
    date,
    enrolment: s.pupils,
    campuses: s.campuses,
    kits,
    staffKnewLocation: grade === 'B' ? 1 : 2,
    healthStaffOk: grade !== 'D',
    staffBriefedPct: grade === 'A' || grade === 'C' ? Math.max(0.85, s.training.briefedPct) : s.training.briefedPct,
    staffTraining: grade === 'D' ? [] : s.training.people.map((p) => ({ name: p.name, date: trainedOn(p), pass: grade === 'A' || grade === 'C' ? true : p.pass })),
    registerUpdatedThisTerm: grade !== 'C',
    registerAccessible: true,
    registered,
    plansValid: partial(registered),
    consents: partial(registered),
    procedure: grade !== 'D',
    postersAllKitLocations: grade !== 'B',
    lastDrill: s.training.drill && compareDates(s.training.drill, date) <= 0 ? s.training.drill : grade === 'D' ? null : addDays(date, -100),
    monthlyChecksLast3: grade === 'A' || grade === 'C' ? 3 : grade === 'B' ? 2 : 1,
    uses: uses.length,
    usesLoggedComplete: uses.length,
    usesParentNotified: uses.filter((u) => u.told).length,
  };
}
