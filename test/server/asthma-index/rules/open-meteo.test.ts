import { readFixture } from '../../../fixtures/paths';
import { describe, expect, it } from 'vitest';
import { buildIndexInputs, combineDaily, computeIndex, findDistrict, openMeteoQuery, openMeteoUrl, parseAirQualityResponse, parseForecastResponse, ProviderFormatError } from '../../../../server/asthma-index/rules';

function fixture(name: string): Record<string, any> {
  return JSON.parse(readFixture(`open-meteo/${name}`));
}
const forecast = () => fixture('forecast-shanghai-2025-01-18.json');
const airQuality = () => fixture('air-quality-shanghai-2025-01-18.json');

/** Rows of one local day in the 96-hour fixtures (2025-01-18 is day 0). */
const hoursOf = (day: number) => Array.from({ length: 24 }, (_, h) => day * 24 + h);

describe('P1: the two Open-Meteo fixtures -> 2025-01-21', () => {
  const daily = combineDaily(parseForecastResponse(forecast()), parseAirQualityResponse(airQuality()));

  it('keeps the four complete days, the null hour of the 18th only thinning its mean', () => {
    expect([...daily.keys()]).toEqual(['2025-01-18', '2025-01-19', '2025-01-20', '2025-01-21']);
    expect(daily.get('2025-01-18')?.tmean).toBeCloseTo(9.63, 2); // 23 valid hours
  });

  it('derives the spec inputs', () => {
    const inputs = buildIndexInputs(daily, '2025-01-21');
    expect(inputs.tmax).toBe(6);
    expect(inputs.tmin).toBe(0);
    expect(inputs.tmean).toBeCloseTo(3.0, 5);
    expect(inputs.prevTmean).toBeCloseTo(11.5, 5);
    expect(inputs.prevTmin).toBe(8);
    expect(inputs.rh).toBeCloseTo(48.6, 1);
    expect(inputs.p).toBeCloseTo(1026.9, 5);
    expect(inputs.prevP).toBeCloseTo(1012.95, 5);
    expect(inputs.pm25).toBeCloseTo(41.25, 5);
    expect(inputs.no2).toBeCloseTo(38.1, 1);
    expect(inputs.o3_8h).toBeCloseTo(55.0, 5);
    expect(inputs.thunderstorm).toBe(false);
    expect(inputs.pollenLevel).toBeNull();
    expect(inputs.prev3Tmean?.map((t) => Number(t?.toFixed(2)))).toEqual([9.63, 10.5, 11.5]);
  });

  it('-> 4,0,2,1,2,1 -> 45.8 -> level 5 (coldWave)', () => {
    const r = computeIndex(buildIndexInputs(daily, '2025-01-21'));
    if (r.status !== 'ok') throw new Error('expected a level');
    const s = r.subScores;
    expect([s.tempChange, s.dtr, s.thermal, s.humidity, s.pressureChange, s.air]).toEqual([4, 0, 2, 1, 2, 1]);
    expect(r.score).toBe(45.8);
    expect(r.scoreLevel).toBe(4);
    expect(r.level).toBe(5);
    expect(r.features.coldWave).toBe(true);
    expect(r.floors.map((f) => f.id)).toContain('coldWave');
    expect(r.confidence).toBe('high');
  });

  it('an earlier day without its own earlier days is scored with what there is', () => {
    const inputs = buildIndexInputs(daily, '2025-01-19');
    expect(inputs.prev3Tmean?.map((t) => t !== null)).toEqual([false, false, true]);
    const r = computeIndex(inputs);
    expect(r.status).toBe('ok');
    expect(buildIndexInputs(daily, '2025-01-25')).toMatchObject({ tmax: null, tmin: null });
    expect(computeIndex(buildIndexInputs(daily, '2025-01-25')).status).toBe('unavailable');
  });
});

