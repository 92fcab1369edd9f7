// Load and crash (issue 9): 50 concurrent clients write follow-ups and diary entries against the
// real server; every write acknowledged with a 2xx must be stored exactly once, no request may fail
// with a database-busy error, and a SIGKILL in the middle of the load loses no acknowledged write.
// Duration: RELIABILITY_SECONDS (default 10; `npm run test:reliability -- --long` makes it 30).
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { CENTRES, Client, SCHOOL, USER_PASSWORD, ADMIN_PASSWORD, seedReference, shanghaiDate, removeTempDirs, startServer, tempDbPath, type ServerProcess } from './server-process';

const LONG = process.env.RELIABILITY_LONG === '1';
const SECONDS = Number(process.env.RELIABILITY_SECONDS ?? (LONG ? 30 : 10));
const CLIENTS = 50;
const DIARY_DATES = [0, 1, 2, 3].map((d) => shanghaiDate(d));

interface Tally {
  tried: number;
  acknowledged: number;
  serverErrors: string[];
  otherRefusals: string[];
  networkErrors: number;
  /** follow-up note -> child */
  followUps: Map<string, string>;
  /** "child|date" -> notes in the order they were acknowledged, and the one in flight when the load stopped */
  diary: Map<string, { acked: string[]; inFlight: string | null }>;
  /** Diary days read back right after their write was acknowledged (on the server's read worker), and those that did not show it. */
  readBacks: number;
  staleReads: string[];
}

const newTally = (): Tally => ({ tried: 0, acknowledged: 0, serverErrors: [], otherRefusals: [], networkErrors: 0, followUps: new Map(), diary: new Map(), readBacks: 0, staleReads: [] });

const followUp = (note: string) => ({
  date: shanghaiDate(0),
  mode: 'phone',
  answers: [3, 3, 3, 3, 5, 5, 5],
  gina: { q1: false, q2: false, q3: false, q4: false },
  note,
});
const diary = (note: string) => ({ daytimeSymptoms: 'none', nightWaking: false, nightCough: false, activityLimited: false, relieverUses: 0, pefAm: 250, note });

interface World {
  clinicians: Client[];
  parents: Client[];
  childrenOf: Map<Client, string[]>;
}

/** Accounts and children through the API as admin: 2 clinicians per centre, 25 parents with 2 children each. */
async function buildWorld(base: string): Promise<World> {
  const admin = await new Client(base).login('admin', ADMIN_PASSWORD);
  const clinicianNames: string[] = [];
  for (let i = 0; i < 4; i++) {
    const name = `clin${i}`;
    await admin.must('POST', '/api/v1/users', { username: name, password: USER_PASSWORD, displayName: name, role: 'clinician', centerId: i % 2 ? CENTRES.b : CENTRES.a }, 201);
    clinicianNames.push(name);
  }
  const staff = await Promise.all(clinicianNames.map((n) => new Client(base).login(n, USER_PASSWORD)));
  const childrenOf = new Map<Client, string[]>();
  const parents: Client[] = [];
  const byCentre: Record<string, string[]> = { [CENTRES.a]: [], [CENTRES.b]: [] };
  for (let p = 0; p < CLIENTS / 2; p++) {
    const username = `parent${p}`;
    const user = await admin.must('POST', '/api/v1/users', { username, password: USER_PASSWORD, displayName: username, role: 'parent' }, 201);
    const parent = await new Client(base).login(username, USER_PASSWORD);
    const kids: string[] = [];
    for (let k = 0; k < 2; k++) {
      const clinician = staff[(p + k) % staff.length]!;
      const centerId = ((p + k) % staff.length) % 2 ? CENTRES.b : CENTRES.a;
      const child = await clinician.must(
        'POST',
        '/api/v1/children',
        {
          name: `负载${p}-${k}`,
          sex: k ? 'F' : 'M',
          birthDate: '2017-06-01',
          heightCm: 130,
          personalBestPef: 300,
          centerId,
          schoolId: SCHOOL,
          guardian: { name: '家长', phone: '13800138000', relation: '母亲' },
          consent: { givenBy: '家长', date: shanghaiDate(1), noticeVersion: 'v1' },
        },
        201,
      );
      await clinician.must('POST', `/api/v1/children/${child.id}/guardians`, { userId: user.id }, 200);
      kids.push(child.id);
      byCentre[centerId]!.push(child.id);
    }
    parents.push(parent);
    childrenOf.set(parent, kids);
  }
  // 25 clinician clients: each writes follow-ups for the children of its centre.
  const clinicians: Client[] = [];
  for (let c = 0; c < CLIENTS / 2; c++) {
    const client = await new Client(base).login(clinicianNames[c % clinicianNames.length]!, USER_PASSWORD);
    const kids = byCentre[(c % clinicianNames.length) % 2 ? CENTRES.b : CENTRES.a]!;
    clinicians.push(client);
    childrenOf.set(client, kids);
  }
  return { clinicians, parents, childrenOf };
}

