// City-scale benchmark (issue 8): `npm run bench -- --scale small|city [--reuse] [--duration 10] [--only name,name]`.
// Generates the data set, runs the index job and a 5-year backfill in this process, then starts the
// server on the database in a separate process and loads each route with autocannon. Prints a table
// and writes test/bench/reports/<scale>-<timestamp>.json. Figures are printed, never asserted.
// `--db pg` (issue 33): the same on PostgreSQL (data.ts preparePostgres: the SQLite data set copied
// into a cluster kept in <dir>/pg-<scale>, or BENCH_DATABASE_URL's server); `--instances 2`: that
// many server processes on the one database, each load split across them (load.ts).
import type autocannon from 'autocannon';
import { SERVER_NODE_FLAGS } from '../../server/node-flags';
import { buildServer } from '../../scripts/build';
import { rssSampler, startProcess, stopProcess } from './process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { benchToken, SCALES, type Scale } from './generate';
import { type BenchData, preparePostgres, prepareSqlite, timeBackfill, timeIndexJob, warmPageCache } from './data';
import { loader, type RouteResult } from './load';
import type { BenchCluster } from './pg-cluster';
import { loadPicks } from './picks';
import { clusterCpuMs, processesCpuMs } from './cpu';
import { type ColdDashboard, coldDashboardFigures, type ColdWorklist, coldWorklists } from './cold';
import { writeReport } from './report';

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && process.argv[i + 1] && !process.argv[i + 1]!.startsWith('--')) return process.argv[i + 1];
  return process.argv.includes(`--${name}`) ? 'true' : fallback;
}

const scaleName = arg('scale', 'small') as Scale['name'];
const scale = SCALES[scaleName];
if (!scale) throw new Error(`--scale must be small or city, not ${scaleName}`);
const reuse = arg('reuse') === 'true';
const duration = Number(arg('duration', '10'));
const warmup = Number(arg('warmup', '3'));
const connections = Number(arg('connections', '50'));
const only = arg('only')?.split(',');
const dir = arg('dir', '/tmp/asthma-bench')!;
const dbKind = arg('db', 'sqlite')!;
if (dbKind !== 'sqlite' && dbKind !== 'pg') throw new Error(`--db must be sqlite or pg, not ${dbKind}`);
const instances = Number(arg('instances', '1'));
if (!(instances >= 1)) throw new Error('--instances must be 1 or more');
if (instances > 1 && dbKind === 'sqlite') throw new Error('--instances > 1 needs --db pg: a SQLite file has one server');
const dbPath = path.join(dir, `${scale.name}.db`);
const log = (line: string) => process.stdout.write(`${line}\n`);
let cpu: (() => { server: number; postgres?: number }) | undefined;
const load = loader({ connections, warmup, duration, log, cpu: () => cpu?.() ?? { server: 0 } });
const uptime = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

const fileSize = (p: string) => (existsSync(p) ? statSync(p).size : 0);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

type Req = autocannon.Request;

const json = { 'content-type': 'application/json' };
const bearer = (username: string) => ({ authorization: `Bearer ${benchToken(username)}` });

