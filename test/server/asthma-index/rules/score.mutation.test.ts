// Pollen edges of the asthma index (server/asthma-index/rules/score.ts) that mutation testing (issue 38)
// found unpinned. docs/asthma-index.md: the pollen level is 1-5 and its sub-score is level - 1;
// anything else is no pollen reading (the factor is missing), never a negative or capped score.
import { describe, expect, it } from 'vitest';
import { computeIndex, type IndexComputed, type IndexInputs } from '../../../../server/asthma-index/rules';
import { calm } from './calm-day';

const ok = (inputs: IndexInputs): IndexComputed => {
  const r = computeIndex(inputs);
  if (r.status !== 'ok') throw new Error('expected a level');
  return r;
};

describe('pollen level range', () => {
  it('level 1 is a sub-score of 0, present; level 5 is 4', () => {
    expect(ok({ ...calm, pollenLevel: 1 })).toMatchObject({ subScores: { pollen: 0 }, missing: [] });
    expect(ok({ ...calm, pollenLevel: 5 }).subScores.pollen).toBe(4);
  });

  it('a level outside 1-5, or not whole, is no reading', () => {
    for (const pollenLevel of [0, 6, 2.5]) {
      const r = ok({ ...calm, pollenLevel });
      expect({ pollenLevel, pollen: r.subScores.pollen, missing: r.missing }).toEqual({ pollenLevel, pollen: undefined, missing: ['pollen'] });
    }
  });
});
