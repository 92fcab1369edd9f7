// Precomputed indicator figures (migration 0007). A snapshot is current while indicator_data_version,
// which triggers on every source table increment, is unchanged. A stale snapshot of a large scope is
// served (its asOf says when it was computed) while one fresh computation runs; small scopes recompute at once.
import type { Db } from '../../db/connection';
import { prepareQuery } from '../../db/prepared';
import { changeFeedOf, keptReadsOf, type WatchedTable } from '../../db/changes';
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

// Both read on every dashboard request: built once (db/prepared.ts).
const versionRow = prepareQuery((db, id: number) => db.selectFrom('indicator_data_version').select('version').where('id', '=', id));
const snapshotHead = prepareQuery((db, scope: string, from: string, to: string) =>
  db.selectFrom('indicator_snapshots').select(['computed_at', 'data_version', 'serve_stale']).where('scope', '=', scope).where('from_date', '=', from).where('to_date', '=', to),
);

/** The rows a dashboard read copies: installed by createApp (server/app.ts). */
export const SNAPSHOT_TABLES: WatchedTable[] = [{ table: 'indicator_data_version' }, { table: 'indicator_snapshots' }];

// Kept until either table changes, here or on another connection (the worker that stores the
// snapshots): every write of a source row moves the version, so under writes they are read again.
const kept = <V>(db: Db) =>
  keptReadsOf<V>(
    db,
    'indicator snapshots',
    SNAPSHOT_TABLES.map((t) => t.table),
  );

export async function dataVersion(db: Db): Promise<number> {
  const read = async () => Number((await versionRow(db, 1))[0]?.version ?? 0);
  return kept<number>(db)?.get('version', read) ?? read();
}

type SnapshotHead = Pick<IndicatorSnapshotTable, 'computed_at' | 'data_version' | 'serve_stale'>;
const headOf = (db: Db, scope: string, from: string, to: string): Promise<SnapshotHead | undefined> => {
  const read = async () => (await snapshotHead(db, scope, from, to))[0];
  return kept<SnapshotHead | undefined>(db)?.get(`${scope}|${from}|${to}`, read) ?? read();
};

const inflight = new WeakMap<Db, Map<string, Promise<Snapshot<unknown>>>>();

function running(db: Db): Map<string, Promise<Snapshot<unknown>>> {
  let map = inflight.get(db);
  if (!map) inflight.set(db, (map = new Map()));
  return map;
}

/** Computes a snapshot and stores it (also what the indicator worker runs, with its own connection). */
export async function computeAndStore<T>(deps: { db: Db; clock: Clock }, scope: string, from: string, to: string, compute: () => Promise<Computed<unknown>>): Promise<Snapshot<T>> {
  const version = await dataVersion(deps.db);
  const started = performance.now();
  const computedAt = deps.clock.now().toISOString();
  const result = await compute();
  const row: IndicatorSnapshotTable = {
    scope,
    from_date: from,
    to_date: to,
    payload: JSON.stringify(result.payload),
    computed_at: computedAt,
    data_version: version,
    compute_ms: Math.round(performance.now() - started),
    serve_stale: result.activeChildren >= LARGE_SCOPE_CHILDREN ? 1 : 0,
  };
  await deps.db
    .insertInto('indicator_snapshots')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['scope', 'from_date', 'to_date']).doUpdateSet({
        payload: row.payload,
        computed_at: row.computed_at,
        data_version: row.data_version,
        compute_ms: row.compute_ms,
        serve_stale: row.serve_stale,
      }),
    )
    .execute();
  return { payload: result.payload as T, computedAt, dataVersion: version, fresh: true };
}

/** Where the server computes snapshots off its request thread (offload.ts); absent: in this thread. */
export interface SnapshotWorker {
  /** Computes the snapshot of this scope key and period as at `now` and stores it; resolves once stored. */
  refresh(scope: string, from: string, to: string, now: Date): Promise<void>;
}

export interface SnapshotDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  indicatorWorker?: SnapshotWorker | null;
}

