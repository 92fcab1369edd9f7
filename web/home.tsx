import type { Child } from 'hono/jsx';
import type { Actor } from '../server/context';
import type { Role } from '../db/schema';
import type { PageContext } from './render';

/** A block on a role's home page: features register what needs doing today. */
export type HomeSection = (c: PageContext, actor: Actor) => Promise<Child | null>;

const sections: { roles: Role[]; order: number; section: HomeSection }[] = [];

export function addHomeSection(roles: Role[], order: number, section: HomeSection): void {
  sections.push({ roles, order, section });
}

export async function homeSections(c: PageContext, actor: Actor): Promise<Child[]> {
  const mine = sections.filter((s) => s.roles.includes(actor.role)).sort((a, b) => a.order - b.order);
  const rendered = await Promise.all(mine.map((s) => s.section(c, actor)));
  return rendered.filter((x) => x !== null) as Child[];
}
