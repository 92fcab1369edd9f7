// Follow-up indicators of docs/indicators.md, as SQL aggregates (they must stay fast at city scale).
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { DB } from '../../db/schema';
import { addDays, daysBetween, type IsoDate } from '../calendar';
import { EXACERBATION_GRACE_DAYS, ROUTINE_GRACE_DAYS } from '../followups/rules';
import { ratio, type IndicatorDefinition, type IndicatorScope, type Period } from './types';

const n = (v: unknown) => Number(v ?? 0);

/** Children of the scope enrolled by `asOf` and still active (withdrawn/transferred children leave every cohort). */
function activeChildren<O>(db: Kysely<DB>, scope: IndicatorScope, asOf: IsoDate): SelectQueryBuilder<DB, 'children', O> {
  let q = db.selectFrom('children').where('status', '=', 'active').where('enrolled_on', '<=', asOf) as unknown as SelectQueryBuilder<DB, 'children', O>;
  if (scope.centerIds) q = q.where('children.center_id', 'in', scope.centerIds.length ? scope.centerIds : ['']);
  return q;
}

async function countActive(db: Kysely<DB>, scope: IndicatorScope, asOf: IsoDate, where?: (q: SelectQueryBuilder<DB, 'children', {}>) => SelectQueryBuilder<DB, 'children', {}>): Promise<number> {
  let q = activeChildren<{}>(db, scope, asOf);
  if (where) q = where(q);
  const row = await q.select(sql<number>`count(*)`.as('n')).executeTakeFirst();
  return n(row?.n);
}

export const activeEnrolled: IndicatorDefinition = {
  id: 'active_enrolled', version: '1', unit: 'count',
  label: { zh: '在管儿童数', en: 'Active enrolled children' },
  definition: { zh: '期末在管（未退出、未转出）的登记儿童', en: 'Children enrolled by the period end and still active' },
  async compute(db, scope, p) {
    const count = await countActive(db, scope, p.to);
    return { numerator: count, denominator: 1, value: count };
  },
};

export const followedUp90: IndicatorDefinition = {
  id: 'followed_up_90d', version: '1', unit: 'percent',
  label: { zh: '近 90 天有随访的比例', en: 'Followed up in the last 90 days' },
  definition: { zh: '期末在管儿童中，期末前 90 天内有随访者', en: 'Active children with a follow-up in the 90 days to the period end' },
  async compute(db, scope, p) {
    const since = addDays(p.to, -89);
    const denominator = await countActive(db, scope, p.to);
    const numerator = await countActive(db, scope, p.to, (q) =>
      // EXISTS per child uses follow_ups(child_id, date); IN (subquery) would scan every follow-up.
      q.where((eb) => eb.exists(eb.selectFrom('follow_ups').select('follow_ups.id').whereRef('follow_ups.child_id', '=', 'children.id').where('follow_ups.date', '>=', since).where('follow_ups.date', '<=', p.to))),
    );
    return ratio(numerator, denominator);
  },
};

/** Follow-ups whose computed due date fell in the period, and whether the next visit came within the grace. */
export const onTimeFollowUps: IndicatorDefinition = {
  id: 'on_time_follow_ups', version: '1', unit: 'percent',
  label: { zh: '按时随访率', en: 'Follow-ups on time' },
  definition: { zh: '到期日落在期内的随访中，在到期日加宽限期（常规 7 天，急性发作后 2 天）内完成下次随访者', en: 'Reviews falling due in the period that were done by the due date plus grace (7 days routine, 2 after an exacerbation)' },
  async compute(db, scope, p) {
    let q = db
      .selectFrom('follow_ups as f')
      .innerJoin('children as c', 'c.id', 'f.child_id')
      .select(['f.next_due_date', 'f.next_due_reason', (eb) => eb.selectFrom('follow_ups as g').select((e) => e.fn.min('g.date').as('d')).whereRef('g.child_id', '=', 'f.child_id').whereRef('g.date', '>', 'f.date').as('next_date')])
      .where('f.next_due_date', '>=', p.from)
      .where('f.next_due_date', '<=', p.to);
    if (scope.centerIds) q = q.where('c.center_id', 'in', scope.centerIds.length ? scope.centerIds : ['']);
    const rows = await q.execute();
    let due = 0;
    let onTime = 0;
    for (const r of rows) {
      const grace = r.next_due_reason === 'R4' ? EXACERBATION_GRACE_DAYS : ROUTINE_GRACE_DAYS;
      const deadline = addDays(r.next_due_date!, grace);
      // A review still within its grace at the period end is not yet late: it is left out until decided.
      if (!r.next_date && deadline >= p.to) continue;
      due += 1;
      if (r.next_date && (r.next_date as string) <= deadline) onTime += 1;
    }
    return ratio(onTime, due);
  },
};

