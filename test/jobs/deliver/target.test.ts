import { describe, expect, it } from 'vitest';
import { isIP } from 'node:net';
import { isPrivateTarget, refusedTarget, type Resolve } from '../../../jobs/deliver/target';

describe('webhook targets (SSRF guard)', () => {
  it('refuses loopback, private, link-local and internal hosts', () => {
    for (const url of [
      'http://127.0.0.1:8080/hook', 'http://localhost/hook', 'https://api.localhost/x', 'http://10.1.2.3/', 'http://172.16.0.1/', 'http://172.31.255.1/',
      'http://192.168.1.10/', 'http://169.254.169.254/latest/meta-data', 'http://0.0.0.0/', 'http://[::1]/', 'http://[fd00::1]/', 'http://[fe80::1]/',
      'http://[::ffff:10.0.0.1]/', 'http://printer.local/', 'http://db.internal/', 'http://intranethost/', 'not a url',
    ]) expect(isPrivateTarget(url), url).toBe(true);
  });

  it('allows public hosts', () => {
    for (const url of ['https://example.org/hook', 'https://wechat-gateway.example.cn/asthma', 'http://203.0.113.7/hook', 'http://172.32.0.1/', 'https://[2001:db8::1]/'])
      expect(isPrivateTarget(url), url).toBe(false);
  });
});

describe('refusedTarget (the sender\'s check, with the addresses a name resolves to)', () => {
  const resolver = (names: Record<string, string[]>): Resolve => async (host) => {
    const addresses = names[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: isIP(address) }));
  };
  const resolve = resolver({
    'hook.example.org': ['203.0.113.7', '2001:db8::7'],
    'mixed.example.org': ['203.0.113.8', '10.0.0.5'],
    'metadata.example.org': ['169.254.169.254'],
    'six.example.org': ['::1'],
    'mapped.example.org': ['::ffff:192.168.0.2'],
    'empty.example.org': [],
  });

  it('allows a name whose every address is public', async () => {
    expect(await refusedTarget('https://hook.example.org/x', resolve)).toBeNull();
  });

  it('refuses a public name with any address inside', async () => {
    for (const host of ['mixed', 'metadata', 'six', 'mapped']) {
      expect(await refusedTarget(`https://${host}.example.org/x`, resolve), host).toBe('refused: the host resolves to a private or internal address');
    }
  });

  it('fails (to be retried) when the name does not resolve, and refuses literals and internal names without asking', async () => {
    expect(await refusedTarget('https://gone.example.org/x', resolve)).toBe('request failed: could not resolve the host (ENOTFOUND)');
    expect(await refusedTarget('https://empty.example.org/x', resolve)).toBe('request failed: could not resolve the host');
    const never: Resolve = async () => { throw new Error('not asked'); };
    expect(await refusedTarget('http://10.0.0.1/x', never)).toBe('refused: private or internal address');
    expect(await refusedTarget('http://db.internal/x', never)).toBe('refused: private or internal address');
    expect(await refusedTarget('http://203.0.113.9/x', never)).toBeNull();
    expect(await refusedTarget('https://[2001:db8::1]/x', never)).toBeNull();
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
