// Builds the server into one JavaScript file, dist/server.mjs, that plain `node` runs: what
// `npm start`, `npm run demo`, the browser and process tests and the benchmark start. Run through
// tsx's loader the server held ~50 MB more memory (its transformed sources and their source maps)
// and kept an esbuild service process beside it (issue 8: server RSS < 300 MB).
// Packages stay imports of node_modules (better-sqlite3 is native; the rest load as published).
import { renameSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
export const SERVER_BUNDLE = fileURLToPath(new URL('../dist/server.mjs', import.meta.url));
/** The indicator worker's script, found by the server beside its own (server/indicators/offload.ts). */
export const INDICATOR_WORKER_BUNDLE = fileURLToPath(new URL('../dist/indicators-worker.mjs', import.meta.url));

/** The read worker's script, found the same way (server/reads/offload.ts). */
export const READ_WORKER_BUNDLE = fileURLToPath(new URL('../dist/reads-worker.mjs', import.meta.url));

/** The notification worker's script (jobs/notify/offload.ts). */
export const NOTIFY_WORKER_BUNDLE = fileURLToPath(new URL('../dist/notify-worker.mjs', import.meta.url));

const ENTRIES: [string, string][] = [
  ['server/main.ts', SERVER_BUNDLE],
  ['server/indicators/worker-main.ts', INDICATOR_WORKER_BUNDLE],
  ['server/reads/worker-main.ts', READ_WORKER_BUNDLE],
  ['jobs/notify/worker-main.ts', NOTIFY_WORKER_BUNDLE],
];

/** Builds dist/server.mjs and its three workers' scripts (~0.5 s) and returns the server's path. */
export async function buildServer(): Promise<string> {
  mkdirSync(fileURLToPath(new URL('../dist', import.meta.url)), { recursive: true });
  for (const [entry, outfile] of ENTRIES) {
    const result = await build({
      absWorkingDir: root,
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      write: false,
      outfile,
      logLevel: 'warning',
    });
    // Written aside and renamed: a test process building at the same time never starts a half-written file.
    const temporary = `${outfile}.${process.pid}.tmp`;
    writeFileSync(temporary, result.outputFiles[0]!.contents);
    renameSync(temporary, outfile);
  }
  return SERVER_BUNDLE;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await buildServer();
