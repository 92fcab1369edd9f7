// The asthma index's score rounding (server/asthma-index/rules/score.ts, roundScore): one decimal,
// ties to even on the exact fraction (docs/asthma-index.md: score = 100 S / (4 W)). The spec's E6
// (31.25 -> 31.2) has an even tenth; mutation testing (issue 38) found nothing pinned the odd one.
// With every factor but pollen present W = 12, so score = 100 S / 48 and S = 3 (one PM2.5 band)
// is 6.25, S = 9 (three bands) 18.75: both exactly halfway.
import { describe, expect, it } from 'vitest';
import { computeIndex, type IndexComputed, type IndexInputs } from '../../../../server/asthma-index/rules';
import { indexParamsV0_1 } from '../../../../server/asthma-index/rules/params-v0.1';
import { calm } from './calm-day';

const ok = (inputs: IndexInputs, params = indexParamsV0_1): IndexComputed => {
  const r = computeIndex(inputs, params);
  if (r.status !== 'ok') throw new Error('expected a level');
  return r;
};
const weighted = (r: IndexComputed) => Object.entries(r.subScores).reduce((s, [f, v]) => s + indexParamsV0_1.weights[f as keyof typeof indexParamsV0_1.weights] * (v ?? 0), 0);

describe('the score rounded to one decimal, ties to even', () => {
  it('18.75 (S = 9 of W = 12: PM2.5 in its third band) rounds up to the even 18.8', () => {
    const r = ok({ ...calm, pm25: 120 });
    expect(r.subScores).toMatchObject({ air: 3, dtr: 0, thermal: 0, tempChange: 0, humidity: 0, pressureChange: 0 });
    expect(weighted(r)).toBe(9);
    expect(r.score).toBe(18.8);
  });

  it('6.25 (S = 3: PM2.5 in its first band) stays at the even 6.2', () => {
    const r = ok({ ...calm, pm25: 50 });
    expect(weighted(r)).toBe(3);
    expect(r.score).toBe(6.2);
  });

  it('off the half: 8.33 (S = 4) rounds down to 8.3 although its tenth is odd; 12.5 (S = 6) is exact', () => {
    expect(ok({ ...calm, pm25: 50, rh: 45 }).score).toBe(8.3);
    expect(ok({ ...calm, pm25: 50, rh: 45, tmin: 19 }).score).toBe(12.5);
  });

  it('with a weight that is not whole the score is the plain rounding of 100 S / (4 W)', () => {
    // W = 3 + 2 + 2 + 1 + 1 + 3.1 = 12.1, S = 3.1: 310 / 48.4 = 6.405 -> 6.4.
    const params = { ...indexParamsV0_1, weights: { ...indexParamsV0_1.weights, air: 3.1 } };
    expect(ok({ ...calm, pm25: 50 }, params).score).toBe(6.4);
  });
});
