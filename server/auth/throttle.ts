// Sign-in throttling, per username and per client address. An attempt is counted before its
// password is checked, synchronously, so parallel attempts each count (they used to be recorded
// only after the slow hash, and 24 at once all passed the check). Past the limit an attempt waits
// rather than the username being locked: a delay from the newest attempt that doubles with each
// further failure, up to a cap. So nobody can lock the real user out for good, and a success from
// an address forgets that address's failures at that username, not everyone's.
// The attempts are kept in the database (login_attempts, migration 0033), so every instance behind a
// proxy counts the same ones (issue 33); the class below is the rule, given the attempts in the
// window, and admitSignIn runs it in a transaction that also records the admitted attempt.
import type { Db } from '../../db/connection';
import type { Config } from '../config';

export type ThrottleLimits = Pick<Config, 'LOGIN_MAX_FAILURES' | 'LOGIN_ADDRESS_MAX_FAILURES' | 'LOGIN_WINDOW_MINUTES' | 'LOGIN_DELAY_SECONDS' | 'LOGIN_MAX_DELAY_MINUTES'>;

interface Attempt {
  username: string;
  address: string;
  at: number;
}

export type Admission = { ok: true } | { ok: false; retryAfterMs: number };

const MINUTE = 60_000;

export class LoginThrottle {
  // The same Attempt objects in both maps, each list oldest first.
  readonly #byUser = new Map<string, Attempt[]>();
  readonly #byAddress = new Map<string, Attempt[]>();
  #lastSweep = 0;

  /** A throttle that has seen these attempts, oldest first. */
  static of(attempts: Attempt[]): LoginThrottle {
    const t = new LoginThrottle();
    for (const a of attempts) {
      for (const [map, key] of [
        [t.#byUser, a.username],
        [t.#byAddress, a.address],
      ] as const) {
        const list = map.get(key) ?? [];
        list.push(a);
        map.set(key, list);
      }
    }
    return t;
  }

  /**
   * Counts an attempt at `username` from `address` at `now` (ms), or refuses it with how long to
   * wait. A refused attempt is not counted: waiting out the delay is the only way on.
   */
  begin(username: string, address: string, now: number, limits: ThrottleLimits): Admission {
    const windowMs = limits.LOGIN_WINDOW_MINUTES * MINUTE;
    this.#sweep(now, windowMs);
    const byUser = this.#recent(this.#byUser, username, now, windowMs);
    const byAddress = this.#recent(this.#byAddress, address, now, windowMs);
    const wait = Math.max(waitFor(byUser, limits.LOGIN_MAX_FAILURES, now, limits), waitFor(byAddress, limits.LOGIN_ADDRESS_MAX_FAILURES, now, limits));
    if (wait > 0) return { ok: false, retryAfterMs: wait };
    const attempt = { username, address, at: now };
    byUser.push(attempt);
    byAddress.push(attempt);
    this.#byUser.set(username, byUser);
    this.#byAddress.set(address, byAddress);
    return { ok: true };
  }

  /** The password was right: this address's attempts at this username no longer count, for either key. */
  succeeded(username: string, address: string): void {
    const mine = (a: Attempt) => a.username === username && a.address === address;
    for (const [map, key] of [
      [this.#byUser, username],
      [this.#byAddress, address],
    ] as const) {
      const kept = (map.get(key) ?? []).filter((a) => !mine(a));
      if (kept.length) map.set(key, kept);
      else map.delete(key);
    }
  }

  /** How many keys are tracked (for tests: the sweep keeps memory to the window's attempts). */
  get size(): number {
    return this.#byUser.size + this.#byAddress.size;
  }

  #recent(map: Map<string, Attempt[]>, key: string, now: number, windowMs: number): Attempt[] {
    return (map.get(key) ?? []).filter((a) => a.at > now - windowMs);
  }

  // Keys nobody tries again would otherwise stay for good: drop what left the window, once a window.
  #sweep(now: number, windowMs: number): void {
    if (now - this.#lastSweep < windowMs) return;
    this.#lastSweep = now;
    for (const map of [this.#byUser, this.#byAddress]) {
      for (const [key, list] of map) {
        const recent = list.filter((a) => a.at > now - windowMs);
        if (recent.length) map.set(key, recent);
        else map.delete(key);
      }
    }
  }
}

/** From the max-th attempt in the window on: the newest attempt plus a delay doubling per further attempt, capped. */
function waitFor(attempts: Attempt[], max: number, now: number, limits: ThrottleLimits): number {
  if (attempts.length < max) return 0;
  const newest = attempts[attempts.length - 1]!.at;
  const doublings = Math.min(attempts.length - max, 30);
  const delay = Math.min(limits.LOGIN_DELAY_SECONDS * 1000 * 2 ** doublings, limits.LOGIN_MAX_DELAY_MINUTES * MINUTE);
  return Math.max(0, newest + delay - now);
}

/**
 * Counts an attempt at `username` from `address` at `now` (ms), or refuses it, by the attempts of
 * every instance in the window. One transaction reads them and records this one, so parallel
 * attempts each count (serialized on SQLite, retried on a conflict on PostgreSQL).
 */
export function admitSignIn(db: Db, username: string, address: string, now: number, limits: ThrottleLimits): Promise<Admission> {
  const since = new Date(now - limits.LOGIN_WINDOW_MINUTES * MINUTE).toISOString();
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('login_attempts')
      .select(['username', 'address', 'at'])
      .where((eb) => eb.or([eb('username', '=', username), eb('address', '=', address)]))
      .where('at', '>', since)
      .orderBy('at')
      .orderBy('id')
      .execute();
    const admission = LoginThrottle.of(rows.map((r) => ({ username: r.username, address: r.address, at: Date.parse(r.at) }))).begin(username, address, now, limits);
    if (admission.ok)
      await trx
        .insertInto('login_attempts')
        .values({ username, address, at: new Date(now).toISOString() })
        .execute();
    return admission;
  });
}

/** The password was right: this address's attempts at this username no longer count (as LoginThrottle.succeeded). */
export async function signInSucceeded(db: Db, username: string, address: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('username', '=', username).where('address', '=', address).execute();
}