async function main(): Promise<void> {
  const machine = {
    nproc: cpus().length,
    cpu: /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  log(`machine: ${machine.nproc} cores, ${machine.cpu}, ${machine.memoryGiB} GiB, node ${machine.node}`);
  log(`load average at the start (uptime): ${uptime()}`);
  let cluster: BenchCluster | undefined;
  let data: BenchData & { generatedNow: boolean };
  let location = dbPath;
  if (dbKind === 'pg') {
    const prepared = await preparePostgres(dir, scale, reuse, log);
    ({ data, url: location, cluster } = prepared);
    const stopCluster = () => {
      cluster?.stop();
      process.exit(1);
    };
    process.once('SIGINT', stopCluster).once('SIGTERM', stopCluster);
  } else {
    data = await prepareSqlite(dir, scale, reuse, log);
  }
  try {
    await measure(data, location, cluster, machine);
  } finally {
    cluster?.stop();
  }
}

async function measure(data: BenchData & { generatedNow: boolean }, location: string, cluster: BenchCluster | undefined, machine: Record<string, unknown>): Promise<void> {
  const loadAtStart = uptime();
  const today = data.today;
  if (arg('generate-only') === 'true') return;
  const jobs: Record<string, unknown> = {};
  if (!only || only.includes('jobs')) {
    const job = await timeIndexJob(location);
    log(`index job, 16 districts: ${job.ms} ms (${job.status}, ${job.rows} rows)`);
    const backfill = await timeBackfill(location, today);
    log(`5-year backfill (recompute over existing rows): ${backfill.ms} ms (${backfill.status}, ${backfill.rows} rows)`);
    jobs.indexJob = job;
    jobs.backfill = backfill;
  }

  const { centres, centreIndex, kids, kidsAsGenerated, diaryKids, diaryToday } = await loadPicks(location, today);
  log(
    `children aged 5-11 for the child page and the follow-up writes: ${kids.length}, of which ${kidsAsGenerated} as generated (drawn first)${kidsAsGenerated < kids.length && kidsAsGenerated < 30_000 ? '; fewer than a full city run draws: generate a fresh database' : ''}`,
  );
  const clinicianOf = (centerId: string) => `clinic${centreIndex.get(centerId)}`;
  let kidCursor = 0;
  const nextKid = () => kids[kidCursor++ % kids.length]!;
  const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

  const results: RouteResult[] = [];
  const from = addDays(`${Number(today.slice(0, 4)) - 1}${today.slice(4)}`, 1);
  let coldDashboard: ColdDashboard | null = null;
  let coldWorklist: ColdWorklist | null = null;
  const want = (name: string) => !only || only.includes(name);

  // 1. The framework ceiling, in its own process.
  const barePort = 3998;
  const bare = await startProcess(['--import', 'tsx', 'test/bench/bare-server.ts'], { PORT: String(barePort) }, /bare server on/);
  const bareRoute: Req[] = [{ method: 'GET', path: '/healthz' }];
  const bareResult = await load('bare Hono route (separate process)', `http://127.0.0.1:${barePort}`, bareRoute);
  results.push(bareResult);

  // 2. The app on the generated database. First its files are read once, so their pages are in the
  // OS cache as on a server that has been running (data.ts warmPageCache). A PostgreSQL server of
  // BENCH_DATABASE_URL is not on this machine's files: not warmed.
  const warmed = await warmPageCache(dbKind === 'sqlite' ? [dbPath] : cluster ? [path.join(cluster.data, 'base')] : []);
  log(`page cache warm-up: ${warmed.mb} MB of database files read in ${warmed.ms} ms`);
  // BENCH_PROFILE=dir: the server writes a CPU profile there (read it with test/bench/top-profile.cjs).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  // BENCH_NODE_FLAGS: more Node options for the server (GC tracing, heap sizes) when looking for a cause.
  profile.push(...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []));
  // The server as `npm start` runs it: the same V8 options (server/node-flags.ts); BENCH_NODE_FLAGS come after and win.
  // What npm start runs: the built bundle on plain node. On PostgreSQL, DATABASE_URL (the server then
  // ignores DATABASE_PATH); --instances servers on ports 3997, 3996, ...
  const bundle = await buildServer();
  const where: Record<string, string> = dbKind === 'pg' ? { DATABASE_URL: location } : { DATABASE_PATH: dbPath };
  const servers = await Promise.all(
    Array.from({ length: instances }, (_, i) => startProcess([...SERVER_NODE_FLAGS, ...profile, bundle], { ...where, PORT: String(3997 - i), HOST: '127.0.0.1', SCHEDULER: 'false', LOG_LEVEL: 'warn' }, /serving http/)),
  );
  // Each server's memory is sampled; the loads' "peak so far" is the last one's.
  const samplers = servers.map((s) => rssSampler(s.pid!));
  cpu = () => ({ server: processesCpuMs(servers.map((s) => s.pid!)), postgres: cluster ? clusterCpuMs(cluster.data) : undefined });
  const bases = servers.map((_, i) => `http://127.0.0.1:${3997 - i}`);
  const base = bases[0]!;
  let memories: ReturnType<(typeof samplers)[number]['stop']>[] = [];
  try {
    if (want('static')) results.push(await load('GET /static/app.css (app stack)', bases, [{ method: 'GET', path: '/static/app.css' }]));
    if (want('index')) {
      results.push(
        await load(
          'public index (pudong, a day)',
          bases,
          Array.from(
            { length: 365 },
            (_, i): Req => ({
              method: 'GET',
              path: `/api/v1/asthma-index?district=pudong&date=${addDays(today, -i)}`,
            }),
          ),
          'dates rotate over the last 365 days',
        ),
      );
    }
    // The bare route again, now that the public index (its closest kin) ran: this machine's speed
    // drifts by ±25 % within minutes, so the ratios use the mean of a measurement on each side.
    const bareAgain = await load('bare Hono route, again after the public index', `http://127.0.0.1:${barePort}`, bareRoute);
    await stopProcess(bare);
    bareResult.runs = [bareResult.rps, bareAgain.rps];
    bareResult.name = `bare Hono route (separate process; mean of ${bareResult.runs.join(' and ')})`;
    bareResult.rps = Math.round((bareResult.rps + bareAgain.rps) / 2);
    bareResult.p50 = Math.max(bareResult.p50, bareAgain.p50);
    bareResult.p99 = Math.max(bareResult.p99, bareAgain.p99);
    if (want('me')) {
      // The floor of every signed-in read: the token resolved, nothing audited, 150 bytes answered.
      results.push(
        await load(
          'GET /api/v1/me (signed in, no audit)',
          bases,
          centres.map(
            (_, i): Req => ({
              method: 'GET',
              path: '/api/v1/me',
              headers: bearer(`clinic${1 + i}`),
            }),
          ),
          'clinicians of every centre in turn',
        ),
      );
    }
    if (want('worklist')) {
      // Each centre's page computed first, one request at a time and timed (cold.ts).
      coldWorklist = await coldWorklists(bases, centres, log);
      results.push(
        await load(
          'worklist (clinician, within=14)',
          bases,
          centres.map(
            (_, i): Req => ({
              method: 'GET',
              path: '/api/v1/follow-ups/worklist?within=14',
              headers: bearer(`clinic${1 + i}`),
            }),
          ),
          'clinicians of every centre in turn, each page computed once before',
        ),
      );
    }
    if (want('child')) {
      let current = nextKid();
      results.push(
        await load(
          'child page (child + follow-ups + diary)',
          bases,
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
          'three requests per page (the child, 20 follow-ups, 30 diary days); latency per request',
        ),
      );
    }
    const dashboardCentres = centres.slice(0, 20);
    if (want('dashboard')) {
      // Cold computations first, timed one by one, then the whole city's figures made current (cold.ts).
      coldDashboard = await coldDashboardFigures(base, bases, dashboardCentres, from, today, log);
      results.push(await load('dashboard, whole city, 12 months', bases, [{ method: 'GET', path: `/api/v1/indicators?from=${from}&to=${today}`, headers: bearer('manager') }], 'served from the current snapshot'));
      results.push(
        await load(
          'dashboard, one centre, 12 months',
          bases,
          dashboardCentres.map(
            (c): Req => ({
              method: 'GET',
              headers: bearer('manager'),
              path: `/api/v1/indicators?from=${from}&to=${today}&centerId=${c.id}`,
            }),
          ),
          '20 centres in turn, current snapshots',
        ),
      );
    }
    if (want('followup')) {
      results.push(
        await load(
          'follow-up write (C-ACT, clinic)',
          bases,
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
          "children aged 5-11 in turn, by their centre's clinician",
        ),
      );
    }
    if (want('diary')) {
      // Each (child, date) is written once: dates today..3 days back, children without any of those
      // days yet in turn (generated diaries stop 4 days back; earlier runs on a reused database wrote some).
      let n = 0;
      log(`  diary: ${diaryKids.length} children without an entry in the last 4 days (${diaryKids.length * 4} new day entries at most)`);
      if (diaryKids.length === 0) throw new Error('diary load: every child has an entry in the last 4 days on this reused database; generate a fresh one');
      results.push(
        await load(
          'diary write (new day entry)',
          bases,
          [
            {
              method: 'PUT',
              setupRequest: (req) => {
                const k = diaryKids[Math.floor(n / 4) % diaryKids.length]!;
                const date = addDays(diaryToday, -(n++ % 4));
                const body = { daytimeSymptoms: 'mild', nightWaking: false, nightCough: true, activityLimited: false, relieverUses: 1, controllerTakenAm: true, controllerTakenPm: true, triggers: ['cold'] };
                return { ...req, path: `/api/v1/children/${k.id}/diary/${date}`, headers: { ...json, ...bearer(clinicianOf(k.center_id)) }, body: JSON.stringify(body) };
              },
            },
          ],
          'unique (child, date) pairs; a repeat after the list wraps would replace',
        ),
      );
    }
    if (want('dashboard')) {
      results.push(
        await load(
          'dashboard, whole city, after writes',
          bases,
          [{ method: 'GET', path: `/api/v1/indicators?from=${from}&to=${today}`, headers: bearer('manager') }],
          'data changed since the snapshot: the stale one is served while one refresh runs',
        ),
      );
    }
  } finally {
    memories = samplers.map((r) => r.stop());
    for (const server of servers) await stopProcess(server);
    await stopProcess(bare);
  }
  for (const r of results) r.ratio = Math.round((r.rps / bareResult.rps) * 100) / 100;

  const dbSize = dbKind === 'pg' ? await postgresSize(location) : fileSize(dbPath) + fileSize(`${dbPath}-wal`);
  // The server of the largest peak (each one's in `servers`).
  const memoryOf = (m: (typeof memories)[number]) => ({ peakRssMB: mb(m.peakRss), vmHwmMB: mb(m.hwm), atPeakMB: { anonymous: mb(m.peak.anon), files: mb(m.peak.file), sharedMemory: mb(m.peak.shmem) } });
  const memory = memories.reduce((a, b) => (b.peakRss > a.peakRss ? b : a));
  const report = {
    scale: scale.name,
    db: dbKind,
    instances,
    at: new Date().toISOString(),
    machine,
    loadAverage: { atStart: loadAtStart, atEnd: uptime() },
    today,
    duration,
    connections,
    warmup,
    data: { counts: data.counts, generationMs: data.ms, initialBackfillMs: data.initialBackfillMs, copy: data.copy, reused: !data.generatedNow },
    jobs,
    coldDashboard,
    coldWorklist,
    results,
    server: memoryOf(memory),
    servers: memories.map(memoryOf),
    databaseMB: mb(dbSize),
  };
  writeReport(report, log);
}

async function postgresSize(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>('select pg_database_size(current_database()) as n')).rows[0]!.n);
  } finally {
    await client.end();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
