// The offline diary: an entry is kept on the phone (localStorage) with a client-generated id and
// sent to POST /api/v1/children/:id/diary/:date/sync when there is a connection. A replay with the
// same id is answered idempotently; a 409 conflict brings the server's version, which is shown so
// the parent can keep theirs or the server's. Without JavaScript the form posts to /diary/:id.
// A danger sign shows the emergency text at once, network or not; the day's zone is computed on the
// phone with the server's own rule (/static/app/diary-zone.js) before anything is uploaded.
(function () {
  const form = document.getElementById('offline-diary');
  const stateEl = document.getElementById('diary-state');
  if (!form || !stateEl || !window.localStorage || !window.fetch) return;
  const state = JSON.parse(stateEl.textContent || '{}');
  const msg = state.messages || {};
  const childId = form.dataset.child;
  const planHref = form.dataset.plan;
  // One account's entries: on a shared phone another guardian neither sees nor sends them.
  const queueKey = `diary-queue:${state.account || ''}:${childId}`;
  const status = document.getElementById('diary-status');
  const conflictBox = document.getElementById('diary-conflict');
  const emergencyBox = document.getElementById('diary-emergency');
  const dangerBoxes = Array.from(form.querySelectorAll('input[name="dangerSigns"]'));
  const showEmergency = () => {
    if (emergencyBox) emergencyBox.hidden = !dangerBoxes.some((b) => b.checked);
  };
  dangerBoxes.forEach((b) => b.addEventListener('change', showEmergency));
  showEmergency();
  let flushing = false;
  // What the phone worked out for the last saved day, kept on screen until the server answers.
  let local = { advice: '', zone: null };

  const load = () => { try { return JSON.parse(localStorage.getItem(queueKey) || '[]'); } catch { return []; } };
  const save = (q) => localStorage.setItem(queueKey, JSON.stringify(q));
  const newId = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`);

  function say(text, zone) {
    status.textContent = '';
    const p = document.createElement('p');
    p.textContent = text;
    status.appendChild(p);
    if (zone && planHref) {
      const a = document.createElement('a');
      a.href = `${planHref}#zone-${zone}`;
      a.textContent = (msg.zoneLink || '').replace('{zone}', (msg.zones || {})[zone] || zone);
      status.appendChild(a);
    }
    status.hidden = false;
  }

  function bodyOf() {
    const f = new FormData(form);
    const num = (k) => { const v = String(f.get(k) || '').trim(); return v === '' ? undefined : Number(v); };
    const bool = (k) => f.get(k) === 'on';
    return {
      date: String(f.get('date')),
      entry: {
        daytimeSymptoms: String(f.get('daytimeSymptoms') || 'none'),
        symptomsOverFewMinutes: bool('symptomsOverFewMinutes'),
        nightWaking: bool('nightWaking'),
        nightCough: bool('nightCough'),
        activityLimited: bool('activityLimited'),
        relieverUses: num('relieverUses') ?? 0,
        controllerTakenAm: bool('controllerTakenAm'),
        controllerTakenPm: bool('controllerTakenPm'),
        pefAm: num('pefAm'),
        pefPm: num('pefPm'),
        triggers: f.getAll('triggers').map(String),
        schoolAbsence: bool('schoolAbsence'),
        unscheduledCare: String(f.get('unscheduledCare') || 'none'),
        ocsStarted: bool('ocsStarted'),
        note: String(f.get('note') || '').trim() || undefined,
        dangerSigns: f.getAll('dangerSigns').map(String),
      },
    };
  }

  function showConflict(item, server) {
    conflictBox.textContent = '';
    const h = document.createElement('h2');
    h.textContent = msg.conflictTitle || '';
    const p = document.createElement('p');
    p.textContent = (msg.conflictText || '').replace('{date}', item.date);
    const dl = document.createElement('dl');
    dl.className = 'facts';
    const rows = [
      [msg.symptoms, (msg.symptomLevels || {})[server.daytimeSymptoms] || server.daytimeSymptoms],
      [msg.reliever, String(server.relieverUses)],
      [msg.pef, [server.pefAm, server.pefPm].filter((v) => v != null).join(' / ') || '-'],
      [msg.zone, server.pefZone ? (msg.zones || {})[server.pefZone] : '-'],
      [msg.updatedAt, new Date(server.updatedAt).toLocaleString()],
    ];
    for (const [k, v] of rows) {
      const dt = document.createElement('dt'); dt.textContent = k || '';
      const dd = document.createElement('dd'); dd.textContent = v;
      dl.append(dt, dd);
    }
    const mine = document.createElement('button');
    mine.type = 'button';
    mine.textContent = msg.keepMine || '';
    mine.addEventListener('click', () => {
      const q = load().map((x) => (x.clientId === item.clientId ? { ...x, baseUpdatedAt: server.updatedAt, conflict: false } : x));
      save(q);
      conflictBox.hidden = true;
      void flush();
    });
    const theirs = document.createElement('button');
    theirs.type = 'button';
    theirs.className = 'secondary';
    theirs.textContent = msg.keepServer || '';
    theirs.addEventListener('click', () => {
      save(load().filter((x) => x.clientId !== item.clientId));
      state.entries[item.date] = server.updatedAt;
      conflictBox.hidden = true;
      say(msg.keptServer || '');
    });
    conflictBox.append(h, p, dl, mine, document.createTextNode(' '), theirs);
    conflictBox.hidden = false;
  }

  async function flush() {
    if (flushing) return;
    flushing = true;
    try {
      for (const item of load()) {
        if (item.conflict) continue;
        let res;
        try {
          res = await fetch(`/api/v1/children/${childId}/diary/${item.date}/sync`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            credentials: 'same-origin',
            body: JSON.stringify({ ...item.entry, clientId: item.clientId, baseUpdatedAt: item.baseUpdatedAt }),
          });
        } catch {
          say(`${msg.queued || ''}${local.advice ? ` ${local.advice}` : ''}`, local.zone);
          return;
        }
        const json = await res.json().catch(() => ({}));
        if (res.ok) {
          local = { advice: '', zone: null };
          save(load().filter((x) => x.clientId !== item.clientId));
          state.entries[item.date] = json.updatedAt;
          const after = json.parentMessage ? json.parentMessage[state.lang] || '' : '';
          say(`${(msg.saved || '').replace('{date}', item.date)}${after ? ` ${after}` : ''}`, json.zone);
        } else if (res.status === 409 && json.server) {
          save(load().map((x) => (x.clientId === item.clientId ? { ...x, conflict: true } : x)));
          showConflict(item, json.server);
        } else if (res.status === 401) {
          say(msg.signIn || '');
          return;
        } else {
          save(load().filter((x) => x.clientId !== item.clientId));
          const details = ((json.error || {}).details || []).map((d) => d.message).join('; ');
          say(`${msg.rejected || ''} ${details}`.trim());
        }
      }
    } finally {
      flushing = false;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const { date, entry } = bodyOf();
    const q = load().filter((x) => x.date !== date || x.conflict);
    q.push({ clientId: newId(), date, entry, baseUpdatedAt: state.entries[date] || null, savedAt: new Date().toISOString() });
    save(q);
    showEmergency();
    // The zone and what to do are known before any upload: say them now, then send.
    const day = window.asthmaDiaryZone ? window.asthmaDiaryZone(entry, state.pefReference ?? null) : null;
    // Nothing here says the centre will see it: it may not have left the phone yet.
    local = { advice: day && day.zone === 'red' ? msg.redNow || '' : '', zone: day ? day.zone : null };
    say(`${navigator.onLine ? (msg.sending || '') : (msg.queued || '')}${local.advice ? ` ${local.advice}` : ''}`, local.zone);
    void flush();
  });

  // A conflicted entry waiting from an earlier visit is shown again.
  save(load().map((x) => ({ ...x, conflict: false })));
  window.addEventListener('online', () => void flush());
  void flush();
})();
