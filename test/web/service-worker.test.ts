// The family app's service worker and its registration script (issue 29, finding 11), run in a
// VM context with fake Cache Storage, fetch and clients: the pages it keeps for offline use are one
// account's and go at sign-out, when the session is found to have ended, and when another account
// signs in; the pages /app names (each child's diary and plan) are kept before a first visit. The browser suite (test/e2e) covers the real worker's install and offline use.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { beforeEach, describe, expect, it } from 'vitest';
import { STATIC_DIR } from '../../web/static';

const ORIGIN = 'https://asthma.example.cn';
const SW = readFileSync(join(STATIC_DIR, 'app', 'sw.js'), 'utf8');
const REGISTER = readFileSync(join(STATIC_DIR, 'app', 'register-sw.js'), 'utf8');

type FakeResponse = { status: number; ok: boolean; type: string; redirected: boolean; url: string; body: string; clone(): FakeResponse; text(): Promise<string> };
const answer = (body: string, init: Partial<FakeResponse> = {}): FakeResponse => {
  const r: FakeResponse = { status: 200, ok: true, type: 'basic', redirected: false, url: '', body, ...init, clone: () => ({ ...r }), text: async () => body };
  r.ok = r.status >= 200 && r.status < 300;
  return r;
};
const keyOf = (req: string | { url: string }) => new URL(typeof req === 'string' ? req : req.url, ORIGIN).href;

type Stored = { text(): Promise<string>; clone(): Stored };
class FakeCache {
  entries = new Map<string, Stored>();
  // Like the real Cache: a fresh copy per match, so a body can be read each time.
  async match(req: string | { url: string }) {
    return this.entries.get(keyOf(req))?.clone();
  }
  async put(req: string | { url: string }, res: Stored) {
    this.entries.set(keyOf(req), res);
  }
  async delete(req: string | { url: string }) {
    return this.entries.delete(keyOf(req));
  }
  async add() {
    /* the shell: not what these tests are about */
  }
}
class FakeCaches {
  stores = new Map<string, FakeCache>();
  async open(name: string) {
    if (!this.stores.has(name)) this.stores.set(name, new FakeCache());
    return this.stores.get(name)!;
  }
  async delete(name: string) {
    return this.stores.delete(name);
  }
  async keys() {
    return [...this.stores.keys()];
  }
  async match(req: string | { url: string }) {
    for (const store of this.stores.values()) {
      const hit = await store.match(req);
      if (hit) return hit;
    }
    return undefined;
  }
}

let caches: FakeCaches;
let network: (url: string, mode: string) => Promise<FakeResponse>;
let listeners: Record<string, (event: any) => void>;

/** Dispatches an event to the worker and waits for everything it asked to wait for. */
async function dispatch(type: string, event: Record<string, unknown>) {
  const waits: Promise<unknown>[] = [];
  let responded: Promise<unknown> | undefined;
  listeners[type]!({
    ...event,
    waitUntil: (p: Promise<unknown>) => waits.push(p),
    respondWith: (p: Promise<unknown>) => {
      responded = p;
    },
  });
  const response = await responded?.catch((err: unknown) => err);
  await Promise.all(waits);
  return response as FakeResponse | Error | undefined;
}
const get = (path: string, mode = 'navigate') => dispatch('fetch', { request: { url: `${ORIGIN}${path}`, method: 'GET', mode } });
const tell = (id: string | null, origin = ORIGIN, pages?: unknown) => dispatch('message', { data: { type: 'account', id, ...(pages ? { pages } : {}) }, origin });
const kept = async () =>
  [...caches.stores]
    .filter(([name]) => name.startsWith('family-pages'))
    .flatMap(([, store]) => [...store.entries.keys()])
    .map((u) => new URL(u).pathname)
    .sort();
const offline = () => {
  network = async () => {
    throw new TypeError('Failed to fetch');
  };
};
const online = () => {
  network = async (url) => answer(`page ${new URL(url).pathname}`);
};

beforeEach(() => {
  caches = new FakeCaches();
  listeners = {};
  online();
  const self = {
    location: { origin: ORIGIN },
    addEventListener: (type: string, fn: (event: any) => void) => {
      listeners[type] = fn;
    },
    clients: { claim: async () => undefined, matchAll: async () => [] },
    skipWaiting: async () => undefined,
    registration: { showNotification: async () => undefined },
  };
  const fetch = (request: string | { url: string; mode?: string }) => network(keyOf(request), typeof request === 'string' ? 'cors' : (request.mode ?? 'cors'));
  runInContext(SW, createContext({ self, caches, fetch, URL, Response, Promise, console }));
});

