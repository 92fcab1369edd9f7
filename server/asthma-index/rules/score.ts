// The index itself: sub-scores, weighted score, level band, floors, confidence (docs/asthma-index.md).
// Pure: the same inputs and params always give the same result.
import { deriveFeatures, isPresent, type IndexFeatures, type IndexInputs } from './features';
import { currentIndexParams } from './params';
import type { IndexFactor, IndexLevel, IndexParams, Pollutant } from './params-v0.1';

export type IndexConfidence = 'high' | 'medium' | 'low';
export type ApiConfidence = 'full' | 'reduced';

/** Display and missing-list order. */
export const INDEX_FACTORS: readonly IndexFactor[] = ['tempChange', 'dtr', 'thermal', 'humidity', 'pressureChange', 'air', 'pollen'];
const POLLUTANTS: readonly Pollutant[] = ['pm25', 'no2', 'o3_8h'];

/** dtr and thermal exist whenever tmax and tmin do; the others only when their data are present. */
export type SubScores = { dtr: number; thermal: number } & Partial<Record<IndexFactor, number>>;

/** The parts behind combined sub-scores, kept so advice can name the actual trigger. */
export interface IndexBands {
  drop: number | null;
  rise: number | null;
  cold: number;
  heat: number;
  pollutants: Partial<Record<Pollutant, number>>;
}

export interface FiredFloor {
  id: string;
  minLevel: IndexLevel;
}

export interface IndexUnavailable {
  status: 'unavailable';
  algorithmVersion: string;
  missing: ('tmax' | 'tmin')[];
}

export interface IndexComputed {
  status: 'ok';
  algorithmVersion: string;
  /** 100 S / (4 W), one decimal (ties to even). */
  score: number;
  level: IndexLevel;
  scoreLevel: IndexLevel;
  subScores: SubScores;
  bands: IndexBands;
  features: IndexFeatures;
  floors: FiredFloor[];
  missing: IndexFactor[];
  confidence: IndexConfidence;
  /** Factors with points = weight x sub-score > 0, largest first (ties in INDEX_FACTORS order). */
  topFactors: { factor: IndexFactor; points: number }[];
  inputs: IndexInputs;
}

export type IndexResult = IndexUnavailable | IndexComputed;

export function computeIndex(inputs: IndexInputs, params: IndexParams = currentIndexParams): IndexResult {
  const features = deriveFeatures(inputs, params);
  if (!features) {
    const missing: ('tmax' | 'tmin')[] = [];
    if (!isPresent(inputs.tmax)) missing.push('tmax');
    if (!isPresent(inputs.tmin)) missing.push('tmin');
    return { status: 'unavailable', algorithmVersion: params.algorithmVersion, missing };
  }
  const { subScores, bands } = scoreFactors(inputs, features, params);

  let sum = 0;
  let weights = 0;
  for (const factor of INDEX_FACTORS) {
    const subScore = subScores[factor];
    if (subScore === undefined) continue;
    sum += params.weights[factor] * subScore;
    weights += params.weights[factor];
  }
  const scoreLevel = levelFromScore(sum, weights, params);
  const floors = firedFloors(inputs, features, subScores, params);
  const level = Math.max(scoreLevel, ...floors.map((f) => f.minLevel)) as IndexLevel;

  const missing = INDEX_FACTORS.filter((f) => subScores[f] === undefined);
  const missingCore = params.confidence.coreFactors.filter((f) => subScores[f] === undefined).length;
  const confidence: IndexConfidence = missingCore >= params.confidence.lowWhenMissing ? 'low' : missingCore >= params.confidence.mediumWhenMissing ? 'medium' : 'high';

  const topFactors = INDEX_FACTORS.flatMap((factor) => {
    const subScore = subScores[factor];
    return subScore ? [{ factor, points: params.weights[factor] * subScore }] : [];
  }).sort((a, b) => b.points - a.points);

  return {
    status: 'ok',
    algorithmVersion: params.algorithmVersion,
    score: roundScore(sum, weights, params),
    level,
    scoreLevel,
    subScores,
    bands,
    features,
    floors,
    missing,
    confidence,
    topFactors,
    inputs,
  };
}

/** The API contract speaks of full or reduced confidence only. */
export function toApiConfidence(confidence: IndexConfidence): ApiConfidence {
  return confidence === 'high' ? 'full' : 'reduced';
}

/** How many ascending limits the value reaches (>=). */
function bandAtLeast(value: number, limits: readonly number[]): number {
  return limits.filter((limit) => value >= limit).length;
}

/** How many ascending limits the value exceeds: "(lo, hi]" bands. */
function bandAbove(value: number, limits: readonly number[]): number {
  return limits.filter((limit) => value > limit).length;
}

