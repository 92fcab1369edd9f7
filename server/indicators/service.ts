import { sql } from 'kysely';
import { addDays, addMonths, lastDayOfMonth, type IsoDate } from '../calendar';
import { nowIso, today } from '../clock';
import type { Actor, Deps, RequestContext } from '../context';
import { audit, auditRead } from '../audit/audit';
import { forbidden, validationFailed } from '../errors';
import { referralIndicatorsFor, referralPeriod, type ReferralIndicatorsReport } from '../referrals/indicators';
import { AGE_BANDS, clinicalIndicators, wellControlledAllBands, activeEnrolled, followedUp90, onTimeFollowUps, overdueNow, wellControlled, exacerbationRate, diaryAdherence } from './clinical';
import { gradeDistribution, indexLevelsByMonth, programmeIndicators } from './programme';
import { snapshotOf, type Computed } from './snapshots';
import { ratio, type IndicatorDefinition, type IndicatorScope, type Period, type Ratio } from './types';

export const INDICATORS_VERSION = '1';

export interface IndicatorValue extends Ratio {
  id: string;
  version: string;
  label: { zh: string; en: string };
  definition: { zh: string; en: string };
  unit: IndicatorDefinition['unit'];
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
  if (actor.role !== 'manager' && actor.role !== 'admin') throw forbidden();
  return { scope: { centerIds: centerId ? [centerId] : null }, centerId: centerId ?? null };
}

export function resolvePeriod(deps: Deps, q: IndicatorQuery): Period {
  const to = q.to ?? today(deps.clock);
  const from = q.from ?? addDays(addMonths(to, -12), 1);
  if (from > to) throw validationFailed([{ path: 'from', message: 'v.periodOrder' }]);
  if (addMonths(from, 60) < to) throw validationFailed([{ path: 'from', message: 'v.periodTooLong' }]);
  return { from, to };
}

const valueOf = async (def: IndicatorDefinition, deps: Deps, scope: IndicatorScope, p: Period): Promise<IndicatorValue> => ({
  id: def.id, version: def.version, label: def.label, definition: def.definition, unit: def.unit, ...(await def.compute(deps.db, scope, p)),
});

interface Figures {
  items: IndicatorValue[];
  gradeDistribution: Awaited<ReturnType<typeof gradeDistribution>> | null;
  referralCounts: Awaited<ReturnType<typeof referralIndicatorsFor>>['counts'];
}

/** Adds up per-centre figures: every clinical indicator counts children of one centre, so numerators and denominators sum. */
function combine(def: IndicatorDefinition, parts: Ratio[]): Ratio {
  const numerator = parts.reduce((a, r) => a + r.numerator, 0);
  const denominator = parts.reduce((a, r) => a + r.denominator, 0);
  if (def.unit === 'count') return { numerator, denominator: 1, value: numerator };
  if (def.unit === 'per100childYears') return { numerator, denominator, value: denominator > 0 ? (100 * numerator) / denominator : null };
  return ratio(numerator, denominator);
}

/** The clinical indicators of one scope, in clinicalIndicators order; the four well-controlled figures share one query. */
async function clinicalValues(deps: Deps, scope: IndicatorScope, period: Period): Promise<Ratio[]> {
  const well = await wellControlledAllBands(deps.db, scope, period);
  const values: Ratio[] = [];
  for (const def of clinicalIndicators) {
    // better-sqlite3 answers synchronously, so awaits alone never let requests in: yield between queries.
    await yieldToRequests();
    values.push(well.get(def.id) ?? (await def.compute(deps.db, scope, period)));
  }
  return values;
}

const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The clinical indicators of the whole programme as the sum over centres, so no single query scans the city. */
async function programmeClinical(deps: Deps, period: Period): Promise<Ratio[]> {
  const centres = await deps.db.selectFrom('centers').select('id').orderBy('id').execute();
  const parts: Ratio[][] = clinicalIndicators.map(() => []);
  for (const c of centres) (await clinicalValues(deps, { centerIds: [c.id] }, period)).forEach((v, i) => parts[i]!.push(v));
  return clinicalIndicators.map((def, i) => combine(def, parts[i]!));
}

