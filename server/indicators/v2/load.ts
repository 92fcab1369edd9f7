// The rows the v2 definitions read, for one centre (or every centre at once for referrals). Every
// query starts from the centre's children (children_centre_due) and reaches their rows through
// per-child indexes; no query runs per child.
import { portableSql } from '../../../db/sql';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema';
import { addDays, addMonths, shanghaiDate, type IsoDate } from '../../calendar';
import type { WorkingCalendar } from '../../followups/rules/working-days';
import { countsByDirectionAndStatus, type ReferralForIndicators } from '../../referrals/rules/indicators';
import type { FollowUpRow, PlanVersion } from './control';
import type { DueChange } from './on-time';
import type { ChildRecord, Period } from './model';

/** How far before the period the histories are read: a due date falling in it was set at most 12 months before. */
export const LOOK_BACK_DAYS = 370;

/** A child's diary in one calendar month of the period. */
export interface DiaryMonth {
  childId: string;
  month: string;
  days: number;
  /** School days with the absence question answered, and of those absent. */
  answered: number;
  absent: number;
  /** Days with an ED visit, an admission or an oral steroid started. */
  eventDates: IsoDate[];
}

export interface CentreRows {
  children: ChildRecord[];
  followUps: FollowUpRow[];
  dueChanges: DueChange[];
  plans: PlanVersion[];
  diary: DiaryMonth[];
  /** Days logged in the 28 days to the period end, per child. */
  diaryLast28: Map<string, number>;
}

const n = (v: unknown) => Number(v ?? 0);
/** Shanghai midnight starting `date`, as the UTC instant stored rows use. */
export const shanghaiStart = (date: IsoDate) => `${addDays(date, -1)}T16:00:00.000Z`;

