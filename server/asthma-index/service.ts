// The asthma index for people and integrations: stored days as the API shape, staleness, job runs,
// and parents' webhook subscriptions. Reads answer from stored rows only (fast, no provider call).
import { isPrivateTarget } from '../http/outbound-target';
import type { Db } from '../../db/connection';
import type { IndexDayTable, JobRunTable, SubscriptionTable } from '../../db/tables/asthma-index';
import { ADVICE_DISCLAIMER, INDEX_LEVELS, storedDayAdvice, type Bilingual, type FactorDescription } from './rules/advice';
import { DISTRICTS, type DistrictCode } from './rules/districts';
import { INDEX_JOB, startIndexRun } from './job';
import type { IndexFactor, IndexLevel } from './rules/params-v0.1';
import { toApiConfidence, type ApiConfidence } from './rules/score';
import { audit } from '../audit/audit';
import { addDays, daysBetween, shanghaiDate, type IsoDate } from '../calendar';
import { nowIso, today } from '../clock';
import type { Actor, Deps, RequestContext } from '../context';
import { conflict, forbidden, notFound, validationFailed } from '../errors';
import { newId, newSecret } from '../ids';
import { assertMay } from '../auth/policy';

/** The index is stale when no run has succeeded for this long (a missed 06:00 run plus a working day). */
export const STALE_AFTER_HOURS = 36;
export const MAX_RANGE_DAYS = 366;
export const MAX_SUBSCRIPTIONS_PER_PARENT = 10;

export interface IndexFactorDto {
  name: IndexFactor;
  value: number;
  unit: string;
  points: number;
  pollutant?: string;
  text: Bilingual;
}

export interface IndexDayDto {
  district: DistrictCode;
  date: IsoDate;
  level: IndexLevel;
  label: Bilingual;
  score: number;
  factors: IndexFactorDto[];
  advice: Bilingual;
  confidence: ApiConfidence;
  /** Factors without data (the core ones lower confidence). */
  missing: IndexFactor[];
  /** Whether the day was computed from an observation or a forecast. */
  basis: 'observed' | 'forecast';
  /** Where the weather came from: 'open-meteo', 'csv', 'demo'. */
  source: string;
  stale: boolean;
  algorithmVersion: string;
  computedAt: string;
}

/** When the newest successful index run finished, or null. */
export async function lastSuccessfulRunAt(db: Db): Promise<string | null> {
  const row = await db
    .selectFrom('job_runs')
    .select((eb) => eb.fn.max('finished_at').as('at'))
    .where('name', '=', INDEX_JOB)
    .where('status', '=', 'ok')
    .executeTakeFirst();
  return (row?.at as string | null | undefined) ?? null;
}

/**
 * Stale: no successful run within STALE_AFTER_HOURS, or the day rests on a forecast fetched
 * before yesterday (Asia/Shanghai dates), so newer data should have replaced it.
 */
export function isStale(row: Pick<IndexDayTable, 'weather_kind' | 'weather_fetched_at'>, lastOkRunAt: string | null, now: Date): boolean {
  return now.getTime() >= staleFrom(row, lastOkRunAt);
}

/**
 * The instant (ms) from which a stored day counts as stale. Both conditions only become true as
 * time passes, so one instant decides it, and a cached answer can tell without the database.
 */
export function staleFrom(row: Pick<IndexDayTable, 'weather_kind' | 'weather_fetched_at'>, lastOkRunAt: string | null): number {
  // "More than STALE_AFTER_HOURS since the run" starts one millisecond after the boundary.
  const noRecentRun = lastOkRunAt ? Date.parse(lastOkRunAt) + STALE_AFTER_HOURS * 3_600_000 + 1 : -Infinity;
  if (row.weather_kind !== 'forecast') return noRecentRun;
  // Fetched on Shanghai day F: stale once "yesterday" is after F, i.e. from the start of day F + 2.
  const fetchedDay = shanghaiDate(new Date(row.weather_fetched_at));
  return Math.min(noRecentRun, Date.parse(`${addDays(fetchedDay, 2)}T00:00:00+08:00`));
}

function toDto(row: IndexDayTable, stale: boolean): IndexDayDto {
  const level = row.level as IndexLevel;
  const factors = (JSON.parse(row.factors) as FactorDescription[]).map((f) => ({
    name: f.name,
    value: f.value,
    unit: f.unit,
    points: f.points,
    ...(f.pollutant ? { pollutant: f.pollutant } : {}),
    text: f.text,
  }));
  return {
    district: row.district as DistrictCode,
    date: row.date,
    level,
    label: INDEX_LEVELS[level].label,
    score: row.score,
    factors,
    // Re-rendered from today's rules, so days stored before the danger-sign rule show it too.
    advice: storedDayAdvice({ level: row.level, inputs: row.inputs, algorithmVersion: row.algorithm_version }),
    confidence: toApiConfidence(row.confidence),
    missing: JSON.parse(row.missing) as IndexFactor[],
    basis: row.weather_kind,
    source: row.weather_source,
    stale,
    algorithmVersion: row.algorithm_version,
    computedAt: row.computed_at,
  };
}