async function computeFigures(deps: Deps, ctx: RequestContext, scope: IndicatorScope, centerId: string | null, period: Period): Promise<{ payload: Figures; activeChildren: number }> {
  const describe = (def: IndicatorDefinition, value: Ratio): IndicatorValue => ({ id: def.id, version: def.version, label: def.label, definition: def.definition, unit: def.unit, ...value });
  const items: IndicatorValue[] = [];
  const values = centerId ? await clinicalValues(deps, scope, period) : await programmeClinical(deps, period);
  clinicalIndicators.forEach((def, i) => items.push(describe(def, values[i]!)));
  if (!centerId) for (const def of programmeIndicators) items.push(await valueOf(def, deps, scope, period));
  const referrals = await referralIndicatorsFor(deps, ctx, { from: period.from, to: period.to, centerId: centerId ?? undefined });
  const r = (id: string, zh: string, en: string, value: Ratio, unit: IndicatorDefinition['unit'] = 'percent'): IndicatorValue => ({ id, version: referrals.version, label: { zh, en }, definition: { zh: '见 docs/referrals.md', en: 'See docs/referrals.md' }, unit, ...value });
  items.push(
    r('referral_acceptance', '转诊接收率', 'Referral acceptance rate', referrals.acceptance),
    r('referral_completion', '有效转诊率', 'Referral completion rate (有效转诊率)', referrals.completion),
    r('referral_loop_closure', '转诊闭环率', 'Referral loop closure', referrals.loopClosure),
    r('referral_down_seen_7d', '下转 7 天内就诊率', 'Downward referrals seen within 7 days', referrals.downSeenWithin7Days),
    r('referral_hours_to_accept_median', '接收中位小时数', 'Median hours to acceptance', { numerator: referrals.hoursToAcceptance.median ?? 0, denominator: referrals.hoursToAcceptance.count, value: referrals.hoursToAcceptance.median }, 'count'),
  );
  const grades = centerId ? null : await gradeDistribution(deps.db, period.to);
  const activeChildren = items.find((i) => i.id === activeEnrolled.id)?.numerator ?? 0;
  return { payload: { items, gradeDistribution: grades, referralCounts: referrals.counts }, activeChildren };
}

/**
 * Every indicator for a period and scope; school and index indicators only for the whole programme.
 * Served from a snapshot while the data is unchanged; `asOf` is when the figures were computed.
 */
export async function indicatorsFor(deps: Deps, ctx: RequestContext, q: IndicatorQuery) {
  const { scope, centerId } = resolveScope(ctx.actor, q.centerId);
  const period = resolvePeriod(deps, q);
  const key = centerId ?? 'all';
  const snapshot = await snapshotOf<Figures>(deps, key, period.from, period.to, computationFor(deps, key, period));
  const { items, gradeDistribution: grades, referralCounts } = snapshot.payload;
  await auditRead(deps.db, deps.clock, ctx, { action: 'read', entity: 'indicators', entityId: centerId });
  return { version: INDICATORS_VERSION, asOf: snapshot.computedAt, fresh: snapshot.fresh, from: period.from, to: period.to, centerId, items, gradeDistribution: grades, referralCounts };
}

// Who computes stored figures: the figures depend on the scope and period only, never on who asks
// (the routes check the caller's scope before asking), so one system reader computes them all.
const SYSTEM_ACTOR: Actor = { id: 'scheduler', username: 'scheduler', displayName: 'scheduler', role: 'admin', centerId: null, schoolId: null, sessionId: null };
const SYSTEM_CTX: RequestContext = { actor: SYSTEM_ACTOR, requestId: 'indicators' };

/**
 * The computation behind a stored snapshot, by its scope key: 'all' or a centre id (the figures),
 * 'trends:…' and 'validation:…' (all or a centre), 'centres' (the comparison), 'referrals:all' (the
 * programme's referral indicators). The same function runs in this process and on the indicator
 * worker (offload.ts), so both store the same figures.
 */
export function computationFor(deps: Deps, key: string, period: Period): () => Promise<Computed<unknown>> {
  const scopeOf = (id: string) => (id === 'all' ? { scope: { centerIds: null }, centerId: null } : { scope: { centerIds: [id] }, centerId: id });
  if (key === 'centres') return () => withActiveChildren(deps, { centerIds: null }, period, computeCentreComparison(deps, period));
  if (key.startsWith('trends:')) {
    const { scope, centerId } = scopeOf(key.slice('trends:'.length));
    return () => withActiveChildren(deps, scope, period, computeTrends(deps, SYSTEM_CTX, scope, centerId, period));
  }
  if (key.startsWith('validation:')) {
    const { scope } = scopeOf(key.slice('validation:'.length));
    return () => withActiveChildren(deps, scope, period, computeIndexValidation(deps, scope, period));
  }
  if (key === 'referrals:all') {
    return () => withActiveChildren(deps, { centerIds: null }, period, referralIndicatorsFor(deps, SYSTEM_CTX, { from: period.from, to: period.to }));
  }
  const { scope, centerId } = scopeOf(key);
  return () => computeFigures(deps, SYSTEM_CTX, scope, centerId, period);
}