export async function loadCentre(db: Kysely<DB>, centerId: string, p: Period): Promise<CentreRows> {
  const back = addDays(p.from, -LOOK_BACK_DAYS);
  const children = (
    await db
      .selectFrom('children as c')
      .select([
        'c.id',
        'c.enrolled_on',
        'c.birth_date',
        'c.school_id',
        'c.status',
        'c.updated_at',
        sql<string | null>`case when c.status <> 'active' then (select max(s.since) from child_status_changes s where s.child_id = c.id and s.status = c.status) end`.as('inactive_from'),
      ])
      .where('c.center_id', '=', centerId)
      .where('c.enrolled_on', '<=', p.to)
      .execute()
  ).map(
    (c): ChildRecord => ({
      id: c.id,
      enrolledOn: c.enrolled_on,
      birthDate: c.birth_date,
      atSchool: c.school_id !== null,
      inactiveFrom: c.status === 'active' ? null : (c.inactive_from ?? shanghaiDate(new Date(c.updated_at))),
    }),
  );
  const followUps = (
    await db
      .selectFrom('children as c')
      .innerJoin('follow_ups as f', 'f.child_id', 'c.id')
      .select(['f.child_id', 'f.date', 'f.created_at', 'f.gina_level', 'f.score_band', 'f.ocs_courses', 'f.ed_visits', 'f.admissions', 'f.inhaler_technique_ok'])
      .where('c.center_id', '=', centerId)
      .where('f.date', '>=', back)
      .execute()
  ).map(
    (f): FollowUpRow => ({
      childId: f.child_id,
      date: f.date,
      savedAt: f.created_at,
      gina: f.gina_level,
      band: f.score_band,
      ocs: f.ocs_courses,
      ed: f.ed_visits,
      admissions: f.admissions,
      techniqueChecked: f.inhaler_technique_ok !== null,
    }),
  );
  // The changes since the look-back, and each child's due date in force at the period end however old.
  const changeColumns = ['h.id', 'h.child_id', 'h.since', 'h.due_date', 'h.reason', sql<number | null>`coalesce(h.grace, case when h.reason = 'R4' then 2 else 7 end)`.as('grace')] as const;
  const recent = await db.selectFrom('children as c').innerJoin('due_date_history as h', 'h.child_id', 'c.id').select(changeColumns).where('c.center_id', '=', centerId).where('h.since', '>=', back).where('h.since', '<=', p.to).execute();
  const inForce = await db
    .selectFrom('children as c')
    .innerJoin('due_date_history as h', (j) =>
      j.on((eb) => eb('h.id', '=', eb.selectFrom('due_date_history as g').select('g.id').whereRef('g.child_id', '=', 'c.id').where('g.since', '<=', p.to).orderBy('g.since', 'desc').orderBy('g.id', 'desc').limit(1))),
    )
    .select(changeColumns)
    .where('c.center_id', '=', centerId)
    .execute();
  const seen = new Set<number>();
  const dueChanges: DueChange[] = [];
  for (const h of [...recent, ...inForce]) {
    if (seen.has(h.id)) continue;
    seen.add(h.id);
    dueChanges.push({ childId: h.child_id, since: h.since, seq: h.id, dueDate: h.due_date, graceDays: h.due_date === null ? null : h.grace, reason: h.reason });
  }
  const plans = (
    await db
      .selectFrom('children as c')
      .innerJoin('action_plans as a', 'a.child_id', 'c.id')
      .select(['a.child_id', 'a.created_at'])
      .where('c.center_id', '=', centerId)
      .where('a.created_at', '>=', shanghaiStart(addMonths(p.to, -12)))
      .where('a.created_at', '<', shanghaiStart(addDays(p.to, 1)))
      .execute()
  ).map((a): PlanVersion => ({ childId: a.child_id, date: shanghaiDate(new Date(a.created_at)) }));
  const { weekday, commaList } = portableSql(db);
  const schoolDay = sql<number>`((${weekday(sql.ref('d.date'))} not in (0, 6) and coalesce(cd.kind, '') <> 'holiday') or cd.kind = 'workday')`;
  const event = sql<number>`(d.unscheduled_care in ('ed', 'admitted') or d.ocs_started = 1)`;
  const diary = (
    await db
      .selectFrom('children as c')
      .innerJoin('diary_entries as d', 'd.child_id', 'c.id')
      .leftJoin('calendar_days as cd', 'cd.date', 'd.date')
      .select([
        'd.child_id',
        sql<string>`substr(d.date, 1, 7)`.as('month'),
        sql<number>`count(*)`.as('days'),
        sql<number>`sum(case when ${schoolDay} and d.school_absence is not null then 1 else 0 end)`.as('answered'),
        sql<number>`sum(case when ${schoolDay} and d.school_absence = 1 then 1 else 0 end)`.as('absent'),
        commaList(sql`case when ${event} then d.date end`).as('events'),
      ])
      .where('c.center_id', '=', centerId)
      .where('d.date', '>=', p.from)
      .where('d.date', '<=', p.to)
      .groupBy(['d.child_id', sql`substr(d.date, 1, 7)`])
      .execute()
  ).map((r): DiaryMonth => ({ childId: r.child_id, month: r.month, days: n(r.days), answered: n(r.answered), absent: n(r.absent), eventDates: r.events ? r.events.split(',') : [] }));
  const last28 = await db
    .selectFrom('children as c')
    .innerJoin('diary_entries as d', 'd.child_id', 'c.id')
    .select(['d.child_id', sql<number>`count(*)`.as('days')])
    .where('c.center_id', '=', centerId)
    .where('d.date', '>=', addDays(p.to, -27))
    .where('d.date', '<=', p.to)
    .groupBy('d.child_id')
    .execute();
  return { children, followUps, dueChanges, plans, diary, diaryLast28: new Map(last28.map((r) => [r.child_id, n(r.days)])) };
}

/** The admin's holidays and make-up days in the period. */
export async function loadCalendar(db: Kysely<DB>, p: Period): Promise<WorkingCalendar> {
  const rows = await db.selectFrom('calendar_days').select(['date', 'kind']).where('date', '>=', p.from).where('date', '<=', p.to).execute();
  return { holidays: new Set(rows.filter((r) => r.kind === 'holiday').map((r) => r.date)), workdays: new Set(rows.filter((r) => r.kind === 'workday').map((r) => r.date)) };
}

