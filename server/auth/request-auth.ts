// Who is calling, and whether the CSRF check applies, decided together (issue 29, finding 4).
// An Authorization header makes the request a token client's: the token authenticates it or the
// request is refused, and the cookie is never read, so a request cannot skip the CSRF check by
// naming a bearer and then ride on the browser's session. Only a request a token actually
// authenticated skips the check: it carries no ambient credential a cross-site page could use.
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import type { AppEnv } from '../context';
import type { Config } from '../config';
import { unauthenticated } from '../errors';
import { resolveApiToken, resolveSession } from './sessions';

export const SESSION_COOKIE = 'asthma_session';

/**
 * `host` (the cookie is named __Host-asthma_session) when the cookie is Secure: a browser then
 * takes it only over HTTPS, for this host and path /, so a sibling subdomain cannot plant one.
 */
export const sessionCookiePrefix = (config: Pick<Config, 'COOKIE_SECURE'>): 'host' | undefined => (config.COOKIE_SECURE ? 'host' : undefined);

// RFC 6750's b64token, with the scheme case-insensitive.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/** Replaces the CSRF check and the actor resolution of server/app.ts, in that place. */
export function authenticate(): MiddlewareHandler<AppEnv> {
  const csrfCheck = csrf();
  return async (c, next) => {
    const deps = c.get('deps');
    const authorization = c.req.header('authorization');
    if (authorization !== undefined) {
      const token = BEARER.exec(authorization.trim())?.[1];
      const actor = token ? await resolveApiToken(deps, token) : null;
      if (!actor) throw unauthenticated('Invalid API token');
      c.set('actor', actor);
      return next();
    }
    return csrfCheck(c, async () => {
      const cookie = getCookie(c, SESSION_COOKIE, sessionCookiePrefix(deps.config));
      if (cookie) c.set('actor', await resolveSession(deps, cookie));
      await next();
    });
  };
}