/** The stored day with what its staleness rests on (for the public cache), or null when never computed. */
export async function findIndexDayWithBasis(deps: Deps, district: DistrictCode, date: IsoDate) {
  const row = await deps.db.selectFrom('index_days').selectAll().where('district', '=', district).where('date', '=', date).executeTakeFirst();
  if (!row) return null;
  const lastOkRunAt = await lastSuccessfulRunAt(deps.db);
  return { day: toDto(row, isStale(row, lastOkRunAt, deps.clock.now())), row, lastOkRunAt };
}

/** The stored day, or null when it was never computed. */
export async function findIndexDay(deps: Deps, district: DistrictCode, date: IsoDate): Promise<IndexDayDto | null> {
  return (await findIndexDayWithBasis(deps, district, date))?.day ?? null;
}

export const indexDayNotFound = (district: DistrictCode, date: IsoDate) => notFound(`No asthma index computed for ${district} on ${date}`);

/** Every computed day in [from, to], oldest first; at most MAX_RANGE_DAYS days. */
export async function getIndexRange(deps: Deps, district: DistrictCode, from: IsoDate, to: IsoDate): Promise<IndexDayDto[]> {
  const span = daysBetween(from, to);
  if (span < 0) throw validationFailed([{ path: 'query.to', message: 'to must not be before from' }]);
  if (span + 1 > MAX_RANGE_DAYS) throw validationFailed([{ path: 'query.to', message: `A range covers at most ${MAX_RANGE_DAYS} days` }]);
  const rows = await deps.db.selectFrom('index_days').selectAll().where('district', '=', district).where('date', '>=', from).where('date', '<=', to).orderBy('date').execute();
  const lastOk = await lastSuccessfulRunAt(deps.db);
  const now = deps.clock.now();
  return rows.map((r) => toDto(r, isStale(r, lastOk, now)));
}

export const listDistricts = () => DISTRICTS.map((d) => ({ code: d.code, name: d.name, lat: d.lat, lon: d.lon }));

/**
 * The advice without the disclaimer sentence, for pages that show the disclaimer on its own; the
 * danger signs and 120 that follow it stay, last.
 */
export function adviceWithoutDisclaimer(advice: Bilingual, lang: 'zh' | 'en'): string {
  const disclaimer = ADVICE_DISCLAIMER[lang];
  return advice[lang]
    .split(disclaimer)
    .map((part) => part.trim())
    .filter(Boolean)
    .join(lang === 'zh' ? '' : ' ');
}

// ---- job runs ----

export interface JobRunDto {
  id: string;
  name: string;
  trigger: string;
  status: JobRunTable['status'];
  params: Record<string, unknown>;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  rows: number;
  summary: Record<string, unknown> | null;
}

const runDto = (r: JobRunTable): JobRunDto => ({
  id: r.id,
  name: r.name,
  trigger: r.trigger,
  status: r.status,
  params: JSON.parse(r.params) as Record<string, unknown>,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  error: r.error,
  rows: r.rows,
  summary: r.summary ? (JSON.parse(r.summary) as Record<string, unknown>) : null,
});

/** Newest first; `before` is the (startedAt, id) of the last row of the previous page. */
export async function listJobRuns(deps: Deps, opts: { name?: string; limit: number; before?: [string, string] | null }): Promise<{ items: JobRunDto[]; more: boolean }> {
  let query = deps.db.selectFrom('job_runs').selectAll();
  if (opts.name) query = query.where('name', '=', opts.name);
  if (opts.before) {
    const [at, id] = opts.before;
    query = query.where((eb) => eb.or([eb('started_at', '<', at), eb.and([eb('started_at', '=', at), eb('id', '<', id)])]));
  }
  const rows = await query
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(opts.limit + 1)
    .execute();
  return { items: rows.slice(0, opts.limit).map(runDto), more: rows.length > opts.limit };
}

export const RUNNABLE_JOBS = [INDEX_JOB] as const;

export interface TriggerInput {
  date?: IsoDate;
  district?: DistrictCode;
  offline?: boolean;
}

/** Starts a run in the background (admin); a run already going is returned instead of a second one. */
export async function triggerJob(deps: Deps, ctx: RequestContext, name: string, input: TriggerInput): Promise<{ runId: string; alreadyRunning: boolean }> {
  if (!(RUNNABLE_JOBS as readonly string[]).includes(name)) throw notFound(`No job named ${name}`);
  if (input.date !== undefined && input.date > addDays(today(deps.clock), 14)) {
    throw validationFailed([{ path: 'date', message: 'The date must not be more than 14 days ahead' }]);
  }
  const run = await startIndexRun(deps, { trigger: 'manual', createdBy: ctx.actor?.id ?? null, ...input });
  if (!run.alreadyRunning) {
    await deps.db.transaction().execute((trx) => audit(trx, deps.clock, ctx, { action: 'job.run', entity: 'job_runs', entityId: run.runId }));
    // In the background: the request answers 202 at once. The run queues its webhook deliveries;
    // the scheduler's delivery pass (every minute) sends them, as it does after the morning run.
    void run.done.catch((err) => deps.log.error('index run failed', { error: String(err) }));
  }
  return { runId: run.runId, alreadyRunning: run.alreadyRunning };
}