export const overdueNow: IndicatorDefinition = {
  id: 'overdue_now', version: '1', unit: 'count',
  label: { zh: '当前逾期人数', en: 'Overdue now' },
  definition: { zh: '期末时已超过到期日加宽限期仍未随访的在管儿童', en: 'Active children past their due date plus grace at the period end' },
  async compute(db, scope, p) {
    const count = await countActive(db, scope, p.to, (q) =>
      q.where((eb) =>
        eb.or([
          eb.and([eb('next_due_reason', '=', 'R4'), eb('next_due_date', '<', addDays(p.to, -EXACERBATION_GRACE_DAYS))]),
          eb.and([eb('next_due_reason', '!=', 'R4'), eb('next_due_date', '<', addDays(p.to, -ROUTINE_GRACE_DAYS))]),
        ]),
      ),
    );
    return { numerator: count, denominator: 1, value: count };
  },
};

/** Age bands of docs/clinical-rules.md's instruments, by birth-date cut-offs so the SQL stays portable. */
export const AGE_BANDS = [
  { id: 'under6', label: { zh: '<6 岁', en: 'under 6' }, minAge: 0, maxAge: 5 },
  { id: '6to11', label: { zh: '6-11 岁', en: '6-11' }, minAge: 6, maxAge: 11 },
  { id: '12plus', label: { zh: '≥12 岁', en: '12 and over' }, minAge: 12, maxAge: 200 },
] as const;

const yearsBefore = (date: IsoDate, years: number) => `${Number(date.slice(0, 4)) - years}${date.slice(4)}`;

export function wellControlled(band?: (typeof AGE_BANDS)[number]): IndicatorDefinition {
  return {
    id: band ? `well_controlled_${band.id}` : 'well_controlled', version: '1', unit: 'percent',
    label: band ? { zh: `GINA 良好控制率（${band.label.zh}）`, en: `Well controlled, GINA (${band.label.en})` } : { zh: 'GINA 良好控制率', en: 'Well controlled (GINA)' },
    definition: { zh: '期内有随访的在管儿童中，期内最近一次随访为良好控制者', en: 'Active children followed up in the period whose latest follow-up in it was well controlled' },
    async compute(db, scope, p) {
      let q = db
        .selectFrom('follow_ups as f')
        .innerJoin('children as c', 'c.id', 'f.child_id')
        .select([sql<number>`count(*)`.as('total'), sql<number>`sum(case when f.gina_level = 'well' then 1 else 0 end)`.as('well')])
        .where('c.status', '=', 'active')
        .where('f.date', '>=', p.from)
        .where('f.date', '<=', p.to)
        .where((eb) => eb('f.date', '=', eb.selectFrom('follow_ups as g').select((e) => e.fn.max('g.date').as('d')).whereRef('g.child_id', '=', 'f.child_id').where('g.date', '<=', p.to)))
        .where((eb) => eb.not(eb.exists(eb.selectFrom('follow_ups as h').select('h.id').whereRef('h.child_id', '=', 'f.child_id').whereRef('h.date', '=', 'f.date').whereRef('h.created_at', '>', 'f.created_at'))));
      if (scope.centerIds) q = q.where('c.center_id', 'in', scope.centerIds.length ? scope.centerIds : ['']);
      if (band) q = q.where('c.birth_date', '<=', yearsBefore(p.to, band.minAge)).where('c.birth_date', '>', yearsBefore(p.to, band.maxAge + 1));
      const row = await q.executeTakeFirst();
      return ratio(n(row?.well), n(row?.total));
    },
  };
}

/**
 * The overall and per-age-band well-controlled figures in one pass (the same cohort and rule as
 * wellControlled(band)), so a dashboard reads each child's latest follow-up once rather than four times.
 */
