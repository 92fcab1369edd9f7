// The morning send inside the real server (issue 34: "without the server's p99 for other requests
// rising above its targets"): `npm run bench:notify -- --parents 100000 --serve [--scale small|city]
// [--load 1] [--baseline 60] [--dir /tmp/asthma-bench]`. The city benchmark's data set of that scale
// (reused from --dir, else generated there) is copied to a scratch file and given the parents
// (guardians of its active children first); the index job at 06:00 and the 06:xx pass that queues
// the messages run in this process. Then the server (notify-server.ts, built) serves the copy and
// this process asks its other routes at fixed rates (paced.ts): with no pass running, then from
// 07:00 while the passes run inside the server until the outbox is empty, then with none again.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type autocannon from 'autocannon';
import { createDatabase } from '../../db/connection';
import { runNotifyPass } from '../../jobs/notify';
import { runIndexJob } from '../../server/asthma-index/job';
import { fixedClock } from '../../server/clock';
import { testConfig } from '../../server/config';
import { silentLogger } from '../../server/log';
import { startFakeOpenMeteo } from '../jobs/asthma-index/fake-open-meteo';
import { processesCpuMs } from './cpu';
import { prepareSqlite, warmPageCache } from './data';
import { benchToken, SCALES, type Scale } from './generate';
import type { FromServer, PassRecord, ToServer } from './notify-server';
import { buildBenchServer, mainThreadCpuMs, startServer } from './notify-server-process';
import { addParents, channelSettings, FIXTURE_DAY, SEVEN, SIX, startFakesProcess } from './notify-setup';
import { type PacedResult, type PacedRoute, startPaced } from './paced';
import { loadPicks } from './picks';
import { rssSampler, serverPeakMB, stopProcess } from './process';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const log = (line: string) => process.stdout.write(`${line}\n`);
const uptime = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
const PORT = 3987;

/**
 * Requests a second of each route at --load 1: a busy clinic morning at city scale (the reasoning
 * is in RESULTS.md, "The morning send, served"), far below the server's limit on purpose. The
 * writes are off unless --rates asks for them (followup=4,diary=6): with dashboard readers every
 * write makes the indicator worker recompute the whole table again, a second load on the two cores
 * that is not the send's.
 */
const MIX = { index: 60, child: 24, worklist: 4, dashboard: 2, followup: 0, diary: 0 };
/** MIX times --load, then --rates index=60,dashboard=0,... as given (0: the route is not asked). */
function mixOf(opts: ServeOptions): Record<keyof typeof MIX, number> {
  const mix = Object.fromEntries(Object.entries(MIX).map(([k, n]) => [k, n && Math.max(1, Math.round(n * opts.load))])) as Record<keyof typeof MIX, number>;
  for (const part of opts.rates?.split(',').filter(Boolean) ?? []) {
    const [key, n] = part.split('=');
    if (!(key! in MIX) || !(Number(n) >= 0)) throw new Error(`--rates: ${part}? (routes: ${Object.keys(MIX).join(', ')})`);
    mix[key as keyof typeof MIX] = Number(n);
  }
  return mix;
}

type Route = PacedRoute & { target: number | null };

/** Each route's p99 target (ms) from issue 8; the public index has a throughput target only. */
const TARGETS: Record<keyof typeof MIX, number | null> = { index: null, child: 25, worklist: 25, dashboard: 150, followup: 50, diary: 50 };

export interface ServeOptions {
  parents: number;
  scale: string;
  load: number;
  dir: string;
  baseline: number;
  rates?: string;
}

interface Phase {
  name: string;
  seconds: number;
  from: number;
  to: number;
  routes: PacedResult[];
  loop: { p50: number; p99: number; max: number };
  cpu: Record<string, number>;
}

