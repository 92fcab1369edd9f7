// Aid: how long the scheduled indicator refresh holds the event loop (better-sqlite3 answers
// synchronously, so a computation that never yields stalls every request for its whole length).
// `npx tsx test/bench/refresh-stall.ts <db> [--worker]`: drops the stored snapshots of the default
// periods (they are recomputed), runs the refresh and prints its time and the longest stalls; with
// --worker the computations run on the indicator worker, as the built server runs them.
import { systemClock } from '../../server/clock';
import { testConfig } from '../../server/config';
import { silentLogger } from '../../server/log';
import { openSqlite } from '../../db/sqlite/open';
import { refreshProgrammeIndicators } from '../../server/indicators/service';
import { startIndicatorWorker } from '../../server/indicators/offload';
import { buildServer, INDICATOR_WORKER_BUNDLE } from '../../scripts/build';
import { pathToFileURL } from 'node:url';

const opened = openSqlite(process.argv[2]!);
const config = testConfig();
if (process.argv.includes('--worker')) await buildServer();
const indicatorWorker = process.argv.includes('--worker') ? startIndicatorWorker({ path: process.argv[2]!, config, log: silentLogger, url: pathToFileURL(INDICATOR_WORKER_BUNDLE) }) : null;
const deps = { db: opened.db, config, clock: systemClock, log: silentLogger, indicatorWorker };
await opened.db.deleteFrom('indicator_snapshots').where('scope', 'in', ['all', 'trends:all', 'validation:all', 'centres']).execute();

const stalls: number[] = [];
let last = performance.now();
const timer = setInterval(() => {
  const now = performance.now();
  stalls.push(now - last - 10);
  last = now;
}, 10);
const started = performance.now();
await refreshProgrammeIndicators(deps);
clearInterval(timer);
const top = stalls.sort((a, b) => b - a);
process.stdout.write(
  `refresh ${Math.round(performance.now() - started)} ms; longest stalls ${top
    .slice(0, 5)
    .map((s) => Math.round(s))
    .join(', ')} ms; stalls over 100 ms: ${top.filter((s) => s > 100).length}\n`,
);
await indicatorWorker?.stop();
await opened.db.destroy();
