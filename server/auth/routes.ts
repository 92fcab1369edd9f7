import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { Actor, AppEnv } from '../context';
import type { Context } from 'hono';
import { defineRoute, requestContext, type Api } from '../http/route';
import { SESSION_COOKIE, sessionCookiePrefix } from './request-auth';
import { LoginRateLimited, login, logout } from './sessions';
import { clientAddress } from './client-address';
import { describeActor } from './me';

export const loginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  const { config } = c.get('deps');
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: config.COOKIE_SECURE,
    path: '/',
    maxAge: config.SESSION_ABSOLUTE_HOURS * 3600,
    prefix: sessionCookiePrefix(config),
  });
}

/** Signs in from this request's client address; a throttled attempt answers with Retry-After. */
export async function signIn(c: Context<AppEnv>, username: string, password: string) {
  const deps = c.get('deps');
  try {
    return await login(deps, requestContext(c), username, password, clientAddress(c, deps.config.TRUST_PROXY));
  } catch (err) {
    if (err instanceof LoginRateLimited) c.header('Retry-After', String(err.retryAfterSeconds));
    throw err;
  }
}

export const clearSessionCookie = (c: Context<AppEnv>) => {
  const { config } = c.get('deps');
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: config.COOKIE_SECURE, prefix: sessionCookiePrefix(config) });
};

export function registerAuthRoutes(api: Api): void {
  defineRoute(api, { method: 'post', path: '/auth/login', summary: 'Sign in; sets the session cookie', tag: 'auth', access: 'public', body: loginBody }, async (c, { body }) => {
    const { token, actor } = await signIn(c, body.username, body.password);
    setSessionCookie(c, token);
    return c.json({ user: await describeActor(c.get('deps'), actor) });
  });

  defineRoute(api, { method: 'post', path: '/auth/logout', summary: 'Sign out; revokes the session', tag: 'auth', access: {} }, async (c, { actor }) => {
    await logout(c.get('deps'), requestContext(c));
    clearSessionCookie(c);
    return c.json({ ok: true });
  });

  defineRoute(api, { method: 'get', path: '/me', summary: 'The signed-in user', tag: 'auth', access: {} }, async (c, { actor }) => c.json(await describeActor(c.get('deps'), actor as Actor)));
}