/** Runs the 50 clients until `stop` resolves; every acknowledged write goes into the tally. */
async function load(world: World, tally: Tally, stop: Promise<void>, run: string): Promise<void> {
  let stopped = false;
  void stop.then(() => {
    stopped = true;
  });
  const record = (status: number, text: string, what: string) => {
    if (status >= 500) tally.serverErrors.push(`${what}: ${status} ${text.slice(0, 200)}`);
    else if (status >= 300) tally.otherRefusals.push(`${what}: ${status} ${text.slice(0, 200)}`);
  };
  const clinician = async (client: Client, index: number) => {
    const kids = world.childrenOf.get(client)!;
    for (let seq = 0; !stopped; seq++) {
      const child = kids[seq % kids.length]!;
      const note = `${run}-fu-${index}-${seq}`;
      tally.tried++;
      try {
        const res = await client.call('POST', `/api/v1/children/${child}/follow-ups`, followUp(note));
        if (res.status === 201) {
          tally.acknowledged++;
          tally.followUps.set(note, child);
        } else record(res.status, res.text, 'follow-up');
      } catch {
        tally.networkErrors++;
        if (stopped) return;
      }
    }
  };
  const parent = async (client: Client, index: number) => {
    const kids = world.childrenOf.get(client)!;
    for (let seq = 0; !stopped; seq++) {
      const child = kids[seq % kids.length]!;
      const date = DIARY_DATES[Math.floor(seq / kids.length) % DIARY_DATES.length]!;
      const key = `${child}|${date}`;
      const note = `${run}-d-${index}-${seq}`;
      const slot = tally.diary.get(key) ?? { acked: [], inFlight: null };
      tally.diary.set(key, slot);
      slot.inFlight = note;
      tally.tried++;
      try {
        const res = await client.call('PUT', `/api/v1/children/${child}/diary/${date}`, diary(note));
        if (res.status === 200) {
          tally.acknowledged++;
          slot.acked.push(note);
          slot.inFlight = null;
        } else {
          record(res.status, res.text, 'diary');
          slot.inFlight = null;
        }
        // Every fourth acknowledged day is read back: only this parent writes this child's diary,
        // so the read must show this note (a write is answered after its commit).
        if (res.status === 200 && seq % 4 === 0 && !stopped) {
          const back = await client.call('GET', `/api/v1/children/${child}/diary?from=${date}&to=${date}`);
          if (back.status !== 200) record(back.status, back.text, 'diary read');
          else {
            tally.readBacks++;
            const shown = back.body.items?.[0]?.note;
            if (shown !== note) tally.staleReads.push(`${key}: wrote ${note}, read ${shown}`);
          }
        }
      } catch {
        tally.networkErrors++;
        if (stopped) return;
      }
    }
  };
  await Promise.all([...world.clinicians.map(clinician), ...world.parents.map(parent)]);
}

/** Checks the database file against the tally; returns the number of acknowledged writes found. */
function verify(dbPath: string, tally: Tally): { found: number; problems: string[] } {
  const db = new Database(dbPath, { readonly: true });
  try {
    const problems: string[] = [];
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    let found = 0;
    const fuCount = db.prepare('select child_id, count(*) as n from follow_ups where note = ? group by child_id');
    for (const [note, child] of tally.followUps) {
      const rows = fuCount.all(note) as { child_id: string; n: number }[];
      if (rows.length === 1 && rows[0]!.n === 1 && rows[0]!.child_id === child) found++;
      else problems.push(`follow-up ${note}: ${JSON.stringify(rows)}`);
    }
    const entry = db.prepare('select note, count(*) over () as n from diary_entries where child_id = ? and date = ?');
    for (const [key, slot] of tally.diary) {
      const [child, date] = key.split('|') as [string, string];
      const rows = entry.all(child, date) as { note: string; n: number }[];
      if (slot.acked.length === 0) continue;
      const last = slot.acked[slot.acked.length - 1]!;
      // The stored entry is the last acknowledged one, or a later write the kill cut off before its answer.
      const allowed = [last, ...(slot.inFlight ? [slot.inFlight] : [])];
      if (rows.length === 1 && allowed.includes(rows[0]!.note)) found += slot.acked.length;
      else problems.push(`diary ${key}: stored ${JSON.stringify(rows)}, acknowledged last ${last}`);
    }
    return { found, problems };
  } finally {
    db.close();
  }
}

