import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import type { AppEnv, Deps, Lang } from '../context';
import { AppError } from '../errors';
import { newId } from '../ids';
import { setEarlyHeaders } from './early-headers';

export const LANG_COOKIE = 'lang';

export const provideDeps =
  (deps: Deps): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    c.set('deps', deps);
    c.set('requestId', newId());
    c.set('actor', null);
    // Before the handler: a header set on a finished response costs a full Response copy.
    setEarlyHeaders(c, [['X-Request-Id', c.get('requestId')]]);
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

const NO_BODY = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * 413 for a body over maxBytes. Hono's bodyLimit reads `c.req.raw.body`, which makes
 * @hono/node-server build a full fetch Request (with an AbortController) for every request,
 * GETs included: a third of a public read's time. So GETs skip it, and a declared
 * Content-Length is checked from the header (Node's parser ends the body at that length);
 * only a chunked body goes through the streaming limit.
 */
export const limitBody = (maxBytes: number): MiddlewareHandler<AppEnv> => {
  const tooLarge = () => {
    throw new AppError(413, 'payload_too_large', `The body is larger than ${maxBytes / 1024 / 1024} MiB`);
  };
  const streaming = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    if (NO_BODY.has(c.req.method)) return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number(length) > maxBytes) tooLarge();
      return next();
    }
    return streaming(c, next);
  };
};
