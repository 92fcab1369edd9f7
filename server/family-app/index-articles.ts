// Which article explains the index's main trigger: the index page links its advice here.
import type { IndexFactor } from '../asthma-index/rules/params-v0.1';

const BY_FACTOR: Readonly<Record<IndexFactor, { slug: string; anchor: string | null }>> = {
  tempChange: { slug: 'triggers-outdoors', anchor: 'cold-air' },
  dtr: { slug: 'triggers-outdoors', anchor: 'cold-air' },
  thermal: { slug: 'triggers-outdoors', anchor: 'cold-air' },
  pressureChange: { slug: 'triggers-outdoors', anchor: null },
  humidity: { slug: 'triggers-home', anchor: 'mould' },
  air: { slug: 'triggers-outdoors', anchor: 'pollution' },
  pollen: { slug: 'triggers-outdoors', anchor: 'pollen' },
};

/** The page path, with the section anchor, for an index factor: '/app/articles/triggers-outdoors#pollution'. */
export function articleHrefForFactor(factor: IndexFactor): string {
  const { slug, anchor } = BY_FACTOR[factor];
  return `/app/articles/${slug}${anchor ? `#${anchor}` : ''}`;
}
