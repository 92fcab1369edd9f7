// The benchmark's PostgreSQL cluster (issue 33). scripts/pg-cluster.mjs makes a throwaway one in a
// temporary folder; the benchmark needs one whose data folder it can keep (--reuse: generating and
// copying the city takes many minutes), so this is that script's small logic with a chosen folder.
// Real fsync (no `fast` settings): a server's writes are measured as durable as SQLite's.
// As root, the cluster runs as the `postgres` user (PostgreSQL refuses root).
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  if (versions.length > 0) return path.join(root, versions[0]!, 'bin');
  return '';
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

export interface BenchCluster {
  /** The admin URL (database `postgres`). */
  url: string;
  /** The data folder kept for --reuse. */
  data: string;
  stop(): void;
}

/**
 * Settings beyond the defaults, as a small dedicated server would have them (said in RESULTS.md):
 * room for 400 connections, 1 GB of shared buffers, checkpoints not forced by WAL volume during a
 * bulk load, and memory for index builds. fsync, synchronous_commit and full_page_writes stay on.
 */
export const BENCH_SETTINGS = ['max_connections=400', 'shared_buffers=1GB', 'max_wal_size=8GB', 'maintenance_work_mem=512MB', 'checkpoint_timeout=15min'];

/** Starts the cluster in `folder` (made with initdb when it holds none yet); `fresh` empties it first. */
export async function startBenchCluster(folder: string, options: { fresh?: boolean } = {}): Promise<BenchCluster> {
  const bin = binDir();
  const tool = (name: string) => (bin ? path.join(bin, name) : name);
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => (asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' }) : execFileSync(cmd, args, { stdio: 'pipe' }));
  if (options.fresh) rmSync(folder, { recursive: true, force: true });
  const data = path.join(folder, 'data');
  if (!existsSync(path.join(data, 'PG_VERSION'))) {
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    if (asRoot) {
      const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
      chownSync(folder, id('-u'), id('-g'));
    }
    // C collation: text sorts by code point, as SQLite's does.
    run(tool('initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--locale=C', '--encoding=UTF8']);
  }
  // A cluster left running by an interrupted run: stop it first (its port is not known here).
  if (existsSync(path.join(data, 'postmaster.pid'))) {
    try {
      run(tool('pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
    } catch {
      // not running: a stale pid file, which pg_ctl start handles
    }
  }
  const port = await freePort();
  const settings = ['-p', String(port), '-k', folder, '-c', 'listen_addresses=127.0.0.1', ...BENCH_SETTINGS.flatMap((s) => ['-c', s])];
  run(tool('pg_ctl'), ['-D', data, '-o', settings.join(' '), '-l', path.join(folder, 'log'), '-w', '-t', '300', 'start']);
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    data,
    stop() {
      if (stopped) return;
      stopped = true;
      // A clean shutdown (a checkpoint), so the kept folder starts again without recovery.
      run(tool('pg_ctl'), ['-D', data, '-m', 'fast', '-w', '-t', '300', 'stop']);
    },
  };
}

/** The URL of database `name` on the cluster at `adminUrl`. */
export const databaseUrl = (adminUrl: string, name: string) => adminUrl.replace(/\/[^/]*$/, `/${name}`);

/** Where psql is (the cluster's own, else PATH). */
export const psqlPath = () => (binDir() ? path.join(binDir(), 'psql') : 'psql');