describe('rejected responses', () => {
  it('°F temperatures, hourly or daily', () => {
    const hourly = forecast();
    hourly.hourly_units.temperature_2m = '°F';
    expect(() => parseForecastResponse(hourly)).toThrow(ProviderFormatError);
    expect(() => parseForecastResponse(hourly)).toThrow(/temperature_2m in unit "°F"/);
    const dailyF = forecast();
    dailyF.daily_units.temperature_2m_max = '°F';
    expect(() => parseForecastResponse(dailyF)).toThrow(/°F/);
  });

  it('other unexpected or absent units', () => {
    const ppb = airQuality();
    ppb.hourly_units.ozone = 'ppb';
    expect(() => parseAirQualityResponse(ppb)).toThrow(ProviderFormatError);
    const noUnit = forecast();
    delete noUnit.hourly_units.pressure_msl;
    expect(() => parseForecastResponse(noUnit)).toThrow(/pressure_msl/);
    const unix = forecast();
    unix.hourly_units.time = 'unixtime';
    expect(() => parseForecastResponse(unix)).toThrow(ProviderFormatError);
  });

  it('accepts µg/m³ written with the micro sign as well as the Greek mu', () => {
    const micro = airQuality();
    micro.hourly_units.pm2_5 = 'µg/m³';
    expect(parseAirQualityResponse(micro)).toHaveLength(4);
  });

  it('arrays of unequal length', () => {
    const short = forecast();
    short.hourly.relative_humidity_2m.pop();
    expect(() => parseForecastResponse(short)).toThrow(/relative_humidity_2m has 95 values for 96 times/);
  });

  it('a UTC offset other than Asia/Shanghai', () => {
    const utc = airQuality();
    utc.utc_offset_seconds = 0;
    expect(() => parseAirQualityResponse(utc)).toThrow(/utc_offset_seconds is 0/);
  });

  it('a missing variable, a non-number value, a repeated hour, not an object', () => {
    const missing = airQuality();
    delete missing.hourly.nitrogen_dioxide;
    expect(() => parseAirQualityResponse(missing)).toThrow(/nitrogen_dioxide is missing/);
    const text = forecast();
    text.hourly.temperature_2m[3] = '7.3';
    expect(() => parseForecastResponse(text)).toThrow(ProviderFormatError);
    const twice = forecast();
    twice.hourly.time[1] = twice.hourly.time[0];
    expect(() => parseForecastResponse(twice)).toThrow(/appears twice/);
    expect(() => parseForecastResponse('nope')).toThrow(ProviderFormatError);
  });
});

