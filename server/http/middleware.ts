import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv, Deps, Lang } from '../context';
import { newId } from '../ids';
import { resolveApiToken, resolveSession } from '../auth/sessions';

export const SESSION_COOKIE = 'asthma_session';
export const LANG_COOKIE = 'lang';

export const provideDeps = (deps: Deps): MiddlewareHandler<AppEnv> => async (c, next) => {
  c.set('deps', deps);
  c.set('requestId', newId());
  c.set('actor', null);
  await next();
  c.header('X-Request-Id', c.get('requestId'));
};

/** Resolves the caller from the session cookie or a Bearer token; anonymous callers get null. */
export const resolveActor: MiddlewareHandler<AppEnv> = async (c, next) => {
  const deps = c.get('deps');
  const bearer = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const cookie = getCookie(c, SESSION_COOKIE);
  if (bearer) c.set('actor', await resolveApiToken(deps, bearer));
  else if (cookie) c.set('actor', await resolveSession(deps, cookie));
  await next();
};

/** Chinese unless the lang cookie or Accept-Language says English. */
export const chooseLanguage: MiddlewareHandler<AppEnv> = async (c, next) => {
  const cookie = getCookie(c, LANG_COOKIE);
  let lang: Lang = 'zh';
  if (cookie === 'en' || cookie === 'zh') lang = cookie;
  else {
    const header = (c.req.header('accept-language') ?? '').toLowerCase();
    const first = header.split(',')[0]?.trim() ?? '';
    if (first.startsWith('en')) lang = 'en';
  }
  c.set('lang', lang);
  await next();
};
