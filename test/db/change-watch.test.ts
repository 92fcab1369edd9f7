import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { openSqlite, type OpenedSqlite } from '../../db/sqlite/open';
import { ChangeWatch, changeWatchOf, installChangeWatch, KeptReads } from '../../db/sqlite/change-watch';
import { keptReadsOf } from '../../db/changes';
import { UNTIL_HANG } from '../helpers/poll';

// Scratch tables on a real file database (WAL), a second connection playing another process.
let dir: string;
let path: string;
let opened: OpenedSqlite;
let db: Kysely<any>;
let other: Database.Database;
let watch: ChangeWatch;
let heard: [string | null, string | null][];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'change-watch-'));
  path = join(dir, 'test.db');
  opened = openSqlite(path);
  db = opened.db as unknown as Kysely<any>;
  await sql`create table versions (id text primary key, version integer not null, note text)`.execute(db);
  await sql`create table rows (id integer primary key, owner text not null)`.execute(db);
  // A change to rows moves its owner's version, as the app's version triggers do.
  await sql`create trigger rows_bump after insert on rows begin
    insert into versions (id, version) values (new.owner, 1) on conflict (id) do update set version = version + 1; end`.execute(db);
  await sql`create table plain (id integer primary key)`.execute(db);
  watch = installChangeWatch(opened.db, [{ table: 'versions', key: 'id', except: ['note'] }])!;
  heard = [];
  watch.subscribe(['versions'], (table, key) => heard.push([table, key]));
  other = new Database(path);
});
afterEach(async () => {
  other.close();
  await opened.db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('change watch', () => {
  it("reports this connection's inserts, updates and deletes with the row's key, old and new", async () => {
    await sql`insert into versions (id, version) values ('a', 1)`.execute(db);
    await sql`update versions set version = 2 where id = 'a'`.execute(db);
    await sql`update versions set id = 'b' where id = 'a'`.execute(db);
    // A key that changes is reported as both.
    expect(heard).toEqual([
      ['versions', 'a'],
      ['versions', 'a'],
      ['versions', 'b'],
      ['versions', 'a'],
    ]);
    heard.length = 0;
    await sql`update versions set version = 3, id = 'c' where id = 'b'`.execute(db);
    await sql`delete from versions where id = 'c'`.execute(db);
    expect(heard).toEqual([
      ['versions', 'c'],
      ['versions', 'b'],
      ['versions', 'c'],
    ]);
  });

  it('stays silent for updates of columns it does not watch and for other tables', async () => {
    await sql`insert into versions (id, version) values ('a', 1)`.execute(db);
    heard.length = 0;
    await sql`update versions set note = 'x' where id = 'a'`.execute(db);
    await sql`insert into plain (id) values (1)`.execute(db);
    expect(heard).toEqual([]);
  });

  it('hears changes made by other triggers, in transactions, and rolled-back ones too', async () => {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('rows').values({ owner: 'centre-1' }).execute();
    });
    expect(heard).toEqual([['versions', 'centre-1']]);
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('rows').values({ owner: 'centre-2' }).execute();
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    // Dropping a copy for a change that did not happen costs a read; keeping one for a change that did would be wrong.
    expect(heard).toEqual([
      ['versions', 'centre-1'],
      ['versions', 'centre-2'],
    ]);
  });

  it('tells every listener when another connection commits, once the next poll looks', async () => {
    const everything: unknown[] = [];
    watch.subscribe(['versions'], (table) => everything.push(table));
    expect(watch.poll(true)).toBe(false); // a look: nothing from elsewhere yet
    expect(heard).toEqual([]);
    // The other connection has no TEMP triggers and no function: its writes work as usual.
    other.prepare("insert into rows (owner) values ('centre-3')").run();
    other.prepare("update versions set version = 9 where id = 'centre-3'").run();
    expect(heard).toEqual([]);
    // The next look (at most once a millisecond) tells, once.
    await expect.poll(() => watch.poll(), UNTIL_HANG).toBe(true);
    expect(heard).toEqual([[null, null]]);
    expect(everything).toEqual([null]);
    // Nothing new: nothing said. This connection's own writes never take the other path.
    await sql`insert into plain (id) values (2)`.execute(db);
    expect(watch.poll(true)).toBe(false);
    expect(heard).toEqual([[null, null]]);
  });

  // (That it looks at most once a millisecond is a matter of speed, and of the clock: not asserted.)
  it("says whether it saw another connection's commit, and looks at once when forced", async () => {
    expect(watch.poll(true)).toBe(false);
    other.prepare('insert into plain (id) values (3)').run();
    await expect.poll(() => watch.poll(), UNTIL_HANG).toBe(true);
    expect(heard).toEqual([[null, null]]);
    // Forced right after a look: before an expensive step a kept copy seemed to call for.
    other.prepare('insert into plain (id) values (4)').run();
    expect(watch.poll(true)).toBe(true);
    expect(watch.poll(true)).toBe(false);
    expect(heard).toEqual([
      [null, null],
      [null, null],
    ]);
  });

  it('is installed once per connection; a second install adds tables, and only watched tables can be subscribed to', () => {
    expect(changeWatchOf(opened.db)).toBe(watch);
    expect(installChangeWatch(opened.db, [{ table: 'plain', key: 'id' }])).toBe(watch);
    expect(() => watch.subscribe(['rows'], () => {})).toThrow('rows is not watched');
    const plain: unknown[] = [];
    watch.subscribe(['plain'], (table, key) => plain.push([table, key]));
    opened.sqlite.prepare('insert into plain (id) values (7)').run();
    expect(plain).toEqual([['plain', '7']]);
  });

  it('keeps reads until a change: by row key where asked, else all; never a read that a change overtook', async () => {
    const byKey = new KeptReads<string>(watch, ['versions'], true);
    const all = new KeptReads<string>(watch, ['versions']);
    let reads = 0;
    const read = (v: string) => async () => {
      reads += 1;
      return v;
    };
    expect(await byKey.get('a', read('a1'))).toBe('a1');
    expect(await byKey.get('b', read('b1'))).toBe('b1');
    expect(await all.get('x', read('x1'))).toBe('x1');
    expect(await byKey.get('a', read('a2'))).toBe('a1');
    expect(reads).toBe(3);
    await sql`insert into versions (id, version) values ('a', 1)`.execute(db);
    expect(await byKey.get('a', read('a2'))).toBe('a2');
    expect(await byKey.get('b', read('b2'))).toBe('b1');
    expect(await all.get('x', read('x2'))).toBe('x2');
    // A read under way when a change is reported answers its caller but is not kept.
    const slow = byKey.get('c', async () => {
      await sql`update versions set version = 2 where id = 'a'`.execute(db);
      return 'c-before';
    });
    expect(await slow).toBe('c-before');
    expect(await byKey.get('c', read('c-after'))).toBe('c-after');
    // Another connection's commit drops everything, by key or not.
    other.prepare('insert into plain (id) values (5)').run();
    await expect.poll(() => byKey.get('b', read('b3')), UNTIL_HANG).toBe('b3');
    expect(await all.get('x', read('x3'))).toBe('x3');
  });

  it('makes its triggers again when a watched table is rebuilt or renamed on this connection, trusting nothing kept before', async () => {
    const kept = new KeptReads<string>(watch, ['versions'], true);
    expect(await kept.get('a', async () => 'before')).toBe('before');
    // A migration's rebuild: new table, copy, drop, rename. The drop takes the TEMP triggers.
    opened.sqlite.exec('drop trigger rows_bump'); // it names versions, which a rename checks
    opened.sqlite.exec(`create table versions_new (id text primary key, version integer not null, note text);
      insert into versions_new select * from versions; drop table versions; alter table versions_new rename to versions;`);
    await expect.poll(() => kept.get('a', async () => 'after rebuild'), UNTIL_HANG).toBe('after rebuild');
    heard.length = 0;
    await sql`insert into versions (id, version) values ('z', 1)`.execute(db);
    expect(heard).toEqual([['versions', 'z']]);
    // Renamed away: the triggers follow the table. Until it is back nothing is kept, then all works again.
    opened.sqlite.exec('alter table versions rename to versions_old');
    await expect.poll(() => kept.get('a', async () => 'while gone'), UNTIL_HANG).toBe('while gone');
    expect(await kept.get('a', async () => 'still gone')).toBe('still gone');
    opened.sqlite.exec('create table versions (id text primary key, version integer not null, note text)');
    // While its triggers are missing it looks at every read, so the next one makes them again.
    expect(await kept.get('a', async () => 'back')).toBe('back');
    expect(await kept.get('a', async () => 'not read')).toBe('back');
    heard.length = 0;
    await sql`insert into versions (id, version) values ('y', 1)`.execute(db);
    expect(heard).toEqual([['versions', 'y']]);
  });

  it('makes a TEMP trigger dropped by name again at the next forced look', async () => {
    const kept = new KeptReads<string>(watch, ['versions'], true);
    expect(await kept.get('a', async () => 'before')).toBe('before');
    // Moves only the TEMP schema's cookie, which an ordinary look does not read.
    opened.sqlite.exec('drop trigger temp.watch_versions_update');
    expect(watch.poll(true)).toBe(true);
    expect(await kept.get('a', async () => 'after')).toBe('after');
    heard.length = 0;
    await sql`insert into versions (id, version) values ('a', 1)`.execute(db);
    await sql`update versions set version = 7 where id = 'a'`.execute(db);
    expect(heard).toEqual([
      ['versions', 'a'],
      ['versions', 'a'],
    ]); // the insert and the update
  });

  it('refuses what would leave it deaf: a second watch on the connection, an install inside a transaction, an unwatched table', async () => {
    expect(() => new ChangeWatch(opened.sqlite, [])).toThrow('already installed');
    opened.sqlite.exec('begin');
    try {
      expect(() => installChangeWatch(opened.db, [{ table: 'rows' }])).toThrow('not inside a transaction');
    } finally {
      opened.sqlite.exec('rollback');
    }
    const listener = () => {};
    expect(() => watch.subscribe(['versions', 'rows'], listener)).toThrow('rows is not watched');
    expect(keptReadsOf(opened.db, 'test reads', ['versions'])).toBeDefined();
    expect(() => keptReadsOf(opened.db, 'test reads', ['versions'], true)).toThrow('already kept for other tables');
  });
});
