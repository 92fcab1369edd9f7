// Peak flow zones and predicted PEF (docs/clinical-rules.md).

export type PefBasis = 'personal_best' | 'predicted';
export type Sex = 'M' | 'F';

export type PefReference =
  | { value: number; basis: PefBasis }
  /** No personal best and no prediction: the form says why instead of showing a zone. */
  | { value: null; basis: null; missing: 'age_outside_prediction' | 'height_unknown' | 'height_implausible' };

export interface ReferenceFacts {
  personalBest?: number | null;
  sex: Sex;
  heightCm?: number | null;
  ageYears: number;
}

// The zone functions live with the symptom zone: the phone runs them as one self-contained script.
export { dayPefZone, pefPercent, pefZone } from './symptom-zone';
export type { PefZone } from './symptom-zone';

/** The Lu et al. equations were derived from children aged 5-14 (completed years). */
export function predictionCoversAge(ageYears: number): boolean {
  return ageYears >= 5 && ageYears <= 14;
}

/**
 * Predicted PEF (L/min) for Chinese children 5-14 y (Lu et al., J Thorac Dis): boys 4.39 H - 300.48,
 * girls 4.13 H - 278.04, rounded to 0.1 as in the spec examples. Null outside 5-14 y.
 */
export function predictedPef(sex: Sex, heightCm: number, ageYears: number): number | null {
  if (!predictionCoversAge(ageYears)) return null;
  const litresPerMinute = sex === 'M' ? 4.39 * heightCm - 300.48 : 4.13 * heightCm - 278.04;
  // An implausible height gives a non-positive prediction; no zone is better than a wrong one.
  return litresPerMinute > 0 ? Math.round(litresPerMinute * 10) / 10 : null;
}

/** The personal best when there is one, otherwise the prediction, labelled by its basis. */
export function pefReference(facts: ReferenceFacts): PefReference {
  if (facts.personalBest != null && facts.personalBest > 0) {
    return { value: facts.personalBest, basis: 'personal_best' };
  }
  if (!predictionCoversAge(facts.ageYears)) return { value: null, basis: null, missing: 'age_outside_prediction' };
  if (facts.heightCm == null) return { value: null, basis: null, missing: 'height_unknown' };
  const predicted = predictedPef(facts.sex, facts.heightCm, facts.ageYears);
  if (predicted === null) return { value: null, basis: null, missing: 'height_implausible' };
  return { value: predicted, basis: 'predicted' };
}
