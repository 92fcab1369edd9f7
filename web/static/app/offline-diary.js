// The offline diary: an entry is kept on the phone (localStorage) with a client-generated id and
// sent to POST /api/v1/children/:id/diary/:date/sync when there is a connection. A replay with the
// same id is answered idempotently; a 409 conflict brings the server's version, which is shown so
// the parent can keep theirs or the server's. Without JavaScript the form posts to /diary/:id.
// A danger sign shows the emergency text at once, network or not; the day's zone is computed on the
// phone with the server's own rule (/static/app/diary-zone.js) before anything is uploaded.
// The form opens on the chosen day as it stands (queued on the phone, uploaded by this phone, or
// as the server has it), so a second edit updates the day instead of blanking it. What this phone
// uploaded is remembered, so its own earlier upload is never taken for someone else's change.
(function () {
  const form = document.getElementById('offline-diary');
  const stateEl = document.getElementById('diary-state');
  if (!form || !stateEl || !window.localStorage || !window.fetch) return;
  const state = JSON.parse(stateEl.textContent || '{}');
  state.entries = state.entries || {};
  // A page kept from before this version carries no values: the phone's own record still helps.
  state.days = state.days || {};
  const msg = state.messages || {};
  const childId = form.dataset.child;
  const planHref = form.dataset.plan;
  // One account's entries: on a shared phone another guardian neither sees nor sends them.
  const queueKey = `diary-queue:${state.account || ''}:${childId}`;
  const knownKey = `diary-known:${state.account || ''}:${childId}`;
  const status = document.getElementById('diary-status');
  const conflictBox = document.getElementById('diary-conflict');
  const emergencyBox = document.getElementById('diary-emergency');
  const dayNote = document.getElementById('diary-day');
  const queueBox = document.getElementById('diary-queue');
  const queueCount = document.getElementById('diary-queue-count');
  const uploadNow = document.getElementById('diary-upload-now');
  const dateSelect = form.elements.namedItem('date');
  const dangerBoxes = Array.from(form.querySelectorAll('input[name="dangerSigns"]'));
  const showEmergency = () => {
    if (emergencyBox) emergencyBox.hidden = !dangerBoxes.some((b) => b.checked);
  };
  dangerBoxes.forEach((b) => b.addEventListener('change', showEmergency));
  showEmergency();
  let flushing = false;
  // What the phone worked out for the last saved day, kept on screen until the server answers.
  let local = { advice: '', zone: null };
  let conflictDate = null;

  const read = (key, empty) => {
    try {
      return JSON.parse(localStorage.getItem(key) || '') || empty;
    } catch {
      return empty;
    }
  };
  const load = () => read(queueKey, []);
  const save = (q) => {
    localStorage.setItem(queueKey, JSON.stringify(q));
    showQueue();
  };
  // date -> { updatedAt, entry, clientIds }: the version of the day this phone last received, and
  // the client ids this phone gave it (the server may hold one of them even if its answer was lost).
  const known = () => read(knownKey, {});
  const saveKnown = (k) => localStorage.setItem(knownKey, JSON.stringify(k));
  const newId = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`);
  const later = (a, b) => (!a ? b || null : !b ? a : a > b ? a : b);
  /** The server version this phone last saw of the day: the page's, or a newer one it uploaded itself. */
  const baseOf = (date) => later(state.entries[date], (known()[date] || {}).updatedAt);

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

  function showQueue() {
    if (!queueBox) return;
    const n = load().length;
    queueBox.hidden = n === 0;
    queueCount.textContent = (n === 1 ? msg.queueOne || '' : msg.queueMany || '').replace('{count}', String(n));
  }

  // A page kept offline was rendered on its own day: offer the days up to today on the phone (Shanghai).
  function offerDays() {
    let here;
    try {
      here = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    } catch {
      return;
    }
    const count = dateSelect.options.length;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(here) || !count || here <= dateSelect.options[0].value) return;
    dateSelect.textContent = '';
    for (let back = 0; back < count; back++) {
      const d = new Date(`${here}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() - back);
      const v = d.toISOString().slice(0, 10);
      dateSelect.add(new Option(v, v));
    }
    dateSelect.value = here;
  }

  function bodyOf() {
    const f = new FormData(form);
    const num = (k) => {
      const v = String(f.get(k) || '').trim();
      return v === '' ? undefined : Number(v);
    };
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

  const CHECKS = ['symptomsOverFewMinutes', 'nightWaking', 'nightCough', 'activityLimited', 'controllerTakenAm', 'controllerTakenPm', 'schoolAbsence', 'ocsStarted'];
  /** Puts a day into the form (null: a blank day), the reverse of bodyOf. */
  function fill(entry) {
    const e = entry || {};
    const field = (name) => form.elements.namedItem(name);
    const text = (v) => (v === undefined || v === null ? '' : String(v));
    field('daytimeSymptoms').value = e.daytimeSymptoms || 'none';
    for (const k of CHECKS) field(k).checked = Boolean(e[k]);
    field('relieverUses').value = text(e.relieverUses ?? 0);
    field('pefAm').value = text(e.pefAm);
    field('pefPm').value = text(e.pefPm);
    field('unscheduledCare').value = e.unscheduledCare || 'none';
    field('note').value = text(e.note);
    const ticks = (name, values) =>
      form.querySelectorAll(`input[name="${name}"]`).forEach((b) => {
        b.checked = (values || []).includes(b.value);
      });
    ticks('triggers', e.triggers);
    ticks('dangerSigns', e.dangerSigns);
    showEmergency();
  }

  /** The chosen day as it stands: queued on the phone, else the newer of the page's and this phone's upload. */
  function dayOf(date) {
    const queued = load()
      .filter((x) => x.date === date)
      .pop();
    if (queued) return { entry: queued.entry, note: msg.dayQueued };
    const mine = known()[date];
    const server = state.days[date] ? { entry: state.days[date], updatedAt: state.entries[date] || '' } : null;
    const best = mine && (!server || mine.updatedAt > server.updatedAt) ? mine : server;
    return best ? { entry: best.entry, note: msg.daySaved } : { entry: null, note: '' };
  }

  function showDay() {
    const date = dateSelect.value;
    const day = dayOf(date);
    fill(day.entry);
    if (dayNote) {
      dayNote.textContent = (day.note || '').replace('{date}', date);
      dayNote.hidden = !day.note;
    }
  }

  function showConflict(item, server) {
    conflictBox.textContent = '';
    conflictDate = item.date;
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
      const dt = document.createElement('dt');
      dt.textContent = k || '';
      const dd = document.createElement('dd');
      dd.textContent = v;
      dl.append(dt, dd);
    }
    const mine = document.createElement('button');
    mine.type = 'button';
    mine.textContent = msg.keepMine || '';
    mine.addEventListener('click', () => {
      save(load().map((x) => (x.clientId === item.clientId ? { ...x, baseUpdatedAt: server.updatedAt, conflict: false } : x)));
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
      state.days[item.date] = server;
      const k = known();
      k[item.date] = { updatedAt: server.updatedAt, entry: server, clientIds: [] };
      saveKnown(k);
      conflictBox.hidden = true;
      if (dateSelect.value === item.date) showDay();
      say(msg.keptServer || '');
    });
    conflictBox.append(h, p, dl, mine, document.createTextNode(' '), theirs);
    conflictBox.hidden = false;
  }

  /** The form's label for a refused field, in the page's language (never the validator's text). */
  function labelOf(path) {
    const name = String(path || '').split('.')[0];
    if (name === 'dangerSigns' || name === 'triggers') {
      const box = form.querySelector(`input[name="${name}"]`);
      const legend = box && box.closest('fieldset') && box.closest('fieldset').querySelector('legend');
      return legend ? legend.textContent.trim() : '';
    }
    const label = name && form.querySelector(`label[for="f-${name}"]`);
    return label ? label.textContent.replace(/\s*\*$/, '').trim() : '';
  }

  function rejected(item, json) {
    const error = json.error || {};
    if (error.code === 'diary_date_out_of_range') return say((msg.rejectedTooOld || '').replace('{date}', item.date));
    const fields = [...new Set((error.details || []).map((d) => labelOf(d.path)).filter(Boolean))];
    // The typed day goes back into the form to be put right, not lost.
    if (Array.from(dateSelect.options).some((o) => o.value === item.date)) {
      dateSelect.value = item.date;
      fill(item.entry);
      if (dayNote) dayNote.hidden = true;
    }
    say(fields.length ? (msg.rejectedFields || '').replace('{date}', item.date).replace('{fields}', fields.join(state.lang === 'zh' ? '、' : ', ')) : (msg.rejectedDay || '').replace('{date}', item.date));
  }

  // Retried while anything waits: every 30 s, at most 40 times a visit; the connection coming back,
  // the page shown again or "upload now" start the count afresh.
  const RETRY_MS = 30_000;
  const RETRY_MAX = 40;
  let retryTimer = null;
  let retries = 0;
  function scheduleRetry() {
    clearTimeout(retryTimer);
    retryTimer = null;
    if (retries >= RETRY_MAX || !load().some((x) => !x.conflict)) return;
    retryTimer = setTimeout(() => {
      retries += 1;
      void flush();
    }, RETRY_MS);
  }
  const retryNow = () => {
    retries = 0;
    void flush();
  };

  async function flush() {
    if (flushing) return;
    flushing = true;
    let signedOut = false;
    try {
      for (const item of load()) {
        if (item.conflict) continue;
        let res;
        try {
          res = await fetch(`/api/v1/children/${childId}/diary/${item.date}/sync`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            credentials: 'same-origin',
            body: JSON.stringify({ ...item.entry, clientId: item.clientId, baseUpdatedAt: item.baseUpdatedAt, previousClientIds: item.previousClientIds || [] }),
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
          const k = known();
          k[item.date] = { updatedAt: json.updatedAt, entry: item.entry, clientIds: [...(item.previousClientIds || []), item.clientId].slice(-20) };
          saveKnown(k);
          if (dateSelect.value === item.date && dayNote) {
            dayNote.textContent = (msg.daySaved || '').replace('{date}', item.date);
            dayNote.hidden = false;
          }
          const after = json.parentMessage ? json.parentMessage[state.lang] || '' : '';
          say(`${(msg.saved || '').replace('{date}', item.date)}${after ? ` ${after}` : ''}`, json.zone);
        } else if (res.status === 409 && json.server) {
          save(load().map((x) => (x.clientId === item.clientId ? { ...x, conflict: true } : x)));
          showConflict(item, json.server);
        } else if (res.status === 401) {
          say(msg.signIn || '');
          signedOut = true;
          return;
        } else {
          save(load().filter((x) => x.clientId !== item.clientId));
          rejected(item, json);
        }
      }
    } finally {
      flushing = false;
      showQueue();
      // Signed out, a retry would only be refused again: signing in brings the page back.
      if (signedOut) clearTimeout(retryTimer);
      else scheduleRetry();
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const { date, entry } = bodyOf();
    const q = load();
    // This phone's earlier versions of the day, uploaded or maybe uploaded: the server may hold one.
    const replaced = q.filter((x) => x.date === date);
    const chain = [...((known()[date] || {}).clientIds || []), ...replaced.flatMap((x) => [...(x.previousClientIds || []), x.clientId])];
    const item = { clientId: newId(), date, entry, baseUpdatedAt: baseOf(date), previousClientIds: [...new Set(chain)].slice(-20), savedAt: new Date().toISOString() };
    save([...q.filter((x) => x.date !== date), item]);
    if (conflictDate === date) conflictBox.hidden = true;
    if (dayNote) {
      dayNote.textContent = (msg.dayQueued || '').replace('{date}', date);
      dayNote.hidden = false;
    }
    showEmergency();
    // The zone and what to do are known before any upload: say them now, then send.
    const day = window.asthmaDiaryZone ? window.asthmaDiaryZone(entry, state.pefReference ?? null) : null;
    // Nothing here says the centre will see it: it may not have left the phone yet.
    local = { advice: day && day.zone === 'red' ? msg.redNow || '' : '', zone: day ? day.zone : null };
    say(`${navigator.onLine ? msg.sending || '' : msg.queued || ''}${local.advice ? ` ${local.advice}` : ''}`, local.zone);
    retryNow();
  });

  // Only the days the form offers are worth remembering.
  offerDays();
  const offered = Array.from(dateSelect.options).map((o) => o.value);
  const kept = known();
  for (const date of Object.keys(kept)) if (!offered.includes(date)) delete kept[date];
  saveKnown(kept);
  // A conflicted entry waiting from an earlier visit is shown again.
  save(load().map((x) => ({ ...x, conflict: false })));
  showDay();
  dateSelect.addEventListener('change', showDay);
  if (uploadNow) uploadNow.addEventListener('click', retryNow);
  window.addEventListener('online', retryNow);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') retryNow();
  });
  retryNow();
})();