export interface ReferralRow extends ReferralForIndicators {
  fromCenterId: string;
  toCenterId: string;
}

/**
 * Every referral created in the period (Asia/Shanghai days), with its moves: ~20,000 a year at city
 * scale. With a centre, only those from or to it.
 */
export async function loadReferrals(db: Kysely<DB>, p: Period, centerId?: string): Promise<ReferralRow[]> {
  const start = shanghaiStart(p.from);
  const end = shanghaiStart(addDays(p.to, 1));
  let query = db
    .selectFrom('referrals as r')
    .select(['r.id', 'r.direction', 'r.urgency', 'r.status', 'r.created_at', 'r.responded_at', 'r.reasons', 'r.outcome', 'r.from_center_id', 'r.to_center_id'])
    .where('r.created_at', '>=', start)
    .where('r.created_at', '<', end);
  if (centerId !== undefined) query = query.where((eb) => eb.or([eb('r.from_center_id', '=', centerId), eb('r.to_center_id', '=', centerId)]));
  const rows = await query.orderBy('r.created_at').orderBy('r.id').execute();
  let movesQuery = db
    .selectFrom('referral_history as h')
    .innerJoin('referrals as r', 'r.id', 'h.referral_id')
    .select(['h.referral_id', 'h.from_status', 'h.to_status', 'h.at'])
    .where('r.created_at', '>=', start)
    .where('r.created_at', '<', end);
  if (centerId !== undefined) movesQuery = movesQuery.where((eb) => eb.or([eb('r.from_center_id', '=', centerId), eb('r.to_center_id', '=', centerId)]));
  const moves = rows.length ? await movesQuery.orderBy('h.id').execute() : [];
  // A year of the city's referrals is ~20,000 rows held while every centre's figures are computed:
  // each row's statuses, codes and centre ids are the same few strings, so one copy of each is kept.
  const one = new Map<string, string>();
  const intern = <T extends string | null>(v: T): T => (v === null ? v : ((one.get(v) ?? (one.set(v, v), v)) as T));
  const byReferral = new Map<string, ReferralForIndicators['history'][number][]>();
  for (const m of moves) (byReferral.get(m.referral_id) ?? byReferral.set(m.referral_id, []).get(m.referral_id)!).push({ from: intern(m.from_status), to: intern(m.to_status), at: m.at });
  const noMoves: ReferralForIndicators['history'] = [];
  return rows.map((r) => ({
    direction: intern(r.direction),
    urgency: intern(r.urgency),
    status: intern(r.status),
    createdAt: r.created_at,
    respondedAt: r.responded_at,
    reasons: (JSON.parse(r.reasons) as string[]).map(intern),
    outcome: intern(r.outcome),
    history: byReferral.get(r.id) ?? noMoves,
    fromCenterId: intern(r.from_center_id),
    toCenterId: intern(r.to_center_id),
  }));
}

/**
 * The period's referrals by direction and stored status, counted by the database: the same as
 * countsByDirectionAndStatus over loadReferrals without building the city's ~20,000 referrals
 * (14 MB of the worker's heap at the end of the table's computation).
 */
export async function loadReferralCounts(db: Kysely<DB>, p: Period): Promise<ReturnType<typeof countsByDirectionAndStatus>> {
  const rows = await db
    .selectFrom('referrals')
    .select(['direction', 'status', sql<number>`count(*)`.as('n')])
    .where('created_at', '>=', shanghaiStart(p.from))
    .where('created_at', '<', shanghaiStart(addDays(p.to, 1)))
    .groupBy(['direction', 'status'])
    .execute();
  const counts = countsByDirectionAndStatus([]);
  for (const r of rows) counts[r.direction][r.status] += Number(r.n);
  return counts;
}
