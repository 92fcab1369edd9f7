import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteOnly } from '../../helpers/pg';
import { createWorld, type World } from '../../helpers/world';
import { startFakeOpenMeteo, type FakeOpenMeteo } from '../../jobs/asthma-index/fake-open-meteo';
import { activeIndexRun, runIndexJob } from '../../../server/asthma-index/job';
import { PublicIndexCache, publicIndexKey } from '../../../server/asthma-index/public-cache';
import { serveApp } from '../../../server/http/serve';
import { findIndexDayWithBasis, isStale, staleFrom } from '../../../server/asthma-index/service';

let w: World;
let fake: FakeOpenMeteo;
const URL = '/api/v1/asthma-index?district=pudong&date=2025-01-21';

beforeAll(async () => {
  fake = await startFakeOpenMeteo();
  w = await createWorld({ now: '2025-01-21T00:00:00Z', config: { WEATHER_URL: fake.forecastUrl, AIR_QUALITY_URL: fake.airQualityUrl } });
  await runIndexJob(w.deps, { trigger: 'schedule' });
});
afterAll(async () => {
  await activeIndexRun(w.db)?.then((run) => run.done);
  await w.close();
  await fake.close();
});

const headersOf = (h: Headers) => Object.fromEntries([...h.entries()].filter(([k]) => k !== 'x-request-id'));

describe('the public index served from memory', () => {
  it('answers a repeat with the same body and the same headers, and a new request id', async () => {
    const first = await w.call(null, 'GET', URL);
    const second = await w.call(null, 'GET', URL);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.text).toBe(first.text);
    expect(headersOf(second.headers)).toEqual(headersOf(first.headers));
    expect(second.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(second.headers.get('cache-control')).toBe('public, max-age=300');
    expect(second.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
  });

  it('answers the change after a stored day is rewritten', async () => {
    await w.call(null, 'GET', URL);
    await w.db.updateTable('index_days').set({ score: 12.5 }).where('district', '=', 'pudong').where('date', '=', '2025-01-21').execute();
    expect((await w.call(null, 'GET', URL)).body.score).toBe(12.5);
    await runIndexJob(w.deps, { trigger: 'cli', from: '2025-01-21', to: '2025-01-21', district: 'pudong' });
    expect((await w.call(null, 'GET', URL)).body.score).toBe(45.8);
  });

  it('turns stale with the clock alone, and answers as the uncached service does at every instant', async () => {
    const seen = new Set<boolean>();
    // The run was at 2025-01-21T00:00Z: stale from 12:00:00.001Z on the 22nd.
    for (const at of ['2025-01-21T00:00:00Z', '2025-01-22T11:59:59Z', '2025-01-22T12:00:01Z', '2025-01-25T00:00:00Z', '2025-01-21T06:00:00Z']) {
      w.clock.set(at);
      const res = await w.call(null, 'GET', URL);
      const expected = (await findIndexDayWithBasis(w.deps, 'pudong', '2025-01-21'))!.day;
      expect(res.body, at).toEqual(expected);
      seen.add(res.body.stale);
    }
    expect([...seen].sort()).toEqual([false, true]);
    w.clock.set('2025-01-25T00:00:00Z');
    await runIndexJob(w.deps, { trigger: 'cli', from: '2025-01-21', to: '2025-01-21', district: 'pudong' });
    expect((await w.call(null, 'GET', URL)).body).toEqual((await findIndexDayWithBasis(w.deps, 'pudong', '2025-01-21'))!.day);
    w.clock.set('2025-01-21T00:00:00Z');
  });

  it('still validates whatever it has not answered before', async () => {
    for (const query of ['district=PUDONG&date=2025-01-21', 'district=pudong&date=2025-02-30', 'district=pudong&date=2025-01-21&x=1']) {
      const res = await w.call(null, 'GET', `/api/v1/asthma-index?${query}`);
      expect(res.status === 400 || res.status === 200, query).toBe(true);
      if (query.includes('PUDONG') || query.includes('02-30')) expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await w.call(null, 'GET', '/api/v1/asthma-index?district=pudong&date=2025-01-22')).status).toBe(404);
  });
});

