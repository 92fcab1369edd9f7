// The indicators answered to the API, pages and CSV: scope and period checked, figures read from the
// period's table (v2/table.ts), kept as a snapshot until the data change. Everything below the
// district comes out of the table already suppressed, so no route can show a small group.
import { sql } from 'kysely';
import { addDays, addMonths, type IsoDate } from '../calendar';
import { nowIso, today } from '../clock';
import type { Actor, Deps, RequestContext } from '../context';
import { auditRead } from '../audit/audit';
import { forbidden, notFound, validationFailed } from '../errors';
import { referralIndicatorsFor, referralPeriod, type ReferralIndicatorsReport } from '../referrals/indicators';
import { countsByDirectionAndStatus } from '../referrals/rules/indicators';
import { responseLimits } from '../referrals/views';
import { t } from '../../web/i18n';
import { gradeDistribution, indexLevelsByMonth, programmeIndicators } from './programme';
import { snapshotOf, type Computed } from './snapshots';
import type { IndicatorScope, Period } from './types';
import { INDICATORS, TREND_SERIES, type Unit } from './v2/figures';
import { loadCalendar, loadReferralCounts } from './v2/load';
import { SMALL_GROUP, withheldCells, type PublishedFigure } from './v2/suppression';
import { computeTable, TABLE_VERSION, type Table, type TrendPoint } from './v2/table';
import { assertMay } from '../auth/policy';

export const INDICATORS_VERSION = TABLE_VERSION;
export const TIME_ZONE = 'Asia/Shanghai';

export interface IndicatorItem extends PublishedFigure {
  id: string;
  version: string;
  unit: Unit;
  label: { zh: string; en: string };
  definition: { zh: string; en: string };
}

export interface IndicatorQuery {
  from?: IsoDate;
  to?: IsoDate;
  centerId?: string;
}

/** Who may see which centres' figures: managers and admins everything, a clinician their own centre. */
function resolveScope(actor: Actor | null, centerId?: string): { scope: IndicatorScope; centerId: string | null } {
  if (!actor) throw forbidden();
  if (actor.role === 'clinician') {
    if (centerId && centerId !== actor.centerId) throw forbidden('A clinician sees the indicators of their own centre');
    return { scope: { centerIds: [actor.centerId!] }, centerId: actor.centerId };
  }
  assertMay(actor, 'indicators.compare');
  return { scope: { centerIds: centerId ? [centerId] : null }, centerId: centerId ?? null };
}

export function resolvePeriod(deps: Deps, q: IndicatorQuery): Period {
  const to = q.to ?? today(deps.clock);
  const from = q.from ?? addDays(addMonths(to, -12), 1);
  if (from > to) throw validationFailed([{ path: 'from', message: 'v.periodOrder' }]);
  if (addMonths(from, 60) < to) throw validationFailed([{ path: 'from', message: 'v.periodTooLong' }]);
  return { from, to };
}

const both = (key: string) => ({ zh: t('zh', key), en: t('en', key) });
export const describeItem = (id: string, unit: Unit, figure: PublishedFigure): IndicatorItem => ({ id, version: TABLE_VERSION, unit, label: both(`ind.${id}`), definition: both(`ind.${id}.def`), ...figure });

/** The table plus what only the district has: school and index indicators, grades, referral counts, the index calendar. */
interface Payload {
  table: Table;
  programme: IndicatorItem[];
  gradeDistribution: Awaited<ReturnType<typeof gradeDistribution>>;
  referralCounts: ReturnType<typeof countsByDirectionAndStatus>;
  indexCalendar: Awaited<ReturnType<typeof indexLevelsByMonth>>;
}

async function computePayload(deps: Deps, period: Period): Promise<Computed<Payload>> {
  const ctx = { asOf: today(deps.clock), asOfInstant: nowIso(deps.clock), calendar: await loadCalendar(deps.db, period), limits: responseLimits(deps.config) };
  const table = await computeTable(deps.db, period, ctx);
  const programme: IndicatorItem[] = [];
  for (const def of programmeIndicators) {
    const r = await def.compute(deps.db, { centerIds: null }, period);
    const unit = def.unit;
    programme.push({ id: def.id, version: def.version, unit, label: def.label, definition: def.definition, withheld: false, numerator: r.numerator, denominator: unit === 'count' ? null : r.denominator, value: r.value, coverage: null });
  }
  return {
    payload: {
      table,
      programme,
      gradeDistribution: await gradeDistribution(deps.db, period.to),
      referralCounts: await loadReferralCounts(deps.db, period),
      indexCalendar: await indexLevelsByMonth(deps.db, 'pudong', period.from, period.to),
    },
    activeChildren: table.activeChildren,
  };
}