describe('daily aggregation rules', () => {
  it('only complete days (all 24 hourly slots in the response) are returned', () => {
    const cut = forecast();
    for (const name of Object.keys(cut.hourly)) cut.hourly[name] = cut.hourly[name].slice(0, 90);
    expect(parseForecastResponse(cut).map((d) => d.date)).toEqual(['2025-01-18', '2025-01-19', '2025-01-20']);
  });

  it('without a daily block, extremes and means need >= 18 valid hours', () => {
    const body = forecast();
    delete body.daily;
    delete body.daily_units;
    const rows = hoursOf(3);
    for (const r of rows.slice(0, 6)) body.hourly.temperature_2m[r] = null;
    const eighteen = parseForecastResponse(body).find((d) => d.date === '2025-01-21');
    expect(eighteen).toMatchObject({ tmax: 6, tmin: 0 });
    expect(eighteen?.tmean).toBeCloseTo(3.56, 5); // mean of 06:00-23:00
    body.hourly.temperature_2m[rows[6]!] = null;
    expect(parseForecastResponse(body).find((d) => d.date === '2025-01-21')).toMatchObject({ tmax: null, tmin: null, tmean: null });
  });

  it('with the daily block, tmax/tmin come from it and tmean falls back to their midpoint under 18 hours', () => {
    const body = forecast();
    for (const r of hoursOf(2).slice(0, 7)) body.hourly.temperature_2m[r] = null;
    expect(parseForecastResponse(body).find((d) => d.date === '2025-01-20')).toMatchObject({ tmax: 15, tmin: 8, tmean: 11.5 });
  });

  it('pm25 and no2 need >= 20 valid hours', () => {
    const body = airQuality();
    const rows = hoursOf(3);
    for (const r of rows.slice(0, 4)) body.hourly.pm2_5[r] = null;
    expect(parseAirQualityResponse(body)[3]?.pm25).toBeCloseTo(41.5, 5);
    body.hourly.pm2_5[rows[4]!] = null;
    expect(parseAirQualityResponse(body)[3]?.pm25).toBeNull();
  });

  it('o3_8h: an 8-hour window needs 6 valid hours, the day 14 of its 17 windows', () => {
    const body = airQuality();
    const rows = hoursOf(3);
    // The day is 40 with a 60 plateau 11:00-16:00 (max window 55). Nulls at 09, 10 and 16 leave the
    // 09-16 window with five 60s (mean 60) but too few hours; the best valid windows hold five 60s and one 40.
    for (const h of [9, 10, 16]) body.hourly.ozone[rows[h]!] = null;
    expect(parseAirQualityResponse(body)[3]?.o3_8h).toBeCloseTo(56.67, 2);
    // Nulls at 00-02 cost only the 00-07 window: 16 of 17 remain.
    const early = airQuality();
    for (const h of [0, 1, 2]) early.hourly.ozone[rows[h]!] = null;
    expect(parseAirQualityResponse(early)[3]?.o3_8h).toBeCloseTo(55, 5);
    // Nulls every third hour leave 6 windows with 5 hours: 11 windows are too few for a daily value.
    const sparse = airQuality();
    for (let h = 0; h < 24; h += 3) sparse.hourly.ozone[rows[h]!] = null;
    expect(parseAirQualityResponse(sparse)[3]?.o3_8h).toBeNull();
  });

  it('a thunderstorm is a WMO weather code 95, 96 or 99 during the day', () => {
    for (const code of [95, 96, 99]) {
      const body = forecast();
      body.hourly.weather_code[hoursOf(3)[15]!] = code;
      expect(parseForecastResponse(body)[3]?.thunderstorm).toBe(true);
    }
    const none = forecast();
    for (const r of hoursOf(3).slice(0, 7)) none.hourly.weather_code[r] = null;
    expect(parseForecastResponse(none)[3]?.thunderstorm).toBeNull(); // too few codes to rule one out
  });

  it('air quality missing for a day leaves only the air inputs missing', () => {
    const air = airQuality();
    for (const name of Object.keys(air.hourly)) air.hourly[name] = air.hourly[name].slice(0, 72);
    const daily = combineDaily(parseForecastResponse(forecast()), parseAirQualityResponse(air));
    expect(daily.get('2025-01-21')).toMatchObject({ tmax: 6, pm25: null, no2: null, o3_8h: null });
    const r = computeIndex(buildIndexInputs(daily, '2025-01-21'));
    expect(r).toMatchObject({ status: 'ok', confidence: 'medium', missing: ['air', 'pollen'] });
  });
});

describe('request query for a district centroid', () => {
  const pudong = findDistrict('pudong')!;

  it('today: past 3 days plus today and tomorrow, local time zone', () => {
    const q = openMeteoQuery('forecast', pudong);
    expect(Object.fromEntries(q)).toEqual({
      latitude: '31.22',
      longitude: '121.54',
      hourly: 'temperature_2m,relative_humidity_2m,pressure_msl,weather_code',
      daily: 'temperature_2m_max,temperature_2m_min',
      timezone: 'Asia/Shanghai',
      past_days: '3',
      forecast_days: '2',
    });
  });

  it('another date d: start_date d-3, end_date d', () => {
    const q = openMeteoQuery('airQuality', pudong, '2025-03-01');
    expect(q.get('hourly')).toBe('pm2_5,nitrogen_dioxide,ozone');
    expect(q.get('start_date')).toBe('2025-02-26');
    expect(q.get('end_date')).toBe('2025-03-01');
    expect(q.has('past_days')).toBe(false);
    expect(openMeteoUrl('airQuality', pudong, '2025-03-01')).toMatch(/^https:\/\/air-quality-api\.open-meteo\.com\/v1\/air-quality\?latitude=31\.22&longitude=121\.54&/);
    expect(openMeteoUrl('forecast', pudong)).toContain('timezone=Asia%2FShanghai');
    expect(() => openMeteoQuery('forecast', pudong, '2025-02-30')).toThrow(RangeError);
  });
});
