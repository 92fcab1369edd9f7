// The sign-in throttle (server/auth/throttle.ts) driven directly with a clock in ms (issue 38,
// mutation testing): the API-level suite (test/security/login-throttle.test.ts) hashes a password
// per attempt and takes ~40 s, too slow to run per mutant. Each test makes its own throttle.
// Expected waits are worked out by hand from README "Sign-in is throttled".
import { describe, expect, it } from 'vitest';
import { LoginThrottle, type ThrottleLimits } from '../../../server/auth/throttle';

const S = 1000;
const MIN = 60 * S;
// 3 at a username, 5 from an address, within 10 minutes; 30 s wait doubling, capped at 4 min.
const limits: ThrottleLimits = { LOGIN_MAX_FAILURES: 3, LOGIN_ADDRESS_MAX_FAILURES: 5, LOGIN_WINDOW_MINUTES: 10, LOGIN_DELAY_SECONDS: 30, LOGIN_MAX_DELAY_MINUTES: 4 };
const T0 = 1_700_000_000_000;

describe('LoginThrottle per username', () => {
  it('admits attempts below the limit, then makes the next wait 30 s from the newest', () => {
    const t = new LoginThrottle();
    expect(t.begin('amy', 'a1', T0, limits)).toEqual({ ok: true });
    expect(t.begin('amy', 'a2', T0 + 1 * S, limits)).toEqual({ ok: true });
    expect(t.begin('amy', 'a3', T0 + 2 * S, limits)).toEqual({ ok: true });
    // Three in the window: the fourth waits 30 s from the third (at T0+2s).
    expect(t.begin('amy', 'a4', T0 + 12 * S, limits)).toEqual({ ok: false, retryAfterMs: 20 * S });
    // A refused attempt does not count, so the wait does not grow while refused.
    expect(t.begin('amy', 'a4', T0 + 31 * S, limits)).toEqual({ ok: false, retryAfterMs: 1 * S });
    // Exactly at the end of the wait the attempt is admitted.
    expect(t.begin('amy', 'a4', T0 + 32 * S, limits)).toEqual({ ok: true });
  });

  it('doubles the wait with each further attempt, up to the cap', () => {
    const t = new LoginThrottle();
    let now = T0;
    for (let i = 0; i < 3; i++) expect(t.begin('bob', `x${i}`, (now += S), limits).ok).toBe(true);
    // Each admitted attempt past the limit doubles the next wait: 30 s, 60, 120, then the 4 min cap.
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const refused = t.begin('bob', 'y', now + 1, limits);
      if (refused.ok) throw new Error('expected a wait');
      waits.push(refused.retryAfterMs + 1);
      now += refused.retryAfterMs + 1;
      expect(t.begin('bob', 'y', now, limits)).toEqual({ ok: true });
    }
    expect(waits).toEqual([30 * S, 60 * S, 120 * S, 240 * S, 240 * S]);
  });

  it('forgets attempts older than the window', () => {
    // A wait longer than the window, so only leaving the window lets an attempt through.
    const long = { ...limits, LOGIN_DELAY_SECONDS: 20 * 60, LOGIN_MAX_DELAY_MINUTES: 60 };
    const t = new LoginThrottle();
    for (let i = 0; i < 3; i++) t.begin('cat', 'c', T0 + i, long);
    expect(t.begin('cat', 'c', T0 + 10 * MIN - 1, long)).toEqual({ ok: false, retryAfterMs: 10 * MIN + 3 });
    // At T0 + 10 min the first attempt (at T0) leaves the window: two remain, under the limit.
    expect(t.begin('cat', 'c', T0 + 10 * MIN, long)).toEqual({ ok: true });
  });

  it('counts usernames separately', () => {
    const t = new LoginThrottle();
    for (let i = 0; i < 3; i++) t.begin('dan', `d${i}`, T0, limits);
    expect(t.begin('eve', 'e', T0, limits)).toEqual({ ok: true });
    expect(t.begin('dan', 'd9', T0, limits).ok).toBe(false);
  });
});

describe('LoginThrottle per address', () => {
  it('limits one address across usernames at its own limit', () => {
    const t = new LoginThrottle();
    for (let i = 0; i < 5; i++) expect(t.begin(`u${i}`, '10.0.0.1', T0 + i * S, limits)).toEqual({ ok: true });
    expect(t.begin('u9', '10.0.0.1', T0 + 5 * S, limits)).toEqual({ ok: false, retryAfterMs: 29 * S });
    expect(t.begin('u9', '10.0.0.2', T0 + 5 * S, limits)).toEqual({ ok: true });
  });
});

