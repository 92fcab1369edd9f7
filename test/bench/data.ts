// The benchmark's data set and jobs steps, on SQLite (the generated file) or PostgreSQL (that file
// copied into a database of the bench cluster, pg-copy.ts). `location` is what the server is given:
// the SQLite path (DATABASE_PATH) or the PostgreSQL URL (DATABASE_URL).
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDatabase } from '../../db/connection';
import { runIndexJob } from '../../server/asthma-index/job';
import { shanghaiDate } from '../../server/calendar';
import { fixedClock } from '../../server/clock';
import { testConfig } from '../../server/config';
import { silentLogger } from '../../server/log';
import { startFakeOpenMeteo } from '../jobs/asthma-index/fake-open-meteo';
import { generate, type Generated, type Scale } from './generate';
import { type BenchCluster, databaseUrl, startBenchCluster } from './pg-cluster';
import { type CopyResult, copyToPostgres } from './pg-copy';

export interface BenchData extends Generated {
  generatedNow: boolean;
  initialBackfillMs?: number;
  /** PostgreSQL: the copy of the SQLite data set (its own time, beside the generation's `ms`). */
  copy?: Omit<CopyResult, 'rows'> & { rows?: Record<string, number> };
}

type Log = (line: string) => void;

const fiveYearsBefore = (today: string) => `${Number(today.slice(0, 4)) - 5}${today.slice(4)}`;

export async function timeBackfill(location: string, today: string): Promise<{ ms: number; rows: number; status: string }> {
  const opened = await createDatabase({ path: location });
  const deps = { db: opened.db, config: testConfig(), clock: fixedClock(`${today}T00:00:00Z`), log: silentLogger };
  const started = performance.now();
  const result = await runIndexJob(deps, { trigger: 'cli', from: fiveYearsBefore(today), to: today });
  const ms = Math.round(performance.now() - started);
  await opened.close();
  return { ms, rows: result?.rows ?? 0, status: result?.status ?? 'none' };
}

/** The daily run for 16 districts against a local Open-Meteo stand-in (the test fixtures, dated 2025-01-21). */
export async function timeIndexJob(location: string): Promise<{ ms: number; rows: number; status: string }> {
  const fake = await startFakeOpenMeteo();
  const opened = await createDatabase({ path: location });
  const deps = { db: opened.db, config: testConfig({ WEATHER_URL: fake.forecastUrl, AIR_QUALITY_URL: fake.airQualityUrl }), clock: fixedClock('2025-01-21T00:00:00Z'), log: silentLogger };
  const started = performance.now();
  const result = await runIndexJob(deps, { trigger: 'manual' });
  const ms = Math.round(performance.now() - started);
  await opened.close();
  await fake.close();
  return { ms, rows: result?.rows ?? 0, status: result?.status ?? 'none' };
}

/** The SQLite data set at dir/<scale>.db: reused (--reuse, when there) or generated, then backfilled. */
export async function prepareSqlite(dir: string, scale: Scale, reuse: boolean, log: Log): Promise<BenchData> {
  const dbPath = path.join(dir, `${scale.name}.db`);
  const metaPath = `${dbPath}.json`;
  mkdirSync(dir, { recursive: true });
  if (reuse && existsSync(dbPath) && existsSync(metaPath)) {
    log(`reusing ${dbPath} (generated ${JSON.parse(readFileSync(metaPath, 'utf8')).today})`);
    return { ...(JSON.parse(readFileSync(metaPath, 'utf8')) as Generated), generatedNow: false };
  }
  const today = shanghaiDate(new Date());
  log(`generating ${scale.name} data set into ${dbPath} (today ${today})`);
  const generated = await generate(dbPath, scale, today, log);
  // The index rows come from the real backfill over the generated weather (timed below as well).
  const backfill = await timeBackfill(dbPath, generated.today);
  const result = { ...generated, initialBackfillMs: backfill.ms, ms: generated.ms };
  writeFileSync(metaPath, JSON.stringify(result));
  log(`generated in ${Math.round(generated.ms / 1000)} s; initial 5-year backfill ${backfill.ms} ms (${backfill.rows} rows)`);
  return { ...result, generatedNow: true };
}

export interface PostgresData {
  data: BenchData;
  url: string;
  /** The bench's own cluster (none with BENCH_DATABASE_URL); stop it at the end. */
  cluster?: BenchCluster;
}

/**
 * The PostgreSQL data set: database asthma_<scale> on the cluster of dir/pg-<scale> (started here,
 * real fsync) or on the server of BENCH_DATABASE_URL (an admin URL). With --reuse and a finished copy
 * there, used as it is; else the SQLite data set (reused with --reuse, else generated) is copied in.
 */
export async function preparePostgres(dir: string, scale: Scale, reuse: boolean, log: Log): Promise<PostgresData> {
  const external = process.env.BENCH_DATABASE_URL;
  const folder = path.join(dir, `pg-${scale.name}`);
  const metaPath = external ? path.join(dir, `pg-${scale.name}.json`) : path.join(folder, 'meta.json');
  const name = `asthma_${scale.name}`;
  const kept = reuse && existsSync(metaPath);
  mkdirSync(dir, { recursive: true });
  const cluster = external ? undefined : await startBenchCluster(folder, { fresh: !kept });
  const adminUrl = external ?? cluster!.url;
  try {
    if (kept) {
      const data = JSON.parse(readFileSync(metaPath, 'utf8')) as BenchData;
      log(`reusing PostgreSQL database ${name} (${external ? 'BENCH_DATABASE_URL' : folder}; data set of ${data.today})`);
      return { data: { ...data, generatedNow: false }, url: databaseUrl(adminUrl, name), cluster };
    }
    const source = await prepareSqlite(dir, scale, reuse, log);
    log(`copying ${path.join(dir, `${scale.name}.db`)} into PostgreSQL database ${name}`);
    const copied = await copyToPostgres(path.join(dir, `${scale.name}.db`), adminUrl, name, log);
    const { url, ...copy } = copied;
    const data: BenchData = { ...source, copy, generatedNow: true };
    writeFileSync(metaPath, JSON.stringify(data));
    log(`copied in ${Math.round(copy.ms / 1000)} s (COPY ${Math.round(copy.copyMs / 1000)} s, indexes ${Math.round(copy.indexMs / 1000)} s, vacuum analyze ${Math.round(copy.vacuumMs / 1000)} s)`);
    return { data, url, cluster };
  } catch (err) {
    cluster?.stop();
    throw err;
  }
}

const filesUnder = (p: string): string[] => (statSync(p).isDirectory() ? readdirSync(p).flatMap((f) => filesUnder(path.join(p, f))) : [p]);

/**
 * Reads the database's files once, so their pages are in the OS cache as on a server that has been
 * running (this machine's memory reclaim evicts idle pages; a cold 4 KB read takes ~0.2 ms against
 * ~3 us from the cache). On PostgreSQL, the data folder's tables and indexes (base/).
 */
export async function warmPageCache(paths: string[]): Promise<{ ms: number; mb: number }> {
  const started = performance.now();
  let bytes = 0;
  for (const p of paths.filter(existsSync).flatMap(filesUnder)) {
    bytes += statSync(p).size;
    await pipeline(createReadStream(p, { highWaterMark: 1 << 20 }), new Writable({ write: (_chunk, _enc, done) => done() }));
  }
  return { ms: Math.round(performance.now() - started), mb: Math.round(bytes / 1048576) };
}
