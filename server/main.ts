// Entry: parse config, open and migrate the database, seed the demo when asked, serve.
import { ConfigError, databaseLocation, parseConfig } from './config';
import { systemClock } from './clock';
import { createLogger } from './log';
import { createApp } from './app';
import { serveApp } from './http/serve';
import { SERVING_PAGE_CACHE_MB } from '../db/connection';
import { openAndMigrate, prepareDatabase } from './bootstrap';
import { DEMO_PASSWORD } from './demo/users';
import { startScheduler } from '../jobs/scheduler';
import { bundledNotifyWorkerUrl, startNotifyWorker } from '../jobs/notify/offload';
import { bundledWorkerUrl, startIndicatorWorker } from './indicators/offload';
import { bundledReadWorkerUrl, startReadWorker } from './reads/offload';
import { letWorkersSizeTheirYoungGeneration } from './node-flags';

async function main(): Promise<void> {
  // Before the first worker thread starts (the checkpointer, the indicator and read workers).
  letWorkersSizeTheirYoungGeneration();
  const demo = process.argv.includes('--demo');
  const env = { ...process.env };
  if (demo) env.DEMO_MODE = 'true';
  const config = parseConfig(env);
  const log = createLogger(config.LOG_LEVEL);
  const path = databaseLocation(config, demo);
  const opened = await openAndMigrate(path, { pageCacheMb: SERVING_PAGE_CACHE_MB });
  const print = (line: string) => process.stdout.write(line + '\n');
  await prepareDatabase(opened, config, systemClock, log, print);

  // Checkpoints in a worker thread, so no request pays for copying the WAL into the database.
  const checkpointer = opened.startUpkeep((message) => log.warn('background checkpoint failed', { message }));
  // Dashboard figures computed on a worker thread, when running from the build (server/indicators/offload.ts).
  const workerUrl = path === ':memory:' || !config.INDICATOR_WORKER ? null : bundledWorkerUrl();
  const indicatorWorker = workerUrl ? startIndicatorWorker({ path, config, log, url: workerUrl }) : null;
  // Reads of a child's record on another worker thread, when READ_WORKER asks for it (server/reads/offload.ts).
  const readWorkerUrl = path === ':memory:' || !config.READ_WORKER ? null : bundledReadWorkerUrl();
  const readWorker = readWorkerUrl ? startReadWorker({ path, log, url: readWorkerUrl }) : null;
  const deps = { db: opened.db, config, clock: systemClock, log, indicatorWorker, readWorker };
  const built = createApp(deps);
  // Parents' messages and webhooks sent on a worker thread, when running from the build (jobs/notify/offload.ts).
  const notifyUrl = path === ':memory:' || !config.SCHEDULER ? null : bundledNotifyWorkerUrl();
  const notifyWorker = notifyUrl ? startNotifyWorker({ path, config, log, url: notifyUrl }) : null;
  const scheduler = config.SCHEDULER ? startScheduler(deps, { notifyWorker }) : null;
  const server = serveApp(built, { port: config.PORT, hostname: config.HOST }, (info) => {
    print(`Child asthma programme platform serving http://localhost:${info.port} (database ${opened.dialect === 'postgres' ? 'PostgreSQL, DATABASE_URL' : path})`);
    if (demo) print(`Demo logins (password ${DEMO_PASSWORD}): admin, manager, clinic, hospital, school, parent`);
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    // Stop taking connections, let requests in flight finish, then close the database.
    server.close(async () => {
      // A job in progress finishes before the database closes under it.
      await scheduler?.stop();
      await notifyWorker?.stop();
      await indicatorWorker?.stop();
      await readWorker?.stop();
      await checkpointer?.stop();
      await opened.close();
      process.exit(0);
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  process.stderr.write((err instanceof ConfigError ? err.message : `Start failed: ${err instanceof Error ? err.stack : String(err)}`) + '\n');
  process.exit(1);
});