const TABLE_KEY = 'v2:table';

async function tableOf(deps: Deps, period: Period) {
  return snapshotOf<Payload>(deps, TABLE_KEY, period.from, period.to, computationFor(deps, TABLE_KEY, period));
}

function centreFigures(payload: Payload, centerId: string): Record<string, PublishedFigure> {
  const figures = payload.table.centres[centerId];
  if (!figures) throw notFound('No such centre');
  return figures;
}

// Built once per computation and scope: the route keeps the encoded body beside this array (shared-body.ts).
const described = new WeakMap<Payload, Map<string, readonly IndicatorItem[]>>();
function itemsOf(p: Payload, centerId: string | null): readonly IndicatorItem[] {
  const byScope = described.get(p) ?? described.set(p, new Map()).get(p)!;
  const kept = byScope.get(centerId ?? '');
  if (kept) return kept;
  const figures = centerId ? centreFigures(p, centerId) : p.table.district;
  const items = INDICATORS.map((i) => describeItem(i.id, i.unit, figures[i.id]!));
  if (!centerId) items.push(...p.programme);
  byScope.set(centerId ?? '', Object.freeze(items));
  return items;
}

/**
 * Every indicator for a period and scope; school and index indicators only for the district.
 * Served from the period's snapshot while the data is unchanged; `asOf` is when it was computed.
 */
export async function indicatorsFor(deps: Deps, ctx: RequestContext, q: IndicatorQuery) {
  const { centerId } = resolveScope(ctx.actor, q.centerId);
  const period = resolvePeriod(deps, q);
  const snapshot = await tableOf(deps, period);
  const p = snapshot.payload;
  const items = itemsOf(p, centerId);
  await auditRead(deps.db, deps.clock, ctx, { action: 'read', entity: 'indicators', entityId: centerId });
  return {
    version: INDICATORS_VERSION,
    asOf: snapshot.computedAt,
    timeZone: TIME_ZONE,
    fresh: snapshot.fresh,
    from: period.from,
    to: period.to,
    centerId,
    smallGroup: SMALL_GROUP,
    items,
    gradeDistribution: centerId ? null : p.gradeDistribution,
    referralCounts: centerId ? null : p.referralCounts,
  };
}

/** Month-by-month series of the period for the trend charts; the last month is marked partial when the period ends inside it. */
export async function indicatorTrends(deps: Deps, ctx: RequestContext, q: IndicatorQuery) {
  const { centerId } = resolveScope(ctx.actor, q.centerId);
  const period = resolvePeriod(deps, q);
  const snapshot = await tableOf(deps, period);
  const p = snapshot.payload;
  if (centerId) centreFigures(p, centerId);
  const source = centerId ? p.table.trends.centres[centerId]! : p.table.trends.district;
  const series: Record<string, { value: number | null; withheld: boolean }[]> = {};
  for (const s of TREND_SERIES) series[s] = (source[s] ?? []).map((v: TrendPoint) => (v === 'withheld' ? { value: null, withheld: true } : { value: v, withheld: false }));
  return { version: INDICATORS_VERSION, asOf: snapshot.computedAt, timeZone: TIME_ZONE, from: period.from, to: period.to, centerId, months: p.table.months, series, indexCalendar: p.indexCalendar };
}

/** The columns of the centre comparison. */
export const COMPARISON = ['children_under_management', 'active_at_end', 'followed_up_90d', 'on_time_follow_ups', 'overdue_at_end', 'well_controlled', 'severe_exacerbations_per_100_child_years', 'action_plan'];

