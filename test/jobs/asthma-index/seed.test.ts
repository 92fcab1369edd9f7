import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { seedAsthmaIndex } from '../../../server/demo/asthma-index';
import { seededRandom } from '../../../server/demo/random';

let w: World;
beforeAll(async () => {
  w = await createWorld();
  await w.db.transaction().execute((trx) => seedAsthmaIndex(trx, seededRandom(7), { hospitalId: '', centreIds: [], schools: [] }, { today: '2026-03-02', now: '2026-03-02T02:00:00.000Z' }));
});
afterAll(async () => {
  await w.close();
});

describe('demo asthma-index seed', () => {
  it('lays out 18 months of demo weather for five districts, ending tomorrow', async () => {
    const rows = await w.db.selectFrom('weather_days').selectAll().where('district', '=', 'pudong').orderBy('date').execute();
    expect(rows[0]!.date).toBe('2024-09-03');
    expect(rows[rows.length - 1]!.date).toBe('2026-03-03');
    expect(new Set(rows.map((r) => r.source))).toEqual(new Set(['demo']));
    expect(rows.filter((r) => r.kind === 'forecast').map((r) => r.date)).toEqual(['2026-03-02', '2026-03-03']);
    const districts = await w.db.selectFrom('weather_days').select('district').distinct().execute();
    expect(districts.map((d) => d.district).sort()).toEqual(['baoshan', 'huangpu', 'minhang', 'pudong', 'xuhui']);
  });

  it('looks like Shanghai: cold winters with more PM2.5, hot summers', async () => {
    const rows = await w.db.selectFrom('weather_days').selectAll().where('district', '=', 'pudong').execute();
    const mean = (month: string, key: 'tmean' | 'pm25') => {
      const values = rows.filter((r) => r.date.slice(5, 7) === month).map((r) => r[key] as number);
      return values.reduce((a, b) => a + b, 0) / values.length;
    };
    expect(mean('01', 'tmean')).toBeLessThan(8);
    expect(mean('07', 'tmean')).toBeGreaterThan(25);
    expect(mean('01', 'pm25')).toBeGreaterThan(mean('07', 'pm25') * 1.5);
  });

  it('computes the index over every day with the real algorithm and records the run', async () => {
    const levels = await w.db.selectFrom('index_days').select(['level', 'date']).where('district', '=', 'pudong').execute();
    expect(levels.length).toBeGreaterThan(540);
    expect(new Set(levels.map((l) => l.level)).size).toBeGreaterThanOrEqual(4);
    const run = await w.db.selectFrom('job_runs').selectAll().executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'ok', trigger: 'seed', rows: levels.length * 5 });
    const api = await w.call(null, 'GET', '/api/v1/asthma-index?district=pudong');
    expect(api.status).toBe(200);
    expect(api.body.stale).toBe(false);
  });
});
