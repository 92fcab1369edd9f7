import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase, type OpenedDb } from '../../db/connection';
import { FALLBACK_AUTOCHECKPOINT_PAGES, startCheckpointer, type Checkpointer } from '../../db/checkpointer';

let dir: string;
let opened: OpenedDb;
let checkpointer: Checkpointer | undefined;
afterEach(async () => {
  await checkpointer?.stop();
  await opened.db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('background checkpoints', () => {
  it('copies the WAL into the database from a worker, without the writer checkpointing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'checkpointer-'));
    const path = join(dir, 'c.db');
    opened = openDatabase(path);
    const errors: string[] = [];
    checkpointer = startCheckpointer(opened.sqlite, path, (m) => errors.push(m), 50);
    expect(opened.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(FALLBACK_AUTOCHECKPOINT_PAGES);
    await sql`create table t (id integer primary key, v blob)`.execute(opened.db);
    const before = statSync(path).size;
    for (let i = 0; i < 50; i++) await sql`insert into t (v) values (randomblob(8000))`.execute(opened.db);
    // Only a checkpoint grows the main file: the inserts went to the WAL.
    const deadline = Date.now() + 10_000;
    while (statSync(path).size < before + 50 * 8000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(statSync(path).size).toBeGreaterThanOrEqual(before + 50 * 8000);
    expect(errors).toEqual([]);
  });
});

describe('the WAL starting over under a steady write load', () => {
  // Writers that always have the next transaction queued: the group commit's batches run back to
  // back, as under the benchmark's follow-up load, so a write always begins before a round has
  // copied the last commit, and without a hold the WAL would only grow.
  const steadyWrites = async (total: number) => {
    let n = 0;
    const writer = async () => {
      while (n < total) {
        n++;
        // Each from a callback of its own, as requests come: the worker's answers get in between.
        await new Promise((resolve) => setImmediate(resolve));
        await opened.db.transaction().execute((trx) => sql`insert into t (v) values (randomblob(3000))`.execute(trx));
      }
    };
    await Promise.all(Array.from({ length: 8 }, writer));
  };
  // Until the worker's first round has reported, nothing can be held.
  const untilReported = async (c: Checkpointer) => {
    await sql`insert into t (v) values (randomblob(3000))`.execute(opened.db);
    const deadline = Date.now() + 10_000;
    while (c.stats.walFrames === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  };

  it('holds a commit once the WAL is long, so that it starts over without the writer checkpointing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'checkpointer-'));
    const path = join(dir, 'c.db');
    opened = openDatabase(path);
    await sql`create table t (id integer primary key, v blob)`.execute(opened.db);
    const errors: string[] = [];
    checkpointer = startCheckpointer(opened.sqlite, path, (m) => errors.push(m), 20, 2, { group: opened.group, holdAtFrames: 200 });
    await untilReported(checkpointer);
    await steadyWrites(6000);
    // 6,000 rows of 3 KB: over 6,000 WAL frames of 4 KB if it never started over. The file keeps
    // the longest it has been (a WAL that starts over is overwritten from its beginning).
    const walFrames = statSync(`${path}-wal`).size / (4096 + 24);
    expect(checkpointer.stats.completed).toBeGreaterThan(0);
    expect(walFrames).toBeLessThan(3000);
    expect(opened.sqlite.prepare('select count(*) as n from t').get()).toEqual({ n: 6001 });
    expect(errors).toEqual([]);
  });

  it('lets the held commit go on when the round cannot copy everything (a reader on an old snapshot)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'checkpointer-'));
    const path = join(dir, 'c.db');
    opened = openDatabase(path);
    await sql`create table t (id integer primary key, v blob)`.execute(opened.db);
    await sql`insert into t (v) values (randomblob(3000))`.execute(opened.db);
    checkpointer = startCheckpointer(opened.sqlite, path, () => undefined, 20, 2, { group: opened.group, holdAtFrames: 500, maxHoldMs: 2000 });
    await untilReported(checkpointer);
    // Another connection in a read transaction: no round can copy past its snapshot.
    const reader = openDatabase(path).sqlite;
    reader.exec('begin');
    reader.prepare('select count(*) from t').get();
    try {
      const started = performance.now();
      await steadyWrites(3000);
      expect(checkpointer.stats.holds).toBeGreaterThan(0);
      expect(checkpointer.stats.completed).toBe(0);
      // A hold ends with the round's answer, not after waiting out maxHoldMs (2 s), and the next
      // waits for the WAL to grow by as much again: one per 500 frames at most.
      expect(performance.now() - started).toBeLessThan(2000);
      expect(checkpointer.stats.holds).toBeLessThanOrEqual(3000 / 500);
      expect(opened.sqlite.prepare('select count(*) as n from t').get()).toEqual({ n: 3002 });
    } finally {
      reader.exec('commit');
      reader.close();
    }
  });
});
