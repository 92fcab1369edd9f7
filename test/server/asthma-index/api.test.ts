import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { UNTIL_HANG } from '../../helpers/poll';
import { startFakeOpenMeteo, type FakeOpenMeteo } from '../../jobs/asthma-index/fake-open-meteo';
import { importWeatherCsv } from '../../../server/asthma-index/import';
import { activeIndexRun, runIndexJob } from '../../../server/asthma-index/job';
import { WEATHER_CSV_HEADER } from '../../../server/asthma-index/rules/weather-csv';
import { isStale } from '../../../server/asthma-index/service';
import { storeV01Day, V01_ADVICE } from './stored-v01';

let w: World;
let fake: FakeOpenMeteo;

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

describe('GET /api/v1/asthma-index (public)', () => {
  it('answers an anonymous caller with the docs/api.md shape and a cache header', async () => {
    const res = await w.call(null, 'GET', '/api/v1/asthma-index?district=pudong&date=2025-01-21');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.body).toMatchObject({
      district: 'pudong',
      date: '2025-01-21',
      level: 5,
      label: { zh: '高风险', en: 'Very high' },
      score: 45.8,
      confidence: 'full',
      stale: false,
      algorithmVersion: '0.2',
      computedAt: '2025-01-21T00:00:00.000Z',
      basis: 'forecast',
    });
    expect(Object.keys(res.body)).toEqual(expect.arrayContaining(['district', 'date', 'level', 'label', 'score', 'factors', 'advice', 'confidence', 'stale', 'algorithmVersion', 'computedAt']));
    expect(res.body.factors[0]).toMatchObject({ name: 'tempChange', value: 8.5, unit: '°C', points: 12, text: { zh: '气温骤降 8.5°C' } });
    for (const f of res.body.factors) expect(Object.keys(f)).toEqual(expect.arrayContaining(['name', 'value', 'unit', 'points']));
    expect(res.body.advice.zh).toMatch(/个体化哮喘行动计划。如孩子出现说话困难.*立即拨打120。$/);
    expect(res.body.advice.en).toMatch(/asthma action plan\. If your child struggles to speak, .* call 120 now\.$/);
  });

  it('defaults to today (Asia/Shanghai)', async () => {
    const res = await w.call(null, 'GET', '/api/v1/asthma-index?district=xuhui');
    expect(res.status).toBe(200);
    expect(res.body.date).toBe('2025-01-21');
  });

  it('404 not_found for a day not computed', async () => {
    const res = await w.call(null, 'GET', '/api/v1/asthma-index?district=pudong&date=2025-01-22');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('400 for an unknown district, a missing district or a malformed date', async () => {
    for (const query of ['district=atlantis&date=2025-01-21', 'date=2025-01-21', 'district=pudong&date=2025-02-30', 'district=pudong&date=21/01/2025']) {
      const res = await w.call(null, 'GET', `/api/v1/asthma-index?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details[0].path).toMatch(/^query\.(district|date)$/);
    }
  });
});

describe('GET /api/v1/asthma-index/range', () => {
  it('returns every computed day in the range, oldest first, unpaged', async () => {
    const csv = [
      WEATHER_CSV_HEADER,
      ...Array.from({ length: 40 }, (_, i) => {
        const d = new Date(Date.UTC(2024, 11, 1 + i)).toISOString().slice(0, 10);
        return `${d},jinshan,${10 + (i % 5)},${3 + (i % 3)},,65,1020,40,30,60,,`;
      }),
    ].join('\n');
    await importWeatherCsv(w.deps, csv);
    await runIndexJob(w.deps, { trigger: 'cli', from: '2024-12-01', to: '2025-01-09', district: 'jinshan' });
    const res = await w.call(null, 'GET', '/api/v1/asthma-index/range?district=jinshan&from=2024-01-15&to=2025-01-14');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.body.items).toHaveLength(40);
    expect(res.body.items[0].date).toBe('2024-12-01');
    expect(res.body.items[39].date).toBe('2025-01-09');
    expect(res.body.nextCursor).toBeUndefined();
  });

  it('allows 366 days and refuses 367, a reversed range and a bad date', async () => {
    expect((await w.call(null, 'GET', '/api/v1/asthma-index/range?district=pudong&from=2024-01-21&to=2025-01-20')).status).toBe(200);
    const tooLong = await w.call(null, 'GET', '/api/v1/asthma-index/range?district=pudong&from=2024-01-20&to=2025-01-20');
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error).toMatchObject({ code: 'validation_failed', details: [{ path: 'query.to' }] });
    expect((await w.call(null, 'GET', '/api/v1/asthma-index/range?district=pudong&from=2025-01-21&to=2025-01-20')).status).toBe(400);
    expect((await w.call(null, 'GET', '/api/v1/asthma-index/range?district=pudong&from=2025-01-01&to=2025-13-01')).status).toBe(400);
    expect((await w.call(null, 'GET', '/api/v1/asthma-index/range?district=mars&from=2025-01-01&to=2025-01-02')).status).toBe(400);
  });
});

describe('a day stored under algorithm 0.1', () => {
  it('keeps its version and level, and is answered with advice re-rendered from the rules (single day, cached repeat, range)', async () => {
    await storeV01Day(w.db, 'chongming', '2025-01-20', '2025-01-20T00:00:00.000Z');
    const stored = await w.db.selectFrom('index_days').selectAll().where('district', '=', 'chongming').where('date', '=', '2025-01-20').executeTakeFirstOrThrow();
    expect([stored.algorithm_version, stored.level, stored.advice_en]).toEqual(['0.1', 2, V01_ADVICE.en]);

    const url = '/api/v1/asthma-index?district=chongming&date=2025-01-20';
    const first = await w.call(null, 'GET', url);
    const repeat = await w.call(null, 'GET', url); // answered from the public cache
    for (const res of [first, repeat]) {
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ level: 2, algorithmVersion: '0.1' });
      expect(res.body.advice.en).not.toBe(V01_ADVICE.en);
      expect(res.body.advice.en).toMatch(/^Keep giving the controller medicine/);
      expect(res.body.advice.en).toMatch(/Air pollution: keep windows closed/);
      expect(res.body.advice.en).toMatch(/Air quality is lightly polluted \(AQI 101-150\): children and people with lung disease should reduce long or intense outdoor exercise\. This index .* call 120 now\.$/);
      expect(res.body.advice.zh).toMatch(/儿童和肺部疾病患者应减少长时间、高强度的户外锻炼。本指数.*立即拨打120。$/);
    }

    const range = await w.call(null, 'GET', '/api/v1/asthma-index/range?district=chongming&from=2025-01-20&to=2025-01-21');
    expect(range.body.items.map((d: { algorithmVersion: string }) => d.algorithmVersion)).toEqual(['0.1', '0.2']);
    expect(range.body.items[0].advice).toEqual(first.body.advice);
    for (const day of range.body.items) expect(day.advice.en).toMatch(/call 120 now\.$/);
  });
});

describe('GET /api/v1/districts', () => {
  it('lists the 16 districts with names and centroids', async () => {
    const res = await w.call(null, 'GET', '/api/v1/districts');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(16);
    expect(res.body.items).toContainEqual({ code: 'pudong', name: { zh: '浦东新区', en: 'Pudong New Area' }, lat: 31.22, lon: 121.54 });
  });
});

describe('staleness', () => {
  const fresh = '2025-01-21T00:00:00Z';
  it('is stale when the last good run is older than 36 hours', () => {
    const row = { weather_kind: 'observed' as const, weather_fetched_at: fresh };
    expect(isStale(row, fresh, new Date('2025-01-22T11:59:00Z'))).toBe(false);
    expect(isStale(row, fresh, new Date('2025-01-22T12:01:00Z'))).toBe(true);
    expect(isStale(row, null, new Date(fresh))).toBe(true);
  });
  it('is stale when the day rests on a forecast fetched before yesterday', () => {
    const row = { weather_kind: 'forecast' as const, weather_fetched_at: '2025-01-19T01:00:00Z' };
    expect(isStale(row, fresh, new Date('2025-01-21T01:00:00Z'))).toBe(true);
    expect(isStale({ ...row, weather_fetched_at: '2025-01-20T01:00:00Z' }, fresh, new Date('2025-01-21T01:00:00Z'))).toBe(false);
  });
});

describe('subscriptions', () => {
  const body = { district: 'pudong', minLevel: 3, channel: 'webhook', target: 'https://gateway.example/hook', secret: 'a-long-enough-secret' };

  it('a parent subscribes, lists their own, and ends one', async () => {
    const created = await w.call('parent1', 'POST', '/api/v1/subscriptions', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ district: 'pudong', minLevel: 3, channel: 'webhook', target: body.target, active: true, signing: 'own' });
    expect(created.body.secret).toBeUndefined();
    expect((await w.call('parent1', 'POST', '/api/v1/subscriptions', body)).status).toBe(409);

    const other = await w.call('parent2', 'GET', '/api/v1/subscriptions');
    expect(other.body.items).toHaveLength(0);
    expect((await w.call('parent2', 'DELETE', `/api/v1/subscriptions/${created.body.id}`)).status).toBe(404);

    const mine = await w.call('parent1', 'GET', '/api/v1/subscriptions');
    expect(mine.body.items.map((s: { id: string }) => s.id)).toEqual([created.body.id]);
    expect(JSON.stringify(mine.body)).not.toContain(body.secret);
    const ended = await w.call('parent1', 'DELETE', `/api/v1/subscriptions/${created.body.id}`);
    expect(ended.status).toBe(200);
    expect(ended.body.active).toBe(false);
    const audit = await w.db.selectFrom('audit_log').select('action').where('entity', '=', 'subscriptions').execute();
    expect(audit.map((a) => a.action)).toEqual(['subscription.create', 'subscription.deactivate']);
  });

  it('only parents subscribe; anonymous callers are 401', async () => {
    expect((await w.call(null, 'POST', '/api/v1/subscriptions', body)).status).toBe(401);
    expect((await w.call('clinicA', 'POST', '/api/v1/subscriptions', body)).status).toBe(403);
    expect((await w.call('admin', 'GET', '/api/v1/subscriptions')).status).toBe(403);
  });

  it('validates level, channel, address and secret', async () => {
    for (const bad of [
      { ...body, minLevel: 6 },
      { ...body, minLevel: 2.5 },
      { ...body, channel: 'sms' },
      { ...body, target: 'ftp://x.example/a' },
      { ...body, target: 'not a url' },
      { ...body, secret: 'short' },
      { ...body, district: 'atlantis' },
    ]) {
      const res = await w.call('parent1', 'POST', '/api/v1/subscriptions', bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });
});

describe('jobs', () => {
  it('an admin starts a run (202 { runId }) and sees it in the recent runs', async () => {
    w.clock.advance(60_000); // newest first: later than any run before it
    // Fengxian, which no other test reads: a run for Pudong would change the day the tests above read.
    const res = await w.call('admin', 'POST', '/api/v1/jobs/asthma-index/run', { district: 'fengxian' });
    expect(res.status).toBe(202);
    expect(res.body.runId).toMatch(/^[0-9a-f-]{36}$/);
    // Runs in the background: wait for it to finish.
    const status = async () => (await w.db.selectFrom('job_runs').select('status').where('id', '=', res.body.runId).executeTakeFirstOrThrow()).status;
    await expect.poll(status, UNTIL_HANG).not.toBe('running');
    // One a page: the scheduled run of beforeAll is always on the next.
    const runs = await w.call('admin', 'GET', '/api/v1/jobs/runs?name=asthma-index&limit=1');
    expect(runs.status).toBe(200);
    expect(runs.body.items).toHaveLength(1);
    expect(runs.body.items[0]).toMatchObject({ id: res.body.runId, name: 'asthma-index', trigger: 'manual', status: 'ok', rows: 1, params: { district: 'fengxian' } });
    expect(runs.body.nextCursor).toEqual(expect.any(String));
    const next = await w.call('admin', 'GET', `/api/v1/jobs/runs?name=asthma-index&limit=1&cursor=${runs.body.nextCursor}`);
    expect(next.body.items).toHaveLength(1);
    expect(next.body.items.map((r: { id: string }) => r.id)).not.toContain(res.body.runId);
  });

  it('refuses other roles, unknown jobs and bad dates', async () => {
    expect((await w.call('manager', 'POST', '/api/v1/jobs/asthma-index/run', {})).status).toBe(403);
    expect((await w.call('parent1', 'GET', '/api/v1/jobs/runs')).status).toBe(403);
    expect((await w.call(null, 'GET', '/api/v1/jobs/runs')).status).toBe(401);
    expect((await w.call('admin', 'POST', '/api/v1/jobs/backup/run', {})).status).toBe(404);
    expect((await w.call('admin', 'POST', '/api/v1/jobs/asthma-index/run', { date: '2025-02-30' })).status).toBe(400);
  });

  it('/healthz reports the last index run from job_runs', async () => {
    const res = await w.call(null, 'GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.body.lastIndexRun).toMatchObject({ status: 'ok', lastSuccessAt: expect.any(String) });
  });
});
