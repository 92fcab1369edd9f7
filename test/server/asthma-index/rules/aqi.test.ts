import { describe, expect, it } from 'vitest';
import { airQuality, aqiBand, IAQI_BREAKPOINTS, pollutantIaqi } from '../../../../server/asthma-index/rules';

const iaqiOf = (pollutant: 'pm25' | 'no2' | 'o3_8h', value: number) => pollutantIaqi(pollutant, value)?.iaqi;
const bandOf = (pollutant: 'pm25' | 'no2' | 'o3_8h', value: number) => pollutantIaqi(pollutant, value)?.band;

describe('IAQI (HJ 633-2012 table 1)', () => {
  it('uses the standard breakpoints for PM2.5 and NO2 24-hour means and O3 8-hour mean', () => {
    expect(IAQI_BREAKPOINTS.pm25).toEqual([0, 35, 75, 115, 150, 250, 350, 500]);
    expect(IAQI_BREAKPOINTS.no2).toEqual([0, 40, 80, 180, 280, 565, 750, 940]);
    expect(IAQI_BREAKPOINTS.o3_8h).toEqual([0, 100, 160, 215, 265, 800]);
  });

  it('the worked example: PM2.5 100 is 131.25, rounded up to 132, light', () => {
    // 100 + (150 - 100) / (115 - 75) x (100 - 75) = 131.25; HJ 633 rounds up.
    expect(pollutantIaqi('pm25', 100)).toEqual({ pollutant: 'pm25', concentration: 100, iaqi: 132, band: 'light' });
  });

  it('each PM2.5 breakpoint gives its exact IAQI and anything above it the next band', () => {
    expect(iaqiOf('pm25', 0)).toBe(0);
    expect([iaqiOf('pm25', 35), bandOf('pm25', 35)]).toEqual([50, 'excellent']);
    expect([iaqiOf('pm25', 35.1), bandOf('pm25', 35.1)]).toEqual([51, 'good']);
    expect([iaqiOf('pm25', 75), bandOf('pm25', 75)]).toEqual([100, 'good']);
    expect([iaqiOf('pm25', 75.1), bandOf('pm25', 75.1)]).toEqual([101, 'light']);
    expect([iaqiOf('pm25', 115), bandOf('pm25', 115)]).toEqual([150, 'light']);
    expect([iaqiOf('pm25', 115.01), bandOf('pm25', 115.01)]).toEqual([151, 'moderate']);
    expect([iaqiOf('pm25', 150), bandOf('pm25', 150)]).toEqual([200, 'moderate']);
    expect([iaqiOf('pm25', 150.1), bandOf('pm25', 150.1)]).toEqual([201, 'heavy']);
    expect([iaqiOf('pm25', 250), bandOf('pm25', 250)]).toEqual([300, 'heavy']);
    expect([iaqiOf('pm25', 250.1), bandOf('pm25', 250.1)]).toEqual([301, 'severe']);
    expect([iaqiOf('pm25', 350), bandOf('pm25', 350)]).toEqual([400, 'severe']);
    expect(iaqiOf('pm25', 500)).toBe(500);
    // Beyond the table the index stays at its top.
    expect([iaqiOf('pm25', 620), bandOf('pm25', 620)]).toEqual([500, 'severe']);
  });

  it('NO2 24-hour bands', () => {
    expect(iaqiOf('no2', 40)).toBe(50);
    expect([iaqiOf('no2', 80), bandOf('no2', 80)]).toEqual([100, 'good']);
    expect([iaqiOf('no2', 81), bandOf('no2', 81)]).toEqual([101, 'light']);
    expect([iaqiOf('no2', 180), bandOf('no2', 180)]).toEqual([150, 'light']);
    expect([iaqiOf('no2', 280), bandOf('no2', 280)]).toEqual([200, 'moderate']);
    // 200 + 100 x 285 / 285: no float noise may push an exact breakpoint up by one.
    expect([iaqiOf('no2', 565), bandOf('no2', 565)]).toEqual([300, 'heavy']);
    expect([iaqiOf('no2', 566), bandOf('no2', 566)]).toEqual([301, 'severe']);
    expect(iaqiOf('no2', 750)).toBe(400);
    expect(iaqiOf('no2', 940)).toBe(500);
    expect(iaqiOf('no2', 1200)).toBe(500);
  });

  it('O3 8-hour bands, and above 800 no 8-hour IAQI but band severe', () => {
    expect([iaqiOf('o3_8h', 100), bandOf('o3_8h', 100)]).toEqual([50, 'excellent']);
    expect([iaqiOf('o3_8h', 160), bandOf('o3_8h', 160)]).toEqual([100, 'good']);
    expect([iaqiOf('o3_8h', 161), bandOf('o3_8h', 161)]).toEqual([101, 'light']);
    expect([iaqiOf('o3_8h', 215), bandOf('o3_8h', 215)]).toEqual([150, 'light']);
    expect([iaqiOf('o3_8h', 265), bandOf('o3_8h', 265)]).toEqual([200, 'moderate']);
    expect([iaqiOf('o3_8h', 800), bandOf('o3_8h', 800)]).toEqual([300, 'heavy']);
    expect(pollutantIaqi('o3_8h', 801)).toEqual({ pollutant: 'o3_8h', concentration: 801, iaqi: null, band: 'severe' });
  });

  it('a missing, non-finite or negative value has no IAQI', () => {
    expect(pollutantIaqi('pm25', null)).toBeNull();
    expect(pollutantIaqi('pm25', undefined)).toBeNull();
    expect(pollutantIaqi('pm25', Number.NaN)).toBeNull();
    expect(pollutantIaqi('no2', -1)).toBeNull();
  });
});

describe('AQI and its band', () => {
  it('bands: 0-50 excellent, 51-100 good, 101-150 light, 151-200 moderate, 201-300 heavy, above 300 severe', () => {
    expect([0, 50, 51, 100, 101, 150, 151, 200, 201, 300, 301, 500].map(aqiBand)).toEqual(['excellent', 'excellent', 'good', 'good', 'light', 'light', 'moderate', 'moderate', 'heavy', 'heavy', 'severe', 'severe']);
  });

  it('the AQI is the largest IAQI, and the primary pollutant the one that sets it', () => {
    // NO2 30: 37.5 -> 38; O3 170: 109.09 -> 110.
    const air = airQuality({ pm25: 100, no2: 30, o3_8h: 170 });
    expect(air).toMatchObject({ aqi: 132, band: 'light', primary: ['pm25'] });
    expect(air?.pollutants.map((p) => [p.pollutant, p.iaqi])).toEqual([
      ['pm25', 132],
      ['no2', 38],
      ['o3_8h', 110],
    ]);
    expect(airQuality({ pm25: 30, no2: 200 })).toMatchObject({ aqi: 160, band: 'moderate', primary: ['no2'] });
    expect(airQuality({ pm25: 75, no2: 80 })).toMatchObject({ aqi: 100, band: 'good', primary: ['pm25', 'no2'] });
  });

  it('O3 above its 8-hour scale makes the day severe without a number', () => {
    expect(airQuality({ pm25: 100, o3_8h: 900 })).toMatchObject({ aqi: null, band: 'severe', primary: ['o3_8h'] });
  });

  it('no pollutant present: no AQI', () => {
    expect(airQuality({})).toBeNull();
    expect(airQuality({ pm25: null, no2: null, o3_8h: null })).toBeNull();
  });
});
