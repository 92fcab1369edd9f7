// Profiling aid: runs routes in-process against a bench database and lists the SQL by total time.
// `npx tsx test/bench/trace.ts <db> <route> [n]`, route one of: followup, diary, worklist, child, dashboard-centre, dashboard-city.
import Database from 'better-sqlite3';
import { createApp } from '../../server/app';
import { systemClock } from '../../server/clock';
import { testConfig } from '../../server/config';
import { silentLogger } from '../../server/log';
import { keepTempInMemory, openSqlite } from '../../db/sqlite/open';
import { startCheckpointer } from '../../db/sqlite/checkpointer';
import { benchToken } from './generate';

const [dbPath, route, count] = process.argv.slice(2);
const n = Number(count ?? 200);
const opened = openSqlite(dbPath!);
keepTempInMemory(opened.sqlite); // as the server's connection (server/bootstrap.ts)
const stats = new Map<string, { ms: number; n: number }>();
// Time every statement by wrapping better-sqlite3's prepare on the opened connection.
const raw = opened.sqlite as Database.Database & { prepare: Database.Database['prepare'] };
const prepare = raw.prepare.bind(raw);
(raw as { prepare: unknown }).prepare = (source: string) => {
  const stmt = prepare(source);
  for (const m of ['all', 'get', 'run', 'iterate'] as const) {
    const orig = (stmt as any)[m].bind(stmt);
    (stmt as any)[m] = (...args: unknown[]) => {
      const t = performance.now();
      try {
        return orig(...args);
      } finally {
        const s = stats.get(source) ?? { ms: 0, n: 0 };
        s.ms += performance.now() - t;
        s.n += 1;
        stats.set(source, s);
      }
    };
  }
  return stmt;
};
// Checkpoints in the background as the server makes them (otherwise a commit now and then copies the WAL).
const checkpointer = startCheckpointer(opened.sqlite, dbPath!, (message) => process.stderr.write(`checkpoint: ${message}\n`));
const deps = { db: opened.db, config: testConfig(), clock: systemClock, log: silentLogger };
const { app } = createApp(deps);
const sqlite = new Database(dbPath!, { readonly: true });
const centres = (sqlite.prepare('select id from centers order by id').all() as { id: string }[]).map((c) => c.id);
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const kids = sqlite
  .prepare(`select id, center_id from children where status = 'active' and birth_date <= ? and birth_date > ? order by random() limit ?`)
  .all(`${+today.slice(0, 4) - 5}${today.slice(4)}`, `${+today.slice(0, 4) - 11}${today.slice(4)}`, n) as { id: string; center_id: string }[];
const who = (c: string) => ({ authorization: `Bearer ${benchToken(`clinic${centres.indexOf(c)}`)}`, 'content-type': 'application/json' });
// CONCURRENCY=c keeps c requests in flight (as the load generator's connections do), so the
// group commit batches them; 1 (the default) runs them one by one.
const concurrency = Number(process.env.CONCURRENCY ?? 1);
// WARMUP=w runs w requests first and forgets their figures (caches filled, code compiled), as the
// benchmark's warm-up does.
const warmup = Number(process.env.WARMUP ?? 0);
let next = 0;
const run = async (end: number) =>
  Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < end; i = next++) await one(i);
    }),
  );
if (warmup > 0) {
  await run(warmup);
  stats.clear();
  next = 0;
}
const started = performance.now();
await run(n);
async function one(i: number) {
  const k = kids[i % kids.length]!;
  let res: Response;
  if (route === 'followup')
    res = await app.request(`/api/v1/children/${k.id}/follow-ups`, {
      method: 'POST',
      headers: who(k.center_id),
      body: JSON.stringify({ date: today, mode: 'clinic', answers: [2, 3, 2, 3, 4, 3, 4], gina: { q1: false, q2: true, q3: false, q4: false } }),
    });
  else if (route === 'diary')
    res = await app.request(`/api/v1/children/${k.id}/diary/${today}`, {
      method: 'PUT',
      headers: who(k.center_id),
      body: JSON.stringify({ daytimeSymptoms: 'mild', nightWaking: false, nightCough: true, activityLimited: false, relieverUses: 1 }),
    });
  else if (route === 'worklist') res = await app.request('/api/v1/follow-ups/worklist?within=14', { headers: who(centres[1 + (i % (centres.length - 1))]!) });
  else if (route === 'child')
    res = await app.request(`/api/v1/children/${k.id}${['', '/follow-ups?limit=20', `/diary?from=${new Date(Date.parse(today) - 29 * 86_400_000).toISOString().slice(0, 10)}&to=${today}`][i % 3]}`, { headers: who(k.center_id) });
  else if (route === 'dashboard-centre') res = await app.request(`/api/v1/indicators?centerId=${centres[1 + (i % (centres.length - 1))]}`, { headers: { authorization: `Bearer ${benchToken('manager')}` } });
  else if (route === 'index') res = await app.request(`/api/v1/asthma-index?district=pudong&date=${new Date(Date.now() - (i % 300) * 86_400_000).toISOString().slice(0, 10)}`);
  else if (route === 'static') res = await app.request('/static/app.css');
  else res = await app.request('/api/v1/indicators', { headers: { authorization: `Bearer ${benchToken('manager')}` } });
  if (res.status >= 300) throw new Error(`${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}
const total = performance.now() - started;
const sqlMs = [...stats.values()].reduce((a, s) => a + s.ms, 0);
process.stdout.write(`group commit: ${JSON.stringify(opened.group.stats)}\n`);
process.stdout.write(`${route}: ${n} requests in ${Math.round(total)} ms (${(total / n).toFixed(2)} ms each), SQL ${(sqlMs / n).toFixed(2)} ms each\n`);
for (const [source, s] of [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) {
  process.stdout.write(`${(s.ms / n).toFixed(3)} ms/req  x${(s.n / n).toFixed(1)}  ${source.replace(/\s+/g, ' ').slice(0, 230)}\n`);
}
await checkpointer.stop();
