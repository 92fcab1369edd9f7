// npm run test:pg: the suite's database tests on PostgreSQL (vitest.pg.config.ts). With
// TEST_DATABASE_URL (an administrative URL of a cluster it may create databases in) it uses that
// cluster; without, it starts a throwaway one (scripts/pg-cluster.mjs) and removes it after.
import { spawn } from 'node:child_process';
import { startThrowawayCluster } from './pg-cluster.mjs';

const cluster = process.env.TEST_DATABASE_URL ? null : await startThrowawayCluster();
const url = process.env.TEST_DATABASE_URL ?? cluster.url;
if (cluster) process.stdout.write(`Throwaway PostgreSQL cluster at ${url}\n`);
const child = spawn('npx', ['vitest', 'run', '--config', 'vitest.pg.config.ts', ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, TEST_DATABASE_URL: url } });
const stop = () => cluster?.stop();
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  stop();
  process.exit(code ?? (signal ? 1 : 0));
});
