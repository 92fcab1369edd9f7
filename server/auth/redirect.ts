// Where the site may send a browser back to (after sign-in, after a language change): a path on
// this site, nothing else. The one check every `next=` / `back=` goes through.

// C0 and C1 controls and DEL: browsers drop tabs and newlines from a Location before resolving it
// ("/\t/evil.example" becomes "//evil.example"), and a CR or LF cannot go into a header at all.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * `target` resolved against the site's own `origin`, as pathname + search; `/` for anything
 * else: empty, control characters, backslashes (browsers read them as slashes), protocol-relative
 * `//`, another origin, or a value the URL parser refuses.
 */
export function sameSiteTarget(target: string | null | undefined, origin: string): string {
  if (!target || CONTROL.test(target) || target.includes('\\') || target.startsWith('//')) return '/';
  try {
    const base = new URL(origin);
    const url = new URL(target, base);
    if (url.origin !== base.origin) return '/';
    const path = url.pathname + url.search;
    // "/.//evil.example" resolves to the path "//evil.example", which a browser reads as a host.
    if (!path.startsWith('/') || path.startsWith('//')) return '/';
    return path;
  } catch {
    return '/';
  }
}

/** The request's own origin (scheme, host, port), the base every target is resolved against. */
export const requestOrigin = (url: string): string => new URL(url).origin;
