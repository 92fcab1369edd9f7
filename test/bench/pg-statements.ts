// Statements per request on PostgreSQL (issue 33): `npx tsx test/bench/pg-statements.ts [--scale city]
// [--dir /tmp/asthma-bench] [--requests 20]`. On the kept bench cluster of a `npm run bench -- --db pg`
// run, with log_statement = all for the while, one server answers each measured route's requests one
// at a time; the cluster's log between two markers gives the statements (and transactions) each
// request sent. Every statement is a round trip, parsed and planned anew (unnamed statements): on
// SQLite a statement is a function call, here it costs both processes system calls and CPU.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { buildServer } from '../../scripts/build';
import { benchToken } from './generate';
import { databaseUrl, startBenchCluster } from './pg-cluster';
import { loadPicks } from './picks';
import { startProcess, stopProcess } from './process';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const scale = arg('scale', 'city');
const folder = path.join(arg('dir', '/tmp/asthma-bench'), `pg-${scale}`);
const perRoute = Number(arg('requests', '20'));

const daysBefore = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

/** The dashboard's 12 months: the day after the same date a year before, to today (as run.ts asks). */
const yearBefore = (d: string) => daysBefore(`${Number(d.slice(0, 4)) - 1}${d.slice(4)}`, -1);

async function main(): Promise<void> {
  const meta = JSON.parse(readFileSync(path.join(folder, 'meta.json'), 'utf8')) as { today: string };
  const cluster = await startBenchCluster(folder);
  const admin = new pg.Client({ connectionString: cluster.url });
  const server = { process: undefined as Awaited<ReturnType<typeof startProcess>> | undefined };
  try {
    await admin.connect();
    const url = databaseUrl(cluster.url, `asthma_${scale}`);
    const picks = await loadPicks(url, meta.today);
    const clinician = (centerId: string) => `clinic${picks.centreIndex.get(centerId)}`;
    const auth = (user: string) => ({ authorization: `Bearer ${benchToken(user)}`, 'content-type': 'application/json' });
    const base = 'http://127.0.0.1:3989';
    server.process = await startProcess([await buildServer()], { DATABASE_URL: url, PORT: '3989', HOST: '127.0.0.1', SCHEDULER: 'false', LOG_LEVEL: 'warn' }, /serving http/);
    const kid = (i: number) => picks.kids[picks.kids.length - 1 - i]!;
    const diaryKid = (i: number) => picks.diaryKids[picks.diaryKids.length - 1 - i]!;
    const routes: [string, (i: number) => [string, RequestInit]][] = [
      ['public index', (i) => [`/api/v1/asthma-index?district=pudong&date=${daysBefore(meta.today, 1 + (i % 300))}`, {}]],
      ['/me', () => ['/api/v1/me', { headers: auth('clinic1') }]],
      ['worklist', (i) => ['/api/v1/follow-ups/worklist?within=14', { headers: auth(`clinic${1 + i}`) }]],
      ['dashboard city', () => [`/api/v1/indicators?from=${yearBefore(meta.today)}&to=${meta.today}`, { headers: auth('manager') }]],
      ['child', (i) => [`/api/v1/children/${kid(i).id}`, { headers: auth(clinician(kid(i).center_id)) }]],
      ['child follow-ups', (i) => [`/api/v1/children/${kid(i).id}/follow-ups?limit=20`, { headers: auth(clinician(kid(i).center_id)) }]],
      ['child diary', (i) => [`/api/v1/children/${kid(i).id}/diary?from=${meta.today.slice(0, 8)}01&to=${meta.today}`, { headers: auth(clinician(kid(i).center_id)) }]],
      [
        'follow-up write',
        (i) => [
          `/api/v1/children/${kid(100 + i).id}/follow-ups`,
          {
            method: 'POST',
            headers: auth(clinician(kid(100 + i).center_id)),
            body: JSON.stringify({ date: meta.today, mode: 'clinic', answers: [2, 3, 2, 3, 4, 3, 4], gina: { q1: false, q2: true, q3: false, q4: false }, inhalerTechniqueOk: true }),
          },
        ],
      ],
      [
        'diary write',
        (i) => [
          `/api/v1/children/${diaryKid(i).id}/diary/${picks.diaryToday}`,
          {
            method: 'PUT',
            headers: auth(clinician(diaryKid(i).center_id)),
            body: JSON.stringify({ daytimeSymptoms: 'mild', nightWaking: false, nightCough: true, activityLimited: false, relieverUses: 1, controllerTakenAm: true, controllerTakenPm: true, triggers: ['cold'] }),
          },
        ],
      ],
    ];
    // Each read once before, so what a process computes once (tokens, kept pages) is not counted;
    // each write once for other children (its first request of a token resolves it).
    for (const [name, make] of routes) {
      for (let i = 0; i < perRoute; i++) {
        const [p, init] = make(name.endsWith('write') ? i + perRoute : i);
        await fetch(`${base}${p}`, init).then((r) => r.arrayBuffer());
      }
    }
    await admin.query(`alter system set log_statement = 'all'`);
    await admin.query('select pg_reload_conf()');
    await new Promise((r) => setTimeout(r, 500));
    const logFile = path.join(folder, 'log');
    const from = readFileSync(logFile, 'utf8').length;
    for (const [name, make] of routes) {
      await admin.query(`select 'bench-marker ${name}'`);
      for (let i = 0; i < perRoute; i++) {
        const [p, init] = make(i);
        const res = await fetch(`${base}${p}`, init);
        if (!res.ok) process.stdout.write(`  ${name}: ${res.status} ${(await res.text()).slice(0, 200)}\n`);
        else await res.arrayBuffer();
      }
    }
    await admin.query(`select 'bench-marker end'`);
    const lines = readFileSync(logFile, 'utf8').slice(from).split('\n');
    let current = '';
    const counts = new Map<string, { statements: number; transactions: number }>();
    for (const line of lines) {
      const marker = /bench-marker ([^']+)'/.exec(line);
      if (marker && /statement: select/.test(line)) {
        current = marker[1]!;
        continue;
      }
      if (!current || current === 'end' || !/LOG: {2}(execute|statement)/.test(line)) continue;
      const c = counts.get(current) ?? { statements: 0, transactions: 0 };
      c.statements++;
      if (/statement: (start transaction|begin)/i.test(line)) c.transactions++;
      counts.set(current, c);
    }
    process.stdout.write(`statements per request (${perRoute} requests each, one at a time; begin and commit counted as statements):\n`);
    for (const [name] of routes) {
      const c = counts.get(name) ?? { statements: 0, transactions: 0 };
      process.stdout.write(`  ${name.padEnd(18)} ${(c.statements / perRoute).toFixed(1)} statements, ${(c.transactions / perRoute).toFixed(1)} transactions\n`);
    }
  } finally {
    await admin.query('alter system reset log_statement').catch(() => undefined);
    await admin.query('select pg_reload_conf()').catch(() => undefined);
    await admin.end().catch(() => undefined);
    if (server.process) await stopProcess(server.process);
    cluster.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
