import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { importWeatherCsv } from '../../../server/asthma-index/import';
import { runIndexJob } from '../../../server/asthma-index/job';
import { WEATHER_CSV_HEADER, WeatherCsvError } from '../../../server/asthma-index/rules/weather-csv';

let w: World;
beforeEach(async () => {
  w = await createWorld({ now: '2025-03-01T02:00:00Z' });
});
afterEach(async () => {
  await w.close();
});

// E3 (cold wave) as a CSV: the day before, then the cold-wave day.
const good = [
  WEATHER_CSV_HEADER,
  '2025-01-07,pudong,12,7,10.1,60,1023.5,30,30,60,,0',
  '2025-01-08,pudong,13,7.5,9.8,60,1024.0,32,30,60,,0',
  '2025-01-09,pudong,12,7,9.5,62,1024.0,35,33,65,,',
  '2025-01-10,pudong,4,-2,0.8,45,1036.0,40,35,70,,',
  '2025-01-10,xuhui,5,-1,1.5,47,1035.0,45,40,70,,',
].join('\n');

const count = async (table: 'weather_days' | 'index_days') =>
  Number(
    (
      await w.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('import-weather (daily CSV)', () => {
  it('stores every row as observed CSV weather, then a backfill computes the index (E3: level 5)', async () => {
    const result = await importWeatherCsv(w.deps, good);
    expect(result).toEqual({ rows: 5, districts: 2, from: '2025-01-07', to: '2025-01-10' });
    const row = await w.db.selectFrom('weather_days').selectAll().where('district', '=', 'pudong').where('date', '=', '2025-01-10').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'observed', source: 'csv', tmax: 4, tmin: -2, tmean: 0.8, rh: 45, pressure: 1036, pm25: 40, thunderstorm: null });

    const run = await runIndexJob(w.deps, { trigger: 'cli', from: '2025-01-10', to: '2025-01-10', district: 'pudong' });
    expect(run?.status).toBe('ok');
    const day = await w.db.selectFrom('index_days').selectAll().where('district', '=', 'pudong').executeTakeFirstOrThrow();
    expect(day).toMatchObject({ date: '2025-01-10', score: 50, level: 5, weather_source: 'csv' });
  });

  it('rejects a malformed row with its line number and stores nothing from the file', async () => {
    const bad = good.split('\n');
    bad.splice(3, 0, '2025-01-08,xuhui,12,seven,9.8,60,1024.0,32,30,60,,0'); // line 4
    const error = await importWeatherCsv(w.deps, bad.join('\n')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeatherCsvError);
    expect((error as WeatherCsvError).line).toBe(4);
    expect((error as Error).message).toMatch(/line 4: tmin "seven" is not a number/);
    expect(await count('weather_days')).toBe(0);
  });

  it('rejects a file whose header is wrong, and a header without rows', async () => {
    await expect(importWeatherCsv(w.deps, 'date,district,tmax\n2025-01-01,pudong,3')).rejects.toThrow(/line 1/);
    await expect(importWeatherCsv(w.deps, `${WEATHER_CSV_HEADER}\n`)).rejects.toThrow(/no rows/);
    expect(await count('weather_days')).toBe(0);
  });
});
