import { describe, expect, it } from 'vitest';
import { dayPefZone, pefPercent, pefReference, pefZone, predictedPef } from '../../../../server/followups/rules';

describe('PEF zone (spec §4)', () => {
  it('Zone from percent of personal best, compared unrounded: >= 80 green, 50 to < 80 yellow, < 50 red', () => {
    expect(pefZone(300, 300)).toBe('green');
    expect(pefZone(240, 300)).toBe('green'); // exactly 80 %
    expect(pefZone(239, 300)).toBe('yellow'); // 79.67 %, which rounds to 80
    expect(pefZone(150, 300)).toBe('yellow'); // exactly 50 %
    expect(pefZone(149, 300)).toBe('red'); // 49.67 %
  });
  it('exactly 80 % and 50 % of a predicted (decimal) reference', () => {
    expect(pefZone(216.16, 270.2)).toBe('green');
    expect(pefZone(135.1, 270.2)).toBe('yellow');
    expect(pefZone(135, 270.2)).toBe('red');
  });
  it('percent is kept unrounded', () => {
    expect(pefPercent(239, 300)).toBeCloseTo(79.667, 3);
  });
  it("A day's zone is the zone of its lowest reading", () => {
    expect(dayPefZone([300, 140], 300)).toBe('red');
    expect(dayPefZone([200, null], 300)).toBe('yellow');
    expect(dayPefZone([undefined, 290], 300)).toBe('green');
  });
  it('no zone without a reading or a reference', () => {
    expect(dayPefZone([null, undefined], 300)).toBeNull();
    expect(dayPefZone([200], null)).toBeNull();
  });
});

describe('predicted PEF for Chinese children 5-14 y', () => {
  it('Examples: boy 130 cm -> 270.2; girl 130 cm -> 258.9; boy 110 cm -> 182.4', () => {
    expect(predictedPef('M', 130, 9)).toBe(270.2);
    expect(predictedPef('F', 130, 9)).toBe(258.9);
    expect(predictedPef('M', 110, 6)).toBe(182.4);
  });
  it('Outside 5-14 y: no prediction (null)', () => {
    expect(predictedPef('M', 105, 4)).toBeNull();
    expect(predictedPef('M', 105, 5)).not.toBeNull();
    expect(predictedPef('F', 160, 14)).not.toBeNull();
    expect(predictedPef('F', 160, 15)).toBeNull();
  });
  it('no prediction from a height the equation cannot use', () => {
    expect(predictedPef('M', 60, 5)).toBeNull();
  });
});

describe('reference and its basis', () => {
  it('uses the personal best when there is one', () => {
    expect(pefReference({ personalBest: 320, sex: 'M', heightCm: 130, ageYears: 9 })).toEqual({
      value: 320,
      basis: 'personal_best',
    });
  });
  it('Without a personal best, use predicted PEF and label the basis `predicted`', () => {
    expect(pefReference({ personalBest: null, sex: 'F', heightCm: 130, ageYears: 9 })).toEqual({
      value: 258.9,
      basis: 'predicted',
    });
  });
  it('says why there is no reference', () => {
    expect(pefReference({ sex: 'M', heightCm: 100, ageYears: 4 })).toEqual({
      value: null,
      basis: null,
      missing: 'age_outside_prediction',
    });
    expect(pefReference({ sex: 'M', ageYears: 8 })).toMatchObject({ value: null, missing: 'height_unknown' });
    expect(pefReference({ sex: 'M', heightCm: 50, ageYears: 8 })).toMatchObject({ value: null, missing: 'height_implausible' });
  });
});