/**
 * GET /referrals/indicators. The whole programme's (a manager's or an admin's without a centre) is a
 * snapshot like the dashboard's figures: at city scale it reads ~5,000 referrals and ~17,000 history
 * rows for 90 days, 0.2-0.3 s of the request thread on every call. Served stale while recomputed
 * off the request thread, as the figures are; `asOf` says when it was computed. The figures also
 * depend on the time (a child not yet seen 7 days after acceptance), so a snapshot older than
 * REFERRAL_INDICATORS_MAX_AGE_MS is recomputed even if no data changed. One centre's is computed at
 * once (its referrals are few).
 */
export async function referralIndicatorsReport(deps: Deps, ctx: RequestContext, q: { from?: IsoDate; to?: IsoDate; centerId?: string }): Promise<ReferralIndicatorsReport> {
  const role = ctx.actor?.role;
  if (q.centerId !== undefined || (role !== 'manager' && role !== 'admin')) return referralIndicatorsFor(deps, ctx, q);
  const period = referralPeriod(deps, q);
  return (await snapshotOf<ReferralIndicatorsReport>(deps, 'referrals:all', period.from, period.to, computationFor(deps, 'referrals:all', period), { maxAgeMs: REFERRAL_INDICATORS_MAX_AGE_MS })).payload;
}

/** The scheduler's refresh interval: as old as the programme's dashboard figures get. */
export const REFERRAL_INDICATORS_MAX_AGE_MS = 10 * 60_000;

/** For the scheduler: brings the whole-programme figures of the default period (12 months to today) up to date. */
export async function refreshProgrammeIndicators(deps: Deps): Promise<void> {
  const ctx = SYSTEM_CTX;
  const period = resolvePeriod(deps, {});
  await snapshotOf(deps, 'all', period.from, period.to, computationFor(deps, 'all', period));
  // What the managers' dashboard page and home page ask for besides the figures.
  await indicatorTrends(deps, ctx, {});
  await indexValidation(deps, ctx, {});
  await centreComparison(deps, ctx, {});
  const to = today(deps.clock);
  await centreComparison(deps, ctx, { from: addDays(addMonths(to, -3), 1), to });
}

/**
 * Month-by-month series for the trend charts (the last 12 months to `to`). Kept as a snapshot like
 * the figures: at city scale a computation takes a minute and the dashboard page asks for it every time.
 */
export async function indicatorTrends(deps: Deps, ctx: RequestContext, q: IndicatorQuery) {
  const { scope, centerId } = resolveScope(ctx.actor, q.centerId);
  const period = resolvePeriod(deps, q);
  const key = `trends:${centerId ?? 'all'}`;
  return (await snapshotOf<Awaited<ReturnType<typeof computeTrends>>>(deps, key, period.from, period.to, computationFor(deps, key, period))).payload;
}

/** A computation with the count that decides whether its stale copy may be served while it reruns. */
async function withActiveChildren<T>(deps: Deps, scope: IndicatorScope, period: Period, computing: Promise<T>): Promise<Computed<T>> {
  const payload = await computing;
  return { payload, activeChildren: (await activeEnrolled.compute(deps.db, scope, period)).numerator };
}

async function computeTrends(deps: Deps, ctx: RequestContext, scope: IndicatorScope, centerId: string | null, period: Period) {
  const months: string[] = [];
  for (let m = period.from.slice(0, 7); m <= period.to.slice(0, 7); m = addMonths(`${m}-01`, 1).slice(0, 7)) months.push(m);
  const series: Record<string, (number | null)[]> = { enrolments: [], onTime: [], wellControlled: [], exacerbationRate: [], diaryAdherence: [], referralsUp: [], referralsDown: [], loopClosure: [], hoursToAccept: [] };
  for (const band of AGE_BANDS) series[`well_${band.id}`] = [];
  for (const month of months) {
    const p: Period = { from: `${month}-01`, to: lastDayOfMonth(month) < period.to ? lastDayOfMonth(month) : period.to };
    let enrol = deps.db.selectFrom('children').select(sql<number>`count(*)`.as('n')).where('enrolled_on', '>=', p.from).where('enrolled_on', '<=', p.to);
    if (scope.centerIds) enrol = enrol.where('center_id', 'in', scope.centerIds);
    series.enrolments!.push(Number((await enrol.executeTakeFirst())?.n ?? 0));
    series.onTime!.push((await onTimeFollowUps.compute(deps.db, scope, p)).value);
    // The overall and per-band figures in one pass over the month's latest follow-ups.
    const well = await wellControlledAllBands(deps.db, scope, p);
    series.wellControlled!.push(well.get(wellControlled().id)!.value);
    for (const band of AGE_BANDS) series[`well_${band.id}`]!.push(well.get(wellControlled(band).id)!.value);
    series.exacerbationRate!.push((await exacerbationRate.compute(deps.db, scope, p)).value);
    series.diaryAdherence!.push((await diaryAdherence.compute(deps.db, scope, p)).value);
    const ref = await referralIndicatorsFor(deps, ctx, { from: p.from, to: p.to, centerId: centerId ?? undefined });
    const count = (d: 'up' | 'down') => Object.values(ref.counts[d] as Record<string, number>).reduce((a, b) => a + b, 0);
    series.referralsUp!.push(count('up'));
    series.referralsDown!.push(count('down'));
    series.loopClosure!.push(ref.loopClosure.value);
    series.hoursToAccept!.push(ref.hoursToAcceptance.median);
  }
  const indexCalendar = await indexLevelsByMonth(deps.db, 'pudong', period.from, period.to);
  return { asOf: nowIso(deps.clock), from: period.from, to: period.to, centerId, months, series, indexCalendar };
}

