// School and asthma-index indicators (docs/school-rubric.md, asthma-index.md): district-wide, not per centre.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { addDays, addMonths, type IsoDate } from '../calendar';
import { ratio, type IndicatorDefinition } from './types';

const n = (v: unknown) => Number(v ?? 0);

export const schoolsAssessed6m: IndicatorDefinition = {
  id: 'schools_assessed_6m',
  version: '1',
  unit: 'percent',
  label: { zh: '近 6 个月完成急救能力评估的学校', en: 'Schools assessed in the last 6 months' },
  definition: { zh: '期末前 6 个月内有评估的学校 ÷ 全部学校', en: 'Schools with an assessment in the 6 months to the period end, over all schools' },
  async compute(db, _scope, p) {
    const since = addMonths(p.to, -6);
    const total = n((await db.selectFrom('schools').select(sql<number>`count(*)`.as('n')).executeTakeFirst())?.n);
    const assessed = n((await db.selectFrom('assessments').select(sql<number>`count(distinct school_id)`.as('n')).where('date', '>', since).where('date', '<=', p.to).executeTakeFirst())?.n);
    return ratio(assessed, total);
  },
};

export const kitsExpiring30d: IndicatorDefinition = {
  id: 'mdis_expiring_30d',
  version: '1',
  unit: 'count',
  label: { zh: '30 天内到期的急救吸入器', en: 'Inhalers expiring within 30 days' },
  definition: { zh: '在用急救包中，期末后 30 天内到期或已过期的吸入器', en: 'Inhalers in use in school kits expiring within 30 days of the period end, or already expired' },
  async compute(db, _scope, p) {
    const row = await db
      .selectFrom('kit_mdis as m')
      .innerJoin('kits as k', 'k.id', 'm.kit_id')
      .select(sql<number>`count(*)`.as('n'))
      .where('m.status', '=', 'in_use')
      .where('k.status', '=', 'active')
      .where('m.expiry_date', '<=', addDays(p.to, 30))
      .executeTakeFirst();
    const count = n(row?.n);
    return { numerator: count, denominator: 1, value: count };
  },
};

export const trainedStaff: IndicatorDefinition = {
  id: 'trained_staff',
  version: '1',
  unit: 'count',
  label: { zh: '有效培训合格的学校人员', en: 'Validly trained school staff' },
  definition: { zh: '期末前 365 天内考核合格的培训学员人次（按学校与姓名去重）', en: 'Staff with a competency pass in the 365 days to the period end (distinct by school and name)' },
  async compute(db, _scope, p) {
    const row = await db
      .selectFrom('training_attendees as a')
      .innerJoin('trainings as t', 't.id', 'a.training_id')
      .select(sql<number>`count(distinct t.school_id || '|' || a.name)`.as('n'))
      .where('a.competency', '=', 'pass')
      .where((eb) => eb(eb.fn.coalesce('a.competency_date', 't.date'), '>', addDays(p.to, -365)))
      .where((eb) => eb(eb.fn.coalesce('a.competency_date', 't.date'), '<=', p.to))
      .executeTakeFirst();
    const count = n(row?.n);
    return { numerator: count, denominator: 1, value: count };
  },
};

/** Latest grade of each school assessed by the period end: the distribution A-D plus never assessed. */
export async function gradeDistribution(db: Kysely<DB>, to: IsoDate): Promise<Record<'A' | 'B' | 'C' | 'D' | 'none', number>> {
  const rows = await db
    .selectFrom('schools as s')
    .leftJoin('assessments as a', (join) =>
      join
        .onRef('a.school_id', '=', 's.id')
        .on((eb) => eb('a.id', '=', eb.selectFrom('assessments as b').select('b.id').whereRef('b.school_id', '=', 's.id').where('b.date', '<=', to).orderBy('b.date', 'desc').orderBy('b.created_at', 'desc').limit(1))),
    )
    .select(['a.grade', sql<number>`count(*)`.as('n')])
    .groupBy('a.grade')
    .execute();
  const out = { A: 0, B: 0, C: 0, D: 0, none: 0 };
  for (const r of rows) out[(r.grade ?? 'none') as keyof typeof out] = n(r.n);
  return out;
}

/** Days at each index level per month for a district: the index calendar. */
export async function indexLevelsByMonth(db: Kysely<DB>, district: string, from: IsoDate, to: IsoDate) {
  const rows = await db.selectFrom('index_days').select(['date', 'level']).where('district', '=', district).where('date', '>=', from).where('date', '<=', to).where('level', 'is not', null).execute();
  const months = new Map<string, number[]>();
  for (const r of rows) {
    const month = r.date.slice(0, 7);
    const counts = months.get(month) ?? [0, 0, 0, 0, 0];
    counts[(r.level as number) - 1]! += 1;
    months.set(month, counts);
  }
  return [...months.entries()].sort().map(([month, levels]) => ({ month, levels }));
}

export const highIndexDays: IndicatorDefinition = {
  id: 'index_days_level_4_5',
  version: '1',
  unit: 'count',
  label: { zh: '哮喘指数 4-5 级天数（浦东）', en: 'Days at index level 4-5 (Pudong)' },
  definition: { zh: '期内浦东新区哮喘指数为 4 或 5 级的天数', en: 'Days in the period with the Pudong asthma index at level 4 or 5' },
  async compute(db, _scope, p) {
    const row = await db.selectFrom('index_days').select(sql<number>`count(*)`.as('n')).where('district', '=', 'pudong').where('date', '>=', p.from).where('date', '<=', p.to).where('level', '>=', 4).executeTakeFirst();
    const count = n(row?.n);
    return { numerator: count, denominator: 1, value: count };
  },
};

export const programmeIndicators: IndicatorDefinition[] = [schoolsAssessed6m, kitsExpiring30d, trainedStaff, highIndexDays];
