import { readFixture } from '../../../fixtures/paths';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../../server/calendar';
import { buildIndexInputs, computeIndex, dailyByDateFor, parseWeatherCsv, WEATHER_CSV_HEADER, WeatherCsvError } from '../../../../server/asthma-index/rules';

const good = [WEATHER_CSV_HEADER, '2025-01-20,pudong,15,8,11.5,78.6,1012.95,71.25,38.1,55,,0', '2025-01-21,pudong,6,0,3.0,48.6,1026.9,41.25,38.1,55.0,2,1', '2025-01-21,xuhui,6.5,0.5,,,,,,,,'].join('\n');

function lineOfError(text: string): number {
  try {
    parseWeatherCsv(text);
  } catch (error) {
    if (error instanceof WeatherCsvError) return error.line;
    throw error;
  }
  throw new Error('expected a WeatherCsvError');
}

describe('daily weather CSV', () => {
  it('parses a good file, with line numbers, empty cells as missing, thunderstorm 0/1', () => {
    const rows = parseWeatherCsv(good);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toEqual({
      line: 3,
      date: '2025-01-21',
      district: 'pudong',
      tmax: 6,
      tmin: 0,
      tmean: 3,
      rh: 48.6,
      pressure: 1026.9,
      pm25: 41.25,
      no2: 38.1,
      o3_8h: 55,
      pollenLevel: 2,
      thunderstorm: true,
    });
    expect(rows[0]?.thunderstorm).toBe(false);
    expect(rows[2]).toMatchObject({ line: 4, district: 'xuhui', tmax: 6.5, tmean: null, rh: null, pm25: null, pollenLevel: null, thunderstorm: null });
  });

  it('feeds buildIndexInputs per district', () => {
    const daily = dailyByDateFor(parseWeatherCsv(good), 'pudong');
    const inputs = buildIndexInputs(daily, '2025-01-21');
    expect(inputs).toMatchObject({ tmax: 6, prevTmean: 11.5, prevTmin: 8, p: 1026.9, prevP: 1012.95, pollenLevel: 2, thunderstorm: true });
    expect(computeIndex(inputs)).toMatchObject({ status: 'ok', level: 5 });
  });

  it('tolerates a BOM, CRLF line ends and a trailing blank line', () => {
    const rows = parseWeatherCsv(`\uFEFF${good.replaceAll('\n', '\r\n')}\r\n`);
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4]);
  });

  it('a header-only file has no rows', () => {
    expect(parseWeatherCsv(`${WEATHER_CSV_HEADER}\n`)).toEqual([]);
  });

  it('rejects the whole file at the first malformed row, naming its line (header = line 1)', () => {
    const bad = `${good}\n2025-01-22,pudong,abc,1,,,,,,,,`;
    expect(() => parseWeatherCsv(bad)).toThrow(WeatherCsvError);
    expect(() => parseWeatherCsv(bad)).toThrow(/line 5: tmax "abc" is not a number/);
  });

  it.each([
    ['an unknown district', '2025-01-22,atlantis,6,0,,,,,,,,', /unknown district "atlantis"/],
    ['an impossible date', '2025-02-30,pudong,6,0,,,,,,,,', /date/],
    ['too few columns', '2025-01-22,pudong,6,0', /4 columns, expected 12/],
    ['thunderstorm 2', '2025-01-22,pudong,6,0,,,,,,,,2', /thunderstorm "2"/],
    ['pollen level 6', '2025-01-22,pudong,6,0,,,,,,,6,', /pollen_level "6"/],
    ['humidity over 100', '2025-01-22,pudong,6,0,,101,,,,,,', /rh 101 is outside/],
    ['tmin above tmax', '2025-01-22,pudong,0,6,,,,,,,,', /tmin 6 is above tmax 0/],
    ['a repeated district and date', '2025-01-21,pudong,6,0,,,,,,,,', /already given on line 3/],
  ])('rejects %s', (_what, row, message) => {
    expect(lineOfError(`${good}\n${row}`)).toBe(5);
    expect(() => parseWeatherCsv(`${good}\n${row}`)).toThrow(message);
  });

  it('rejects a wrong header as line 1', () => {
    expect(lineOfError('date,district,tmax\n2025-01-21,pudong,6')).toBe(1);
  });

  it('real data smoke test: every Pudong day 2010-2015 scores without error, levels 1..5', () => {
    const text = readFixture('weather/pudong-daily-2010-2015.csv');
    expect(text.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toBe(WEATHER_CSV_HEADER);
    const daily = dailyByDateFor(parseWeatherCsv(text), 'pudong');
    expect(daily.size).toBe(2191);
    const levels = new Map<number, number>();
    let unavailable = 0;
    for (let date = '2010-01-01'; date <= '2015-12-31'; date = addDays(date, 1)) {
      const r = computeIndex(buildIndexInputs(daily, date));
      if (r.status === 'unavailable') {
        unavailable += 1;
        continue;
      }
      expect(r.level).toBeGreaterThanOrEqual(1);
      expect(r.level).toBeLessThanOrEqual(5);
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(100);
      levels.set(r.level, (levels.get(r.level) ?? 0) + 1);
    }
    expect(unavailable).toBe(0);
    // Real weather should use more than one level.
    expect(levels.size).toBeGreaterThan(2);
  });
});
