// Precomputed indicator figures (migration 0007). A snapshot is current while indicator_data_version,
// which triggers on every source table increment, is unchanged. A stale snapshot of a large scope is
// served (its asOf says when it was computed) while one fresh computation runs; small scopes recompute at once.
import type { Db } from '../../db/connection';
import type { IndicatorSnapshotTable } from '../../db/tables/performance';
import type { Clock } from '../clock';
import type { Logger } from '../log';

/** A stale snapshot older than this is never served: the reader waits for fresh figures. */
export const MAX_STALE_MS = 15 * 60_000;
/** Scopes with at least this many active children are served stale-while-refreshing. */
export const LARGE_SCOPE_CHILDREN = 10_000;

export interface Snapshot<T> {
  payload: T;
  computedAt: string;
  dataVersion: number;
  fresh: boolean;
}

export interface Computed<T> {
  payload: T;
  /** Active children in the scope: decides whether a stale copy may be served later. */
  activeChildren: number;
}

export async function dataVersion(db: Db): Promise<number> {
  const row = await db.selectFrom('indicator_data_version').select('version').where('id', '=', 1).executeTakeFirst();
  return Number(row?.version ?? 0);
}

const inflight = new WeakMap<Db, Map<string, Promise<Snapshot<unknown>>>>();

function running(db: Db): Map<string, Promise<Snapshot<unknown>>> {
  let map = inflight.get(db);
  if (!map) inflight.set(db, (map = new Map()));
  return map;
}

/** Computes and stores; concurrent callers for the same scope and period share one computation. */
function refresh<T>(deps: { db: Db; clock: Clock; log: Logger }, scope: string, from: string, to: string, compute: () => Promise<Computed<T>>): Promise<Snapshot<T>> {
  const key = `${scope}|${from}|${to}`;
  const map = running(deps.db);
  const current = map.get(key);
  if (current) return current as Promise<Snapshot<T>>;
  const job = (async () => {
    const version = await dataVersion(deps.db);
    const started = performance.now();
    const computedAt = deps.clock.now().toISOString();
    const result = await compute();
    const row: IndicatorSnapshotTable = {
      scope, from_date: from, to_date: to, payload: JSON.stringify(result.payload), computed_at: computedAt, data_version: version,
      compute_ms: Math.round(performance.now() - started), serve_stale: result.activeChildren >= LARGE_SCOPE_CHILDREN ? 1 : 0,
    };
    await deps.db
      .insertInto('indicator_snapshots')
      .values(row)
      .onConflict((oc) => oc.columns(['scope', 'from_date', 'to_date']).doUpdateSet({
        payload: row.payload, computed_at: row.computed_at, data_version: row.data_version, compute_ms: row.compute_ms, serve_stale: row.serve_stale,
      }))
      .execute();
    return { payload: result.payload, computedAt, dataVersion: version, fresh: true };
  })();
  map.set(key, job);
  const release = () => { if (map.get(key) === job) map.delete(key); };
  job.then(release, release);
  return job;
}

/** The figures for a scope and period: stored if current, else stale-while-refreshing for large scopes, else computed now. */
export async function snapshotOf<T>(deps: { db: Db; clock: Clock; log: Logger }, scope: string, from: string, to: string, compute: () => Promise<Computed<T>>): Promise<Snapshot<T>> {
  const [version, row] = await Promise.all([
    dataVersion(deps.db),
    deps.db.selectFrom('indicator_snapshots').selectAll().where('scope', '=', scope).where('from_date', '=', from).where('to_date', '=', to).executeTakeFirst(),
  ]);
  if (row && row.data_version === version) return { payload: JSON.parse(row.payload) as T, computedAt: row.computed_at, dataVersion: row.data_version, fresh: true };
  const age = deps.clock.now().getTime() - Date.parse(row?.computed_at ?? '');
  if (row && row.serve_stale === 1 && age < MAX_STALE_MS) {
    void refresh(deps, scope, from, to, compute).catch((err) => deps.log.error('indicator refresh failed', { scope, error: String(err) }));
    return { payload: JSON.parse(row.payload) as T, computedAt: row.computed_at, dataVersion: row.data_version, fresh: false };
  }
  return refresh(deps, scope, from, to, compute);
}
