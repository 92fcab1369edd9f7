// The family app's service worker, served at /sw.js with scope "/". It keeps the app shell, the
// pages a family opened (action plan, articles, diary, the index) for use without a signal, and
// shows Web Push notifications. The kept pages are one account's: on a shared phone they are
// dropped at sign-out, when the session is found to have ended (a page answers 401 or sends the
// browser to sign in), and when the page reports another account (register-sw.js). When /app
// loads, it names each child's diary and plan page, and the worker keeps them at once: a first
// visit to a child's diary with no signal then finds the form, not "this page is not saved".
// The shell's version moves with the scripts; the kept pages keep theirs, so an update of the
// worker does not drop a family's offline pages.
const SHELL_CACHE = 'family-shell-v3';
const PAGE_CACHE = 'family-pages-v2';
// Whose pages PAGE_CACHE holds: the worker is stopped and restarted at will, so not in a variable.
const META_CACHE = 'family-meta';
const ACCOUNT_KEY = '/__sw/account';
const SHELL = [
  '/app/offline',
  '/static/app.css',
  '/static/app/register-sw.js',
  '/static/app/offline-diary.js',
  // The diary page zones a day with it, offline too: a /static/ miss is not cached on the way.
  '/static/app/diary-zone.js',
  '/static/app/push.js',
  '/static/app/print.js',
  '/static/app/icon.svg',
  '/app/icon-192.png',
  '/manifest.webmanifest',
];
// Pages and data worth having offline: network first, the cached copy when there is no signal.
const CACHEABLE = [/^\/app$/, /^\/app\/plan\/[\w-]+$/, /^\/app\/articles(\/[\w-]+)?$/, /^\/app\/diary\/[\w-]+$/, /^\/index$/, /^\/api\/v1\/asthma-index$/, /^\/static\/app\/articles\/[\w-]+\.svg$/];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => Promise.all(SHELL.map((url) => cache.add(url).catch(() => undefined))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL_CACHE && k !== PAGE_CACHE && k !== META_CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function storedAccount() {
  const kept = await (await caches.open(META_CACHE)).match(ACCOUNT_KEY);
  return kept ? kept.text() : null;
}

/** Drops every kept page and forgets whose they were. */
async function forgetPages() {
  await caches.delete(PAGE_CACHE);
  await (await caches.open(META_CACHE)).delete(ACCOUNT_KEY);
}

/** The page says who is signed in (null: nobody). Pages kept for anyone else, or for nobody known, go. */
async function accountIs(id) {
  if (!id) return forgetPages();
  if ((await storedAccount()) === id) return;
  await caches.delete(PAGE_CACHE);
  await (await caches.open(META_CACHE)).put(ACCOUNT_KEY, new Response(id));
}

// A session that ended shows as a 401, or as a redirect to the sign-in page: opaque for a
// navigation (the browser follows it itself), followed for a script's fetch.
const sessionEnded = (response) => response.status === 401 || response.type === 'opaqueredirect' || (response.redirected && new URL(response.url).pathname === '/login');

/** Keeps a page answered online, only when it is a real answer; a session found ended drops them all. */
async function keep(cache, request, response) {
  if (sessionEnded(response)) await forgetPages();
  // Only real answers: never a redirect to the login page or an error page.
  else if (response.ok && !response.redirected && response.type === 'basic') await cache.put(request, response.clone());
}

// What /app may ask to keep ahead of a visit: the children's diary and plan pages, and /app itself.
const PRECACHE = [/^\/app$/, /^\/app\/plan\/[\w-]+$/, /^\/app\/diary\/[\w-]+$/];
const PRECACHE_MAX = 30;

// Every load of /app names them all: a copy kept within the hour is fresh enough (a visit
// refreshes a page anyway), so the server is not asked for every child's pages each time.
const PRECACHE_FRESH_MS = 60 * 60 * 1000;
async function keptRecently(path) {
  const cached = await (await caches.open(PAGE_CACHE)).match(path);
  const date = cached && cached.headers ? cached.headers.get('date') : null;
  return Boolean(date) && Date.now() - new Date(date).getTime() < PRECACHE_FRESH_MS;
}

/** Fetches and keeps the named pages for the account just confirmed, unless another signs in meanwhile. */
async function precache(id, paths) {
  const wanted = paths.filter((p) => typeof p === 'string' && PRECACHE.some((re) => re.test(p))).slice(0, PRECACHE_MAX);
  await Promise.all(
    wanted.map(async (path) => {
      try {
        if (await keptRecently(path)) return;
        const response = await fetch(path, { credentials: 'same-origin' });
        if ((await storedAccount()) !== id) return;
        await keep(await caches.open(PAGE_CACHE), path, response);
      } catch {
        // No signal now: the page is kept on its next visit instead.
      }
    }),
  );
}

async function networkFirst(request) {
  const cache = await caches.open(PAGE_CACHE);
  try {
    const response = await fetch(request);
    await keep(cache, request, response);
    return response;
  } catch (err) {
    const cached = await cache.match(request, { ignoreVary: true });
    if (cached) return cached;
    if (request.mode === 'navigate') {
      const offline = await caches.match('/app/offline');
      if (offline) return offline;
    }
    throw err;
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) {
    // Refresh in the background so the next visit gets a new version.
    fetch(request)
      .then((r) => r.ok && caches.open(SHELL_CACHE).then((c) => c.put(request, r)))
      .catch(() => undefined);
    return cached;
  }
  return fetch(request);
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin) return;
  if (event.request.method === 'POST' && url.pathname === '/logout') {
    event.waitUntil(forgetPages());
    return;
  }
  if (event.request.method !== 'GET') return;
  if (url.pathname.startsWith('/static/') && !url.pathname.startsWith('/static/app/articles/')) {
    event.respondWith(cacheFirst(event.request));
    return;
  }
  if (CACHEABLE.some((re) => re.test(url.pathname))) {
    event.respondWith(networkFirst(event.request));
    return;
  }
  if (event.request.mode === 'navigate' && url.pathname.startsWith('/app')) {
    event.respondWith(fetch(event.request).catch(() => caches.match('/app/offline').then((r) => r || Response.error())));
  }
});

self.addEventListener('message', (event) => {
  // Only our own pages may say who is signed in.
  if (event.origin && event.origin !== self.location.origin) return;
  const data = event.data || {};
  if (data.type !== 'account') return;
  const id = typeof data.id === 'string' && data.id ? data.id : null;
  // The account first: pages kept for another one go before this one's are fetched.
  event.waitUntil(accountIs(id).then(() => (id && Array.isArray(data.pages) ? precache(id, data.pages) : undefined)));
});

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { title: event.data ? event.data.text() : '' };
  }
  event.waitUntil(
    self.registration.showNotification(data.title || '', {
      body: data.body || '',
      tag: data.tag,
      icon: '/app/icon-192.png',
      badge: '/app/icon-192.png',
      data: { url: data.url || '/app' },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL((event.notification.data && event.notification.data.url) || '/app', self.location.origin);
  if (target.origin !== self.location.origin) return;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((list) => {
      for (const client of list) {
        if (new URL(client.url).pathname === target.pathname && 'focus' in client) return client.focus();
      }
      return self.clients.openWindow(target.href);
    }),
  );
});
