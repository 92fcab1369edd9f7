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

/**
 * Every character past ASCII written as an escape. esbuild escapes them in strings already; the few
 * left in comments (a µ, a Chinese term) made V8 keep each file's whole source, which it holds for
 * as long as the thread runs, at two bytes a character (3 MB for the server's).
 */
const asciiOnly = (text: string): string => text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Bundles one entry into outfile, as the server's files are built (the benchmark builds its own entry so). */
export async function buildEntry(entry: string, outfile: string): Promise<void> {
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
  writeFileSync(temporary, asciiOnly(result.outputFiles[0]!.text));
  renameSync(temporary, outfile);
}

/** Builds dist/server.mjs and its three workers' scripts (~0.5 s) and returns the server's path. */
export async function buildServer(): Promise<string> {
  mkdirSync(fileURLToPath(new URL('../dist', import.meta.url)), { recursive: true });
  for (const [entry, outfile] of ENTRIES) await buildEntry(entry, outfile);
  return SERVER_BUNDLE;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await buildServer();
