// Open redirects (issue 29, finding 3): after sign-in (`next=`) and a language change (`back=`)
// the browser goes to a path on this site or to `/`, never elsewhere, and a hostile target is
// never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, createWorld, type World } from '../helpers/world';
import { sameSiteTarget } from '../../server/auth/redirect';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w?.close();
});

// As typed into the query string (still percent-encoded).
const HOSTILE = [
  '/%09/evil.example', // tab: browsers drop it and read "//evil.example"
  '/%0a/evil.example',
  '/%0d%0a/evil.example',
  '/%0d%0aSet-Cookie:%20x=1',
  '%0a',
  '%0d%0a',
  '//evil.example',
  '/%5Cevil.example', // "/\evil.example"
  '/%5C%5Cevil.example',
  'https://evil.example',
  'https://evil.example/children',
  '/.//evil.example', // resolves to the path "//evil.example"
  '/..//evil.example',
  'javascript:alert(1)',
];

const login = (next: string) =>
  w.app.request(`/login?next=${next}`, {
    method: 'POST',
    headers: { origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: 'clinicA', password: PASSWORD }).toString(),
  });

describe('the target after sign-in and after a language change', () => {
  for (const target of HOSTILE) {
    it(`next=${target} and back=${target} go to /`, async () => {
      const signedIn = await login(target);
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.get('location')).toBe('/');
      const lang = await w.app.request(`/lang/en?back=${target}`);
      expect(lang.status).toBe(303);
      expect(lang.headers.get('location')).toBe('/');
    });
  }

  it('a raw backslash in the query goes to / too', async () => {
    const lang = await w.app.request('/lang/en?back=/\\evil.example');
    expect(lang.headers.get('location')).toBe('/');
  });

  it('a path on the site keeps its path and query, and loses a fragment', async () => {
    const signedIn = await login(encodeURIComponent('/children?status=active&q=张'));
    expect(signedIn.headers.get('location')).toBe('/children?status=active&q=%E5%BC%A0');
    const lang = await w.app.request(`/lang/zh?back=${encodeURIComponent('/app/plan/abc#zone-red')}`);
    expect(lang.headers.get('location')).toBe('/app/plan/abc');
    const sameOrigin = await w.app.request(`/lang/zh?back=${encodeURIComponent('http://localhost/index?d=pudong')}`);
    expect(sameOrigin.headers.get('location')).toBe('/index?d=pudong');
  });

  it('the sign-in form carries a hostile next= only as /', async () => {
    const page = await w.app.request('/login?next=/%09/evil.example');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('action="/login?next=%2F"');
    expect(html).not.toContain('evil.example');
  });
});

describe('sameSiteTarget', () => {
  const origin = 'https://asthma.example.cn';
  it('answers / for every malformed or foreign target', () => {
    for (const bad of [
      '',
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r\n/x',
      '/\u0000x',
      '/\u0085x',
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      'https://evil.example',
      'http://asthma.example.cn/x',
      '//asthma.example.cn/x',
      '/.//evil.example',
      'data:text/html,x',
    ]) {
      expect(sameSiteTarget(bad, origin), JSON.stringify(bad)).toBe('/');
    }
    expect(sameSiteTarget(undefined, origin)).toBe('/');
    expect(sameSiteTarget('/x', 'not an origin')).toBe('/');
  });

  it('keeps a path on the site, resolved', () => {
    expect(sameSiteTarget('/children?q=1', origin)).toBe('/children?q=1');
    expect(sameSiteTarget('/a/../b', origin)).toBe('/b');
    expect(sameSiteTarget('https://asthma.example.cn/app?x=1#y', origin)).toBe('/app?x=1');
    // Relative targets resolve on the site too: harmless, at worst a 404 of ours.
    expect(sameSiteTarget('http:evil.example', 'http://localhost')).toBe('/evil.example');
    expect(sameSiteTarget('http:evil.example', origin)).toBe('/');
    expect(sameSiteTarget('%E0%A4%A', origin)).toBe('/%E0%A4%A');
  });
});
