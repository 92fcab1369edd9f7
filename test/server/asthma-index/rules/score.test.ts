import { describe, expect, it } from 'vitest';
import { computeIndex, currentIndexParams, indexParamsFor, indexParamsV0_1, indexParamsV0_2, toApiConfidence, type IndexComputed, type IndexInputs } from '../../../../server/asthma-index/rules';
import { calm, ok } from './calm-day';

// Modifiers and floors: score-floors.test.ts.

function subScoreList(r: IndexComputed) {
  const s = r.subScores;
  return [s.tempChange, s.dtr, s.thermal, s.humidity, s.pressureChange, s.air];
}

describe('worked examples (docs/asthma-index.md)', () => {
  it('E1 calm early summer -> 0,0,0,0,0,0 -> 0.0 -> level 1, confidence high, missing [pollen]', () => {
    const r = ok(calm);
    expect(subScoreList(r)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(r.score).toBe(0);
    expect(r.level).toBe(1);
    expect(r.confidence).toBe('high');
    expect(r.missing).toEqual(['pollen']);
    expect(r.floors).toEqual([]);
    expect(r.topFactors).toEqual([]);
    expect(r.algorithmVersion).toBe('0.2');
  });

  it('E2 ordinary winter day -> 0,0,1,0,0,1 -> 10.4 -> level 2', () => {
    const r = ok({
      tmax: 9,
      tmin: 2,
      tmean: 5.2,
      prevTmean: 6.0,
      prevTmin: 3,
      prev3Tmean: [6.5, 7.0, 6.0],
      rh: 62,
      p: 1026.0,
      prevP: 1024.5,
      pm25: 58,
      no2: 48,
      o3_8h: 60,
    });
    expect(subScoreList(r)).toEqual([0, 0, 1, 0, 0, 1]);
    expect(r.score).toBe(10.4);
    expect(r.scoreLevel).toBe(2);
    expect(r.level).toBe(2);
    expect(r.confidence).toBe('high');
    expect(r.missing).toEqual(['pollen']);
  });

  it('E3 cold wave -> 4,0,3,1,2,1 -> 50.0 -> level 5 at the boundary; drop and coldWave floors fire too', () => {
    const r = ok({
      tmax: 4,
      tmin: -2,
      tmean: 0.8,
      prevTmean: 9.5,
      prevTmin: 7,
      prev3Tmean: [10.1, 9.8, 9.5],
      rh: 45,
      p: 1036.0,
      prevP: 1024.0,
      pm25: 40,
      no2: 35,
      o3_8h: 70,
    });
    expect(subScoreList(r)).toEqual([4, 0, 3, 1, 2, 1]);
    expect(r.score).toBe(50);
    expect(r.scoreLevel).toBe(5);
    expect(r.level).toBe(5);
    expect(r.features.coldWave).toBe(true);
    expect(r.floors).toEqual([
      { id: 'tempChange4', minLevel: 4 },
      { id: 'coldWave', minLevel: 5 },
    ]);
  });

  it('E4 heavy pollution -> 0,0,0,0,0,4 -> 25.0 -> score level 3, floor air=4 -> level 4', () => {
    const r = ok({
      tmax: 14,
      tmin: 9,
      tmean: 11.3,
      prevTmean: 11.8,
      prevTmin: 9,
      prev3Tmean: [12, 12, 11.8],
      rh: 75,
      p: 1021.0,
      prevP: 1021.5,
      pm25: 160,
      no2: 95,
      o3_8h: 40,
    });
    expect(subScoreList(r)).toEqual([0, 0, 0, 0, 0, 4]);
    expect(r.score).toBe(25);
    expect(r.scoreLevel).toBe(3);
    expect(r.level).toBe(4);
    expect(r.floors).toEqual([{ id: 'air4', minLevel: 4 }]);
  });

  it('E6 cold dry spring day -> 0,4,1,2,0,1 -> 31.2 -> level 3 (dtr 13 is band 3, +1 for tmean < 10)', () => {
    const r = ok({
      tmax: 16,
      tmin: 3,
      tmean: 9.0,
      prevTmean: 8.5,
      prevTmin: 4,
      prev3Tmean: [8, 8.2, 8.5],
      rh: 35,
      p: 1018.0,
      prevP: 1019.0,
      pm25: 45,
      no2: 42,
      o3_8h: 120,
    });
    expect(subScoreList(r)).toEqual([0, 4, 1, 2, 0, 1]);
    // 1500 / 48 = 31.25 exactly; the spec reports 31.2, i.e. ties round to even.
    expect(r.score).toBe(31.2);
    expect(r.level).toBe(3);
  });

  it('E7 no air quality, no yesterday -> dtr 1, thermal 0, humidity 0 -> 10.0 -> level 2, confidence low', () => {
    const r = ok({ tmax: 15, tmin: 7, tmean: 10.5, rh: 70 });
    expect(r.subScores).toEqual({ dtr: 1, thermal: 0, humidity: 0 });
    expect(r.score).toBe(10);
    expect(r.level).toBe(2);
    expect(r.confidence).toBe('low');
    expect(r.missing).toEqual(['tempChange', 'pressureChange', 'air', 'pollen']);
  });

  it('E10 tmax missing (tmin 3, rh 70, pm25 50) -> unavailable, no level', () => {
    const r = computeIndex({ tmin: 3, rh: 70, pm25: 50 });
    expect(r).toEqual({ status: 'unavailable', algorithmVersion: '0.2', missing: ['tmax'] });
    expect(computeIndex({ rh: 70 })).toMatchObject({ status: 'unavailable', missing: ['tmax', 'tmin'] });
    expect(computeIndex({ tmax: 10, tmin: Number.NaN })).toMatchObject({ status: 'unavailable', missing: ['tmin'] });
  });
});

describe('algorithm versions', () => {
  it("new days are computed with 0.2; a stored day's version names its parameters", () => {
    expect(currentIndexParams.algorithmVersion).toBe('0.2');
    expect(indexParamsFor('0.1')).toBe(indexParamsV0_1);
    expect(indexParamsFor('0.2')).toBe(indexParamsV0_2);
    expect(indexParamsFor('9.9')).toBe(currentIndexParams);
  });

  it("0.2 changes only the version: every number, so every score and level, is 0.1's", () => {
    const { algorithmVersion: v2, ...numbers2 } = indexParamsV0_2;
    const { algorithmVersion: v1, ...numbers1 } = indexParamsV0_1;
    expect([v1, v2]).toEqual(['0.1', '0.2']);
    expect(numbers2).toEqual(numbers1);
    const cases: IndexInputs[] = [
      calm,
      { tmax: 4, tmin: -2, tmean: 0.8, prevTmean: 9.5, prevTmin: 7, prev3Tmean: [10.1, 9.8, 9.5], rh: 45, p: 1036.0, prevP: 1024.0, pm25: 40, no2: 35, o3_8h: 70 },
      { tmax: 14, tmin: 9, tmean: 11.3, prevTmean: 11.8, prevTmin: 9, prev3Tmean: [12, 12, 11.8], rh: 75, p: 1021.0, prevP: 1021.5, pm25: 160, no2: 95, o3_8h: 40 },
      { tmax: 15, tmin: 7, tmean: 10.5, rh: 70 },
      { tmin: 3, rh: 70, pm25: 50 },
      ...[80, 100, 120, 260].map((pm25) => ({ ...calm, pm25, thunderstorm: true, pollenLevel: 3 })),
    ];
    for (const inputs of cases) {
      const { algorithmVersion: a, ...was } = computeIndex(inputs, indexParamsV0_1);
      const { algorithmVersion: b, ...now } = computeIndex(inputs, indexParamsV0_2);
      expect([a, b]).toEqual(['0.1', '0.2']);
      expect(now).toEqual(was);
    }
  });
});

describe('score and level boundaries', () => {
  it('a score of exactly 10.0 is level 2, just under is level 1', () => {
    expect(ok({ tmax: 15, tmin: 7, tmean: 10.5, rh: 70 }).level).toBe(2);
    expect(ok({ tmax: 14.9, tmin: 7, tmean: 10.5, rh: 70 })).toMatchObject({ score: 0, level: 1 });
  });

  it('a score of exactly 50.0 is level 5 from the score alone', () => {
    // thermal 4 (8 pts) + humidity 2 (2) + air 2 (6) = 16 of 4 x 8 -> 50.0; the only floor (thermal4) is 3.
    const r = ok({ tmax: 4, tmin: -3, tmean: -0.5, rh: 35, pm25: 100, prev3Tmean: [5, 5, 5] });
    expect(r.floors).toEqual([{ id: 'thermal4', minLevel: 3 }]);
    expect(r.score).toBe(50);
    expect(r.scoreLevel).toBe(5);
    expect(r.level).toBe(5);
  });

  it('pollutant bands are (lo, hi]: pm25 35.0 scores 0, 35.1 scores 1', () => {
    expect(ok({ ...calm, pm25: 35.0 }).subScores.air).toBe(0);
    expect(ok({ ...calm, pm25: 35.1 }).subScores.air).toBe(1);
    expect(ok({ ...calm, pm25: 150 }).subScores.air).toBe(3);
    expect(ok({ ...calm, pm25: 150.1 }).subScores.air).toBe(4);
    expect(ok({ ...calm, no2: 40 }).subScores.air).toBe(0);
    expect(ok({ ...calm, no2: 40.1 }).subScores.air).toBe(1);
    expect(ok({ ...calm, no2: 280.1 }).subScores.air).toBe(4);
    expect(ok({ ...calm, o3_8h: 100 }).subScores.air).toBe(0);
    expect(ok({ ...calm, o3_8h: 215.5 }).subScores.air).toBe(3);
  });

  it('air is the worst pollutant present and exists with only one of them', () => {
    const r = ok({ ...calm, pm25: null, no2: null, o3_8h: 170 });
    expect(r.subScores.air).toBe(2);
    expect(r.bands.pollutants).toEqual({ o3_8h: 2 });
    expect(ok({ ...calm, pm25: null, no2: null, o3_8h: null }).missing).toEqual(['air', 'pollen']);
  });

  it('temperature change takes the larger of the drop and rise bands', () => {
    expect(ok({ ...calm, prevTmean: 19.4, prevTmin: 19.5 }).subScores.tempChange).toBe(1); // rise 4.0
    expect(ok({ ...calm, prevTmean: 17.4 }).subScores.tempChange).toBe(2); // rise 6.0
    expect(ok({ ...calm, prevTmean: 10 }).subScores.tempChange).toBe(2); // rise tops out at band 2
    expect(ok({ ...calm, prevTmin: 26 }).subScores.tempChange).toBe(3); // drop 6 via tmin
    expect(ok({ ...calm, prevTmean: null, prevTmin: 22 }).subScores.tempChange).toBe(1); // drop from tmin alone
  });

  it('binary noise cannot slip a difference under its threshold (10.1 - 8.1 is a drop of 2)', () => {
    const r = ok({ ...calm, tmax: 12, tmin: 5, tmean: 8.1, prevTmean: 10.1, prevTmin: 5 });
    expect(r.features.drop).toBe(2);
    expect(r.subScores.tempChange).toBe(1);
  });

  it('humidity, pressure change and heat bands at their edges', () => {
    expect(ok({ ...calm, rh: 90 }).subScores.humidity).toBe(1);
    expect(ok({ ...calm, rh: 89.9 }).subScores.humidity).toBe(0);
    expect(ok({ ...calm, rh: 50 }).subScores.humidity).toBe(0);
    expect(ok({ ...calm, rh: 49.9 }).subScores.humidity).toBe(1);
    expect(ok({ ...calm, rh: 29.9 }).subScores.humidity).toBe(3);
    expect(ok({ ...calm, p: 1016.5 }).subScores.pressureChange).toBe(1); // +6.0
    expect(ok({ ...calm, p: 1000.5 }).subScores.pressureChange).toBe(2); // -10.0
    expect(ok({ ...calm, tmax: 35 }).subScores.thermal).toBe(1);
    expect(ok({ ...calm, tmax: 37, tmin: 28, tmean: 32, prevTmin: 27 }).subScores.thermal).toBe(2);
    expect(ok({ ...calm, tmax: 40, tmin: 29, tmean: 33, prevTmin: 28 }).subScores.thermal).toBe(3);
  });

  it('tmean falls back to (tmax + tmin) / 2', () => {
    const r = ok({ tmax: 6, tmin: 1, rh: 60 });
    expect(r.features.tmean).toBe(3.5);
    expect(r.features.tmeanFromRange).toBe(true);
    expect(r.subScores.thermal).toBe(2);
  });
});

describe('missing inputs and confidence', () => {
  it('all core factors present -> high, even without pressure change and pollen', () => {
    const r = ok({ ...calm, p: null });
    expect(r.confidence).toBe('high');
    expect(r.missing).toEqual(['pressureChange', 'pollen']);
  });

  it('one core factor missing -> medium', () => {
    const r = ok({ ...calm, rh: null });
    expect(r.confidence).toBe('medium');
    expect(r.missing).toEqual(['humidity', 'pollen']);
    expect(toApiConfidence(r.confidence)).toBe('reduced');
  });

  it('two or more missing -> low; toApiConfidence maps high to full, else reduced', () => {
    expect(ok({ ...calm, rh: null, pm25: null, no2: null, o3_8h: null }).confidence).toBe('low');
    expect(toApiConfidence('high')).toBe('full');
    expect(toApiConfidence('low')).toBe('reduced');
  });

  it('pollen joins the weights when present', () => {
    const r = ok({ ...calm, pollenLevel: 2 });
    expect(r.missing).toEqual([]);
    expect(r.score).toBe(3.6); // 2 x 1 of 4 x 14
    expect(r.topFactors).toEqual([{ factor: 'pollen', points: 2 }]);
  });

  it('top factors are ordered by weight x sub-score', () => {
    const r = ok({ ...calm, pm25: 80, rh: 35, tmax: 31 });
    expect(r.topFactors).toEqual([
      { factor: 'air', points: 6 },
      { factor: 'dtr', points: 4 },
      { factor: 'humidity', points: 2 },
    ]);
  });
});
