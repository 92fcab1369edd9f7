// Demo weather (labelled source 'demo') for Pudong and four other districts: 18 months ending tomorrow,
// shaped like Shanghai's seasons (cold damp winters with PM2.5 episodes, hot humid summers with ozone,
// a few cold waves), and the index computed over it with the real algorithm, so charts have a history.
import type { Db } from '../../db/connection';
import type { Random } from './random';
import type { SeededReference } from './reference';
import type { SeedOptions } from './index';
import { addDays, addMonths, daysBetween, type IsoDate } from '../calendar';
import type { DailyWeather } from '../asthma-index/rules/features';
import { buildIndexInputs } from '../asthma-index/rules/open-meteo';
import { computeIndex } from '../asthma-index/rules/score';
import { INDEX_JOB } from '../asthma-index/job';
import { indexDayRow, upsertIndexDays, upsertWeatherDays, type StoredWeatherDay } from '../asthma-index/store';
import type { IndexDayTable } from '../../db/tables/asthma-index';

/** Pudong first; the others differ a little (inland districts a touch warmer by day, the north a touch more polluted). */
const DEMO_DISTRICTS: readonly { code: string; dt: number; dtr: number; pm: number }[] = [
  { code: 'pudong', dt: 0, dtr: 0, pm: 1 },
  { code: 'huangpu', dt: 0.4, dtr: 0.3, pm: 1.08 },
  { code: 'xuhui', dt: 0.3, dtr: 0.4, pm: 1.05 },
  { code: 'minhang', dt: 0.1, dtr: 0.8, pm: 1.02 },
  { code: 'baoshan', dt: -0.3, dtr: 0.2, pm: 1.15 },
];

const round1 = (v: number) => Math.round(v * 10) / 10;
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

function normal(rnd: Random): number {
  const u = Math.max(rnd.next(), 1e-9);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.next());
}

function dayOfYear(date: IsoDate): number {
  return daysBetween(`${date.slice(0, 4)}-01-01`, date);
}

interface CitySeries {
  tmean: number;
  dtr: number;
  rh: number;
  pressure: number;
  pm25: number;
  no2: number;
  o3: number;
}

/** One city-wide day sequence; districts add small offsets and noise to it. */
function cityWeather(rnd: Random, dates: readonly IsoDate[]): CitySeries[] {
  let tAnomaly = 0;
  let pAnomaly = 0;
  let pmAnomaly = 0;
  let coldWave = 0;
  let episode = 0;
  return dates.map((date) => {
    const season = Math.cos((2 * Math.PI * (dayOfYear(date) - 20)) / 365); // 1 in late January, -1 in late July
    const month = Number(date.slice(5, 7));
    const winter = month >= 11 || month <= 3;

    // A cold wave: a front drops the mean 8-11 °C in a day, pressure jumps, wind clears the air.
    if (coldWave === 0 && winter && rnd.chance(0.025)) coldWave = 4;
    if (episode === 0 && (month === 12 || month <= 2) && rnd.chance(0.03)) episode = rnd.int(3, 5);

    tAnomaly = 0.7 * tAnomaly + 1.6 * normal(rnd);
    pAnomaly = 0.6 * pAnomaly + 2.2 * normal(rnd);
    pmAnomaly = 0.6 * pmAnomaly + 0.35 * normal(rnd);
    if (coldWave === 4) {
      tAnomaly -= 8 + 3 * rnd.next();
      pAnomaly += 9;
      pmAnomaly -= 0.8;
    }
    if (coldWave > 0) coldWave -= 1;

    const tmean = 16.5 - 12 * season + tAnomaly;
    const dryness = month >= 3 && month <= 5 ? 1.5 : month >= 10 && month <= 11 ? 1.2 : 0;
    const dtr = clamp(7 + dryness + 1.6 * normal(rnd) + (coldWave === 3 ? 3 : 0), 2.5, 15.5);
    const rh = clamp(74 - 4 * season - dryness * 5 + 9 * normal(rnd) - (coldWave === 3 ? 18 : 0), 22, 98);
    let pm25 = (35 + 22 * season) * Math.exp(pmAnomaly);
    if (episode > 0) {
      pm25 += 90 + 70 * rnd.next();
      episode -= 1;
    }
    const o3 = clamp(95 - 45 * season + 25 * normal(rnd), 20, 240);
    return {
      tmean,
      dtr,
      rh,
      pressure: 1015.5 + 10.5 * season + pAnomaly,
      pm25: clamp(pm25, 4, 320),
      no2: clamp(28 + 12 * season + 0.25 * pm25 + 6 * normal(rnd), 5, 160),
      o3,
    };
  });
}

export async function seedAsthmaIndex(db: Db, rnd: Random, _ref: SeededReference, opts: SeedOptions): Promise<void> {
  const last = addDays(opts.today, 1);
  const first = addMonths(last, -18);
  const dates = Array.from({ length: daysBetween(first, last) + 1 }, (_, i) => addDays(first, i));
  const city = cityWeather(rnd, dates);

  const weather: StoredWeatherDay[] = [];
  const indexRows: IndexDayTable[] = [];
  for (const district of DEMO_DISTRICTS) {
    const byDate = new Map<IsoDate, DailyWeather>();
    dates.forEach((date, i) => {
      const c = city[i]!;
      const tmean = c.tmean + district.dt + 0.3 * normal(rnd);
      const dtr = c.dtr + district.dtr;
      const day: DailyWeather = {
        date,
        tmax: round1(tmean + 0.55 * dtr),
        tmin: round1(tmean - 0.45 * dtr),
        tmean: round1(tmean),
        rh: round1(clamp(c.rh + 2 * normal(rnd), 20, 99)),
        pressure: round1(c.pressure + 0.3 * normal(rnd)),
        pm25: round1(c.pm25 * district.pm * (1 + 0.05 * normal(rnd))),
        no2: round1(c.no2 * district.pm),
        o3_8h: round1(c.o3),
        pollenLevel: null,
        thunderstorm: null,
      };
      byDate.set(date, day);
      weather.push({ district: district.code, day, kind: date < opts.today ? 'observed' : 'forecast', source: 'demo', fetchedAt: opts.now });
    });
    for (const date of dates) {
      const result = computeIndex(buildIndexInputs(byDate, date));
      if (result.status === 'ok') indexRows.push(indexDayRow(district.code, date, result, { kind: date < opts.today ? 'observed' : 'forecast', fetchedAt: opts.now, source: 'demo' }, null, opts.now));
    }
  }
  await upsertWeatherDays(db, weather);
  await upsertIndexDays(db, indexRows);
  await db
    .insertInto('job_runs')
    .values({
      id: rnd.uuid(),
      name: INDEX_JOB,
      trigger: 'seed',
      params: JSON.stringify({ from: first, to: last, demo: true }),
      owner: 'seed',
      started_at: opts.now,
      finished_at: opts.now,
      status: 'ok',
      error: null,
      rows: indexRows.length,
      summary: JSON.stringify({ dates: [first, last], districts: DEMO_DISTRICTS.length, weatherDays: weather.length, indexDays: indexRows.length, unavailable: [], outbox: 0 }),
      created_by: null,
    })
    .execute();
}
