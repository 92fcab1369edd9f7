// Turns notifications on for this phone: asks permission, subscribes with the server's VAPID key and
// saves the subscription. What the phone receives is chosen per child under "How we reach you".
// Needs a service worker and the Push API (on iPhone: iOS 16.4 or later, with the app added to the
// home screen).
(function () {
  const form = document.getElementById('push-form');
  const status = document.getElementById('push-status');
  const off = document.getElementById('push-off');
  const unsupported = document.getElementById('push-unsupported');
  if (!form || !status) return;
  const supported = 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
  if (!supported) {
    if (unsupported) unsupported.hidden = false;
    return;
  }
  const say = (key) => {
    status.textContent = form.dataset[key] || '';
    status.hidden = false;
  };
  const toKey = (base64) => {
    const padded = (base64 + '='.repeat((4 - (base64.length % 4)) % 4)).replace(/-/g, '+').replace(/_/g, '/');
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  };
  const post = (url, body) => fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') return say('denied');
      const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' }).then(() => navigator.serviceWorker.ready);
      const { publicKey } = await (await fetch('/api/v1/push/public-key')).json();
      const fresh = () => registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: toKey(publicKey) });
      let subscription = (await registration.pushManager.getSubscription()) || (await fresh());
      const save = () =>
        post('/api/v1/push/subscriptions', {
          subscription: subscription.toJSON(),
          lang: document.documentElement.lang === 'en' ? 'en' : 'zh',
        });
      let res = await save();
      if (res.status === 409) {
        // This phone's endpoint is another account's (a shared phone): a new endpoint for this one.
        await subscription.unsubscribe();
        subscription = await fresh();
        res = await save();
      }
      if (res.ok) return say('saved');
      const json = await res.json().catch(() => ({}));
      status.textContent = ((json.error || {}).details || []).map((d) => d.message).join('; ') || form.dataset.failed || '';
      status.hidden = false;
    } catch {
      say('failed');
    }
  });

  if (off) {
    off.hidden = false;
    off.addEventListener('click', async () => {
      const registration = await navigator.serviceWorker.getRegistration('/');
      const subscription = registration && (await registration.pushManager.getSubscription());
      if (subscription) {
        await post('/api/v1/push/unsubscribe', { endpoint: subscription.endpoint }).catch(() => undefined);
        await subscription.unsubscribe();
      }
      say('off');
    });
  }
})();