export async function wellControlledAllBands(db: Kysely<DB>, scope: IndicatorScope, p: Period): Promise<Map<string, ReturnType<typeof ratio>>> {
  const bandSql = (band: (typeof AGE_BANDS)[number]) => sql`(c.birth_date <= ${yearsBefore(p.to, band.minAge)} and c.birth_date > ${yearsBefore(p.to, band.maxAge + 1)})`;
  let q = db
    .selectFrom('follow_ups as f')
    .innerJoin('children as c', 'c.id', 'f.child_id')
    .select([sql<number>`count(*)`.as('total'), sql<number>`sum(case when f.gina_level = 'well' then 1 else 0 end)`.as('well')])
    .select(AGE_BANDS.flatMap((band) => [
      sql<number>`sum(case when ${bandSql(band)} then 1 else 0 end)`.as(`total_${band.id}`),
      sql<number>`sum(case when ${bandSql(band)} and f.gina_level = 'well' then 1 else 0 end)`.as(`well_${band.id}`),
    ]))
    .where('c.status', '=', 'active')
    .where('f.date', '>=', p.from)
    .where('f.date', '<=', p.to)
    .where((eb) => eb('f.date', '=', eb.selectFrom('follow_ups as g').select((e) => e.fn.max('g.date').as('d')).whereRef('g.child_id', '=', 'f.child_id').where('g.date', '<=', p.to)))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('follow_ups as h').select('h.id').whereRef('h.child_id', '=', 'f.child_id').whereRef('h.date', '=', 'f.date').whereRef('h.created_at', '>', 'f.created_at'))));
  if (scope.centerIds) q = q.where('c.center_id', 'in', scope.centerIds.length ? scope.centerIds : ['']);
  const row = (await q.executeTakeFirst()) as Record<string, unknown> | undefined;
  const out = new Map<string, ReturnType<typeof ratio>>([[wellControlled().id, ratio(n(row?.well), n(row?.total))]]);
  for (const band of AGE_BANDS) out.set(wellControlled(band).id, ratio(n(row?.[`well_${band.id}`]), n(row?.[`total_${band.id}`])));
  return out;
}

export const questionnaireWell: IndicatorDefinition = {
  id: 'questionnaire_well', version: '1', unit: 'percent',
  label: { zh: '问卷控制良好率', en: 'Well controlled (questionnaire)' },
  definition: { zh: '期内随访中，问卷（C-ACT/ACT/TRACK）评为控制良好者', en: 'Follow-ups in the period whose questionnaire (C-ACT/ACT/TRACK) band was well controlled' },
  async compute(db, scope, p) {
    let q = db
      .selectFrom('follow_ups as f')
      .innerJoin('children as c', 'c.id', 'f.child_id')
      .select([sql<number>`count(*)`.as('total'), sql<number>`sum(case when f.score_band = 'well' then 1 else 0 end)`.as('well')])
      .where('f.date', '>=', p.from)
      .where('f.date', '<=', p.to)
      .where('f.score_band', 'is not', null);
    if (scope.centerIds) q = q.where('c.center_id', 'in', scope.centerIds.length ? scope.centerIds : ['']);
    const row = await q.executeTakeFirst();
    return ratio(n(row?.well), n(row?.total));
  },
};

export const exacerbationRate: IndicatorDefinition = {
  id: 'exacerbations_per_100_child_years', version: '1', unit: 'per100childYears',
  label: { zh: '每百儿童年急性发作次数', en: 'Exacerbations per 100 child-years' },
  definition: { zh: '期内随访记录的口服激素疗程、急诊和住院次数之和 ÷ 期内在管儿童年 × 100', en: 'Oral steroid courses, emergency visits and admissions recorded at follow-ups in the period, per 100 active child-years' },
  async compute(db, scope, p) {
    let events = db
      .selectFrom('follow_ups as f')
      .innerJoin('children as c', 'c.id', 'f.child_id')
      .select(sql<number>`sum(f.ocs_courses + f.ed_visits + f.admissions)`.as('n'))
      .where('f.date', '>=', p.from)
      .where('f.date', '<=', p.to);
    if (scope.centerIds) events = events.where('c.center_id', 'in', scope.centerIds.length ? scope.centerIds : ['']);
    const count = n((await events.executeTakeFirst())?.n);
    // Child-time: each active child counts from max(enrolment, period start) to the period end.
    let time = db.selectFrom('children').select(['enrolled_on']).where('status', '=', 'active').where('enrolled_on', '<=', p.to);
    if (scope.centerIds) time = time.where('center_id', 'in', scope.centerIds.length ? scope.centerIds : ['']);
    const rows = await time.execute();
    const days = rows.reduce((sum, r) => sum + daysBetween(r.enrolled_on > p.from ? r.enrolled_on : p.from, p.to) + 1, 0);
    const childYears = days / 365.25;
    return { numerator: count, denominator: childYears, value: childYears > 0 ? (100 * count) / childYears : null };
  },
};

