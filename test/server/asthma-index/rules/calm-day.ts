// The asthma index's tests build on one neutral day (worked example E1) and read a computed index
// that must have a level: shared by score.test.ts and score-floors.test.ts.
import { computeIndex, type IndexComputed, type IndexInputs } from '../../../../server/asthma-index/rules';

/** With the current parameters (0.2), as the job computes. */
export function ok(inputs: IndexInputs): IndexComputed {
  const result = computeIndex(inputs);
  if (result.status !== 'ok') throw new Error(`expected a level, got unavailable (${result.missing.join(', ')})`);
  return result;
}

// E1 "calm early summer": every factor present and scoring 0; the neutral base for single-factor tests.
export const calm: IndexInputs = {
  tmax: 27,
  tmin: 20,
  tmean: 23.4,
  prevTmean: 23.0,
  prevTmin: 19.5,
  prev3Tmean: [22.1, 22.8, 23.0],
  rh: 68,
  p: 1009.8,
  prevP: 1010.5,
  pm25: 22,
  no2: 25,
  o3_8h: 95,
};