const SMALL = 5;
/** Figures over fewer than 5 children are shown as "<5" below programme level (docs/indicators.md). */
// Rates per child-year describe events, not a group of children, so they are not withheld.
export const suppressed = (v: IndicatorValue | Ratio, unit: IndicatorDefinition['unit']) =>
  unit === 'count' ? v.value !== null && v.value > 0 && v.value < SMALL : unit === 'percent' ? v.denominator < SMALL : false;

/** One row per centre, for the sortable comparison table. */
export async function centreComparison(deps: Deps, ctx: RequestContext, q: IndicatorQuery) {
  const actor = ctx.actor;
  if (!actor || (actor.role !== 'manager' && actor.role !== 'admin')) throw forbidden();
  const period = resolvePeriod(deps, q);
  return (await snapshotOf<Awaited<ReturnType<typeof computeCentreComparison>>>(deps, 'centres', period.from, period.to, computationFor(deps, 'centres', period))).payload;
}

async function computeCentreComparison(deps: Deps, period: Period) {
  const centres = await deps.db.selectFrom('centers').select(['id', 'name', 'name_en', 'kind']).orderBy('kind', 'desc').orderBy('name').execute();
  const columns = [activeEnrolled, followedUp90, onTimeFollowUps, overdueNow, wellControlled(), exacerbationRate];
  const rows = [];
  for (const c of centres) {
    const scope = { centerIds: [c.id] };
    const values = [];
    for (const def of columns) values.push(await valueOf(def, deps, scope, period));
    rows.push({ centerId: c.id, name: { zh: c.name, en: c.name_en }, kind: c.kind, values: values.map((v) => ({ ...v, suppressed: suppressed(v, v.unit) })) });
  }
  return { asOf: nowIso(deps.clock), from: period.from, to: period.to, columns: columns.map((d) => ({ id: d.id, label: d.label, unit: d.unit })), rows };
}

/** Does the index track what families live? Diary days by the index level of their district that day. */
export async function indexValidation(deps: Deps, ctx: RequestContext, q: IndicatorQuery) {
  const { scope, centerId } = resolveScope(ctx.actor, q.centerId);
  const period = resolvePeriod(deps, q);
  const key = `validation:${centerId ?? 'all'}`;
  return (await snapshotOf<Awaited<ReturnType<typeof computeIndexValidation>>>(deps, key, period.from, period.to, computationFor(deps, key, period))).payload;
}

async function computeIndexValidation(deps: Deps, scope: IndicatorScope, period: Period) {
  let query = deps.db
    .selectFrom('diary_entries as d')
    .innerJoin('children as c', 'c.id', 'd.child_id')
    .innerJoin('centers as ce', 'ce.id', 'c.center_id')
    .innerJoin('index_days as i', (join) => join.onRef('i.district', '=', 'ce.district').onRef('i.date', '=', 'd.date'))
    .select([
      'i.level',
      sql<number>`count(*)`.as('days'),
      sql<number>`sum(case when d.daytime_symptoms <> 'none' or d.night_waking = 1 then 1 else 0 end)`.as('symptomDays'),
      sql<number>`sum(case when d.ocs_started = 1 or d.unscheduled_care in ('ed', 'admitted') then 1 else 0 end)`.as('exacerbationDays'),
    ])
    .where('d.date', '>=', period.from)
    .where('d.date', '<=', period.to)
    .where('i.level', 'is not', null)
    .groupBy('i.level')
    .orderBy('i.level');
  if (scope.centerIds) query = query.where('c.center_id', 'in', scope.centerIds);
  const rows = await query.execute();
  return {
    asOf: nowIso(deps.clock),
    from: period.from,
    to: period.to,
    levels: rows.map((r) => {
      const days = Number(r.days);
      return { level: r.level as number, diaryDays: days, symptomDayShare: days ? Number(r.symptomDays) / days : null, exacerbationsPer1000Days: days ? (1000 * Number(r.exacerbationDays)) / days : null };
    }),
  };
}
