// The benchmark's report: the table of routes and the summary lines printed, and the whole written
// as JSON to test/bench/reports/<scale>[-pg[-x<instances>]]-<time>.json. Figures are never asserted.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ColdDashboard, ColdWorklist } from './cold';
import type { RouteResult } from './load';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

/** What the printed lines and the file's name read; the rest of the report is written as it is. */
export interface Report {
  scale: string;
  db: string;
  instances: number;
  at: string;
  loadAverage: { atStart: string; atEnd: string };
  data: { generationMs: number; reused: boolean };
  jobs: Record<string, unknown>;
  coldDashboard: ColdDashboard | null;
  coldWorklist: ColdWorklist | null;
  results: RouteResult[];
  server: { peakRssMB: number; vmHwmMB: number; atPeakMB: { anonymous: number; files: number; sharedMemory: number } };
  databaseMB: number;
}

export function writeReport(report: Report, log: (line: string) => void): void {
  const { results, jobs, coldWorklist, coldDashboard } = report;
  log('');
  log(`| route | req/s | ratio to bare | p50 ms | p99 ms | errors | non-2xx |`);
  log(`|---|---:|---:|---:|---:|---:|---:|`);
  for (const r of results) log(`| ${r.name} | ${r.rps} | ${r.ratio} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} |`);
  log('');
  if (jobs.indexJob) log(`index job (16 districts): ${(jobs.indexJob as { ms: number }).ms} ms; 5-year backfill: ${(jobs.backfill as { ms: number }).ms} ms`);
  if (coldWorklist) log(`worklist cold computation: ${coldWorklist.centres} centres in ${coldWorklist.totalMs} ms, median ${coldWorklist.medianMs} ms, max ${coldWorklist.maxMs} ms`);
  if (coldDashboard) log(`dashboard cold computation: whole city ${coldDashboard.cityMs} ms, one centre median ${coldDashboard.centreMedianMs} ms`);
  log(`load average (uptime) at the start ${report.loadAverage.atStart}, at the end ${report.loadAverage.atEnd}`);
  log(
    `server peak RSS ${report.server.peakRssMB} MB (VmHWM ${report.server.vmHwmMB} MB; at the peak anonymous ${report.server.atPeakMB.anonymous}, files ${report.server.atPeakMB.files}, shared ${report.server.atPeakMB.sharedMemory}); database ${report.databaseMB} MB; generation ${Math.round(report.data.generationMs / 1000)} s${report.data.reused ? ' (reused)' : ''}`,
  );
  const reports = path.join(here, 'reports');
  mkdirSync(reports, { recursive: true });
  const kind = report.db === 'pg' ? `-pg${report.instances > 1 ? `-x${report.instances}` : ''}` : '';
  const file = path.join(reports, `${report.scale}${kind}-${report.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2));
  log(`report: ${path.relative(root, file)}`);
}
