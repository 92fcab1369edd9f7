// The address a request comes from, for sign-in throttling. The socket's peer, unless that peer is
// the reverse proxy named by TRUST_PROXY: then the client the proxy saw, from X-Forwarded-For.
// A header from anyone else is ignored, or every guess could claim a new address.
import { isIP } from 'node:net';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/** No socket (app.request in tests, a connection already gone): one shared bucket. */
export const UNKNOWN_ADDRESS = 'unknown';

// An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d.
const normalise = (value: string): string => {
  const v = value.trim().toLowerCase();
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/.test(v) ? v.slice(7) : v;
};

function socketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

export function clientAddress(c: Context, trustProxy: string | undefined): string {
  const raw = socketAddress(c);
  if (!raw || isIP(raw) === 0) return UNKNOWN_ADDRESS;
  const peer = normalise(raw);
  if (!trustProxy || peer !== normalise(trustProxy)) return peer;
  // The proxy appends the address it saw to the right; entries left of it are the client's to write.
  const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map(normalise).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (hops[i] === peer) continue;
    return isIP(hops[i]!) ? hops[i]! : peer;
  }
  return peer;
}
