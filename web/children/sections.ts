import type { Child } from 'hono/jsx';
import type { Actor } from '../../server/context';
import type { PageContext } from '../render';

/** A block on the child page contributed by another feature (referrals, action plan). */
export type ChildPageSection = (c: PageContext, actor: Actor, childId: string) => Promise<Child | null>;

const sections: { order: number; section: ChildPageSection }[] = [];

export function addChildPageSection(order: number, section: ChildPageSection): void {
  sections.push({ order, section });
}

export async function childPageSections(c: PageContext, actor: Actor, childId: string): Promise<Child[]> {
  const sorted = [...sections].sort((a, b) => a.order - b.order);
  const rendered = await Promise.all(sorted.map((s) => s.section(c, actor, childId)));
  return rendered.filter((x) => x !== null) as Child[];
}
