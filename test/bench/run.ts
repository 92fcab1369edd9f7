// City-scale benchmark (issue 8): `npm run bench -- --scale small|city [--reuse] [--duration 10] [--only name,name]`.
// Generates the data set, runs the index job and a 5-year backfill in this process, then starts the
// server on the database in a separate process and loads each route with autocannon. Prints a table
// and writes test/bench/reports/<scale>-<timestamp>.json. Figures are printed, never asserted.
import autocannon from 'autocannon';
import { SERVER_NODE_FLAGS } from '../../server/node-flags';
import { buildServer } from '../../scripts/build';
import { rssSampler, serverPeakMB, startProcess, stopProcess } from './process';
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { openSqlite } from '../../db/sqlite/open';
import { runIndexJob } from '../../server/asthma-index/job';
import { shanghaiDate } from '../../server/calendar';
import { fixedClock } from '../../server/clock';
import { testConfig } from '../../server/config';
import { silentLogger } from '../../server/log';
import { startFakeOpenMeteo } from '../jobs/asthma-index/fake-open-meteo';
import { benchToken, generate, SCALES, type Generated, type Scale } from './generate';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && process.argv[i + 1] && !process.argv[i + 1]!.startsWith('--')) return process.argv[i + 1];
  return process.argv.includes(`--${name}`) ? 'true' : fallback;
}

const scaleName = (arg('scale', 'small') as Scale['name']);
const scale = SCALES[scaleName];
if (!scale) throw new Error(`--scale must be small or city, not ${scaleName}`);
const reuse = arg('reuse') === 'true';
const duration = Number(arg('duration', '10'));
const warmup = Number(arg('warmup', '3'));
const connections = Number(arg('connections', '50'));
const only = arg('only')?.split(',');
const dir = arg('dir', '/tmp/asthma-bench')!;
const dbPath = path.join(dir, `${scale.name}.db`);
const metaPath = `${dbPath}.json`;
const log = (line: string) => process.stdout.write(`${line}\n`);

interface RouteResult {
  name: string;
  /** The app server's peak RSS up to the end of this load. */
  serverPeakRssMB?: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  ratio?: number;
  note?: string;
  /** The bare route: its two measurements (rps is their mean). */
  runs?: number[];
}

const fileSize = (p: string) => (existsSync(p) ? statSync(p).size : 0);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function prepareData(): Promise<Generated & { generatedNow: boolean }> {
  mkdirSync(dir, { recursive: true });
  if (reuse && existsSync(dbPath) && existsSync(metaPath)) {
    log(`reusing ${dbPath} (generated ${JSON.parse(readFileSync(metaPath, 'utf8')).today})`);
    return { ...(JSON.parse(readFileSync(metaPath, 'utf8')) as Generated), generatedNow: false };
  }
  const today = shanghaiDate(new Date());
  log(`generating ${scale.name} data set into ${dbPath} (today ${today})`);
  const generated = await generate(dbPath, scale, today, log);
  // The index rows come from the real backfill over the generated weather (timed below as well).
  const backfill = await timeBackfill(generated.today);
  const result = { ...generated, initialBackfillMs: backfill.ms, ms: generated.ms };
  writeFileSync(metaPath, JSON.stringify(result));
  log(`generated in ${Math.round(generated.ms / 1000)} s; initial 5-year backfill ${backfill.ms} ms (${backfill.rows} rows)`);
  return { ...result, generatedNow: true };
}

const fiveYearsBefore = (today: string) => `${Number(today.slice(0, 4)) - 5}${today.slice(4)}`;

async function timeBackfill(today: string): Promise<{ ms: number; rows: number; status: string }> {
  const opened = openSqlite(dbPath);
  const deps = { db: opened.db, config: testConfig(), clock: fixedClock(`${today}T00:00:00Z`), log: silentLogger };
  const started = performance.now();
  const result = await runIndexJob(deps, { trigger: 'cli', from: fiveYearsBefore(today), to: today });
  const ms = Math.round(performance.now() - started);
  await opened.db.destroy();
  return { ms, rows: result?.rows ?? 0, status: result?.status ?? 'none' };
}

/** The daily run for 16 districts against a local Open-Meteo stand-in (the test fixtures, dated 2025-01-21). */
async function timeIndexJob(): Promise<{ ms: number; rows: number; status: string }> {
  const fake = await startFakeOpenMeteo();
  const opened = openSqlite(dbPath);
  const deps = { db: opened.db, config: testConfig({ WEATHER_URL: fake.forecastUrl, AIR_QUALITY_URL: fake.airQualityUrl }), clock: fixedClock('2025-01-21T00:00:00Z'), log: silentLogger };
  const started = performance.now();
  const result = await runIndexJob(deps, { trigger: 'manual' });
  const ms = Math.round(performance.now() - started);
  await opened.db.destroy();
  await fake.close();
  return { ms, rows: result?.rows ?? 0, status: result?.status ?? 'none' };
}

