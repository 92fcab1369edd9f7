// The public asthma index answered from memory (issue 8: the public read must run near the
// framework's own speed). Parents' apps ask for the same district and day over and over, and a
// stored day changes only when a job writes; the response already allows shared caches 5 minutes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Hono } from 'hono';
import type { CompiledQuery } from 'kysely';
import { syncReader, type Db } from '../../db/connection';
import type { IndexDayTable } from '../../db/tables/asthma-index';
import { today, type Clock } from '../clock';
import type { AppEnv } from '../context';
import { newId } from '../ids';
import { API_SECURITY_HEADERS } from '../http/security-headers';
import { staleFrom, type IndexDayDto } from './service';

export const PUBLIC_INDEX_CACHE_CONTROL = 'public, max-age=300';
const MAX_ENTRIES = 5_000;

interface Entry {
  version: number;
  /** From this instant (ms) the answer says stale: true. */
  staleAt: number;
  fresh: Uint8Array;
  stale?: Uint8Array;
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
  readonly #versionNow: (() => number) | undefined;
  readonly #entries = new Map<string, Entry>();

  readonly #recheckMs: number;
  readonly #monotonicMs: () => number;
  #known = 0;
  #checkedAt = -Infinity;

  /**
   * recheckMs: how long a version read is trusted (0: read on every request). Reading it costs a
   * SQLite read transaction, which in WAL mode locks the shared-memory file with a system call:
   * more than the rest of a cached answer together.
   */
  constructor(db: Db, options: { recheckMs?: number; monotonicMs?: () => number } = {}) {
    this.#db = db;
    this.#recheckMs = options.recheckMs ?? 0;
    this.#monotonicMs = options.monotonicMs ?? (() => performance.now());
    this.#versionQuery = db.selectFrom('index_data_version').select('version').where('id', '=', 1).compile();
    const read = syncReader<{ version: number }>(db, this.#versionQuery as CompiledQuery<{ version: number }>);
    this.#versionNow = read && (() => read()?.version ?? 0);
  }

  async version(): Promise<number> {
    const { rows } = await this.#db.executeQuery<{ version: number }>(this.#versionQuery);
    return rows[0]?.version ?? 0;
  }

  /**
   * The version, read synchronously (where the database can: db/connection.ts syncReader) at most
   * every recheckMs, so a hit needs no promise; undefined where it cannot.
   */
  versionNow(): number | undefined {
    if (!this.#versionNow) return undefined;
    const t = this.#monotonicMs();
    if (t - this.#checkedAt >= this.#recheckMs) {
      this.#known = this.#versionNow();
      this.#checkedAt = t;
    }
    return this.#known;
  }

  /** The JSON body (UTF-8, encoded once) for this key, or undefined when absent or out of date. */
  get(key: string, version: number, now: Date): Uint8Array | undefined {
    const entry = this.#entries.get(key);
    if (!entry || entry.version !== version) return undefined;
    if (now.getTime() < entry.staleAt) return entry.fresh;
    return (entry.stale ??= encode({ ...entry.dto, stale: true }));
  }

  put(key: string, version: number, dto: IndexDayDto, row: Pick<IndexDayTable, 'weather_kind' | 'weather_fetched_at'>, lastOkRunAt: string | null): void {
    if (this.#entries.size >= MAX_ENTRIES && !this.#entries.has(key)) {
      this.#entries.delete(this.#entries.keys().next().value as string);
    }
    // Spreading over the whole answer keeps `stale` in its place, so a hit is byte-for-byte the route's answer.
    this.#entries.set(key, { version, staleAt: staleFrom(row, lastOkRunAt), fresh: encode({ ...dto, stale: false }), dto });
  }

  get size(): number {
    return this.#entries.size;
  }
}

const encode = (dto: IndexDayDto) => Buffer.from(JSON.stringify(dto));

export const publicIndexKey = (district: string, date: string) => `${district}|${date}`;

// Exactly the two shapes the public clients send; anything else takes the validated route.
const PATH = '/api/v1/asthma-index?';
const QUERY = /^district=([a-z]+)(?:&date=(\d{4}-\d{2}-\d{2}))?$/;

/**
 * The cached body for a request target (path and query, as on the request line) that the full,
 * validated route has answered before under the current index version; undefined otherwise.
 */
function cachedAnswer(cache: PublicIndexCache, clock: Clock, method: string | undefined, target: string): Uint8Array | undefined {
  if (method !== 'GET' || !target.startsWith(PATH)) return undefined;
  const match = QUERY.exec(target.slice(PATH.length));
  if (!match) return undefined;
  const version = cache.versionNow();
  if (version === undefined) return undefined;
  return cache.get(publicIndexKey(match[1]!, match[2] ?? today(clock)), version, clock.now());
}

/** The answer's headers but the request id, as the route sends them: the API's security headers, ours winning. */
const ANSWER_HEADERS: (readonly [string, string])[] = [...API_SECURITY_HEADERS.filter(([name]) => name !== 'cache-control'), ['content-type', 'application/json'], ['cache-control', PUBLIC_INDEX_CACHE_CONTROL]];

/**
 * In front of the app's fetch, like a caching proxy: a hit is answered with the same body and
 * headers (security headers, Cache-Control, a fresh X-Request-Id) without the router and
 * middleware chain. Anything else returns undefined and goes to the app.
 */
export function publicIndexFastPath(cache: PublicIndexCache, clock: Clock): (req: Request) => Response | undefined {
  const baseHeaders = Object.fromEntries(ANSWER_HEADERS);
  return (req) => {
    const url = req.url;
    // The target follows the origin: http://host/api/v1/asthma-index?...
    const body = cachedAnswer(cache, clock, req.method, url.slice(url.indexOf('/', url.indexOf('//') + 2)));
    if (body === undefined) return undefined;
    return new Response(body as Uint8Array<ArrayBuffer>, { status: 200, headers: { ...baseHeaders, 'x-request-id': newId() } });
  };
}

/**
 * The same in front of the Node HTTP server, before @hono/node-server builds its request and
 * response objects (on the city database, one URL: 12,500-13,000 req/s against 8,400-8,800
 * through the adapter). Returns false when it did not answer. A request without Host is left to the adapter,
 * which refuses it.
 */
export function publicIndexNodeFastPath(cache: PublicIndexCache, clock: Clock): (req: IncomingMessage, res: ServerResponse) => boolean {
  const flat = ANSWER_HEADERS.flat();
  return (req, res) => {
    const url = req.url;
    if (url === undefined || !req.headers.host) return false;
    const body = cachedAnswer(cache, clock, req.method, url);
    if (body === undefined) return false;
    res.writeHead(200, [...flat, 'x-request-id', newId(), 'content-length', String(body.byteLength)]);
    res.end(body);
    return true;
  };
}

/** Puts the fast path in front of the app's fetch (which app.request uses too, so tests see the same thing). */
export function servePublicIndexFromCache(app: Hono<AppEnv>, cache: PublicIndexCache, clock: Clock): void {
  const appFetch = app.fetch;
  const fast = publicIndexFastPath(cache, clock);
  app.fetch = (request, ...rest) => fast(request) ?? appFetch(request, ...rest);
}