export async function serveBenchmark(opts: ServeOptions): Promise<void> {
  const scale: Scale | undefined = SCALES[opts.scale as Scale['name']];
  if (!scale) throw new Error(`--scale must be small or city, not ${opts.scale}`);
  const loadAtStart = uptime();
  log(`${cpus().length} cores, node ${process.version}; load average at the start (uptime): ${loadAtStart}`);
  const data = await prepareSqlite(opts.dir, scale, true, log);
  const scratch = mkdtempSync(path.join(tmpdir(), 'asthma-sendbench-'));
  const dbPath = path.join(scratch, `${scale.name}.db`);
  const { child: fakesProcess, fakes } = await startFakesProcess(opts.parents);
  let server: ChildProcess | undefined;
  let load: ReturnType<typeof startPaced> | undefined;
  // A crash (a load's callback throwing, say) must not leave the server, the fakes or the copy behind.
  process.once('exit', () => {
    server?.kill('SIGKILL');
    fakesProcess.kill();
    rmSync(scratch, { recursive: true, force: true });
  });
  try {
    const t0 = performance.now();
    const source = new Database(path.join(opts.dir, `${scale.name}.db`), { readonly: true, fileMustExist: true });
    await source.backup(dbPath, { progress: () => 100_000 });
    source.close();
    log(`copied the ${scale.name} data set to ${dbPath} in ${Math.round(performance.now() - t0)} ms`);
    const meteo = await startFakeOpenMeteo();
    const settings = channelSettings(fakes, meteo);
    const queued = await queueTheMorning(dbPath, opts.parents, testConfig(settings));
    await meteo.close();

    const warmed = await warmPageCache([dbPath]);
    log(`page cache warm-up: ${warmed.mb} MB read in ${warmed.ms} ms`);
    const env = Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, String(v)]));
    server = await startServer(await buildBenchServer(), { ...env, DATABASE_PATH: dbPath, PORT: String(PORT), HOST: '127.0.0.1', SCHEDULER: 'false', LOG_LEVEL: 'warn' });
    const base = `http://127.0.0.1:${PORT}`;
    const routes = await routesFor(base, dbPath, data.today, mixOf(opts));
    const running = server;
    // The server's memory with its workers (the notification worker among them) over the whole run.
    const rss = rssSampler(running.pid!);
    log(`server RSS once started and its worklists and dashboards computed: ${serverPeakMB()} MB`);
    const ask = <T extends FromServer['type']>(message: ToServer, type: T) =>
      new Promise<Extract<FromServer, { type: T }>>((resolve) => {
        const onMessage = (m: FromServer) => {
          if (m.type !== type) return;
          running.off('message', onMessage);
          resolve(m as Extract<FromServer, { type: T }>);
        };
        running.on('message', onMessage);
        running.send(message);
      });
    const cpuOf = () => ({
      server: processesCpuMs([running.pid!]),
      serverMainThread: mainThreadCpuMs(running.pid!),
      fakes: processesCpuMs([fakesProcess.pid!]),
      load: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    });
    load = startPaced(base, routes);
    /** A window of the load: its time, the server's event loop delay and each process's CPU (the routes' figures come at the end). */
    const phase = async (name: string, until: () => Promise<void>): Promise<Omit<Phase, 'routes'>> => {
      await ask({ type: 'loop' }, 'loop');
      const cpu0 = cpuOf();
      const from = performance.now();
      await until();
      const to = performance.now();
      const cpu1 = cpuOf();
      const { p50, p99, max } = await ask({ type: 'loop' }, 'loop');
      const seconds = (to - from) / 1000;
      const cpu = Object.fromEntries(Object.keys(cpu0).map((k) => [k, Math.round((cpu1[k as keyof typeof cpu0] - cpu0[k as keyof typeof cpu0]) / seconds / 10)]));
      log(
        `${name}: ${seconds.toFixed(1)} s, load average ${uptime()}; CPU % of a core: server ${cpu.server} (its main thread ${cpu.serverMainThread}), fakes ${cpu.fakes}, load generator ${cpu.load}; the server's event loop delay p50 ${p50} ms, p99 ${p99} ms, max ${max} ms; server peak RSS so far ${serverPeakMB()} MB`,
      );
      return { name, seconds, from, to, loop: { p50, p99, max }, cpu };
    };
    const sleep = (s: number) => () => new Promise<void>((resolve) => setTimeout(resolve, s * 1000));

    await phase('warm-up (not counted)', sleep(10));
    const phases = [await phase('without the send, before', sleep(opts.baseline))];
    let passes: PassRecord[] = [];
    phases.push(
      await phase('during the send, from 07:00 to the end of the last pass', async () => {
        log(`the send starts at ${new Date().toISOString().slice(11, 19)}`);
        passes = (await ask({ type: 'send', at: SEVEN }, 'sent')).passes;
      }),
    );
    for (const [i, p] of passes.entries())
      log(`  pass ${i + 1} at +${p.startS.toFixed(1)} s: ${(p.ms / 1000).toFixed(1)} s, sent ${p.sent}, queued ${p.queued}, retried ${p.retried}, failed ${p.failed}, cancelled ${p.cancelled}, deferred ${p.deferred}`);
    phases.push(await phase('without the send, after', sleep(opts.baseline)));
    // The answers to requests asked in the last window.
    await sleep(2)();
    const windows = await load.stop();
    load = undefined;
    const [before, during, after] = phases.map((p): Phase => ({ ...p, routes: windows.routes(p.from, p.to) })) as [Phase, Phase, Phase];
    // Every route's answers together, 10 s at a time from 07:00: where in the passes the slow ones fall.
    const timeline = Array.from({ length: Math.ceil(during.seconds / 10) }, (_, i) => ({ fromS: i * 10, ...windows.all(during.from + i * 10_000, Math.min(during.to, during.from + (i + 1) * 10_000)) }));
    log(`during the send, every route, 10 s at a time from 07:00 (p99 ms): ${timeline.map((t) => `+${t.fromS} s ${t.p99}`).join(', ')}`);
    for (const p of [before, during, after]) {
      log(`${p.name}:`);
      for (const r of p.routes)
        log(
          `  ${r.name.padEnd(34)} ${String(r.rps).padStart(5)} req/s (asked ${r.rate})  p50 ${r.p50} ms  p99 ${r.p99} ms  max ${r.max} ms  errors ${r.errors}  non-2xx ${r.non2xx}  slowest asked at ${r.slowest
            .slice(0, 3)
            .map((w) => `+${w.atS} s`)
            .join(', ')}`,
        );
    }
    // What the server logs while it stops (requests and refreshes cut short) is not the run's.
    for (const stream of [server.stdout!, server.stderr!]) stream.removeAllListeners('data').resume();
    await stopProcess(server);
    server = undefined;

    const outcome = sendOutcome(dbPath);
    const memory = rss.stop();
    const mb = (bytes: number) => Math.round(bytes / 1048576);
    log(`server peak RSS ${mb(memory.peakRss)} MB at ${memory.peak.at ?? '-'} (anonymous ${mb(memory.peak.anon)}, files ${mb(memory.peak.file)}, shared ${mb(memory.peak.shmem)})`);
    report({ opts, scale, routes, loadAtStart, queued, before, during, after, passes, outcome, timeline, peakRssMb: mb(memory.peakRss) });
  } finally {
    await load?.stop();
    if (server) await stopProcess(server);
    fakesProcess.kill();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The parents, the 06:00 index job and the 06:xx pass that queues (held for quiet hours until 07:00). */
async function queueTheMorning(dbPath: string, parents: number, config: ReturnType<typeof testConfig>): Promise<number> {
  const opened = await createDatabase({ path: dbPath, migrate: true });
  try {
    const db = opened.db;
    const t0 = performance.now();
    const children = (await db.selectFrom('children').select('id').where('status', '=', 'active').orderBy('id').limit(parents).execute()).map((c) => c.id);
    const centres = (await db.selectFrom('centers').select('id').where('kind', '=', 'community').orderBy('id').execute()).map((c) => c.id);
    await addParents(db, { count: parents, now: SIX, children, centres });
    log(`${parents} parents (${Math.min(parents, children.length)} of them guardians of the data set's children), WeChat bound and SMS agreed: ${Math.round(performance.now() - t0)} ms`);
    const deps = { db, config, clock: fixedClock(SIX), log: silentLogger };
    const job = await runIndexJob(deps, { trigger: 'cli' });
    if (job?.status !== 'ok') throw new Error(`index job: ${job?.status}`);
    const q0 = performance.now();
    const early = await runNotifyPass(deps);
    log(`06:00 index job done; queued ${early.queued} messages in ${Math.round(performance.now() - q0)} ms (sent ${early.sent}: quiet hours)`);
    return early.queued;
  } finally {
    await opened.close();
  }
}

const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const bearer = (username: string) => ({ authorization: `Bearer ${benchToken(username)}` });
const json = { 'content-type': 'application/json' };

/**
 * The city benchmark's requests (run.ts), at `load` times MIX. Worklists and dashboards are computed
 * once first, as run.ts does: the load measures serving kept pages and snapshots.
 */
async function routesFor(base: string, dbPath: string, today: string, mix: Record<keyof typeof MIX, number>): Promise<Route[]> {
  const { centres, centreIndex, kids, diaryKids, diaryToday } = await loadPicks(dbPath, today);
  const clinicianOf = (centerId: string) => `clinic${centreIndex.get(centerId)}`;
  const get = async (url: string, username: string) => {
    const res = await fetch(`${base}${url}`, { headers: bearer(username), signal: AbortSignal.timeout(900_000) });
    if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ fresh?: boolean }>;
  };
  const from = addDays(`${Number(today.slice(0, 4)) - 1}${today.slice(4)}`, 1);
  const t0 = performance.now();
  for (let i = 0; i < centres.length; i++) await get('/api/v1/follow-ups/worklist?within=14', `clinic${1 + i}`);
  const dashboards = [`/api/v1/indicators?from=${from}&to=${today}`, ...centres.slice(0, 20).map((c) => `/api/v1/indicators?from=${from}&to=${today}&centerId=${c.id}`)];
  for (const url of dashboards) await get(url, 'manager');
  // A stale whole-city snapshot is recomputed in the background: wait for it, as run.ts does.
  while ((await get(dashboards[0]!, 'manager')).fresh === false) await new Promise((resolve) => setTimeout(resolve, 2000));
  log(`worklists and dashboards computed once: ${Math.round(performance.now() - t0)} ms`);

  let kid = 0;
  const nextKid = () => kids[kid++ % kids.length]!;
  let current = nextKid();
  let diary = 0;
  if (mix.diary > 0 && diaryKids.length === 0) throw new Error('diary load: every child has an entry in the last 4 days on this reused data set; generate a fresh one');
  const requests: Record<keyof typeof MIX, [string, autocannon.Request[]]> = {
    index: ['public index (pudong, a day)', Array.from({ length: 365 }, (_, i) => ({ method: 'GET', path: `/api/v1/asthma-index?district=pudong&date=${addDays(today, -i)}` }))],
    child: [
      'child page (3 requests a page)',
      [
        {
          method: 'GET',
          setupRequest: (req) => {
            current = nextKid();
            return { ...req, path: `/api/v1/children/${current.id}`, headers: bearer(clinicianOf(current.center_id)) };
          },
        },
        { method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/v1/children/${current.id}/follow-ups?limit=20`, headers: bearer(clinicianOf(current.center_id)) }) },
        { method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/v1/children/${current.id}/diary?from=${addDays(today, -29)}&to=${today}`, headers: bearer(clinicianOf(current.center_id)) }) },
      ],
    ],
    worklist: ['worklist (clinician, within=14)', centres.map((_, i) => ({ method: 'GET', path: '/api/v1/follow-ups/worklist?within=14', headers: bearer(`clinic${1 + i}`) }))],
    dashboard: ['dashboard (city, then 20 centres)', dashboards.map((url) => ({ method: 'GET', path: url, headers: bearer('manager') }))],
    followup: [
      'follow-up write (C-ACT, clinic)',
      [
        {
          method: 'POST',
          setupRequest: (req) => {
            const k = nextKid();
            const body = { date: today, mode: 'clinic', answers: [2, 3, 2, 3, 4, 3, 4], gina: { q1: false, q2: true, q3: false, q4: false }, inhalerTechniqueOk: true };
            return { ...req, path: `/api/v1/children/${k.id}/follow-ups`, headers: { ...json, ...bearer(clinicianOf(k.center_id)) }, body: JSON.stringify(body) };
          },
        },
      ],
    ],
    diary: [
      'diary write (new day entry)',
      [
        {
          method: 'PUT',
          setupRequest: (req) => {
            const k = diaryKids[Math.floor(diary / 4) % diaryKids.length]!;
            const date = addDays(diaryToday, -(diary++ % 4));
            const body = { daytimeSymptoms: 'mild', nightWaking: false, nightCough: true, activityLimited: false, relieverUses: 1, controllerTakenAm: true, controllerTakenPm: true, triggers: ['cold'] };
            return { ...req, path: `/api/v1/children/${k.id}/diary/${date}`, headers: { ...json, ...bearer(clinicianOf(k.center_id)) }, body: JSON.stringify(body) };
          },
        },
      ],
    ],
  };
  return (Object.keys(MIX) as (keyof typeof MIX)[]).filter((key) => mix[key] > 0).map((key) => ({ name: requests[key][0], rate: mix[key], requests: requests[key][1], target: TARGETS[key] }));
}

