import type { Actor, RequestContext } from '../context';
import { unauthenticated } from '../errors';

/** The signed-in caller of a service; a call without one is 401, whichever feature it reached. */
export function actorOf(ctx: RequestContext): Actor {
  if (!ctx.actor) throw unauthenticated();
  return ctx.actor;
}

/**
 * What decides which rows the actor's scope reaches (role, centre, school; a parent's own id), for
 * the key of a cache shared between callers: two callers with the same scope key see the same rows.
 */
export function scopeKeyOf(actor: Actor): string {
  return [actor.role, actor.centerId ?? '', actor.schoolId ?? '', actor.role === 'parent' ? actor.id : ''].join(':');
}
