// Profiling aid: starts the server with --cpu-prof on a bench database and loads the given routes.
// `npx tsx test/bench/profile.ts <db> "GET /path token-user" "POST /path token-user {json}" ...` -> /tmp/asthma-bench/prof/*.cpuprofile
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer } from '../../scripts/build';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const [dbPath, ...routes] = process.argv.slice(2);
const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir=/tmp/asthma-bench/prof', await buildServer()], {
  cwd: root,
  env: { ...process.env, DATABASE_PATH: dbPath, PORT: '3990', SCHEDULER: 'false', LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((resolve) =>
  child.stdout!.on('data', (d) => {
    if (/serving/.test(String(d))) resolve();
  }),
);
for (const route of routes) {
  const [method, url, user, body] = route.split(' ');
  const headers: Record<string, string> = user ? { authorization: `Bearer bench-token-${user}` } : {};
  if (body) headers['content-type'] = 'application/json';
  const r = await autocannon({ url: `http://127.0.0.1:3990${url}`, method: method as 'GET', connections: 20, duration: Number(process.env.SECONDS ?? 5), headers, body });
  process.stdout.write(`${method} ${url}: ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors}\n`);
}
child.kill('SIGINT');
await new Promise((resolve) => child.on('exit', resolve));
