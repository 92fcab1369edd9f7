// Every number the asthma index uses, in one versioned object (docs/asthma-index.md, v0.1).
// A clinical review retunes the index by adding a new version of this object, not by editing code;
// results store algorithmVersion so old levels stay explainable.

export type IndexFactor = 'tempChange' | 'dtr' | 'thermal' | 'humidity' | 'pressureChange' | 'air' | 'pollen';
export type IndexLevel = 1 | 2 | 3 | 4 | 5;
export type Pollutant = 'pm25' | 'no2' | 'o3_8h';

/** Floors are data so a review can add, drop or move one; each kind reads only data that is present. */
export type FloorRule =
  | { id: string; when: 'subScoreEquals'; factor: IndexFactor; subScore: number; minLevel: IndexLevel }
  | { id: string; when: 'pm25Above'; value: number; minLevel: IndexLevel }
  | { id: string; when: 'coldWave'; minLevel: IndexLevel }
  | { id: string; when: 'coldSpell'; minLevel: IndexLevel }
  | { id: string; when: 'thunderstormWithPollen'; pollenSubScoreAtLeast: number; minLevel: IndexLevel };

export interface IndexParams {
  algorithmVersion: string;
  /** Sub-scores run 0..maxSubScore; score = 100 S / (maxSubScore W). */
  maxSubScore: number;
  /** Whole numbers, so the level band can be decided in exact integer arithmetic. */
  weights: Readonly<Record<IndexFactor, number>>;
  /** Ascending thresholds: the band is how many of them the value reaches. */
  tempChange: { dropAtLeast: readonly number[]; riseAtLeast: readonly number[] };
  dtr: { atLeast: readonly number[]; coldModifier: { tmeanBelow: number; fromBand: number; add: number } };
  thermal: { coldTmeanBelow: readonly number[]; heatTmaxAtLeast: readonly number[]; coldSpellAdd: number };
  humidity: { dryBelow: readonly number[]; dampAtLeast: readonly number[] };
  pressureChange: { absDpAtLeast: readonly number[] };
  /** Upper limits of "(lo, hi]" bands (HJ 633-2012 breakpoints, µg/m³). */
  air: Readonly<Record<Pollutant, readonly number[]>>;
  /** Pollen level 1..5 maps to sub-score level - 1. */
  pollen: { lowestLevel: number; highestLevel: number };
  coldSpell: { tmeanAtMost: number; days: number };
  /** GB/T 20484-2017, 24-hour criterion. */
  coldWave: { tminDropAtLeast: number; tminAtMost: number };
  /** Score limits: below limits[0] is level 1, ..., at or above the last is level 5. */
  levelLimits: readonly number[];
  floors: readonly FloorRule[];
  confidence: { coreFactors: readonly IndexFactor[]; mediumWhenMissing: number; lowWhenMissing: number };
  /** How many valid hours make a daily value (provider aggregation). */
  dailyCompleteness: {
    meanMinHours: number;
    pollutantMinHours: number;
    /** HJ 663-2013: an 8-hour ozone mean needs 6 of its 8 hours, and the daily max 14 of 17 windows. */
    o3WindowMinHours: number;
    o3MinWindows: number;
  };
  /** WMO weather codes that mean a thunderstorm (95 thunderstorm, 96/99 with hail). */
  thunderstormWeatherCodes: readonly number[];
}

export const indexParamsV0_1: IndexParams = {
  algorithmVersion: '0.1',
  maxSubScore: 4,
  weights: { tempChange: 3, dtr: 2, thermal: 2, humidity: 1, pressureChange: 1, air: 3, pollen: 2 },
  tempChange: { dropAtLeast: [2, 4, 6, 8], riseAtLeast: [4, 6] },
  dtr: { atLeast: [8, 10, 12, 14], coldModifier: { tmeanBelow: 10, fromBand: 1, add: 1 } },
  thermal: { coldTmeanBelow: [10, 5, 2, 0], heatTmaxAtLeast: [35, 37, 40], coldSpellAdd: 1 },
  humidity: { dryBelow: [50, 40, 30], dampAtLeast: [90] },
  pressureChange: { absDpAtLeast: [6, 10] },
  air: {
    pm25: [35, 75, 115, 150],
    no2: [40, 80, 180, 280],
    o3_8h: [100, 160, 215, 265],
  },
  pollen: { lowestLevel: 1, highestLevel: 5 },
  coldSpell: { tmeanAtMost: 3.0, days: 3 },
  coldWave: { tminDropAtLeast: 8, tminAtMost: 4 },
  levelLimits: [10, 22, 35, 50],
  floors: [
    { id: 'air4', when: 'subScoreEquals', factor: 'air', subScore: 4, minLevel: 4 },
    { id: 'pm25Above250', when: 'pm25Above', value: 250, minLevel: 5 },
    { id: 'air3', when: 'subScoreEquals', factor: 'air', subScore: 3, minLevel: 3 },
    { id: 'tempChange4', when: 'subScoreEquals', factor: 'tempChange', subScore: 4, minLevel: 4 },
    { id: 'coldWave', when: 'coldWave', minLevel: 5 },
    { id: 'tempChange3', when: 'subScoreEquals', factor: 'tempChange', subScore: 3, minLevel: 3 },
    { id: 'pollen4', when: 'subScoreEquals', factor: 'pollen', subScore: 4, minLevel: 4 },
    { id: 'pollen3', when: 'subScoreEquals', factor: 'pollen', subScore: 3, minLevel: 3 },
    { id: 'thermal4', when: 'subScoreEquals', factor: 'thermal', subScore: 4, minLevel: 3 },
    { id: 'coldSpell', when: 'coldSpell', minLevel: 3 },
    { id: 'thunderstormPollen', when: 'thunderstormWithPollen', pollenSubScoreAtLeast: 2, minLevel: 4 },
  ],
  confidence: {
    coreFactors: ['tempChange', 'dtr', 'thermal', 'humidity', 'air'],
    mediumWhenMissing: 1,
    lowWhenMissing: 2,
  },
  dailyCompleteness: { meanMinHours: 18, pollutantMinHours: 20, o3WindowMinHours: 6, o3MinWindows: 14 },
  thunderstormWeatherCodes: [95, 96, 99],
};
