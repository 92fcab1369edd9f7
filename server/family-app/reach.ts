// Education reach as every route and page answers it: per centre, each count of 0-4 withheld
// (docs/indicators.md "Small numbers"). The raw counts never leave the server.
import type { Deps } from '../context';
import { educationReachByCentre } from './articles';
import { isSmall } from '../indicators/v2/suppression';

export interface ReachCell {
  withheld: boolean;
  value: number | null;
}

export interface PublishedReach {
  centerId: string;
  /** Families who opened an article; articles read counts their reads, so it goes with them. */
  families: ReachCell;
  articlesRead: ReachCell;
  /** Articles clinicians sent to the centre's children. */
  sent: ReachCell;
}

const cell = (value: number, withheld: boolean): ReachCell => (withheld ? { withheld: true, value: null } : { withheld: false, value });

export async function educationReach(deps: Deps, period: { from: string; to: string; centerId?: string }): Promise<PublishedReach[]> {
  return (await educationReachByCentre(deps, period)).map((r) => {
    const fewFamilies = isSmall(r.families);
    return { centerId: r.centerId, families: cell(r.families, fewFamilies), articlesRead: cell(r.articlesRead, fewFamilies), sent: cell(r.sent, isSmall(r.sent)) };
  });
}