/** Computes and stores; concurrent callers for the same scope and period share one computation. */
function refresh<T>(deps: SnapshotDeps, scope: string, from: string, to: string, compute: () => Promise<Computed<unknown>>): Promise<Snapshot<T>> {
  const key = `${scope}|${from}|${to}`;
  const map = running(deps.db);
  const current = map.get(key);
  if (current) return current as Promise<Snapshot<T>>;
  const worker = deps.indicatorWorker;
  const job = (async (): Promise<Snapshot<T>> => {
    if (!worker) {
      const computed = await computeAndStore<T>(deps, scope, from, to, compute);
      remember(deps.db, key, computed.computedAt, computed.dataVersion, computed.payload);
      return computed;
    }
    // The worker stored the row; read it back as any reader would.
    await worker.refresh(scope, from, to, deps.clock.now());
    const [head] = await snapshotHead(deps.db, scope, from, to);
    if (!head) throw new Error(`indicator worker stored no snapshot for ${key}`);
    const stored = await storedPayload<T>(deps.db, key, scope, from, to, head);
    return { ...stored, fresh: true };
  })();
  map.set(key, job);
  const release = () => {
    if (map.get(key) === job) map.delete(key);
  };
  job.then(release, release);
  return job;
}

/**
 * Parsed payloads by scope and period, reused while the stored row is the same computation
 * (computed_at and data_version): parsing a centre's figures cost more than the rest of a read.
 * Frozen, since every reader shares them.
 */
const parsed = new WeakMap<Db, Map<string, { computedAt: string; dataVersion: number; payload: unknown }>>();
const MAX_PARSED = 1_000;

function parsedFor(db: Db) {
  let map = parsed.get(db);
  if (!map) parsed.set(db, (map = new Map()));
  return map;
}

function remember(db: Db, key: string, computedAt: string, dataVersion: number, payload: unknown): void {
  const map = parsedFor(db);
  map.delete(key);
  if (map.size >= MAX_PARSED) map.delete(map.keys().next().value as string);
  map.set(key, { computedAt, dataVersion, payload: deepFreeze(payload) });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The stored row's payload, parsed once per computation. */
async function storedPayload<T>(db: Db, key: string, scope: string, from: string, to: string, head: { computed_at: string; data_version: number }) {
  const memo = parsedFor(db).get(key);
  if (memo && memo.computedAt === head.computed_at && memo.dataVersion === head.data_version) return { ...memo, payload: memo.payload as T };
  const row = await db.selectFrom('indicator_snapshots').select(['payload', 'computed_at', 'data_version']).where('scope', '=', scope).where('from_date', '=', from).where('to_date', '=', to).executeTakeFirstOrThrow();
  const payload = JSON.parse(row.payload) as T;
  remember(db, key, row.computed_at, row.data_version, payload);
  return { computedAt: row.computed_at, dataVersion: row.data_version, payload };
}

/**
 * The figures for a scope and period: stored if current, else stale-while-refreshing for large scopes, else computed now.
 * `maxAgeMs`: for figures that depend on the time as well as the data, a stored snapshot is current
 * only while younger than this, even if no data changed.
 */
export async function snapshotOf<T>(deps: SnapshotDeps, scope: string, from: string, to: string, compute: () => Promise<Computed<unknown>>, opts: { maxAgeMs?: number } = {}): Promise<Snapshot<T>> {
  const key = `${scope}|${from}|${to}`;
  // The row without its payload first: most reads find the computation they parsed before.
  let [version, head] = await Promise.all([dataVersion(deps.db), headOf(deps.db, scope, from, to)]);
  // Out of date by what is kept? A snapshot the worker stored within the last millisecond is not
  // seen yet (db/changes.ts): look again before starting a recomputation (45 s for the city).
  if (!(head && head.data_version === version) && changeFeedOf(deps.db)?.poll(true)) {
    [version, head] = await Promise.all([dataVersion(deps.db), headOf(deps.db, scope, from, to)]);
  }
  const age = deps.clock.now().getTime() - Date.parse(head?.computed_at ?? '');
  const young = opts.maxAgeMs === undefined || age <= opts.maxAgeMs;
  if (head && head.data_version === version && young) {
    const stored = await storedPayload<T>(deps.db, key, scope, from, to, head);
    return { payload: stored.payload, computedAt: stored.computedAt, dataVersion: stored.dataVersion, fresh: stored.dataVersion === version };
  }
  if (head && head.serve_stale === 1 && age < MAX_STALE_MS) {
    void refresh<T>(deps, scope, from, to, compute).catch((err) => deps.log.error('indicator refresh failed', { scope, error: String(err) }));
    const stored = await storedPayload<T>(deps.db, key, scope, from, to, head);
    return { payload: stored.payload, computedAt: stored.computedAt, dataVersion: stored.dataVersion, fresh: stored.dataVersion === version && young };
  }
  return refresh<T>(deps, scope, from, to, compute);
}
