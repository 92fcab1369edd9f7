// The asthma index's modifiers (a cool day widens the diurnal range, a cold spell deepens the cold)
// and its floors, each on its own (docs/asthma-index.md): a level the score alone would not reach.
import { describe, expect, it } from 'vitest';
import type { IndexComputed } from '../../../../server/asthma-index/rules';
import { calm, ok } from './calm-day';

describe('modifiers', () => {
  it('dtr band +1 when tmean < 10 and the band is at least 1, capped at 4', () => {
    const cool = { ...calm, tmean: 9.9, prevTmean: 9.9, prev3Tmean: [9.9, 9.9, 9.9] };
    expect(ok({ ...cool, tmax: 24, tmin: 11, prevTmin: 11 }).subScores.dtr).toBe(4); // 13 -> 3 + 1
    expect(ok({ ...cool, tmax: 19, tmin: 11, prevTmin: 11 }).subScores.dtr).toBe(2); // 8 -> 1 + 1
    expect(ok({ ...cool, tmax: 18, tmin: 11, prevTmin: 11 }).subScores.dtr).toBe(0); // band 0 is not lifted
    expect(ok({ ...cool, tmax: 27, tmin: 11, prevTmin: 11 }).subScores.dtr).toBe(4); // 16 -> 4, capped
    expect(ok({ ...calm, tmean: 10, prevTmean: 10, tmax: 24, tmin: 11, prevTmin: 11 }).subScores.dtr).toBe(3);
  });

  it('the cold part of thermal +1 in a cold spell, capped at 4', () => {
    const spell = { tmax: 6, tmin: 0, tmean: 2.5, prevTmean: 3, prevTmin: 0, prev3Tmean: [2, 3, 1], rh: 60 };
    const r = ok(spell);
    expect(r.features.coldSpell).toBe(true);
    expect(r.subScores.thermal).toBe(3); // 2.5 is band 2, +1
    expect(ok({ ...spell, prev3Tmean: [2, 3.1, 1] }).subScores.thermal).toBe(2);
    expect(ok({ ...spell, tmean: 3.1 }).features.coldSpell).toBe(false);
    const deep = ok({ ...spell, tmean: -1, prevTmean: -1 });
    expect(deep.subScores.thermal).toBe(4);
    expect(deep.bands.cold).toBe(4);
  });

  it('a cold spell needs all three earlier days: an unknown day means no modifier and no floor', () => {
    const r = ok({ tmax: 6, tmin: 0, tmean: 2.5, prevTmin: 0, prev3Tmean: [2, null, 1], rh: 60 });
    expect(r.features.coldSpell).toBeNull();
    expect(r.subScores.thermal).toBe(2);
    expect(r.floors.map((f) => f.id)).not.toContain('coldSpell');
  });
});

describe('floors, each on its own', () => {
  const firedIds = (r: IndexComputed) => r.floors.map((f) => f.id);

  it('air = 4 -> at least 4', () => {
    const r = ok({ ...calm, pm25: 151 });
    expect(firedIds(r)).toEqual(['air4']);
    expect([r.scoreLevel, r.level]).toEqual([3, 4]);
  });

  it('pm25 > 250 -> 5; 250 itself does not fire it', () => {
    expect(firedIds(ok({ ...calm, pm25: 250.1 }))).toEqual(['air4', 'pm25Above250']);
    expect(ok({ ...calm, pm25: 250.1 }).level).toBe(5);
    expect(ok({ ...calm, pm25: 250 }).level).toBe(4);
  });

  it('air = 3 -> 3', () => {
    const r = ok({ ...calm, pm25: 120 });
    expect(firedIds(r)).toEqual(['air3']);
    expect([r.scoreLevel, r.level]).toEqual([2, 3]);
  });

  it('tempChange = 4 -> 4 (no cold wave while tmin stays above 4)', () => {
    const r = ok({ ...calm, prevTmean: 31.4 });
    expect(firedIds(r)).toEqual(['tempChange4']);
    expect([r.scoreLevel, r.level]).toEqual([3, 4]);
  });

  it('coldWave -> 5: tmin falls >= 8 to at most 4', () => {
    const base = { tmax: 12, tmin: 4, tmean: 8, prevTmean: 9, prevTmin: 12, rh: 60 };
    const r = ok(base);
    expect(r.features.coldWave).toBe(true);
    // A tmin fall of 8 is also a drop of 8, so tempChange4 always fires beside it.
    expect(firedIds(r)).toEqual(['tempChange4', 'coldWave']);
    expect(r.level).toBe(5);
    const almost = ok({ ...base, prevTmin: 11.9 });
    expect(almost.features.coldWave).toBe(false);
    expect(almost.level).toBe(4);
    expect(ok({ ...base, tmin: 4.1, prevTmin: 12.1 }).features.coldWave).toBe(false);
  });

  it('tempChange = 3 -> 3', () => {
    const r = ok({ ...calm, prevTmean: 29.4 });
    expect(firedIds(r)).toEqual(['tempChange3']);
    expect([r.scoreLevel, r.level]).toEqual([2, 3]);
  });

  it('pollen sub-score 4 -> 4 and 3 -> 3', () => {
    const five = ok({ ...calm, pollenLevel: 5 });
    expect(five.subScores.pollen).toBe(4);
    expect(firedIds(five)).toEqual(['pollen4']);
    expect(five.level).toBe(4);
    const four = ok({ ...calm, pollenLevel: 4 });
    expect(firedIds(four)).toEqual(['pollen3']);
    expect(four.level).toBe(3);
  });

  it('thermal = 4 -> 3', () => {
    const r = ok({ tmax: 2, tmin: -3, tmean: -0.5, prevTmean: -0.5, prevTmin: -3, prev3Tmean: [5, 5, 5], rh: 60, p: 1020, prevP: 1020, pm25: 20 });
    expect(r.subScores.thermal).toBe(4);
    expect(firedIds(r)).toEqual(['thermal4']);
    expect([r.scoreLevel, r.level]).toEqual([2, 3]);
  });

  it('coldSpell -> 3', () => {
    const r = ok({ tmax: 5, tmin: 1, tmean: 3, prevTmean: 3, prevTmin: 1, prev3Tmean: [3, 3, 3], rh: 60, pm25: 20 });
    expect(firedIds(r)).toEqual(['coldSpell']);
    expect([r.scoreLevel, r.level]).toEqual([2, 3]);
  });

  it('thunderstorm with pollen sub-score >= 2 -> 4', () => {
    const r = ok({ ...calm, thunderstorm: true, pollenLevel: 3 });
    expect(firedIds(r)).toEqual(['thunderstormPollen']);
    expect(r.level).toBe(4);
    expect(firedIds(ok({ ...calm, thunderstorm: true, pollenLevel: 2 }))).toEqual([]);
    expect(firedIds(ok({ ...calm, thunderstorm: false, pollenLevel: 3 }))).toEqual([]);
  });

  it('a floor only fires on data that is present', () => {
    const r = ok({ tmax: 3, tmin: 0, tmean: 1.5, thunderstorm: true });
    expect(r.features.coldWave).toBeNull(); // no prev_tmin
    expect(r.features.coldSpell).toBeNull(); // no prev3
    expect(firedIds(r)).toEqual([]);
  });
});
