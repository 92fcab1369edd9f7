import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { keepTempInMemory, openSqlite, sqliteOf, type OpenedSqlite } from '../../db/sqlite/open';
import { openAndMigrate } from '../../server/bootstrap';

// A scratch table on a real file database (WAL), written only through db.transaction().
let dir: string;
let opened: OpenedSqlite;
let db: Kysely<any>;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
  opened = openSqlite(join(dir, 'test.db'));
  keepTempInMemory(opened.sqlite); // as the server's connection
  db = opened.db as unknown as Kysely<any>;
  await sql`create table t (id integer primary key, v text not null unique)`.execute(db);
});
afterEach(async () => {
  await opened.db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (v: string) =>
  db.transaction().execute(async (trx) => {
    await trx.insertInto('t').values({ v }).execute();
    return v;
  });
const values = async () => (await db.selectFrom('t').select('v').orderBy('id').execute()).map((r) => r.v);

describe('group commit', () => {
  it('runs concurrent units in one transaction, in order, and answers each', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => insert(`v${i}`)));
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => `v${i}`));
    expect(await values()).toEqual(results);
  });

  it('rolls back only the unit that fails, and gives that caller its own error', async () => {
    const failing = () =>
      db.transaction().execute(async (trx) => {
        await trx.insertInto('t').values({ v: 'half-written' }).execute();
        throw new Error('refused by a rule');
      });
    const duplicate = () =>
      db.transaction().execute(async (trx) => {
        await trx.insertInto('t').values({ v: 'b' }).execute();
        await trx.insertInto('t').values({ v: 'a' }).execute(); // unique violation: a is inserted first
      });
    const results = await Promise.allSettled([insert('a'), failing(), insert('c'), duplicate(), insert('d')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('refused by a rule');
    expect((results[3] as PromiseRejectedResult).reason.message).toMatch(/UNIQUE/);
    expect(await values()).toEqual(['a', 'c', 'd']);
  });

  it('tells nobody "saved" before the commit, and fails every unit when the commit fails', async () => {
    // A deferred foreign key is checked at COMMIT: the middle unit makes the shared commit fail.
    await sql`create table parent (id integer primary key)`.execute(db);
    await sql`create table child (id integer primary key, parent_id integer references parent(id) deferrable initially deferred)`.execute(db);
    const ok = insert('kept?');
    const breaksAtCommit = db.transaction().execute((trx) => trx.insertInto('child').values({ id: 1, parent_id: 99 }).execute());
    const after = insert('also kept?');
    const results = await Promise.allSettled([ok, breaksAtCommit, after]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await values()).toEqual([]);
  });

  it('a unit alone is a plain transaction (no savepoint), rolled back whole on error', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('t').values({ v: 'x' }).execute();
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(await values()).toEqual([]);
  });

  it('counts transactions and units: callers that ask together share one commit', async () => {
    await Promise.all(Array.from({ length: 30 }, (_, i) => insert(`n${i}`)));
    expect(opened.group.stats).toMatchObject({ transactions: 1, units: 30, largestBatch: 30 });
    await insert('later');
    expect(opened.group.stats).toMatchObject({ transactions: 2, units: 31 });
  });

  it('units asked for in separate callbacks of one event-loop turn share a commit (as requests do)', async () => {
    const before = opened.group.stats.transactions;
    // Immediates queued together run in one turn, each as its own callback with microtasks run
    // after each, as a server's requests are parsed: work started from a microtask would commit each
    // alone. (Timers are not used: two of them can fall due in different turns.)
    await Promise.all(Array.from({ length: 5 }, (_, i) => new Promise((resolve) => setImmediate(() => resolve(insert(`t${i}`))))));
    expect(opened.group.stats.transactions - before).toBe(1);
    expect(await values()).toEqual(['t0', 't1', 't2', 't3', 't4']);
  });

  it('appends rows to the next shared commit, and answers them after it', async () => {
    const statement = opened.sqlite.prepare('insert into t (v) values (?)');
    const append = (v: string) => opened.group.append(() => void statement.run(v));
    const before = { ...opened.group.stats };
    const settled: string[] = [];
    const all = Promise.all([append('row1').then(() => settled.push('row1')), insert('unit1'), append('row2').then(() => settled.push('row2'))]);
    expect(await values()).toEqual([]); // nothing is visible, or answered, before the commit
    expect(settled).toEqual([]);
    await all;
    expect(opened.group.stats.transactions - before.transactions).toBe(1);
    expect(opened.group.stats.rows - before.rows).toBe(2);
    // Rows run first, in the order they were appended, then the units.
    expect(await values()).toEqual(['row1', 'row2', 'unit1']);
    await append('alone');
    expect(await values()).toEqual(['row1', 'row2', 'unit1', 'alone']);
  });

  it("fails every appended row of a batch when one fails, and not the batch's units", async () => {
    const statement = opened.sqlite.prepare('insert into t (v) values (?)');
    const append = (v: string) => opened.group.append(() => void statement.run(v));
    await insert('taken');
    const results = await Promise.allSettled([append('fresh'), insert('unit'), append('taken')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason.message).toMatch(/UNIQUE/);
    expect(await values()).toEqual(['taken', 'unit']);
  });

  it('rolls back a unit that changed more pages than SQLite keeps before spilling (its journal in memory)', async () => {
    // ~40 pages of 4 KB in one unit: past the 64 KB a savepoint's journal holds before it would
    // go to a temp file on disk. Here it stays in memory, and the rollback must still be exact.
    const big = (tag: string) => Array.from({ length: 40 }, (_, i) => `${tag}${i}:${'x'.repeat(4000)}`);
    const unit = (tag: string, fail: boolean) =>
      db.transaction().execute(async (trx) => {
        for (const v of big(tag)) await trx.insertInto('t').values({ v }).execute();
        if (fail) throw new Error('refused by a rule');
        return tag;
      });
    const before = opened.group.stats.transactions;
    const results = await Promise.allSettled([unit('a', false), unit('b', true), unit('c', false)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(opened.group.stats.transactions - before).toBe(1);
    expect((await values()).map((v) => v.split(':')[0])).toEqual([...big('a'), ...big('c')].map((v) => v.split(':')[0]));
  });
});

describe('temporary storage', () => {
  it('is in memory on the connection the server and the jobs open (once migrated), on disk on a plain one', async () => {
    const served = await openAndMigrate(join(dir, 'served.db'));
    const plain = openSqlite(join(dir, 'plain.db'));
    try {
      expect(sqliteOf(served.db)!.pragma('temp_store', { simple: true })).toBe(2);
      expect(plain.sqlite.pragma('temp_store', { simple: true })).toBe(0);
    } finally {
      await served.db.destroy();
      await plain.db.destroy();
    }
  });
});
