// Starts the platform as npm run demo does (the built bundle on node) on a fresh temporary demo database for the browser tests, and stops it after.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildServer } from '../../scripts/build';
import { SERVER_NODE_FLAGS } from '../../server/node-flags';
import { dropDatabase, emptyDatabase, testDatabaseUrl } from '../helpers/pg';

let server: ChildProcess | undefined;
let dir: string | undefined;
// TEST_DATABASE_URL (a cluster's administrative URL, as npm run test:pg takes): the demo on a new
// PostgreSQL database of its own, dropped after, so the browser tasks can be run there too.
const pgAdmin = testDatabaseUrl();
let pgDatabase: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), 'asthma-e2e-'));
  const port = 3400 + Math.floor(Math.random() * 500);
  if (pgAdmin) pgDatabase = await emptyDatabase(pgAdmin);
  server = spawn(process.execPath, [...SERVER_NODE_FLAGS, await buildServer(), '--demo'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DEMO_DATABASE_PATH: join(dir, 'demo.db'), ...(pgDatabase ? { DATABASE_URL: pgDatabase } : {}), SCHEDULER: 'false', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout!.on('data', (d) => (output += d));
  server.stderr!.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || server.exitCode !== null) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  project.provide('baseUrl', base);
}

export async function teardown(): Promise<void> {
  server?.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (pgAdmin && pgDatabase) await dropDatabase(pgAdmin, pgDatabase);
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
