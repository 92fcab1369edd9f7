// The action plan's peak-flow zones from the personal best (docs/clinical-rules.md, CCAAP):
// green >= 80 %, yellow 50 to < 80 %, red < 50 %, compared unrounded. Pure.
import type { PefZone } from '../followups/rules';

export interface PefThresholds {
  personalBest: number;
  /** Readings are whole L/min: green from greenMin, yellow from yellowMin to greenMin - 1, red up to yellowMin - 1. */
  green: { min: number };
  yellow: { min: number; max: number };
  red: { max: number };
}

/** The smallest whole reading at `percent` of the best (exact integer arithmetic, no float drift). */
const atLeast = (best: number, percent: number) => Math.ceil((best * percent) / 100);

export function pefThresholds(personalBest: number): PefThresholds {
  const greenMin = atLeast(personalBest, 80);
  const yellowMin = atLeast(personalBest, 50);
  return { personalBest, green: { min: greenMin }, yellow: { min: yellowMin, max: greenMin - 1 }, red: { max: yellowMin - 1 } };
}

/** The zone of one reading on the plan (the same answer as the diary's pefZone for whole readings). */
export function planZone(reading: number, personalBest: number): PefZone {
  const t = pefThresholds(personalBest);
  return reading >= t.green.min ? 'green' : reading >= t.yellow.min ? 'yellow' : 'red';
}

export const ZONES = ['green', 'yellow', 'red'] as const;
