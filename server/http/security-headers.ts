// Security headers (CSP without inline script or style, nosniff, frame denial, referrer policy).
import { Hono, type MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from '../context';
import { setEarlyHeaders } from './early-headers';

type SecureHeadersOptions = NonNullable<Parameters<typeof secureHeaders>[0]>;

export const SECURE_HEADER_OPTIONS: SecureHeadersOptions = {
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    manifestSrc: ["'self'"],
    workerSrc: ["'self'"],
  },
  xFrameOptions: 'DENY',
  referrerPolicy: 'strict-origin-when-cross-origin',
  xContentTypeOptions: 'nosniff',
};

let defaultList: Promise<[string, string][]> | undefined;
let defaultListNow: [string, string][] | undefined;

/** The exact headers Hono's secureHeaders sends with these options (the defaults: computed once). */
export function securityHeaderList(options = SECURE_HEADER_OPTIONS): Promise<[string, string][]> {
  if (options !== SECURE_HEADER_OPTIONS) return headersOf(options);
  return (defaultList ??= headersOf(options).then((list) => (defaultListNow = list)));
}

/** The default list if already computed (after the app's first request), for synchronous callers. */
export const securityHeaderListNow = (): [string, string][] | undefined => defaultListNow;

async function headersOf(options: SecureHeadersOptions): Promise<[string, string][]> {
  const probe = new Hono();
  probe.use(secureHeaders(options));
  probe.get('/', (c) => c.body(null, 204));
  const res = await probe.request('/');
  return [...res.headers.entries()];
}

/**
 * Hono's secureHeaders sets the headers after the handler, on `c.res.headers`, which makes
 * @hono/node-server turn its light response into a full fetch Response (with a ReadableStream)
 * on every request. Setting the same headers before the handler (early-headers.ts) puts them on
 * every answer to the request (c.json, c.html, c.body, c.redirect, notFound, onError).
 */
export function securityHeaders(options = SECURE_HEADER_OPTIONS): MiddlewareHandler<AppEnv> {
  let headers: [string, string][] | undefined;
  return async (c, next) => {
    headers ??= await securityHeaderList(options);
    setEarlyHeaders(c, headers);
    await next();
  };
}