export const actionPlanCoverage: IndicatorDefinition = {
  id: 'action_plan', version: '1', unit: 'percent',
  label: { zh: '有书面行动计划的比例', en: 'With a written action plan' },
  definition: { zh: '期末在管儿童中，任一随访记录已给予书面行动计划者', en: 'Active children given a written action plan at any follow-up' },
  async compute(db, scope, p) {
    const denominator = await countActive(db, scope, p.to);
    const numerator = await countActive(db, scope, p.to, (q) =>
      q.where((eb) => eb.exists(eb.selectFrom('follow_ups').select('follow_ups.id').whereRef('follow_ups.child_id', '=', 'children.id').where('follow_ups.date', '<=', p.to).where('follow_ups.action_plan_given', '=', 1))),
    );
    return ratio(numerator, denominator);
  },
};

export const inhalerTechniqueChecked: IndicatorDefinition = {
  id: 'inhaler_technique_6m', version: '1', unit: 'percent',
  label: { zh: '6 个月内检查吸入技术的比例', en: 'Inhaler technique checked in 6 months' },
  definition: { zh: '期末在管儿童中，期末前 6 个月内随访时检查过吸入技术者', en: 'Active children whose inhaler technique was checked at a follow-up in the 6 months to the period end' },
  async compute(db, scope, p) {
    const since = addDays(p.to, -182);
    const denominator = await countActive(db, scope, p.to);
    const numerator = await countActive(db, scope, p.to, (q) =>
      q.where((eb) => eb.exists(eb.selectFrom('follow_ups').select('follow_ups.id').whereRef('follow_ups.child_id', '=', 'children.id').where('follow_ups.date', '>=', since).where('follow_ups.date', '<=', p.to).where('follow_ups.inhaler_technique_ok', 'is not', null))),
    );
    return ratio(numerator, denominator);
  },
};

export const diaryAdherence: IndicatorDefinition = {
  id: 'diary_adherence_28d', version: '1', unit: 'percent',
  label: { zh: '日记依从性（近 28 天）', en: 'Diary adherence (last 28 days)' },
  definition: { zh: '使用日记的在管儿童（曾有记录）在期末前 28 天中有记录的天数比例', en: 'Share of the 28 days to the period end logged, over active children who use the diary (any entry ever)' },
  async compute(db, scope, p) {
    const since = addDays(p.to, -27);
    const users = await countActive(db, scope, p.to, (q) =>
      q.where((eb) => eb.exists(eb.selectFrom('diary_entries').select('diary_entries.id').whereRef('diary_entries.child_id', '=', 'children.id').where('diary_entries.date', '<=', p.to))),
    );
    let q = db
      .selectFrom('diary_entries as d')
      .innerJoin('children as c', 'c.id', 'd.child_id')
      .select(sql<number>`count(*)`.as('n'))
      .where('c.status', '=', 'active')
      .where('d.date', '>=', since)
      .where('d.date', '<=', p.to);
    if (scope.centerIds) q = q.where('c.center_id', 'in', scope.centerIds.length ? scope.centerIds : ['']);
    const logged = n((await q.executeTakeFirst())?.n);
    return ratio(logged, users * 28);
  },
};

export const clinicalIndicators: IndicatorDefinition[] = [
  activeEnrolled,
  followedUp90,
  onTimeFollowUps,
  overdueNow,
  wellControlled(),
  ...AGE_BANDS.map((b) => wellControlled(b)),
  questionnaireWell,
  exacerbationRate,
  actionPlanCoverage,
  inhalerTechniqueChecked,
  diaryAdherence,
];

export type { Period };
