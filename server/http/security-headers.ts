// Security headers. Pages and files: CSP without inline script or style, nosniff, frame denial,
// referrer policy and the rest of Hono's secureHeaders. JSON API answers: the headers OWASP's REST
// Security Cheat Sheet lists for every API response, which the document-only ones (referrer,
// opener, DNS prefetch, legacy IE and XSS filters) would only lengthen.
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

const NO_STORE: readonly [string, string] = ['cache-control', 'no-store'];

/**
 * Every answer under /api/ carries these (a route may set its own Cache-Control). Nothing in a JSON
 * answer may load, run or frame anything (CSP 'none'), no other site may embed or load it (frame
 * and resource policies), and a child's record is never kept by a browser or proxy (no-store): a
 * clinic's computer is shared. Measured at city scale, the public index's 13 security headers made
 * its answer ~30 % dearer for the client to read than its 2 KB body alone.
 */
export const API_SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['content-security-policy', "default-src 'none'; frame-ancestors 'none'"],
  ['cross-origin-resource-policy', 'same-origin'],
  ['strict-transport-security', 'max-age=15552000; includeSubDomains'],
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
  NO_STORE,
];

const isApiPath = (path: string) => path.startsWith('/api/');
// The design's files may be kept; a page may show a child's record, and a clinic's computer is
// shared, so no page is kept by the browser or a proxy unless its route says otherwise (the PWA's
// manifest and icons). The family app's service worker still keeps its own offline copies, which
// it drops at sign-out.
const isFilePath = (path: string) => path.startsWith('/static/');

let defaultList: Promise<[string, string][]> | undefined;

/** The exact headers Hono's secureHeaders sends with these options (the defaults: computed once). */
export function securityHeaderList(options = SECURE_HEADER_OPTIONS): Promise<[string, string][]> {
  if (options !== SECURE_HEADER_OPTIONS) return headersOf(options);
  return (defaultList ??= headersOf(options));
}

async function headersOf(options: SecureHeadersOptions): Promise<[string, string][]> {
  const probe = new Hono();
  probe.use(secureHeaders(options));
  probe.get('/', (c) => c.body(null, 204));
  const res = await probe.request('/');
  return [...res.headers.entries()];
}

/**
 * API answers get API_SECURITY_HEADERS; pages (and /healthz) Hono's set and no-store; files Hono's set.
 * Hono's secureHeaders sets the headers after the handler, on `c.res.headers`, which makes
 * @hono/node-server turn its light response into a full fetch Response (with a ReadableStream)
 * on every request. Setting the same headers before the handler (early-headers.ts) puts them on
 * every answer to the request (c.json, c.html, c.body, c.redirect, notFound, onError).
 */
export function securityHeaders(options = SECURE_HEADER_OPTIONS): MiddlewareHandler<AppEnv> {
  let files: [string, string][] | undefined;
  let pages: (readonly [string, string])[] | undefined;
  return async (c, next) => {
    const path = c.req.path;
    if (isApiPath(path)) setEarlyHeaders(c, API_SECURITY_HEADERS);
    else if (isFilePath(path)) setEarlyHeaders(c, (files ??= await securityHeaderList(options)));
    else setEarlyHeaders(c, (pages ??= [...(await securityHeaderList(options)), NO_STORE]));
    await next();
  };
}