/** One row per centre, for the sortable comparison table (managers and admins). */
export async function centreComparison(deps: Deps, ctx: RequestContext, q: IndicatorQuery) {
  const actor = ctx.actor;
  if (!actor) throw forbidden();
  assertMay(actor, 'indicators.compare');
  const period = resolvePeriod(deps, q);
  const snapshot = await tableOf(deps, period);
  const centres = await deps.db.selectFrom('centers').select(['id', 'name', 'name_en', 'kind']).orderBy('kind', 'desc').orderBy('name').execute();
  const unit = (id: string) => INDICATORS.find((i) => i.id === id)!.unit;
  return {
    version: INDICATORS_VERSION,
    asOf: snapshot.computedAt,
    timeZone: TIME_ZONE,
    from: period.from,
    to: period.to,
    columns: COMPARISON.map((id) => ({ id, unit: unit(id), label: both(`ind.${id}`) })),
    rows: centres
      .filter((c) => snapshot.payload.table.centres[c.id])
      .map((c) => ({
        centerId: c.id,
        name: { zh: c.name, en: c.name_en },
        kind: c.kind,
        values: COMPARISON.map((id) => ({ id, unit: unit(id), ...snapshot.payload.table.centres[c.id]![id]! })),
      })),
  };
}

// Who computes stored figures: they depend on the period only, never on who asks (the routes check
// the caller's scope before asking), so one system reader computes them all.
const SYSTEM_ACTOR: Actor = { id: 'scheduler', username: 'scheduler', displayName: 'scheduler', role: 'admin', centerId: null, schoolId: null, sessionId: null };
const SYSTEM_CTX: RequestContext = { actor: SYSTEM_ACTOR, requestId: 'indicators' };

/**
 * The computation behind a stored snapshot, by its key: 'v2:table' (every centre's figures and
 * trends), 'v2:validation' (every centre's index validation), 'referrals:all'. The same function runs in this
 * process and on the indicator worker (offload.ts), so both store the same figures.
 */
export function computationFor(deps: Deps, key: string, period: Period): () => Promise<Computed<unknown>> {
  if (key === TABLE_KEY) return () => computePayload(deps, period);
  if (key === VALIDATION_KEY) return async () => ({ payload: await computeValidationTable(deps, period), activeChildren: await activeChildrenOf(deps, { centerIds: null }) });
  if (key === 'referrals:all') {
    return async () => ({ payload: await referralIndicatorsFor(deps, SYSTEM_CTX, { from: period.from, to: period.to }), activeChildren: await activeChildrenOf(deps, { centerIds: null }) });
  }
  throw new Error(`unknown indicator snapshot ${key}`);
}

async function activeChildrenOf(deps: Deps, scope: IndicatorScope): Promise<number> {
  let q = deps.db.selectFrom('children').select(sql<number>`count(*)`.as('n')).where('status', '=', 'active');
  if (scope.centerIds) q = q.where('center_id', 'in', scope.centerIds);
  return Number((await q.executeTakeFirst())?.n ?? 0);
}

/**
 * GET /referrals/indicators. The whole programme's (a manager's or an admin's without a centre) is a
 * snapshot like the dashboard's figures, served stale while recomputed off the request thread;
 * older than REFERRAL_INDICATORS_MAX_AGE_MS it is recomputed even if no data changed (it depends
 * on the time too). One centre's is computed at once (its referrals are few).
 */
export async function referralIndicatorsReport(deps: Deps, ctx: RequestContext, q: { from?: IsoDate; to?: IsoDate; centerId?: string }): Promise<ReferralIndicatorsReport> {
  const role = ctx.actor?.role;
  if (q.centerId !== undefined || (role !== 'manager' && role !== 'admin')) return referralIndicatorsFor(deps, ctx, q);
  const period = referralPeriod(deps, q);
  return (await snapshotOf<ReferralIndicatorsReport>(deps, 'referrals:all', period.from, period.to, computationFor(deps, 'referrals:all', period), { maxAgeMs: REFERRAL_INDICATORS_MAX_AGE_MS })).payload;
}

/** The scheduler's refresh interval: as old as the programme's dashboard figures get. */
export const REFERRAL_INDICATORS_MAX_AGE_MS = 10 * 60_000;