describe('the public index served on the Node server', () => {
  // The answer from memory needs the index version read synchronously, which SQLite alone offers
  // (db/connection.ts syncReader); on PostgreSQL every request takes the route.
  it.runIf(sqliteOnly)('answers a hit itself, with the bytes and headers the app answers, and passes everything else on', async () => {
    let answered = 0;
    const server = serveApp({ app: w.app, serveCached: (req, res) => (w.serveCached(req, res) ? (answered++, true) : false) }, { port: 0, hostname: '127.0.0.1' });
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const viaApp = await w.call(null, 'GET', URL);
      const first = await fetch(base + URL);
      const second = await fetch(base + URL);
      expect(answered).toBe(2);
      for (const res of [first, second]) {
        expect(res.status).toBe(200);
        expect(await res.text()).toBe(viaApp.text);
        const { date: _date, connection: _c, 'keep-alive': _k, 'content-length': length, ...headers } = headersOf(res.headers);
        expect(headers).toEqual(headersOf(viaApp.headers));
        expect(Number(length)).toBe(Buffer.byteLength(viaApp.text));
        expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      }
      expect(first.headers.get('x-request-id')).not.toBe(second.headers.get('x-request-id'));
      // Not answered here: another method, another query shape, a day never asked for, another path.
      const others = [
        await fetch(base + URL, { method: 'HEAD' }),
        await fetch(base + URL + '&x=1'),
        await fetch(base + '/api/v1/asthma-index?district=pudong&date=2025-01-22'),
        await fetch(base + '/api/v1/asthma-index/range?district=pudong&from=2025-01-21&to=2025-01-21'),
      ];
      expect(answered).toBe(2);
      expect(others.map((r) => r.status)).toEqual([200, 200, 404, 200]);
      // A rewritten day is not served from memory until the route has answered it again.
      await w.db.updateTable('index_days').set({ score: 13.5 }).where('district', '=', 'pudong').where('date', '=', '2025-01-21').execute();
      expect((await (await fetch(base + URL)).json()).score).toBe(13.5);
      expect(answered).toBe(2);
      expect((await (await fetch(base + URL)).json()).score).toBe(13.5);
      expect(answered).toBe(3);
    } finally {
      server.close();
      await runIndexJob(w.deps, { trigger: 'cli', from: '2025-01-21', to: '2025-01-21', district: 'pudong' });
    }
  });
});

describe('PublicIndexCache', () => {
  it('serves an answer only under the version it was stored with', async () => {
    const cache = new PublicIndexCache(w.db);
    const found = (await findIndexDayWithBasis(w.deps, 'pudong', '2025-01-21'))!;
    const v = await cache.version();
    const key = publicIndexKey('pudong', '2025-01-21');
    cache.put(key, v, found.day, found.row, found.lastOkRunAt);
    const now = new Date('2025-01-21T01:00:00Z');
    expect(JSON.parse(Buffer.from(cache.get(key, v, now)!).toString())).toEqual({ ...found.day, stale: false });
    expect(cache.get(key, v + 1, now)).toBeUndefined();
    expect(cache.get(publicIndexKey('pudong', '2025-01-20'), v, now)).toBeUndefined();
    await w.db.updateTable('job_runs').set({ finished_at: '2025-01-21T00:00:01.000Z' }).where('status', '=', 'ok').execute();
    expect(await cache.version()).toBeGreaterThan(v);
  });
});

describe('the version recheck window', () => {
  it.runIf(sqliteOnly)('trusts a version read for recheckMs, then reads it again', async () => {
    let t = 0;
    const cache = new PublicIndexCache(w.db, { recheckMs: 1000, monotonicMs: () => t });
    const before = cache.versionNow()!;
    await w.db.updateTable('index_days').set({ score: 13 }).where('district', '=', 'pudong').where('date', '=', '2025-01-21').execute();
    t = 999;
    expect(cache.versionNow()).toBe(before);
    t = 1000;
    expect(cache.versionNow()).toBeGreaterThan(before);
    expect(new PublicIndexCache(w.db).versionNow()).toBe(await cache.version());
  });
});

describe('staleFrom', () => {
  const row = { weather_kind: 'observed' as const, weather_fetched_at: '2025-01-21T00:00:00Z' };
  it('is the first instant isStale says true', () => {
    const at = staleFrom(row, '2025-01-21T00:00:00Z');
    expect(new Date(at).toISOString()).toBe('2025-01-22T12:00:00.001Z');
    expect(isStale(row, '2025-01-21T00:00:00Z', new Date(at - 1))).toBe(false);
    expect(isStale(row, '2025-01-21T00:00:00Z', new Date(at))).toBe(true);
    expect(staleFrom(row, null)).toBe(-Infinity);
  });
  it('for a forecast, is the start of the second Shanghai day after the fetch when that comes first', () => {
    const forecast = { weather_kind: 'forecast' as const, weather_fetched_at: '2025-01-20T17:00:00Z' }; // 01-21 01:00 in Shanghai
    expect(new Date(staleFrom(forecast, '2025-01-21T00:00:00Z')).toISOString()).toBe('2025-01-22T12:00:00.001Z');
    expect(new Date(staleFrom(forecast, '2025-01-22T00:00:00Z')).toISOString()).toBe('2025-01-22T16:00:00.000Z');
  });
});
