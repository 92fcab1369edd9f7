// The daily asthma-index run: fetch -> store every complete day -> compute d and d+1 -> upsert, in one
// transaction per run, recorded in job_runs. One run at a time per database; a crashed run is abandoned.
import { hostname } from 'node:os';
import type { Db } from '../../db/connection';
import type { JobTrigger } from '../../db/tables/asthma-index';
import { addDays, daysBetween, type IsoDate } from '../calendar';
import { nowIso, today } from '../clock';
import type { Deps } from '../context';
import { newId } from '../ids';
import { createOutboxForDays } from './outbox';
import { DISTRICTS, findDistrict, type District, type DistrictCode } from './rules/districts';
import { buildIndexInputs } from './rules/open-meteo';
import { OpenMeteoProvider, openMeteoOptionsFrom, type WeatherProvider } from './provider';
import { computeIndex } from './rules/score';
import { indexDayRow, loadWeather, upsertIndexDays, upsertWeatherDays, type StoredWeatherDay } from './store';

export const INDEX_JOB = 'asthma-index';
/** A run cannot take this long (every request has a timeout), so an older 'running' row is a dead process's. */
export const DEAD_RUN_AFTER_MS = 30 * 60_000;
/** The longest backfill in one run. */
export const MAX_BACKFILL_DAYS = 3700;
const OWNER = `${hostname()}:${process.pid}`;

export interface IndexRunRequest {
  trigger: JobTrigger;
  /** The day to compute with the next one; today (Asia/Shanghai) when omitted. */
  date?: IsoDate;
  /** One district instead of all 16. */
  district?: DistrictCode;
  /** Compute from stored weather only. */
  offline?: boolean;
  /** Backfill: compute every day from..to from stored weather (implies offline). */
  from?: IsoDate;
  to?: IsoDate;
  createdBy?: string | null;
  /** Open-Meteo from the config when omitted. */
  provider?: WeatherProvider;
}

export interface IndexRunSummary {
  dates: IsoDate[];
  districts: number;
  weatherDays: number;
  indexDays: number;
  unavailable: string[];
  outbox: number;
}

export interface IndexRunResult {
  runId: string;
  status: 'ok' | 'failed';
  rows: number;
  error: string | null;
  summary: IndexRunSummary | null;
}

export interface StartedRun {
  runId: string;
  /** True when a run was already going: this is that run, and nothing new started. */
  alreadyRunning: boolean;
  /** Settles when the run ends (null for a run owned by another process); never rejects. */
  done: Promise<IndexRunResult | null>;
}

const active = new WeakMap<Db, Promise<StartedRun>>();

/** The run in progress in this process for this database, if any. */
export function activeIndexRun(db: Db): Promise<StartedRun> | undefined {
  return active.get(db);
}

/** Checks a request before anything is recorded; throws RangeError with a message for people. */
export function checkRequest(request: IndexRunRequest): void {
  if (request.district !== undefined && !findDistrict(request.district)) throw new RangeError(`unknown district ${request.district}`);
  const backfill = request.from !== undefined || request.to !== undefined;
  if (backfill) {
    if (request.from === undefined || request.to === undefined) throw new RangeError('a backfill needs both --from and --to');
    if (request.date !== undefined) throw new RangeError('give either --date or --from/--to, not both');
    const days = daysBetween(request.from, request.to);
    if (days < 0) throw new RangeError('--from must not be after --to');
    if (days >= MAX_BACKFILL_DAYS) throw new RangeError(`a backfill covers at most ${MAX_BACKFILL_DAYS} days`);
  }
}

/**
 * Starts a run in the background and answers once it is recorded. A second trigger while one
 * runs (in this process or another) gets the running one instead.
 */
export function startIndexRun(deps: Deps, request: IndexRunRequest): Promise<StartedRun> {
  checkRequest(request);
  const current = active.get(deps.db);
  if (current) return current.then((run) => ({ ...run, alreadyRunning: true }));
  const started = claim(deps, request);
  active.set(deps.db, started);
  const release = () => {
    if (active.get(deps.db) === started) active.delete(deps.db);
  };
  started.then((run) => run.done).then(release, release);
  return started;
}

/** Runs now and waits for the end. */
export async function runIndexJob(deps: Deps, request: IndexRunRequest): Promise<IndexRunResult | null> {
  return (await startIndexRun(deps, request)).done;
}