describe('LoginThrottle.succeeded', () => {
  it("forgets this address's attempts at this username, and nobody else's", () => {
    const t = new LoginThrottle();
    t.begin('fay', 'home', T0, limits);
    t.begin('fay', 'home', T0, limits);
    t.begin('fay', 'cafe', T0, limits);
    t.succeeded('fay', 'home');
    // One attempt (from cafe) left at fay: two more are admitted, the third past the limit waits.
    expect(t.begin('fay', 'x', T0, limits).ok).toBe(true);
    expect(t.begin('fay', 'y', T0, limits).ok).toBe(true);
    expect(t.begin('fay', 'z', T0, limits).ok).toBe(false);
  });

  it("keeps the address's attempts at other usernames", () => {
    const t = new LoginThrottle();
    for (let i = 0; i < 4; i++) t.begin(`g${i}`, 'lab', T0, limits);
    t.begin('gus', 'lab', T0, limits);
    t.succeeded('gus', 'lab');
    // Four attempts from lab remain (g0..g3): one more is admitted, then the address waits.
    expect(t.begin('h', 'lab', T0, limits).ok).toBe(true);
    expect(t.begin('i', 'lab', T0, limits).ok).toBe(false);
  });

  it('drops keys left with nothing', () => {
    const t = new LoginThrottle();
    t.begin('ida', 'p', T0, limits);
    expect(t.size).toBe(2);
    t.succeeded('ida', 'p');
    expect(t.size).toBe(0);
  });

  it('the sweep, a window after the last, drops keys whose attempts all left the window and keeps the rest', () => {
    const t = new LoginThrottle();
    t.begin('jon', 'q', T0, limits);
    t.begin('lee', 's', T0 + 6 * MIN, limits);
    expect(t.size).toBe(4);
    // At T0 + 10 min jon's attempt (T0) is out of the window; lee's stays; kim's is new.
    t.begin('kim', 'r', T0 + 10 * MIN, limits);
    expect(t.size).toBe(4);
  });

  it('between sweeps, attempts that left the window stop counting', () => {
    const long = { ...limits, LOGIN_DELAY_SECONDS: 20 * 60, LOGIN_MAX_DELAY_MINUTES: 60 };
    const t = new LoginThrottle();
    t.begin('x', 'x', T0, long); // sweeps at T0
    for (let i = 0; i < 3; i++) t.begin('ann', `a${i}`, T0 + 1, long);
    t.begin('y', 'y', T0 + 10 * MIN, long); // sweeps at T0 + 10 min: ann's attempts (T0 + 1) stay
    expect(t.begin('ann', 'a9', T0 + 10 * MIN, long).ok).toBe(false);
    // 1 ms later, with no sweep due, the window alone drops them.
    expect(t.begin('ann', 'a9', T0 + 10 * MIN + 1, long)).toEqual({ ok: true });
  });

  it('sweeps no more than once a window', () => {
    const t = new LoginThrottle();
    t.begin('a', 'a', T0, limits); // first sweep, at T0
    t.begin('lee', 's', T0 + 5 * MIN, limits);
    t.begin('b', 'b', T0 + 10 * MIN, limits); // sweep due: a's attempt (T0) goes, lee's stays
    expect(t.size).toBe(4);
    // At T0 + 16 min lee's attempt has left the window, but the next sweep is not due until T0 + 20.
    t.begin('c', 'c', T0 + 16 * MIN, limits);
    expect(t.size).toBe(6);
  });
});

describe('LoginThrottle.of', () => {
  it('decides as a throttle that saw the same attempts (the stored ones, read back by admitSignIn)', () => {
    const attempts = [
      { username: 'gus', address: 'g1', at: T0 },
      { username: 'gus', address: 'g2', at: T0 + S },
      { username: 'hal', address: 'g1', at: T0 + 2 * S },
      { username: 'gus', address: 'g3', at: T0 + 3 * S },
    ];
    const seen = () => {
      const t = new LoginThrottle();
      for (const a of attempts) t.begin(a.username, a.address, a.at, limits);
      return t;
    };
    for (const [user, address] of [
      ['gus', 'g9'],
      ['hal', 'g1'],
      ['ivy', 'g1'],
      ['ivy', 'g9'],
    ] as const) {
      expect(LoginThrottle.of(attempts).begin(user, address, T0 + 10 * S, limits), `${user} from ${address}`).toEqual(seen().begin(user, address, T0 + 10 * S, limits));
    }
    expect(LoginThrottle.of(attempts).begin('gus', 'g9', T0 + 10 * S, limits).ok).toBe(false);
  });
});
