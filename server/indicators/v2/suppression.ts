// Small numbers (docs/indicators.md "Small numbers"): below the district, a figure about fewer than
// SMALL_GROUP children is withheld whole (numerator, denominator, value and coverage), and enough
// other centres' figures are withheld with it that the district total minus the published centres
// never gives it back. Pure.
import type { Figure } from './model';

export const SMALL_GROUP = 5;

export interface PublishedFigure {
  withheld: boolean;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  coverage: { numerator: number; denominator: number; value: number | null } | null;
}

/** Primary suppression: the figure is about 0-4 children. */
export const isSmall = (group: number) => group < SMALL_GROUP;

/**
 * Which of the sibling cells that add up to the district's figure (one per centre, for one
 * indicator) are withheld. First every small group. Then, while the withheld cells that hold
 * children are only one, or hold fewer than SMALL_GROUP children together, the smallest published
 * cell is withheld too: subtracting the published centres from the district then gives only the
 * sum over two or more centres of at least SMALL_GROUP children, never one small group.
 */
export function withheldCells(groups: readonly number[]): boolean[] {
  const withheld = groups.map(isSmall);
  for (;;) {
    const holding = groups.filter((g, i) => withheld[i] && g > 0);
    const total = holding.reduce((a, b) => a + b, 0);
    if (holding.length === 0 || (holding.length >= 2 && total >= SMALL_GROUP)) return withheld;
    let smallest = -1;
    groups.forEach((g, i) => {
      if (!withheld[i] && (smallest < 0 || g < groups[smallest]!)) smallest = i;
    });
    if (smallest < 0) return withheld;
    withheld[smallest] = true;
  }
}

const coverageOf = (c: Figure['coverage']) => (c ? { ...c, value: c.denominator > 0 ? c.numerator / c.denominator : null } : null);

/** The figure as answered: whole, or nothing but the fact that it is withheld. */
export function publish(f: Figure, withheld: boolean): PublishedFigure {
  if (withheld) return { withheld: true, numerator: null, denominator: null, value: null, coverage: null };
  return { withheld: false, numerator: f.numerator, denominator: f.denominator, value: f.value, coverage: coverageOf(f.coverage) };
}