type Req = autocannon.Request;

// Requests that need nothing computed per request are given as a fixed list that autocannon renders
// once (each connection cycles through it), as for the bare route: a setupRequest callback costs the
// load generator, on the other core, ~15 % of a cached route's rate.
async function load(name: string, base: string, requests: Req[], note?: string): Promise<RouteResult> {
  const opts = { url: base, connections, requests };
  if (warmup > 0) await autocannon({ ...opts, duration: warmup });
  const r = await autocannon({ ...opts, duration });
  const res: RouteResult = {
    name, rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, errors: r.errors + r.timeouts, non2xx: r.non2xx, note,
  };
  const peak = serverPeakMB();
  if (peak !== undefined && !name.startsWith('bare')) res.serverPeakRssMB = peak;
  log(`  ${name.padEnd(34)} ${String(res.rps).padStart(6)} req/s  p50 ${res.p50} ms  p99 ${res.p99} ms  errors ${res.errors}  non-2xx ${res.non2xx}${res.serverPeakRssMB ? `  (server peak RSS so far ${res.serverPeakRssMB} MB)` : ''}`);
  return res;
}

const json = { 'content-type': 'application/json' };
const bearer = (username: string) => ({ authorization: `Bearer ${benchToken(username)}` });

async function main(): Promise<void> {
  const machine = {
    nproc: cpus().length, cpu: /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version,
  };
  log(`machine: ${machine.nproc} cores, ${machine.cpu}, ${machine.memoryGiB} GiB, node ${machine.node}`);
  const data = await prepareData();
  const today = data.today;
  if (arg('generate-only') === 'true') return;
  const jobs: Record<string, unknown> = {};
  if (!only || only.includes('jobs')) {
    const job = await timeIndexJob();
    log(`index job, 16 districts: ${job.ms} ms (${job.status}, ${job.rows} rows)`);
    const backfill = await timeBackfill(today);
    log(`5-year backfill (recompute over existing rows): ${backfill.ms} ms (${backfill.status}, ${backfill.rows} rows)`);
    jobs.indexJob = job;
    jobs.backfill = backfill;
  }

  // What the load generators pick from: active children by centre, C-ACT ages (5-11) for follow-ups.
  const sqlite = new Database(dbPath, { readonly: true });
  const centres = sqlite.prepare(`select id from centers where kind = 'community' order by id`).all() as { id: string }[];
  const centreIndex = new Map((sqlite.prepare('select id from centers order by id').all() as { id: string }[]).map((c, i) => [c.id, i]));
  const youngest = `${Number(today.slice(0, 4)) - 5}${today.slice(4)}`;
  const oldest = `${Number(today.slice(0, 4)) - 11}${today.slice(4)}`;
  // Children as generated come first: a reused database's earlier runs wrote follow-ups to the
  // children they drew (each run the same, in the same order), and after a day of runs those had
  // 23 follow-ups on average (up to 94) against the data set's 12, which the child page and every
  // follow-up write read in full. A child a run wrote to, or its diary, has a later updated_at.
  const asGenerated = `updated_at = created_at`;
  const kids = sqlite.prepare(`select id, center_id from children where status = 'active' and birth_date <= ? and birth_date > ? order by ${asGenerated} desc, id`).all(youngest, oldest) as { id: string; center_id: string }[];
  const kidsAsGenerated = (sqlite.prepare(`select count(*) as n from children where status = 'active' and birth_date <= ? and birth_date > ? and ${asGenerated}`).get(youngest, oldest) as { n: number }).n;
  // Any active child keeps a diary: the diary load draws from all of them (from the 5-11-year-olds
  // alone, a day's runs on a reused city database had used up every child of the 4-day window).
  const anyAge = sqlite.prepare(`select id, center_id from children where status = 'active' order by id`).all() as { id: string; center_id: string }[];
  sqlite.close();
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  // Shuffled within each part: the children as generated first, then the others.
  const shuffle = <T>(list: T[], from: number, to: number) => {
    for (let i = to - 1; i > from; i--) {
      const j = from + Math.floor(rand() * (i - from + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
  };
  shuffle(kids, 0, kidsAsGenerated);
  shuffle(kids, kidsAsGenerated, kids.length);
  shuffle(anyAge, 0, anyAge.length);
  log(`children aged 5-11 for the child page and the follow-up writes: ${kids.length}, of which ${kidsAsGenerated} as generated (drawn first)${kidsAsGenerated < kids.length && kidsAsGenerated < 30_000 ? '; fewer than a full city run draws: generate a fresh database' : ''}`);
  // The diary load writes each (child, date) of today..3 days back once, as new entries. A reused
  // database keeps the entries of earlier runs, so its children are those with none of those days
  // yet (else every write would replace an entry: an update and a revision, not the insert measured).
  // Today is the server's (Shanghai) day: it refuses older dates, and a reused database's day of
  // generation is behind it from 16:00 UTC on (a run at 16:41 had a quarter of its writes refused).
  const diaryToday = shanghaiDate(new Date());
  const addDaysEarly = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  const diaryDone = new Database(dbPath, { readonly: true }).prepare('select 1 from diary_entries where child_id = ? and date >= ? and date <= ? limit 1');
  const diaryKids: typeof kids = [];
  for (const k of anyAge) {
    if (diaryKids.length >= 30_000) break;
    if (!diaryDone.get(k.id, addDaysEarly(diaryToday, -3), diaryToday)) diaryKids.push(k);
  }
  diaryDone.database.close();
  const clinicianOf = (centerId: string) => `clinic${centreIndex.get(centerId)}`;
  let kidCursor = 0;
  const nextKid = () => kids[kidCursor++ % kids.length]!;
  const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

  const results: RouteResult[] = [];
  const from = addDays(`${Number(today.slice(0, 4)) - 1}${today.slice(4)}`, 1);
  let coldDashboard: { cityMs: number; centreMedianMs: number; centreMaxMs: number } | null = null;
  let coldWorklist: { centres: number; totalMs: number; medianMs: number; maxMs: number } | null = null;
  const want = (name: string) => !only || only.includes(name);

  // 1. The framework ceiling, in its own process.
  const barePort = 3998;
  const bare = await startProcess(['--import', 'tsx', 'test/bench/bare-server.ts'], { PORT: String(barePort) }, /bare server on/);
  const bareRoute: Req[] = [{ method: 'GET', path: '/healthz' }];
  const bareResult = await load('bare Hono route (separate process)', `http://127.0.0.1:${barePort}`, bareRoute);
  results.push(bareResult);

  // 2. The app on the generated database. First the file is read once, so its pages are in the OS
  // cache as on a server that has been running (this machine's memory reclaim evicts idle pages,
  // and a cold 4 KB read from its virtual disk takes ~0.2 ms against ~3 us from the cache).
  const warmStarted = performance.now();
  await pipeline(createReadStream(dbPath, { highWaterMark: 1 << 20 }), new Writable({ write: (_chunk, _enc, done) => done() }));
  log(`page cache warm-up: database file read in ${Math.round(performance.now() - warmStarted)} ms`);
  const port = 3997;
  // BENCH_PROFILE=dir: the server writes a CPU profile there (read it with test/bench/top-profile.cjs).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  // BENCH_NODE_FLAGS: more Node options for the server (GC tracing, heap sizes) when looking for a cause.
  profile.push(...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []));
  // The server as `npm start` runs it: the same V8 options (server/node-flags.ts); BENCH_NODE_FLAGS come after and win.
  // What npm start runs: the built bundle on plain node.
  const server = await startProcess([...SERVER_NODE_FLAGS, ...profile, await buildServer()], { DATABASE_PATH: dbPath, PORT: String(port), HOST: '127.0.0.1', SCHEDULER: 'false', LOG_LEVEL: 'warn' }, /serving http/);
  const rss = rssSampler(server.pid!);
  const base = `http://127.0.0.1:${port}`;
  let memory: ReturnType<typeof rss.stop>;
  try {
    if (want('static')) results.push(await load('GET /static/app.css (app stack)', base, [{ method: 'GET', path: '/static/app.css' }]));
    if (want('index')) {
      results.push(await load('public index (pudong, a day)', base, Array.from({ length: 365 }, (_, i): Req => ({
        method: 'GET', path: `/api/v1/asthma-index?district=pudong&date=${addDays(today, -i)}`,
      })), 'dates rotate over the last 365 days'));
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
      results.push(await load('GET /api/v1/me (signed in, no audit)', base, centres.map((_, i): Req => ({
        method: 'GET', path: '/api/v1/me', headers: bearer(`clinic${1 + i}`),
      })), 'clinicians of every centre in turn'));
    }
    if (want('worklist')) {
      // Each centre's page computed first, one request at a time and timed: what the first reader
      // after a change to the centre waits for. As for the dashboard's cold computations: the load
      // then measures reading kept pages. (Left to the 3 s warm-up, the 250 computations, ~10 ms
      // each, ran into the measured 10 s: the 50 connections all begin with the same centre.)
      const coldMs: number[] = [];
      const started = performance.now();
      for (let i = 0; i < centres.length; i++) {
        const t = performance.now();
        const res = await fetch(`${base}/api/v1/follow-ups/worklist?within=14`, { headers: bearer(`clinic${1 + i}`) });
        if (!res.ok) throw new Error(`worklist of clinic${1 + i}: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
        coldMs.push(performance.now() - t);
      }
      coldMs.sort((a, b) => a - b);
      coldWorklist = { centres: coldMs.length, totalMs: Math.round(performance.now() - started), medianMs: Math.round(coldMs[Math.floor(coldMs.length / 2)]! * 10) / 10, maxMs: Math.round(coldMs.at(-1)!) };
      log(`  cold computation: ${coldWorklist.centres} centres' worklists in ${coldWorklist.totalMs} ms, median ${coldWorklist.medianMs} ms, max ${coldWorklist.maxMs} ms`);
      results.push(await load('worklist (clinician, within=14)', base, centres.map((_, i): Req => ({
        method: 'GET', path: '/api/v1/follow-ups/worklist?within=14', headers: bearer(`clinic${1 + i}`),
      })), 'clinicians of every centre in turn, each page computed once before'));
    }
    if (want('child')) {
      let current = nextKid();
      results.push(await load('child page (child + follow-ups + diary)', base, [
        { method: 'GET', setupRequest: (req) => { current = nextKid(); return { ...req, path: `/api/v1/children/${current.id}`, headers: bearer(clinicianOf(current.center_id)) }; } },
        { method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/v1/children/${current.id}/follow-ups?limit=20`, headers: bearer(clinicianOf(current.center_id)) }) },
        { method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/v1/children/${current.id}/diary?from=${addDays(today, -29)}&to=${today}`, headers: bearer(clinicianOf(current.center_id)) }) },
      ], 'three requests per page (the child, 20 follow-ups, 30 diary days); latency per request'));
    }
    const dashboardCentres = centres.slice(0, 20);
    if (want('dashboard')) {
      // Cold computations first, timed one by one: what a reader waits for when no snapshot exists yet.
      const cold = async (url: string) => {
        const t = performance.now();
        const res = await fetch(`${base}${url}`, { headers: bearer('manager'), signal: AbortSignal.timeout(900_000) });
        if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
        return Math.round(performance.now() - t);
      };
      const centreCold: number[] = [];
      for (const c of dashboardCentres) centreCold.push(await cold(`/api/v1/indicators?from=${from}&to=${today}&centerId=${c.id}`));
      const cityCold = await cold(`/api/v1/indicators?from=${from}&to=${today}`);
      coldDashboard = { cityMs: cityCold, centreMedianMs: centreCold.sort((a, b) => a - b)[Math.floor(centreCold.length / 2)]!, centreMaxMs: centreCold.at(-1)! };
      log(`  cold computation: whole city ${cityCold} ms; one centre median ${coldDashboard.centreMedianMs} ms, max ${coldDashboard.centreMaxMs} ms`);
      // A snapshot younger than 15 minutes is served stale while it is recomputed in the background
      // (~60 s of one core at city scale, e.g. after the jobs step rewrote the index days). The loads
      // measure serving current figures, as after the scheduler's refresh: wait for it first.
      const waitStarted = performance.now();
      for (;;) {
        const res = await fetch(`${base}/api/v1/indicators?from=${from}&to=${today}`, { headers: bearer('manager') });
        if ((await res.json() as { fresh?: boolean }).fresh !== false) break;
        if (performance.now() - waitStarted > 900_000) throw new Error('the whole-city figures did not become current in 15 minutes');
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
      const waitedMs = Math.round(performance.now() - waitStarted);
      if (waitedMs > 100) log(`  waited ${waitedMs} ms for the background recomputation of the whole-city figures`);
      (coldDashboard as { staleRefreshMs?: number }).staleRefreshMs = waitedMs;
      results.push(await load('dashboard, whole city, 12 months', base, [{ method: 'GET', path: `/api/v1/indicators?from=${from}&to=${today}`, headers: bearer('manager') }], 'served from the current snapshot'));
      results.push(await load('dashboard, one centre, 12 months', base, dashboardCentres.map((c): Req => ({
        method: 'GET', headers: bearer('manager'), path: `/api/v1/indicators?from=${from}&to=${today}&centerId=${c.id}`,
      })), '20 centres in turn, current snapshots'));
    }
    if (want('followup')) {
      results.push(await load('follow-up write (C-ACT, clinic)', base, [{
        method: 'POST', setupRequest: (req) => {
          const k = nextKid();
          const body = { date: today, mode: 'clinic', answers: [2, 3, 2, 3, 4, 3, 4], gina: { q1: false, q2: true, q3: false, q4: false }, inhalerTechniqueOk: true };
          return { ...req, path: `/api/v1/children/${k.id}/follow-ups`, headers: { ...json, ...bearer(clinicianOf(k.center_id)) }, body: JSON.stringify(body) };
        },
      }], 'children aged 5-11 in turn, by their centre\'s clinician'));
    }
    if (want('diary')) {
      // Each (child, date) is written once: dates today..3 days back, children without any of those
      // days yet in turn (generated diaries stop 4 days back; earlier runs on a reused database wrote some).
      let n = 0;
      log(`  diary: ${diaryKids.length} children without an entry in the last 4 days (${diaryKids.length * 4} new day entries at most)`);
      if (diaryKids.length === 0) throw new Error('diary load: every child has an entry in the last 4 days on this reused database; generate a fresh one');
      results.push(await load('diary write (new day entry)', base, [{
        method: 'PUT', setupRequest: (req) => {
          const k = diaryKids[Math.floor(n / 4) % diaryKids.length]!;
          const date = addDays(diaryToday, -(n++ % 4));
          const body = { daytimeSymptoms: 'mild', nightWaking: false, nightCough: true, activityLimited: false, relieverUses: 1, controllerTakenAm: true, controllerTakenPm: true, triggers: ['cold'] };
          return { ...req, path: `/api/v1/children/${k.id}/diary/${date}`, headers: { ...json, ...bearer(clinicianOf(k.center_id)) }, body: JSON.stringify(body) };
        },
      }], 'unique (child, date) pairs; a repeat after the list wraps would replace'));
    }
    if (want('dashboard')) {
      results.push(await load('dashboard, whole city, after writes', base, [{ method: 'GET', path: `/api/v1/indicators?from=${from}&to=${today}`, headers: bearer('manager') }], 'data changed since the snapshot: the stale one is served while one refresh runs'));
    }
  } finally {
    memory = rss.stop();
    await stopProcess(server);
    await stopProcess(bare);
  }
  for (const r of results) r.ratio = Math.round((r.rps / bareResult.rps) * 100) / 100;

  const dbSize = fileSize(dbPath) + fileSize(`${dbPath}-wal`);
  const report = {
    scale: scale.name, at: new Date().toISOString(), machine, today, duration, connections, warmup,
    data: { counts: data.counts, generationMs: data.ms, initialBackfillMs: (data as { initialBackfillMs?: number }).initialBackfillMs, reused: !data.generatedNow },
    jobs, coldDashboard, coldWorklist, results, server: { peakRssMB: mb(memory.peakRss), vmHwmMB: mb(memory.hwm), atPeakMB: { anonymous: mb(memory.peak.anon), files: mb(memory.peak.file), sharedMemory: mb(memory.peak.shmem) } }, databaseMB: mb(dbSize),
  };
  log('');
  log(`| route | req/s | ratio to bare | p50 ms | p99 ms | errors | non-2xx |`);
  log(`|---|---:|---:|---:|---:|---:|---:|`);
  for (const r of results) log(`| ${r.name} | ${r.rps} | ${r.ratio} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} |`);
  log('');
  if (jobs.indexJob) log(`index job (16 districts): ${(jobs.indexJob as { ms: number }).ms} ms; 5-year backfill: ${(jobs.backfill as { ms: number }).ms} ms`);
  if (coldWorklist) log(`worklist cold computation: ${coldWorklist.centres} centres in ${coldWorklist.totalMs} ms, median ${coldWorklist.medianMs} ms, max ${coldWorklist.maxMs} ms`);
  if (coldDashboard) log(`dashboard cold computation: whole city ${coldDashboard.cityMs} ms, one centre median ${coldDashboard.centreMedianMs} ms`);
  log(`server peak RSS ${report.server.peakRssMB} MB (VmHWM ${report.server.vmHwmMB} MB; at the peak anonymous ${report.server.atPeakMB.anonymous}, files ${report.server.atPeakMB.files}, shared ${report.server.atPeakMB.sharedMemory}); database ${report.databaseMB} MB; generation ${Math.round(data.ms / 1000)} s${report.data.reused ? ' (reused)' : ''}`);
  const reports = path.join(here, 'reports');
  mkdirSync(reports, { recursive: true });
  const file = path.join(reports, `${scale.name}-${report.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2));
  log(`report: ${path.relative(root, file)}`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
