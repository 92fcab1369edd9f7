import type { Context } from 'hono';
import type { ServerResponse } from 'node:http';

/**
 * Sets headers every answer to this request carries (request id, security headers), before the
 * handler. On the Node server they go on the Node response itself: Node merges them into whatever
 * the answer sends (the answer's own header of the same name wins, as with c.header). Through
 * Hono's context each request would build a fetch Headers object, which validated every value and
 * was then converted back for Node (~15 µs a request here). Elsewhere (app.request in tests)
 * they go through the context.
 */
export function setEarlyHeaders(c: Context, headers: readonly (readonly [string, string])[]): void {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (outgoing && typeof outgoing.setHeader === 'function' && !outgoing.headersSent) {
    for (const [name, value] of headers) outgoing.setHeader(name, value);
  } else {
    for (const [name, value] of headers) c.header(name, value);
  }
}
