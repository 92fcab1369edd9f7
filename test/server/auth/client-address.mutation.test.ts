// The client address for sign-in throttling (server/auth/client-address.ts), asked through a bare
// Hono app whose environment carries the socket, as @hono/node-server gives it (issue 38,
// mutation testing; test/security/login-throttle.test.ts covers it end to end, too slowly to run
// per mutant). Expected addresses follow README's TRUST_PROXY row.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientAddress, UNKNOWN_ADDRESS } from '../../../server/auth/client-address';

async function addressOf(remoteAddress: string | undefined, trustProxy: string | undefined, forwardedFor?: string): Promise<string> {
  const app = new Hono();
  app.get('/', (c) => c.text(clientAddress(c, trustProxy)));
  const headers: Record<string, string> = forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor };
  const env = { incoming: { socket: { remoteAddress, remotePort: 50000, remoteFamily: 'IPv4' } } };
  return (await app.request('/', { headers }, env)).text();
}

describe('clientAddress', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', async () => {
    expect(await addressOf('203.0.113.7', undefined, '198.51.100.1')).toBe('203.0.113.7');
  });

  it('is the socket peer when it is not the trusted proxy', async () => {
    expect(await addressOf('203.0.113.7', '10.0.0.1', '198.51.100.1')).toBe('203.0.113.7');
  });

  it('writes an IPv4 client on a dual-stack socket as plain IPv4, and IPv6 in lower case', async () => {
    expect(await addressOf('::ffff:203.0.113.7', undefined)).toBe('203.0.113.7');
    expect(await addressOf('::ffff:198.51.100.70', undefined)).toBe('198.51.100.70');
    expect(await addressOf('2001:DB8::1', undefined)).toBe('2001:db8::1');
    // The prefix is taken off only when a dotted IPv4 address follows it.
    expect(await addressOf('::ffff:cb00:7107', undefined)).toBe('::ffff:cb00:7107');
  });

  it('is the shared unknown bucket without a socket address, or with one that is not an IP', async () => {
    expect(await addressOf(undefined, undefined)).toBe(UNKNOWN_ADDRESS);
    expect(await addressOf('not-an-ip', undefined)).toBe(UNKNOWN_ADDRESS);
    // No socket at all (app.request in tests): getConnInfo throws, and the bucket is still one.
    const bare = new Hono().get('/', (c) => c.text(clientAddress(c, undefined)));
    expect(await (await bare.request('/')).text()).toBe(UNKNOWN_ADDRESS);
  });

  it('behind the trusted proxy is the right-most X-Forwarded-For entry that is not the proxy', async () => {
    expect(await addressOf('10.0.0.1', '10.0.0.1', '198.51.100.9, 203.0.113.7')).toBe('203.0.113.7');
    expect(await addressOf('10.0.0.1', '10.0.0.1', '203.0.113.7, 10.0.0.1')).toBe('203.0.113.7');
    expect(await addressOf('::ffff:10.0.0.1', '10.0.0.1', ' ::FFFF:203.0.113.7 ,')).toBe('203.0.113.7');
  });

  it('behind the trusted proxy is the proxy itself when the header is missing, only the proxy, or not an address', async () => {
    expect(await addressOf('10.0.0.1', '10.0.0.1')).toBe('10.0.0.1');
    expect(await addressOf('10.0.0.1', '10.0.0.1', '10.0.0.1, 10.0.0.1')).toBe('10.0.0.1');
    expect(await addressOf('10.0.0.1', '10.0.0.1', '203.0.113.7, forged')).toBe('10.0.0.1');
  });
});