/** How many descending limits the value is under. */
function bandBelow(value: number, limits: readonly number[]): number {
  return limits.filter((limit) => value < limit).length;
}

function scoreFactors(inputs: IndexInputs, features: IndexFeatures, params: IndexParams) {
  const cap = (band: number) => Math.min(params.maxSubScore, band);
  const subScores: SubScores = { dtr: 0, thermal: 0 };

  const drop = features.drop === null ? null : bandAtLeast(features.drop, params.tempChange.dropAtLeast);
  const rise = features.rise === null ? null : bandAtLeast(features.rise, params.tempChange.riseAtLeast);
  if (drop !== null || rise !== null) subScores.tempChange = cap(Math.max(drop ?? 0, rise ?? 0));

  const dtrBand = bandAtLeast(features.dtr, params.dtr.atLeast);
  const { tmeanBelow, fromBand, add } = params.dtr.coldModifier;
  subScores.dtr = cap(features.tmean < tmeanBelow && dtrBand >= fromBand ? dtrBand + add : dtrBand);

  const coldBand = bandBelow(features.tmean, params.thermal.coldTmeanBelow);
  // The cold-spell modifier lifts only the cold part; a spell with no cold band cannot happen (tmean <= 3).
  const cold = cap(features.coldSpell === true && coldBand > 0 ? coldBand + params.thermal.coldSpellAdd : coldBand);
  const heat = cap(bandAtLeast(features.tmax, params.thermal.heatTmaxAtLeast));
  subScores.thermal = Math.max(cold, heat);

  if (isPresent(inputs.rh)) {
    const { dryBelow, dampAtLeast } = params.humidity;
    subScores.humidity = cap(Math.max(bandBelow(inputs.rh, dryBelow), bandAtLeast(inputs.rh, dampAtLeast)));
  }
  if (features.dp !== null) {
    subScores.pressureChange = cap(bandAtLeast(Math.abs(features.dp), params.pressureChange.absDpAtLeast));
  }

  const pollutants: Partial<Record<Pollutant, number>> = {};
  for (const pollutant of POLLUTANTS) {
    const value = inputs[pollutant];
    if (isPresent(value)) pollutants[pollutant] = cap(bandAbove(value, params.air[pollutant]));
  }
  const airBands = Object.values(pollutants);
  if (airBands.length > 0) subScores.air = Math.max(...airBands);

  const { lowestLevel, highestLevel } = params.pollen;
  const pollenLevel = inputs.pollenLevel;
  if (isPresent(pollenLevel) && Number.isInteger(pollenLevel) && pollenLevel >= lowestLevel && pollenLevel <= highestLevel) {
    subScores.pollen = cap(pollenLevel - lowestLevel);
  }

  const bands: IndexBands = { drop, rise, cold, heat, pollutants };
  return { subScores, bands };
}

/** score >= limit  <=>  100 S >= limit * max * W: integers with whole weights, so 10.0 and 50.0 never flicker. */
function levelFromScore(sum: number, weights: number, params: IndexParams): IndexLevel {
  const reached = params.levelLimits.filter((limit) => 100 * sum >= limit * params.maxSubScore * weights).length;
  return (1 + reached) as IndexLevel;
}

/** One decimal, ties to even, computed on the exact fraction (so 31.25 reports 31.2 as the spec's E6 does). */
function roundScore(sum: number, weights: number, params: IndexParams): number {
  const numerator = 1000 * sum;
  const denominator = params.maxSubScore * weights;
  if (!Number.isInteger(numerator) || !Number.isInteger(denominator)) return Math.round(numerator / denominator) / 10;
  let tenths = Math.floor(numerator / denominator);
  const twiceRemainder = 2 * (numerator - tenths * denominator);
  if (twiceRemainder > denominator || (twiceRemainder === denominator && tenths % 2 === 1)) tenths += 1;
  return tenths / 10;
}

function firedFloors(inputs: IndexInputs, features: IndexFeatures, subScores: SubScores, params: IndexParams): FiredFloor[] {
  const fired: FiredFloor[] = [];
  for (const rule of params.floors) {
    let fires = false;
    switch (rule.when) {
      case 'subScoreEquals':
        fires = subScores[rule.factor] === rule.subScore;
        break;
      case 'pm25Above':
        fires = isPresent(inputs.pm25) && inputs.pm25 > rule.value;
        break;
      case 'coldWave':
        fires = features.coldWave === true;
        break;
      case 'coldSpell':
        fires = features.coldSpell === true;
        break;
      case 'thunderstormWithPollen':
        fires = inputs.thunderstorm === true && (subScores.pollen ?? -1) >= rule.pollenSubScoreAtLeast;
        break;
    }
    if (fires) fired.push({ id: rule.id, minLevel: rule.minLevel });
  }
  return fired;
}
