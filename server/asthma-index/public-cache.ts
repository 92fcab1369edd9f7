// The public asthma index answered from memory (issue 8: the public read must run near the
// framework's own speed). Parents' apps ask for the same district and day over and over, and a
// stored day changes only when a job writes; the response already allows shared caches 5 minutes.
import type { Context, MiddlewareHandler } from 'hono';
import type { CompiledQuery } from 'kysely';
import type { Db } from '../../db/connection';
import type { IndexDayTable } from '../../db/tables/asthma-index';
import { today, type Clock } from '../clock';
import type { AppEnv } from '../context';
import { securityHeaderList } from '../http/security-headers';
import { newId } from '../ids';
import { staleFrom, type IndexDayDto } from './service';

export const PUBLIC_INDEX_CACHE_CONTROL = 'public, max-age=300';
const MAX_ENTRIES = 5_000;

interface Entry {
  version: number;
  /** From this instant (ms) the answer says stale: true. */
  staleAt: number;
  fresh: string;
  stale?: string;
  dto: IndexDayDto;
}

/**
 * Answers keyed by district and date, each tagged with index_data_version, which triggers
 * increment on every change to index_days or job_runs (from this process or a job run elsewhere).
 * An answer is served only while that version is unchanged; the stale flag is recomputed from the
 * clock on every hit. Only answers the full, validated route produced are stored, so a hit never
 * bypasses validation: an unknown key goes the normal way.
 */
export class PublicIndexCache {
  readonly #db: Db;
  readonly #versionQuery: CompiledQuery;
  readonly #entries = new Map<string, Entry>();

  constructor(db: Db) {
    this.#db = db;
    // Compiled once: the check runs on every hit.
    this.#versionQuery = db.selectFrom('index_data_version').select('version').where('id', '=', 1).compile();
  }

  async version(): Promise<number> {
    const { rows } = await this.#db.executeQuery<{ version: number }>(this.#versionQuery);
    return rows[0]?.version ?? 0;
  }

  /** The JSON body for this key, or undefined when absent or out of date. */
  get(key: string, version: number, now: Date): string | undefined {
    const entry = this.#entries.get(key);
    if (!entry || entry.version !== version) return undefined;
    if (now.getTime() < entry.staleAt) return entry.fresh;
    return (entry.stale ??= JSON.stringify({ ...entry.dto, stale: true }));
  }

  put(key: string, version: number, dto: IndexDayDto, row: Pick<IndexDayTable, 'weather_kind' | 'weather_fetched_at'>, lastOkRunAt: string | null): void {
    if (this.#entries.size >= MAX_ENTRIES && !this.#entries.has(key)) {
      this.#entries.delete(this.#entries.keys().next().value as string);
    }
    // Spreading over the whole answer keeps `stale` in its place, so a hit is byte-for-byte the route's answer.
    this.#entries.set(key, { version, staleAt: staleFrom(row, lastOkRunAt), fresh: JSON.stringify({ ...dto, stale: false }), dto });
  }

  get size(): number {
    return this.#entries.size;
  }
}

export const publicIndexKey = (district: string, date: string) => `${district}|${date}`;

// Exactly the two shapes the public clients send; anything else takes the validated route.
const QUERY = /^district=([a-z]+)(?:&date=(\d{4}-\d{2}-\d{2}))?$/;

/**
 * Registered before the app's middleware for GET /api/v1/asthma-index: a hit answers with the
 * same headers the full route sends (security headers, Cache-Control, a fresh X-Request-Id)
 * without building the middleware chain; a miss falls through to it.
 */
export function publicIndexFastPath(cache: PublicIndexCache, clock: Clock): MiddlewareHandler<AppEnv> {
  let baseHeaders: Record<string, string> | undefined;
  return async (c: Context<AppEnv>, next) => {
    const url = c.req.url;
    const q = url.indexOf('?');
    const match = q < 0 ? null : QUERY.exec(url.slice(q + 1));
    if (match) {
      const now = clock.now();
      const body = cache.get(publicIndexKey(match[1]!, match[2] ?? today(clock)), await cache.version(), now);
      if (body !== undefined) {
        baseHeaders ??= {
          ...Object.fromEntries(await securityHeaderList()),
          'content-type': 'application/json',
          'cache-control': PUBLIC_INDEX_CACHE_CONTROL,
        };
        return new Response(body, { status: 200, headers: { ...baseHeaders, 'x-request-id': newId() } });
      }
    }
    await next();
  };
}