/** For the scheduler: brings the default periods' tables (12 months and the home page's 3 months) up to date. */
export async function refreshProgrammeIndicators(deps: Deps): Promise<void> {
  const period = resolvePeriod(deps, {});
  await tableOf(deps, period);
  await indexValidation(deps, SYSTEM_CTX, {});
  const to = today(deps.clock);
  await tableOf(deps, { from: addDays(addMonths(to, -3), 1), to });
}

/** Does the index track what families live? Diary days by the index level of their district that day. */
export async function indexValidation(deps: Deps, ctx: RequestContext, q: IndicatorQuery) {
  const { centerId } = resolveScope(ctx.actor, q.centerId);
  const period = resolvePeriod(deps, q);
  const table = (await snapshotOf<ValidationTable>(deps, VALIDATION_KEY, period.from, period.to, computationFor(deps, VALIDATION_KEY, period))).payload;
  const levels = centerId ? (table.centres[centerId] ?? []) : table.district;
  return { asOf: table.asOf, timeZone: TIME_ZONE, from: period.from, to: period.to, centerId, levels };
}

const VALIDATION_KEY = 'v2:validation';

interface ValidationRow {
  level: number;
  withheld: boolean;
  diaryDays: number | null;
  symptomDayShare: number | null;
  exacerbationsPer1000Days: number | null;
}

interface ValidationTable {
  asOf: string;
  district: ValidationRow[];
  centres: Record<string, ValidationRow[]>;
}

/**
 * Every centre's rows at once (one pass over the period's diary), so a centre's level row about
 * fewer than 5 children is withheld with the same complementary rule as the figures.
 */
async function computeValidationTable(deps: Deps, period: Period): Promise<ValidationTable> {
  const rows = await deps.db
    .selectFrom('diary_entries as d')
    .innerJoin('children as c', 'c.id', 'd.child_id')
    .innerJoin('centers as ce', 'ce.id', 'c.center_id')
    .innerJoin('index_days as i', (join) => join.onRef('i.district', '=', 'ce.district').onRef('i.date', '=', 'd.date'))
    .select([
      'c.center_id',
      'i.level',
      sql<number>`count(*)`.as('days'),
      sql<number>`count(distinct d.child_id)`.as('children'),
      sql<number>`sum(case when d.daytime_symptoms <> 'none' or d.night_waking = 1 then 1 else 0 end)`.as('symptomDays'),
      sql<number>`sum(case when d.ocs_started = 1 or d.unscheduled_care in ('ed', 'admitted') then 1 else 0 end)`.as('exacerbationDays'),
    ])
    .where('d.date', '>=', period.from)
    .where('d.date', '<=', period.to)
    .where('i.level', 'is not', null)
    .groupBy(['c.center_id', 'i.level'])
    .execute();
  const centreIds = (await deps.db.selectFrom('centers').select('id').orderBy('id').execute()).map((c) => c.id);
  const row = (level: number, days: number, symptoms: number, exacerbations: number): ValidationRow => ({
    level,
    withheld: false,
    diaryDays: days,
    symptomDayShare: days ? symptoms / days : null,
    exacerbationsPer1000Days: days ? (1000 * exacerbations) / days : null,
  });
  const levels = [...new Set(rows.map((r) => r.level as number))].sort((a, b) => a - b);
  const cell = (c: string, level: number) => rows.find((r) => r.center_id === c && r.level === level);
  const district = levels.map((level) => {
    const at = rows.filter((r) => r.level === level);
    return row(
      level,
      at.reduce((a, r) => a + Number(r.days), 0),
      at.reduce((a, r) => a + Number(r.symptomDays), 0),
      at.reduce((a, r) => a + Number(r.exacerbationDays), 0),
    );
  });
  const centres: Record<string, ValidationRow[]> = Object.fromEntries(centreIds.map((c) => [c, []]));
  for (const level of levels) {
    const withheld = withheldCells(centreIds.map((c) => Number(cell(c, level)?.children ?? 0)));
    centreIds.forEach((c, i) => {
      const r = cell(c, level);
      if (!r) return;
      centres[c]!.push(withheld[i] ? { level, withheld: true, diaryDays: null, symptomDayShare: null, exacerbationsPer1000Days: null } : row(level, Number(r.days), Number(r.symptomDays), Number(r.exacerbationDays)));
    });
  }
  return { asOf: nowIso(deps.clock), district, centres };
}
