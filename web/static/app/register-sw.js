// Registers the family app's service worker (root scope) on the app's pages, and tells it who is
// signed in: the pages it keeps for offline use are one account's, and on a shared phone another
// account (or nobody) must not find them. /app names the pages to keep ahead of a first visit
// (each child's diary and plan, #offline-pages): the worker fetches them for that account.
if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
    navigator.serviceWorker.ready
      .then(async (registration) => {
        const res = await fetch('/api/v1/me', { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'application/json' } });
        // Offline or a server error says nothing about who is signed in: keep what is kept.
        if (res.status !== 200 && res.status !== 401) return;
        const id = res.status === 200 ? (await res.json()).id : null;
        forgetOtherDays(id || null);
        if (registration.active) registration.active.postMessage({ type: 'account', id: id || null, ...(id ? pagesToKeep() : {}) });
      })
      .catch(() => undefined);
  });
}

function pagesToKeep() {
  const el = typeof document === 'undefined' ? null : document.getElementById('offline-pages');
  if (!el) return {};
  try {
    const pages = JSON.parse(el.textContent || '[]');
    return Array.isArray(pages) ? { pages } : {};
  } catch {
    return {};
  }
}

// What the diary remembers of days this phone uploaded (offline-diary.js) is one account's too: it
// goes when another account or nobody is signed in. Queued days stay: they have not been sent yet.
function forgetOtherDays(id) {
  if (typeof localStorage === 'undefined') return;
  const mine = id ? `diary-known:${id}:` : null;
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i);
    if (key && key.startsWith('diary-known:') && !(mine && key.startsWith(mine))) localStorage.removeItem(key);
  }
}
