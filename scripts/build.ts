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

/** Builds dist/server.mjs (~0.2 s) and returns its path. */
export async function buildServer(): Promise<string> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['server/main.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    outfile: SERVER_BUNDLE,
    logLevel: 'warning',
  });
  // Written aside and renamed: a test process building at the same time never starts a half-written file.
  mkdirSync(fileURLToPath(new URL('../dist', import.meta.url)), { recursive: true });
  const temporary = `${SERVER_BUNDLE}.${process.pid}.tmp`;
  writeFileSync(temporary, result.outputFiles[0]!.contents);
  renameSync(temporary, SERVER_BUNDLE);
  return SERVER_BUNDLE;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await buildServer();
