// The benchmark's PostgreSQL data set (issue 33): the SQLite data set of the same scale (generate.ts,
// the app's migrations, then the backfill) copied row for row into a PostgreSQL database that the
// app's migrations made. One generator for both databases, so both are measured on the same rows.
// The copy is PostgreSQL's COPY (psql reading CSV on its stdin), with the secondary indexes dropped
// before and built after (a sorted build is many times faster than 13 million index insertions),
// triggers and foreign keys off for the session (session_replication_role = replica: the rows come
// with the version counters and histories the SQLite triggers already wrote), sequences set past
// the copied keys, and VACUUM ANALYZE at the end (statistics and visibility map, as autovacuum
// leaves a database that has been running).
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { withAdminClient } from '../helpers/pg';
import { openAndMigrate } from '../../server/bootstrap';
import { databaseUrl, psqlPath } from './pg-cluster';

/** Tables the migrator keeps for itself: each database has its own. */
const OWN = new Set(['kysely_migration', 'kysely_migration_lock']);

const csvField = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (Buffer.isBuffer(v)) return `\\x${v.toString('hex')}`;
  const s = String(v);
  return s === '' || /[",\n\r\\]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Drops and creates database `name` (C collation, as the tests' template has it); returns its URL. */
export async function createEmptyDatabase(adminUrl: string, name: string): Promise<string> {
  await withAdminClient(adminUrl, async (c) => {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name} encoding 'UTF8' lc_collate 'C' lc_ctype 'C' template template0`);
  });
  return databaseUrl(adminUrl, name);
}

/** Streams one table from SQLite into psql's COPY; returns the rows copied. */
async function copyTable(sqlite: Database.Database, url: string, table: string, columns: string[]): Promise<number> {
  const list = columns.map((c) => `"${c}"`).join(', ');
  const psql = spawn(psqlPath(), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', `copy "${table}" (${list}) from stdin with (format csv)`], {
    env: { ...process.env, PGOPTIONS: '-c session_replication_role=replica' },
    stdio: ['pipe', 'inherit', 'pipe'],
  });
  let stderr = '';
  psql.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = once(psql, 'exit');
  let rows = 0;
  let chunk = '';
  const flush = async () => {
    if (!psql.stdin.write(chunk)) await once(psql.stdin, 'drain');
    chunk = '';
  };
  for (const row of sqlite.prepare(`select ${list} from "${table}"`).raw().iterate() as IterableIterator<unknown[]>) {
    chunk += `${row.map(csvField).join(',')}\n`;
    rows++;
    if (chunk.length > 1 << 20) await flush();
  }
  if (chunk) await flush();
  psql.stdin.end();
  const [code] = await exited;
  if (code !== 0) throw new Error(`copy of ${table} failed (${code}): ${stderr}`);
  return rows;
}

export interface CopyResult {
  ms: number;
  copyMs: number;
  indexMs: number;
  vacuumMs: number;
  rows: Record<string, number>;
}

/** Copies the SQLite database at `sqlitePath` into a fresh database `name` on the cluster at `adminUrl`. */
export async function copyToPostgres(sqlitePath: string, adminUrl: string, name: string, log: (line: string) => void): Promise<{ url: string } & CopyResult> {
  const started = performance.now();
  const url = await createEmptyDatabase(adminUrl, name);
  const migrated = await openAndMigrate(url);
  await migrated.close();
  const sqlite = new Database(sqlitePath, { readonly: true });
  const rows: Record<string, number> = {};
  const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
    const t = performance.now();
    const r = await fn();
    return [r, Math.round(performance.now() - t)];
  };
  try {
    return await withAdminClient(url, async (c) => {
      const tables = (await c.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`)).rows
        .map((r) => r.table_name)
        .filter((t) => !OWN.has(t));
      const inSqlite = new Set((sqlite.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[]).map((r) => r.name));
      // A SQLite file migrated less far than the code: its missing tables keep what the migrations
      // made, its missing columns their defaults (a later migration's column has one, or is nullable).
      const missing = tables.filter((t) => !inSqlite.has(t));
      if (missing.length) log(`  not in ${sqlitePath}, left as migrated: ${missing.join(', ')}`);
      tables.splice(0, tables.length, ...tables.filter((t) => inSqlite.has(t)));
      // Secondary indexes (not those behind a primary key or unique constraint) go, to be built after.
      const indexes = (
        await c.query<{ indexname: string; indexdef: string }>(
          `select indexname, indexdef from pg_indexes i where schemaname = 'public' and not exists (select 1 from pg_constraint k where k.conname = i.indexname) and tablename <> all($1)`,
          [[...OWN]],
        )
      ).rows;
      for (const i of indexes) await c.query(`drop index "${i.indexname}"`);
      // What the migrations seeded (the same rows the SQLite file has) goes too: the copy brings it.
      await c.query(`truncate ${tables.map((t) => `"${t}"`).join(', ')} restart identity cascade`);
      const [, copyMs] = await timed(async () => {
        for (const table of tables) {
          const has = new Set((sqlite.prepare(`select name from pragma_table_info(?)`).all(table) as { name: string }[]).map((r) => r.name));
          const columns = (await c.query<{ column_name: string }>(`select column_name from information_schema.columns where table_schema = 'public' and table_name = $1 order by ordinal_position`, [table])).rows
            .map((r) => r.column_name)
            .filter((name) => has.has(name));
          const t = performance.now();
          rows[table] = await copyTable(sqlite, url, table, columns);
          if (rows[table]! >= 10_000) log(`  copied ${table}: ${rows[table]} rows in ${Math.round(performance.now() - t)} ms`);
        }
      });
      const serials = (await c.query<{ table_name: string; column_name: string }>(`select table_name, column_name from information_schema.columns where table_schema = 'public' and column_default like 'nextval(%'`)).rows;
      for (const s of serials) {
        await c.query(`select setval(pg_get_serial_sequence($1, $2), coalesce((select max("${s.column_name}") from "${s.table_name}"), 0) + 1, false)`, [s.table_name, s.column_name]);
      }
      const [, indexMs] = await timed(async () => {
        for (const i of indexes) await c.query(i.indexdef);
      });
      log(`  ${indexes.length} secondary indexes built in ${indexMs} ms`);
      const [, vacuumMs] = await timed(() => c.query('vacuum analyze'));
      log(`  vacuum analyze ${vacuumMs} ms`);
      return { url, ms: Math.round(performance.now() - started), copyMs, indexMs, vacuumMs, rows };
    });
  } finally {
    sqlite.close();
  }
}