/** What the outbox holds for the fixtures' day once the passes ended. */
function sendOutcome(dbPath: string) {
  const sqlite = new Database(dbPath, { readonly: true });
  try {
    const rows = sqlite.prepare(`select status, count(*) as n, min(sent_at) as first, max(sent_at) as last from notification_outbox where date = ? group by status`).all(FIXTURE_DAY) as {
      status: string;
      n: number;
      first: string | null;
      last: string | null;
    }[];
    const sent = rows.find((r) => r.status === 'sent');
    return { statuses: Object.fromEntries(rows.map((r) => [r.status, r.n])), sent: sent?.n ?? 0, lastMessageS: sent?.last ? (Date.parse(sent.last) - Date.parse(SEVEN)) / 1000 : null };
  } finally {
    sqlite.close();
  }
}

function report(r: {
  opts: ServeOptions;
  scale: Scale;
  routes: Route[];
  loadAtStart: string;
  queued: number;
  before: Phase;
  during: Phase;
  after: Phase;
  passes: PassRecord[];
  outcome: ReturnType<typeof sendOutcome>;
  timeline: unknown[];
  peakRssMb: number;
}): void {
  const cell = (p: Phase, i: number) => {
    const { rps, p99 } = p.routes[i]!;
    const target = r.routes[i]!.target;
    return target !== null && p99 >= target ? `**${rps}, p99 ${p99}**` : `${rps}, p99 ${p99}`;
  };
  const phases = [r.before, r.during, r.after];
  log('');
  log(`| route (p99 target) | asked req/s | before: req/s, p99 ms | during the send | after |`);
  log(`|---|---:|---|---|---|`);
  for (const [i, route] of r.routes.entries()) log(`| ${route.name} (${route.target === null ? 'none' : `< ${route.target} ms`}) | ${route.rate} | ${phases.map((p) => cell(p, i)).join(' | ')} |`);
  log(`| the server's event loop delay, p50 / p99 / max ms | | ${phases.map((p) => `${p.loop.p50} / ${p.loop.p99} / ${p.loop.max}`).join(' | ')} |`);
  log(`| CPU % of a core: server (its main thread), fakes, load generator | | ${phases.map((p) => `${p.cpu.server} (${p.cpu.serverMainThread}), ${p.cpu.fakes}, ${p.cpu.load}`).join(' | ')} |`);
  log('');
  const last = r.outcome.lastMessageS;
  log(`queued ${r.queued}; sent ${r.outcome.sent} (outbox of the day: ${JSON.stringify(r.outcome.statuses)}) in ${r.passes.length} pass(es)`);
  log(`from 07:00 to the last message: ${last === null ? '-' : `${(last / 60).toFixed(2)} min (${last.toFixed(1)} s)`} (target: 5 min for 100,000 parents)`);
  log(`load average (uptime) at the start ${r.loadAtStart}, at the end ${uptime()}`);
  const reports = path.join(here, 'reports');
  mkdirSync(reports, { recursive: true });
  const at = new Date().toISOString();
  const file = path.join(reports, `notify-serve-${r.scale.name}-${r.opts.parents}-${at.replace(/[:.]/g, '-')}.json`);
  const { scale: _scale, routes, ...rest } = r;
  writeFileSync(
    file,
    JSON.stringify(
      {
        at,
        scale: r.scale.name,
        machine: { cores: cpus().length, node: process.version, cpu: /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] },
        rates: Object.fromEntries(routes.map((route) => [route.name, route.rate])),
        ...rest,
        loadAtEnd: uptime(),
      },
      null,
      2,
    ),
  );
  log(`report: ${path.relative(root, file)}`);
}
