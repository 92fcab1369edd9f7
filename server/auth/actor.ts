import type { Actor, RequestContext } from '../context';
import { unauthenticated } from '../errors';

/** The signed-in caller of a service; a call without one is 401, whichever feature it reached. */
export function actorOf(ctx: RequestContext): Actor {
  if (!ctx.actor) throw unauthenticated();
  return ctx.actor;
}
