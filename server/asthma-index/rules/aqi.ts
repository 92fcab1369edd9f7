// China's air quality index (HJ 633-2012) for the three pollutants the asthma index uses, so the
// advice can quote the standard's words for sensitive groups. Pure: no I/O, no clock.
import { isPresent } from './features';
import type { Pollutant } from './params-v0.1';

/** HJ 633-2012 categories: 优, 良, 轻度污染, 中度污染, 重度污染, 严重污染. */
export type AqiBand = 'excellent' | 'good' | 'light' | 'moderate' | 'heavy' | 'severe';

export const AQI_BANDS: readonly AqiBand[] = ['excellent', 'good', 'light', 'moderate', 'heavy', 'severe'];

/** The IAQI at each breakpoint of HJ 633-2012 table 1. */
const IAQI_STEPS: readonly number[] = [0, 50, 100, 150, 200, 300, 400, 500];

/**
 * HJ 633-2012 table 1, µg/m³: PM2.5 and NO2 24-hour means, O3 8-hour mean. The 8-hour O3 column
 * stops at 800 (IAQI 300): above it the standard reports O3 from its 1-hour value, which we do not have.
 */
export const IAQI_BREAKPOINTS: Readonly<Record<Pollutant, readonly number[]>> = {
  pm25: [0, 35, 75, 115, 150, 250, 350, 500],
  no2: [0, 40, 80, 180, 280, 565, 750, 940],
  o3_8h: [0, 100, 160, 215, 265, 800],
};

/** Highest IAQI of each band; above the last one the band is severe. */
const BAND_TOPS: readonly [number, AqiBand][] = [
  [50, 'excellent'],
  [100, 'good'],
  [150, 'light'],
  [200, 'moderate'],
  [300, 'heavy'],
];

export function aqiBand(aqi: number): AqiBand {
  return BAND_TOPS.find(([top]) => aqi <= top)?.[1] ?? 'severe';
}

export interface PollutantIaqi {
  pollutant: Pollutant;
  concentration: number;
  /** null: O3 8-hour mean above 800, which HJ 633 does not index (its band is severe). */
  iaqi: number | null;
  band: AqiBand;
}

/**
 * The IAQI of one pollutant: linear interpolation between the breakpoints around it, rounded up
 * to a whole number as HJ 633 requires (so any concentration above a breakpoint leaves its band).
 * Above the table's top (PM2.5 500, NO2 940) the IAQI is 500. Null for a missing or negative value.
 */
export function pollutantIaqi(pollutant: Pollutant, concentration: number | null | undefined): PollutantIaqi | null {
  if (!isPresent(concentration) || concentration < 0) return null;
  const points = IAQI_BREAKPOINTS[pollutant];
  const top = points[points.length - 1]!;
  if (concentration > top) {
    return pollutant === 'o3_8h' ? { pollutant, concentration, iaqi: null, band: 'severe' } : { pollutant, concentration, iaqi: 500, band: 'severe' };
  }
  const hi = Math.max(
    1,
    points.findIndex((bp) => concentration <= bp),
  );
  const [bpLo, bpHi, iLo, iHi] = [points[hi - 1]!, points[hi]!, IAQI_STEPS[hi - 1]!, IAQI_STEPS[hi]!];
  // Multiply before dividing and strip float noise, so a breakpoint gives its exact IAQI (not 100.00000001 -> 101).
  const exact = Math.round((iLo + ((iHi - iLo) * (concentration - bpLo)) / (bpHi - bpLo)) * 1e6) / 1e6;
  const iaqi = Math.ceil(exact);
  return { pollutant, concentration, iaqi, band: aqiBand(iaqi) };
}

export interface AirQuality {
  /** The largest IAQI; null when O3 is above its 8-hour scale (band severe). */
  aqi: number | null;
  band: AqiBand;
  /** The pollutant(s) with the worst band and, within it, the largest IAQI. */
  primary: Pollutant[];
  pollutants: PollutantIaqi[];
}

const POLLUTANTS: readonly Pollutant[] = ['pm25', 'no2', 'o3_8h'];
const rank = (p: PollutantIaqi) => AQI_BANDS.indexOf(p.band) * 1000 + (p.iaqi ?? 999);

/** The day's AQI over the pollutants present; null when none is. */
export function airQuality(values: Partial<Record<Pollutant, number | null>>): AirQuality | null {
  const pollutants = POLLUTANTS.map((p) => pollutantIaqi(p, values[p])).filter((p): p is PollutantIaqi => p !== null);
  if (pollutants.length === 0) return null;
  const worst = Math.max(...pollutants.map(rank));
  const primary = pollutants.filter((p) => rank(p) === worst);
  const lead = primary[0]!;
  return {
    aqi: pollutants.some((p) => p.iaqi === null) ? null : Math.max(...pollutants.map((p) => p.iaqi as number)),
    band: lead.band,
    primary: primary.map((p) => p.pollutant),
    pollutants,
  };
}