describe('the pages the worker keeps', () => {
  it('keeps a page opened online and serves it offline', async () => {
    await get('/app/plan/child-1');
    offline();
    expect(((await get('/app/plan/child-1')) as FakeResponse).body).toBe('page /app/plan/child-1');
  });

  it('drops them at sign-out', async () => {
    await get('/app/plan/child-1');
    await dispatch('fetch', { request: { url: `${ORIGIN}/logout`, method: 'POST', mode: 'navigate' } });
    expect(await kept()).toEqual([]);
  });

  it('drops them when a page fetch is sent to sign in (the session expired)', async () => {
    await get('/app/plan/child-1');
    await get('/app/diary/child-1');
    // A navigation's redirect reaches the worker opaque.
    network = async () => answer('', { status: 0, type: 'opaqueredirect' });
    await get('/app/plan/child-1');
    expect(await kept()).toEqual([]);
    offline();
    expect(await get('/app/plan/child-1')).toBeInstanceOf(Error);
  });

  it('drops them on a 401, and on a followed redirect to /login', async () => {
    await get('/app/diary/child-1');
    network = async () => answer('{"error":{}}', { status: 401 });
    await get('/app/diary/child-1', 'cors');
    expect(await kept()).toEqual([]);

    online();
    await get('/app/plan/child-1');
    network = async () => answer('sign in', { redirected: true, url: `${ORIGIN}/login?next=%2Fapp` });
    await get('/app', 'cors');
    expect(await kept()).toEqual([]);
  });

  it('keeps them for the same account, drops them when another account or nobody is signed in', async () => {
    await tell('parent-a');
    await get('/app/plan/child-1');
    await tell('parent-a');
    expect(await kept()).toEqual(['/app/plan/child-1']);

    await tell('parent-b');
    expect(await kept()).toEqual([]);
    await get('/app/plan/child-2');
    await tell(null);
    expect(await kept()).toEqual([]);
  });

  it('drops pages it cannot tell the owner of, and ignores a message from another origin', async () => {
    await get('/app/plan/child-1');
    await tell('parent-a');
    expect(await kept()).toEqual([]);
    await get('/app/plan/child-1');
    await tell('parent-b', 'https://evil.example');
    expect(await kept()).toEqual(['/app/plan/child-1']);
  });
});

describe('the pages /app names to keep ahead of a visit', () => {
  it("keeps each child's diary and plan for the account, so a first visit offline finds them", async () => {
    await tell('parent-a', ORIGIN, ['/app', '/app/diary/child-1', '/app/plan/child-1', '/app/diary/child-2', '/app/plan/child-2']);
    expect(await kept()).toEqual(['/app', '/app/diary/child-1', '/app/diary/child-2', '/app/plan/child-1', '/app/plan/child-2']);
    offline();
    expect(((await get('/app/diary/child-2')) as FakeResponse).body).toBe('page /app/diary/child-2');
  });

  it('keeps only the app pages it may keep, at most 30, and nothing for nobody', async () => {
    const many = Array.from({ length: 40 }, (_, i) => `/app/diary/child-${String(i).padStart(2, '0')}`);
    await tell('parent-a', ORIGIN, ['/children/child-1', 'https://evil.example/app/diary/x', '//evil.example/app', '/app/diary/../../admin', 42, ...many]);
    expect(await kept()).toEqual(many.slice(0, 30).sort());
    await tell(null, ORIGIN, ['/app/diary/child-1']);
    expect(await kept()).toEqual([]);
  });

  it('keeps nothing when the session has ended (the fetch lands on sign-in), and nothing an error page', async () => {
    network = async (url) => (url.endsWith('/app/plan/child-1') ? answer('error', { status: 500 }) : answer('page'));
    await tell('parent-a', ORIGIN, ['/app/diary/child-1', '/app/plan/child-1']);
    expect(await kept()).toEqual(['/app/diary/child-1']);
    network = async () => answer('sign in', { redirected: true, url: `${ORIGIN}/login?next=%2Fapp` });
    await tell('parent-a', ORIGIN, ['/app/diary/child-1']);
    expect(await kept()).toEqual([]);
  });

  it("another account's kept pages go before this one's are kept", async () => {
    await tell('parent-a', ORIGIN, ['/app/diary/child-1']);
    await tell('parent-b', ORIGIN, ['/app/diary/child-9']);
    expect(await kept()).toEqual(['/app/diary/child-9']);
  });

  it('a page kept within the hour is not fetched again on the next load of /app; an older one is', async () => {
    const fetched: string[] = [];
    let served = new Date();
    network = async (url) => {
      fetched.push(new URL(url).pathname);
      const date = served.toUTCString();
      // On the answer itself, so the copy the cache keeps has it too.
      return Object.assign(answer('page'), { headers: { get: (h: string) => (h === 'date' ? date : null) } });
    };
    await tell('parent-a', ORIGIN, ['/app/diary/child-1']);
    await tell('parent-a', ORIGIN, ['/app/diary/child-1']);
    expect(fetched).toEqual(['/app/diary/child-1']);
    served = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await get('/app/diary/child-1');
    fetched.length = 0;
    await tell('parent-a', ORIGIN, ['/app/diary/child-1']);
    expect(fetched).toEqual(['/app/diary/child-1']);
  });

  it('offline, naming pages keeps what is kept and adds nothing', async () => {
    await tell('parent-a', ORIGIN, ['/app/diary/child-1']);
    offline();
    await tell('parent-a', ORIGIN, ['/app/diary/child-1', '/app/plan/child-1']);
    expect(await kept()).toEqual(['/app/diary/child-1']);
  });
});

