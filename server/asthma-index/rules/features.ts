// Inputs for day d and the features the index derives from them (docs/asthma-index.md, "Derived features").
import type { IsoDate } from '../../calendar';
import type { IndexParams } from './params-v0.1';

/** One district's measured weather and air for one local calendar day; null = missing. */
export interface DailyWeather {
  date: IsoDate;
  tmax: number | null;
  tmin: number | null;
  tmean: number | null;
  rh: number | null;
  /** Daily mean sea-level pressure, hPa. */
  pressure: number | null;
  pm25: number | null;
  no2: number | null;
  o3_8h: number | null;
  pollenLevel: number | null;
  thunderstorm: boolean | null;
}

/** What the index needs for day d. Absent, null or non-finite = missing. */
export interface IndexInputs {
  tmax?: number | null;
  tmin?: number | null;
  tmean?: number | null;
  prevTmean?: number | null;
  prevTmin?: number | null;
  /** Daily mean temperature of d-3, d-2, d-1, in that order. */
  prev3Tmean?: readonly (number | null)[] | null;
  rh?: number | null;
  p?: number | null;
  prevP?: number | null;
  pm25?: number | null;
  no2?: number | null;
  o3_8h?: number | null;
  pollenLevel?: number | null;
  thunderstorm?: boolean | null;
}

export interface IndexFeatures {
  tmax: number;
  tmin: number;
  tmean: number;
  /** True when tmean was not given and (tmax + tmin) / 2 stands in for it. */
  tmeanFromRange: boolean;
  /** Positive = cooling; null without any of yesterday's temperatures. */
  drop: number | null;
  rise: number | null;
  dtr: number;
  dp: number | null;
  /** null = cannot tell (some earlier day missing); a floor never fires on null. */
  coldSpell: boolean | null;
  coldWave: boolean | null;
}

export function isPresent(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Inputs carry at most two decimals; this strips binary noise such as 10.1 - 8.1 = 1.9999999999999996,
 *  which would otherwise slip under a threshold of 2. */
export function withoutFloatNoise(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** The day's mean temperature as the algorithm defines it: the measured mean, else the midpoint of tmax and tmin. */
export function dailyMeanTemperature(day: Pick<DailyWeather, 'tmax' | 'tmin' | 'tmean'>): number | null {
  if (isPresent(day.tmean)) return day.tmean;
  if (isPresent(day.tmax) && isPresent(day.tmin)) return withoutFloatNoise((day.tmax + day.tmin) / 2);
  return null;
}

/** null when tmax or tmin is missing: the index is then unavailable. */
export function deriveFeatures(inputs: IndexInputs, params: IndexParams): IndexFeatures | null {
  const { tmax, tmin } = inputs;
  if (!isPresent(tmax) || !isPresent(tmin)) return null;
  const tmeanFromRange = !isPresent(inputs.tmean);
  const tmean = dailyMeanTemperature({ tmax, tmin, tmean: inputs.tmean ?? null }) as number;

  const cooling: number[] = [];
  if (isPresent(inputs.prevTmean)) cooling.push(inputs.prevTmean - tmean);
  if (isPresent(inputs.prevTmin)) cooling.push(inputs.prevTmin - tmin);
  const drop = cooling.length > 0 ? withoutFloatNoise(Math.max(...cooling)) : null;
  const rise = isPresent(inputs.prevTmean) ? withoutFloatNoise(tmean - inputs.prevTmean) : null;
  const dp = isPresent(inputs.p) && isPresent(inputs.prevP) ? withoutFloatNoise(inputs.p - inputs.prevP) : null;

  return {
    tmax,
    tmin,
    tmean,
    tmeanFromRange,
    drop,
    rise,
    dtr: withoutFloatNoise(tmax - tmin),
    dp,
    coldSpell: isColdSpell(tmean, inputs.prev3Tmean ?? null, params),
    coldWave: isColdWave(tmin, inputs.prevTmin, params),
  };
}

/** tmean <= 3.0 today and on each of the previous three days. */
function isColdSpell(tmean: number, prev: readonly (number | null)[] | null, params: IndexParams): boolean | null {
  const { tmeanAtMost, days } = params.coldSpell;
  if (tmean > tmeanAtMost) return false;
  const known = (prev ?? []).slice(-days).filter(isPresent);
  if (known.some((t) => t > tmeanAtMost)) return false;
  return known.length === days ? true : null;
}

/** A 24-hour fall of tmin by >= 8 °C to at most 4 °C (GB/T 20484-2017). */
function isColdWave(tmin: number, prevTmin: number | null | undefined, params: IndexParams): boolean | null {
  const { tminDropAtLeast, tminAtMost } = params.coldWave;
  if (tmin > tminAtMost) return false;
  if (!isPresent(prevTmin)) return null;
  return withoutFloatNoise(prevTmin - tmin) >= tminDropAtLeast;
}
