import { describe, expect, it } from 'vitest';
import { isIP } from 'node:net';
import type { lookup as dnsLookup } from 'node:dns';
import { guardedLookup, isPrivateTarget, isPublicAddress, RESOLVES_INSIDE } from '../../../server/http/outbound-target';

describe('webhook targets (SSRF guard)', () => {
  it('refuses loopback, private, link-local and internal hosts', () => {
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://localhost/hook',
      'https://api.localhost/x',
      'http://10.1.2.3/',
      'http://172.16.0.1/',
      'http://172.31.255.1/',
      'http://192.168.1.10/',
      'http://169.254.169.254/latest/meta-data',
      'http://0.0.0.0/',
      'http://[::1]/',
      'http://[fd00::1]/',
      'http://[fe80::1]/',
      'http://[::ffff:10.0.0.1]/',
      'http://[::10.0.0.1]/',
      'http://[64:ff9b::a00:1]/',
      'http://[2002:a00:1::1]/',
      'http://printer.local/',
      'http://db.internal/',
      'http://intranethost/',
      'not a url',
    ])
      expect(isPrivateTarget(url), url).toBe(true);
  });

  it('allows public hosts', () => {
    for (const url of ['https://example.org/hook', 'https://wechat-gateway.example.cn/asthma', 'http://203.0.113.7/hook', 'http://172.32.0.1/', 'https://[2001:db8::1]/']) expect(isPrivateTarget(url), url).toBe(false);
  });
});

describe("guardedLookup (the connection's own DNS lookup, where private targets are refused)", () => {
  const names: Record<string, string[]> = {
    'hook.example.org': ['203.0.113.7', '2001:db8::7'],
    'mixed.example.org': ['203.0.113.8', '10.0.0.5'],
    'metadata.example.org': ['169.254.169.254'],
    'six.example.org': ['::1'],
    'mapped.example.org': ['::ffff:192.168.0.2'],
    'empty.example.org': [],
  };
  const stub = ((host: string, _options: unknown, callback: (err: Error | null, addresses?: { address: string; family: number }[]) => void) => {
    const addresses = names[host];
    if (!addresses) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }));
    callback(
      null,
      addresses.map((address) => ({ address, family: isIP(address) })),
    );
  }) as unknown as typeof dnsLookup;
  const lookupOf = (host: string, all: boolean) =>
    new Promise<{ err: (Error & { code?: string }) | null; result: unknown[] }>((resolve) => guardedLookup(isPublicAddress, stub)(host, { all }, (err, ...result) => resolve({ err: err as (Error & { code?: string }) | null, result })));

  it('answers a name whose every address is public, as a list or as the first address', async () => {
    expect(await lookupOf('hook.example.org', true)).toEqual({
      err: null,
      result: [
        [
          { address: '203.0.113.7', family: 4 },
          { address: '2001:db8::7', family: 6 },
        ],
      ],
    });
    expect(await lookupOf('hook.example.org', false)).toEqual({ err: null, result: ['203.0.113.7', 4] });
  });

  it('fails for a name with any address inside, or none', async () => {
    for (const host of ['mixed', 'metadata', 'six', 'mapped', 'empty']) {
      const { err } = await lookupOf(`${host}.example.org`, true);
      expect(err?.message, host).toBe(RESOLVES_INSIDE);
      expect(err?.code, host).toBe('EADDRNOTALLOWED');
    }
  });

  it("passes the resolver's own failure on", async () => {
    expect((await lookupOf('gone.example.org', true)).err?.code).toBe('ENOTFOUND');
  });
});

describe('the guard in the API and the sender', () => {
  it('refuses a private webhook target when the deployment does not allow it', async () => {
    const { createWorld } = await import('../../helpers/world');
    const w = await createWorld({ config: { WEBHOOK_ALLOW_PRIVATE: false } });
    try {
      const res = await w.call('parent1', 'POST', '/api/v1/subscriptions', { district: 'pudong', minLevel: 3, channel: 'webhook', target: 'http://169.254.169.254/latest' });
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([{ path: 'target', message: 'The webhook address cannot be a local, private or internal address' }]);
      const ok = await w.call('parent1', 'POST', '/api/v1/subscriptions', { district: 'pudong', minLevel: 3, channel: 'webhook', target: 'https://gateway.example.org/hook' });
      expect(ok.status).toBe(201);
    } finally {
      await w.close();
    }
  });
});