describe('the shell kept at install', () => {
  it('holds every script the offline diary page runs', () => {
    for (const script of ['/static/app/diary-zone.js', '/static/app/offline-diary.js', '/static/app/register-sw.js']) expect(SW).toContain(`'${script}'`);
  });
});

describe('the registration script', () => {
  async function run(me: () => Promise<{ status: number; json(): Promise<unknown> }>, pagesHint?: string, stored?: Map<string, string>) {
    const posted: unknown[] = [];
    let onLoad: (() => void) | undefined;
    const registration = { active: { postMessage: (m: unknown) => posted.push(m) } };
    const navigator = { serviceWorker: { register: async () => registration, ready: Promise.resolve(registration) } };
    const window = {
      addEventListener: (type: string, fn: () => void) => {
        if (type === 'load') onLoad = fn;
      },
    };
    const document = { getElementById: (id: string) => (id === 'offline-pages' && pagesHint !== undefined ? { textContent: pagesHint } : null) };
    const localStorage = stored && {
      get length() {
        return stored.size;
      },
      key: (i: number) => [...stored.keys()][i] ?? null,
      removeItem: (k: string) => stored.delete(k),
    };
    runInContext(REGISTER, createContext({ navigator, window, document, ...(localStorage ? { localStorage } : {}), fetch: (url: string) => (url === '/api/v1/me' ? me() : Promise.reject(new Error(url))) }));
    onLoad!();
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
    return posted;
  }

  it('tells the worker the signed-in account, or nobody on a 401', async () => {
    expect(await run(async () => ({ status: 200, json: async () => ({ id: 'user-1', role: 'parent' }) }))).toEqual([{ type: 'account', id: 'user-1' }]);
    expect(await run(async () => ({ status: 401, json: async () => ({ error: {} }) }))).toEqual([{ type: 'account', id: null }]);
  });

  it('passes on the pages /app names to keep, only for a signed-in account', async () => {
    const pages = JSON.stringify(['/app', '/app/diary/c1', '/app/plan/c1']);
    expect(await run(async () => ({ status: 200, json: async () => ({ id: 'user-1' }) }), pages)).toEqual([{ type: 'account', id: 'user-1', pages: ['/app', '/app/diary/c1', '/app/plan/c1'] }]);
    expect(await run(async () => ({ status: 401, json: async () => ({}) }), pages)).toEqual([{ type: 'account', id: null }]);
    // A hint it cannot read is no hint: the account is still told.
    expect(await run(async () => ({ status: 200, json: async () => ({ id: 'user-1' }) }), '{not json')).toEqual([{ type: 'account', id: 'user-1' }]);
  });

  it("forgets the diary's record of uploaded days of any other account, or of all when nobody is signed in; queued days stay", async () => {
    const stored = () =>
      new Map([
        ['diary-known:user-1:c1', '{}'],
        ['diary-known:user-2:c1', '{}'],
        ['diary-queue:user-2:c1', '[]'],
        ['lang', 'zh'],
      ]);
    const one = stored();
    await run(async () => ({ status: 200, json: async () => ({ id: 'user-1' }) }), undefined, one);
    expect([...one.keys()]).toEqual(['diary-known:user-1:c1', 'diary-queue:user-2:c1', 'lang']);
    const none = stored();
    await run(async () => ({ status: 401, json: async () => ({}) }), undefined, none);
    expect([...none.keys()]).toEqual(['diary-queue:user-2:c1', 'lang']);
    const offline = stored();
    await run(() => Promise.reject(new TypeError('offline')), undefined, offline);
    expect(offline.size).toBe(4);
  });

  it('says nothing offline or on a server error', async () => {
    expect(await run(() => Promise.reject(new TypeError('offline')))).toEqual([]);
    expect(await run(async () => ({ status: 503, json: async () => ({}) }))).toEqual([]);
  });
});