function processAlive(owner: string): boolean | null {
  const [host, pid] = owner.split(':');
  if (host !== hostname() || !pid || !/^\d+$/.test(pid)) return null;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Marks runs left 'running' by a process that is gone as 'abandoned': our own process (a run in
 * memory would have been found first), a dead process on this host, or anything older than a run can last.
 */
export function abandonDeadRuns(deps: Deps): Promise<string[]> {
  return abandonDeadRunsWith(deps, deps.db, !active.has(deps.db));
}

async function abandonDeadRunsWith(deps: Deps, db: Db, ownRunsAreDead: boolean): Promise<string[]> {
  const now = deps.clock.now();
  const running = await db.selectFrom('job_runs').select(['id', 'owner', 'started_at']).where('status', '=', 'running').execute();
  const dead = running.filter((r) => (r.owner === OWNER && ownRunsAreDead) || processAlive(r.owner) === false || now.getTime() - Date.parse(r.started_at) > DEAD_RUN_AFTER_MS).map((r) => r.id);
  if (dead.length > 0) {
    await db
      .updateTable('job_runs')
      .set({ status: 'abandoned', finished_at: nowIso(deps.clock), error: 'the process running it stopped' })
      .where('id', 'in', dead)
      .where('status', '=', 'running')
      .execute();
    deps.log.warn('abandoned job runs', { runIds: dead });
  }
  return dead;
}

async function claim(deps: Deps, request: IndexRunRequest): Promise<StartedRun> {
  const runId = newId();
  const other = await deps.db.transaction().execute(async (trx) => {
    // No run of ours was in memory when this claim began, so own 'running' rows are leftovers.
    await abandonDeadRunsWith(deps, trx, true);
    const live = await trx.selectFrom('job_runs').select('id').where('name', '=', INDEX_JOB).where('status', '=', 'running').executeTakeFirst();
    if (live) return live.id;
    await trx
      .insertInto('job_runs')
      .values({
        id: runId,
        name: INDEX_JOB,
        trigger: request.trigger,
        params: JSON.stringify({
          date: request.date,
          district: request.district,
          offline: request.offline,
          from: request.from,
          to: request.to,
        }),
        owner: OWNER,
        started_at: nowIso(deps.clock),
        finished_at: null,
        status: 'running',
        error: null,
        rows: 0,
        summary: null,
        created_by: request.createdBy ?? null,
      })
      .execute();
    return null;
  });
  if (other) return { runId: other, alreadyRunning: true, done: Promise.resolve(null) };
  return { runId, alreadyRunning: false, done: execute(deps, request, runId) };
}

function describeError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.length > 500 ? `${message.slice(0, 497)}...` : message;
}

async function execute(deps: Deps, request: IndexRunRequest, runId: string): Promise<IndexRunResult> {
  const started = Date.now();
  try {
    const summary = await work(deps, request, runId);
    deps.log.info('asthma index run finished', { runId, rows: summary.indexDays, ms: Date.now() - started });
    return { runId, status: 'ok', rows: summary.indexDays, error: null, summary };
  } catch (err) {
    const error = describeError(err);
    deps.log.warn('asthma index run failed', { runId, error, ms: Date.now() - started });
    try {
      await deps.db
        .updateTable('job_runs')
        .set({ status: 'failed', finished_at: nowIso(deps.clock), error })
        .where('id', '=', runId)
        .where('status', '=', 'running')
        .execute();
    } catch (recordErr) {
      deps.log.error('could not record a failed run', { runId, error: describeError(recordErr) });
    }
    return { runId, status: 'failed', rows: 0, error, summary: null };
  }
}

function datesOf(request: IndexRunRequest, todayDate: IsoDate): IsoDate[] {
  if (request.from !== undefined && request.to !== undefined) {
    return Array.from({ length: daysBetween(request.from, request.to) + 1 }, (_, i) => addDays(request.from!, i));
  }
  const date = request.date ?? todayDate;
  return [date, addDays(date, 1)];
}

async function fetchWeather(deps: Deps, request: IndexRunRequest, districts: readonly District[], todayDate: IsoDate): Promise<StoredWeatherDay[]> {
  const provider = request.provider ?? new OpenMeteoProvider(openMeteoOptionsFrom(deps.config));
  // Today's window (past_days/forecast_days) unless another date was asked for.
  const date = request.date !== undefined && request.date !== todayDate ? request.date : undefined;
  const byDistrict = await provider.fetchDays(districts, date);
  const fetchedAt = nowIso(deps.clock);
  const days: StoredWeatherDay[] = [];
  for (const [district, list] of byDistrict) {
    for (const day of list) {
      days.push({ district, day, kind: day.date < todayDate ? 'observed' : 'forecast', source: provider.source, fetchedAt });
    }
  }
  return days;
}

async function work(deps: Deps, request: IndexRunRequest, runId: string): Promise<IndexRunSummary> {
  const todayDate = today(deps.clock);
  const districts = request.district ? [findDistrict(request.district)!] : DISTRICTS;
  const codes = districts.map((d) => d.code);
  const backfill = request.from !== undefined;
  const dates = datesOf(request, todayDate);
  // Network first, outside the transaction, so no write lock is held while waiting on the provider.
  const fetched = request.offline || backfill ? [] : await fetchWeather(deps, request, districts, todayDate);

  return deps.db.transaction().execute(async (trx) => {
    const weatherDays = await upsertWeatherDays(trx, fetched);
    const weather = await loadWeather(trx, codes, addDays(dates[0]!, -3), dates[dates.length - 1]!);
    const computedAt = nowIso(deps.clock);
    const rows = [];
    const unavailable: string[] = [];
    for (const code of codes) {
      const byDate = weather.get(code)!;
      for (const date of dates) {
        const day = byDate.get(date);
        const result = day ? computeIndex(buildIndexInputs(byDate, date)) : null;
        if (!day || !result || result.status !== 'ok') {
          unavailable.push(`${code} ${date}`);
          continue;
        }
        rows.push(indexDayRow(code, date, result, day, runId, computedAt));
      }
    }
    await upsertIndexDays(trx, rows);
    const outbox = await createOutboxForDays(
      trx,
      deps.clock,
      rows.filter((r) => r.date === todayDate),
    );
    const summary: IndexRunSummary = {
      dates: backfill ? [dates[0]!, dates[dates.length - 1]!] : dates,
      districts: codes.length,
      weatherDays,
      indexDays: rows.length,
      unavailable: unavailable.slice(0, 50),
      outbox,
    };
    const finished = await trx
      .updateTable('job_runs')
      .set({ status: 'ok', finished_at: nowIso(deps.clock), rows: rows.length, summary: JSON.stringify(summary) })
      .where('id', '=', runId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    // Marked abandoned meanwhile by another process: roll back rather than write over its decision.
    if (Number(finished.numUpdatedRows) !== 1) throw new Error('the run was marked abandoned while it ran');
    return summary;
  });
}