const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) await s.kill('SIGKILL');
  removeTempDirs();
});

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe(`50 clients for ${SECONDS} s`, () => {
  it(
    'every acknowledged write is stored exactly once, and none failed with database-busy',
    async () => {
      const dbPath = tempDbPath();
      await seedReference(dbPath);
      // With the read worker (off by default): the read-backs below go through it.
      const server = await startServer(dbPath, { env: { READ_WORKER: 'true' } });
      servers.push(server);
      const world = await buildWorld(server.url);
      const tally = newTally();
      await load(world, tally, sleep(SECONDS * 1000), 'steady');
      await server.kill('SIGTERM');
      const { found, problems } = verify(dbPath, tally);
      process.stdout.write(
        `reliability load: requests tried ${tally.tried}, writes acknowledged ${tally.acknowledged}, writes found ${found}, read back ${tally.readBacks} (stale ${tally.staleReads.length}), faults injected 0, server errors ${tally.serverErrors.length}, network errors ${tally.networkErrors} (${CLIENTS} clients, ${SECONDS} s)\n`,
      );
      expect(tally.serverErrors, tally.serverErrors.slice(0, 5).join('\n')).toEqual([]);
      expect(tally.otherRefusals, tally.otherRefusals.slice(0, 5).join('\n')).toEqual([]);
      expect(tally.networkErrors).toBe(0);
      expect(problems.slice(0, 10)).toEqual([]);
      expect(found).toBe(tally.acknowledged);
      expect(tally.acknowledged).toBeGreaterThan(CLIENTS);
      expect(tally.staleReads.slice(0, 5)).toEqual([]);
      expect(tally.readBacks).toBeGreaterThan(CLIENTS);
    },
    (SECONDS + 120) * 1000,
  );

  it(
    'SIGKILL in the middle of the load loses no acknowledged write; the restarted server is intact',
    async () => {
      const dbPath = tempDbPath();
      await seedReference(dbPath);
      const first = await startServer(dbPath);
      servers.push(first);
      const world = await buildWorld(first.url);
      const tally = newTally();
      // Kill half-way; the clients stop once the server is gone.
      const killed = sleep((SECONDS * 1000) / 2).then(() => first.kill('SIGKILL'));
      await load(world, tally, killed, 'crash');
      const second = await startServer(dbPath, { port: first.port });
      servers.push(second);
      // Verified first: it holds this process for seconds, past the server's 5 s keep-alive, and
      // the login would then go out on a pooled connection the server was closing ("other side
      // closed", seen once on a fast machine with ~8,000 writes to check).
      const { found, problems } = verify(dbPath, tally);
      const health = await (await fetch(`${second.url}/healthz`)).json();
      // The restarted server serves writes again.
      const again = await new Client(second.url).login('admin', ADMIN_PASSWORD);
      const after = await again.call('GET', '/api/v1/users');
      await second.kill('SIGTERM');
      process.stdout.write(
        `reliability crash: requests tried ${tally.tried}, writes acknowledged ${tally.acknowledged}, writes found ${found}, faults injected 1 (SIGKILL), refused connections after the kill ${tally.networkErrors}, server errors ${tally.serverErrors.length}\n`,
      );
      expect(health.ok).toBe(true);
      expect(after.status).toBe(200);
      expect(tally.serverErrors, tally.serverErrors.slice(0, 5).join('\n')).toEqual([]);
      expect(problems.slice(0, 10)).toEqual([]);
      expect(found).toBe(tally.acknowledged);
      expect(tally.acknowledged).toBeGreaterThan(0);
    },
    (SECONDS + 120) * 1000,
  );
});
