import { describe, expect, it } from 'vitest';
import { pefThresholds, planZone } from '../../../server/family-app/plan-rules';
import { pefZone } from '../../../server/followups/rules';

// docs/clinical-rules.md: "Zone from percent of personal best, compared unrounded: >= 80 green, 50 to < 80 yellow, < 50 red."
describe('action plan zones from the personal best', () => {
  it('personal best 300: green from 240 (80 %), yellow 150-239, red up to 149 (below 50 %)', () => {
    expect(pefThresholds(300)).toEqual({ personalBest: 300, green: { min: 240 }, yellow: { min: 150, max: 239 }, red: { max: 149 } });
    expect(planZone(240, 300)).toBe('green');
    expect(planZone(239, 300)).toBe('yellow');
    expect(planZone(150, 300)).toBe('yellow');
    expect(planZone(149, 300)).toBe('red');
  });

  it('a best that does not divide evenly rounds the boundary up, never showing 79.9 % as green', () => {
    // 80 % of 301 is 240.8: 240 L/min is 79.7 % (yellow), 241 is 80.07 % (green).
    expect(pefThresholds(301)).toMatchObject({ green: { min: 241 }, yellow: { min: 151, max: 240 }, red: { max: 150 } });
    expect(planZone(240, 301)).toBe('yellow');
    expect(planZone(241, 301)).toBe('green');
    expect(planZone(150, 301)).toBe('red'); // 49.8 %
    expect(planZone(151, 301)).toBe('yellow');
  });

  it('agrees with the diary zone for every whole reading and every best from 50 to 900', () => {
    for (let best = 50; best <= 900; best += 1) {
      const t = pefThresholds(best);
      for (const reading of [t.green.min, t.green.min - 1, t.yellow.min, t.yellow.min - 1]) {
        expect(planZone(reading, best)).toBe(pefZone(reading, best));
      }
    }
  });
});
