// Small numbers in the referral report (docs/indicators.md "Small numbers"): below the district, a
// figure about fewer than SMALL_GROUP referrals (the indicators' own rule, isSmall) is withheld whole
// (numerator, denominator and value, or count and its statistics), as every other indicator is. Pure.
import { isSmall } from '../../indicators/v2/suppression';
import type { Distribution, Ratio, ReferralIndicators, ResponseTimeliness, StatusCounts } from './indicators';

export type Withheld<T> = { [K in keyof T]: T[K] extends number ? number | null : T[K] } & { withheld: boolean };

/** Every field withheld: the same keys, each null, marked withheld. */
const nulled = <T extends object>(o: T): Withheld<T> => Object.fromEntries([...Object.keys(o).map((k) => [k, null]), ['withheld', true]]) as Withheld<T>;

export function withholdRatio(r: Ratio): Withheld<Ratio> {
  return isSmall(r.denominator) ? nulled(r) : { ...r, withheld: false };
}

export function withholdDistribution<D extends Distribution | { count: number; median: number | null }>(d: D): Withheld<D> {
  return isSmall(d.count) ? nulled(d) : ({ ...d, withheld: false } as Withheld<D>);
}

/** A direction's counts by status go together: a total under SMALL_GROUP withholds every one. */
export function withholdCounts(c: StatusCounts): Withheld<StatusCounts> {
  const total = Object.values(c).reduce((a, b) => a + b, 0);
  return isSmall(total) ? nulled(c) : { ...c, withheld: false };
}

const withholdTimeliness = (t: ResponseTimeliness) => ({ limitHours: t.limitHours, withinLimit: withholdRatio(t.withinLimit), hoursToResponse: withholdDistribution(t.hoursToResponse) });

/** The report for one centre with every small figure withheld; the district's is published whole. */
export function withholdSmallReferralFigures(i: ReferralIndicators) {
  return {
    version: i.version,
    counts: { up: withholdCounts(i.counts.up), down: withholdCounts(i.counts.down) },
    acceptance: withholdRatio(i.acceptance),
    rejection: { ...withholdRatio(i.rejection), byReason: Object.fromEntries(Object.entries(i.rejection.byReason).map(([code, r]) => [code, withholdRatio(r)])) },
    hoursToAcceptance: withholdDistribution(i.hoursToAcceptance),
    completion: withholdRatio(i.completion),
    daysToCompletion: withholdDistribution(i.daysToCompletion),
    loopClosure: withholdRatio(i.loopClosure),
    downSeenWithin7Days: withholdRatio(i.downSeenWithin7Days),
    responseTimeliness: {
      emergency: withholdTimeliness(i.responseTimeliness.emergency),
      urgent: withholdTimeliness(i.responseTimeliness.urgent),
      routine: withholdTimeliness(i.responseTimeliness.routine),
    },
  };
}
