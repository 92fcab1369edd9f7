// Who is behind a token or session, kept between requests (issue 8: the lookup, a join of two rows,
// cost ~30 µs of SQLite on every signed-in request under load). Only live, active credentials are
// kept; an unknown or refused one is looked up every time. Any change on this connection to a user,
// an API token or a session (their last-used touch excepted), and any commit by another connection,
// drops every entry (db/changes.ts): such changes are rare. A token revoked or a user
// deactivated through the server is refused from the next request on; by another process (a
// script on the database), from its commit plus at most a millisecond.
import type { Db } from '../../db/connection';
import { changeFeedOf, type ChangeFeed, type WatchedTable } from '../../db/changes';
import type { Actor } from '../context';

/** The rows the cache copies: installed by createApp (server/app.ts). */
export const ACTOR_TABLES: WatchedTable[] = [{ table: 'users' }, { table: 'api_tokens', except: ['last_used_at'] }, { table: 'sessions', except: ['last_seen_at'] }];

const MAX_ENTRIES = 10_000;

export interface CachedCredential {
  actor: Actor;
  /** The token's or session's id, for its last-used touch. */
  id: string;
  /** last_used_at (tokens) or last_seen_at (sessions), as the touch that this process made leaves it. */
  lastUsedAt: string | null;
  /** Sessions only. */
  expiresAt?: string;
}

export class ActorCache {
  readonly #watch: ChangeFeed;
  readonly #entries = new Map<string, CachedCredential>();
  // Moves on every drop: a lookup that began before a change does not keep what it read.
  #generation = 0;

  constructor(watch: ChangeFeed) {
    this.#watch = watch;
    watch.subscribe(
      ACTOR_TABLES.map((t) => t.table),
      () => {
        this.#entries.clear();
        this.#generation += 1;
      },
    );
  }

  /** The kept credential for this key (kind and hash), if nothing it copied may have changed. */
  get(key: string): CachedCredential | undefined {
    this.#watch.poll();
    return this.#entries.get(key);
  }

  /** Taken before the lookup, handed to put. */
  get generation(): number {
    return this.#generation;
  }

  put(key: string, entry: CachedCredential, generation: number): void {
    if (generation !== this.#generation) return;
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(key, entry);
  }
}

const caches = new WeakMap<ChangeFeed, ActorCache>();

/** The cache for db's connection, or none when no change watch is installed there (then: SQL every time). */
export function actorCacheOf(db: Db): ActorCache | undefined {
  const watch = changeFeedOf(db);
  if (!watch) return undefined;
  let cache = caches.get(watch);
  if (!cache) caches.set(watch, (cache = new ActorCache(watch)));
  return cache;
}
