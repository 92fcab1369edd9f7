// A throwaway PostgreSQL cluster on loopback for the tests and the benchmark (issue 33): initdb into
// a temporary folder, pg_ctl start on a free port, stopped and removed by stop(). Needs Debian's
// `postgresql` package (or any PostgreSQL 13+ binaries on PATH). PostgreSQL refuses to run as root:
// as root, the cluster runs as the `postgres` user the package creates.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function binDir() {
  try {
    execFileSync('initdb', ['--version'], { stdio: 'ignore' });
    return '';
  } catch {
    const root = '/usr/lib/postgresql';
    const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
    if (versions.length === 0) throw new Error('PostgreSQL is not installed (Debian: apt-get install postgresql)');
    return join(root, versions[0], 'bin');
  }
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/**
 * fast: settings for a throwaway test cluster only (no fsync: a crash loses the cluster, which is
 * thrown away anyway). The benchmark starts one without them.
 */
export async function startThrowawayCluster({ fast = true } = {}) {
  const bin = binDir();
  const tool = (name) => (bin ? join(bin, name) : name);
  const dir = mkdtempSync(join(tmpdir(), 'asthma-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd, args) => (asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' }) : execFileSync(cmd, args, { stdio: 'pipe' }));
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
  const data = join(dir, 'data');
  // C collation: text sorts by code point, as SQLite's does.
  run(tool('initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--locale=C', '--encoding=UTF8']);
  const port = await freePort();
  const settings = ['-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=400'];
  if (fast) settings.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  run(tool('pg_ctl'), ['-D', data, '-o', settings.join(' '), '-l', join(dir, 'log'), '-w', 'start']);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    url,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run(tool('pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