// ---- subscriptions ----

export interface SubscriptionInput {
  district: DistrictCode;
  minLevel: number;
  channel: 'webhook';
  target: string;
  secret?: string;
}

export interface SubscriptionDto {
  id: string;
  district: DistrictCode;
  minLevel: number;
  channel: 'webhook';
  target: string;
  active: boolean;
  createdAt: string;
  /** Where the signing key comes from; the key itself is shown only once, when it is generated. */
  signing: 'own' | 'platform';
}

const subscriptionDto = (s: SubscriptionTable): SubscriptionDto => ({
  id: s.id,
  district: s.district as DistrictCode,
  minLevel: s.min_level,
  channel: s.channel,
  target: s.target,
  active: s.active === 1,
  createdAt: s.created_at,
  signing: s.secret ? 'own' : 'platform',
});

function requireParent(actor: Actor | null): Actor {
  if (!actor) throw forbidden('Only parents subscribe to the index');
  assertMay(actor, 'family.own', 'Only parents subscribe to the index');
  return actor;
}

/** A parent's webhook for a district; without a secret and without WEBHOOK_SECRET one is generated and returned once. */
export async function createSubscription(deps: Deps, ctx: RequestContext, input: SubscriptionInput): Promise<SubscriptionDto & { secret?: string }> {
  const actor = requireParent(ctx.actor);
  if (!deps.config.WEBHOOK_ALLOW_PRIVATE && isPrivateTarget(input.target)) throw validationFailed([{ path: 'target', message: 'v.webhookPrivate' }]);
  const generated = !input.secret && !deps.config.WEBHOOK_SECRET ? newSecret() : undefined;
  const row: SubscriptionTable = {
    id: newId(),
    user_id: actor.id,
    district: input.district,
    min_level: input.minLevel,
    channel: input.channel,
    target: input.target,
    secret: input.secret ?? generated ?? null,
    active: 1,
    created_at: nowIso(deps.clock),
    deactivated_at: null,
  };
  await deps.db.transaction().execute(async (trx) => {
    const mine = await trx.selectFrom('subscriptions').select(['district', 'target']).where('user_id', '=', actor.id).where('active', '=', 1).execute();
    if (mine.some((s) => s.district === input.district && s.target === input.target)) {
      throw conflict('This webhook already receives this district');
    }
    if (mine.length >= MAX_SUBSCRIPTIONS_PER_PARENT) throw conflict(`At most ${MAX_SUBSCRIPTIONS_PER_PARENT} active subscriptions`);
    await trx.insertInto('subscriptions').values(row).execute();
    await audit(trx, deps.clock, ctx, { action: 'subscription.create', entity: 'subscriptions', entityId: row.id });
  });
  return { ...subscriptionDto(row), ...(generated ? { secret: generated } : {}) };
}

export async function listSubscriptions(deps: Deps, ctx: RequestContext): Promise<SubscriptionDto[]> {
  const actor = requireParent(ctx.actor);
  const rows = await deps.db.selectFrom('subscriptions').selectAll().where('user_id', '=', actor.id).orderBy('created_at', 'desc').execute();
  return rows.map(subscriptionDto);
}

/** Ends a subscription (kept for the delivery history); someone else's is "not found". */
export async function deactivateSubscription(deps: Deps, ctx: RequestContext, id: string): Promise<SubscriptionDto> {
  const actor = requireParent(ctx.actor);
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('subscriptions').selectAll().where('id', '=', id).where('user_id', '=', actor.id).executeTakeFirst();
    if (!row) throw notFound();
    if (row.active === 0) return subscriptionDto(row);
    const now = nowIso(deps.clock);
    await trx.updateTable('subscriptions').set({ active: 0, deactivated_at: now }).where('id', '=', id).execute();
    await trx.updateTable('outbox').set({ status: 'cancelled', last_error: 'subscription ended' }).where('subscription_id', '=', id).where('status', '=', 'pending').execute();
    await audit(trx, deps.clock, ctx, { action: 'subscription.deactivate', entity: 'subscriptions', entityId: id });
    return subscriptionDto({ ...row, active: 0, deactivated_at: now });
  });
}

/** Districts of the schools of a parent's children, for their home page. */
export async function childSchoolDistricts(deps: Deps, userId: string): Promise<DistrictCode[]> {
  const rows = await deps.db
    .selectFrom('guardianships')
    .innerJoin('children', 'children.id', 'guardianships.child_id')
    .innerJoin('schools', 'schools.id', 'children.school_id')
    .select('schools.district')
    .distinct()
    .where('guardianships.user_id', '=', userId)
    .where('children.status', '=', 'active')
    .execute();
  return rows.map((r) => r.district).filter((d): d is DistrictCode => DISTRICTS.some((x) => x.code === d));
}
