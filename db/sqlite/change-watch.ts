// Tells what the server keeps in memory when the rows it copied may have changed, so a request can
// trust its copy instead of asking SQLite (issue 8: a one-row read costs ~15-30 µs under load here,
// mostly the read transaction around it; the token lookup and the worklist's version check were
// two of them on every request).
// - Changes made on this connection: TEMP triggers, which only this connection has, call a function
//   of this process with the table and the row's key. They fire inside the change's transaction,
//   so a rolled-back change also reports: a copy is dropped too often, never kept too long.
// - Changes made by any other connection (the indicators worker, a command-line script): SQLite's
//   `data_version` moves. It is read at most once a millisecond; a change seen drops every copy.
import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { DB } from '../schema';
import { sqliteOf } from './open';

type Db = Kysely<DB>;

export interface WatchedTable {
  table: string;
  /** The column whose value is reported (a row's key); none: only the table is. */
  key?: string;
  /** Updates of only these columns go unreported (a last-used touch); none: every update reports. */
  except?: string[];
}

/** table: the table changed on this connection; null: something changed on another one (drop everything). */
export type ChangeListener = (table: string | null, key: string | null) => void;

/** The listeners of a feed, by table (both feeds: this one and db/postgres/change-feed.ts). */
export class Subscribers {
  readonly #byTable = new Map<string, Set<ChangeListener>>();
  readonly #every = new Set<ChangeListener>();

  add(tables: string[], listener: ChangeListener): void {
    for (const table of tables) {
      let set = this.#byTable.get(table);
      if (!set) this.#byTable.set(table, (set = new Set()));
      set.add(listener);
    }
    this.#every.add(listener);
  }

  /** A change to this table (and row key, if known). */
  report(table: string, key: string | null): void {
    for (const listener of this.#byTable.get(table) ?? []) listener(table, key);
  }

  /** Anything may have changed: every listener drops everything. */
  reportAll(): void {
    for (const listener of this.#every) listener(null, null);
  }
}

const FUNCTION = 'app_row_changed';
const POLL_MS = 1;
// Our TEMP triggers are listed at a look when the main schema has changed since the last one (a
// watched table dropped, rebuilt or renamed on any connection), and at least this often anyway: a
// TEMP trigger dropped by name on this connection moves only the TEMP schema's cookie, which a
// look cannot read in the same statement (nothing here drops them; the change watch alone names them).
const LIST_CHECK_MS = 100;

export class ChangeWatch {
  readonly #sqlite: Database.Database;
  // One statement per look (up to ~1,000 looks a second; ~8 µs unloaded, where listing our triggers
  // too took ~15 and 45-60 under load): another connection's commits, and the main schema's cookie.
  readonly #look: Database.Statement;
  // Our TEMP triggers with their tables as they stand.
  readonly #listTriggers: Database.Statement;
  // Our triggers as listed after each install, once checked complete.
  #triggerList: string | null = null;
  #lastSchema = -1;
  #lastListCheck = -Infinity;
  readonly #specs = new Map<string, WatchedTable>();
  readonly #subscribers = new Subscribers();
  #lastVersion: number;
  #lastPoll = -Infinity;
  // The triggers could not be made again (their table is gone): nothing may be trusted.
  #broken = false;

  /** Use installChangeWatch: one watch per connection (a second would take over the function). */
  constructor(sqlite: Database.Database, tables: WatchedTable[]) {
    if (watches.has(sqlite)) throw new Error('change watch: already installed on this connection');
    this.#sqlite = sqlite;
    this.#look = sqlite.prepare('select data_version, schema_version from pragma_data_version, pragma_schema_version').raw();
    this.#listTriggers = sqlite.prepare(`select group_concat(name || ' ' || tbl_name, ',') from sqlite_temp_master where type = 'trigger' and name glob 'watch_*'`).pluck();
    sqlite.function(FUNCTION, { deterministic: false, directOnly: false }, (table: unknown, key: unknown) => {
      this.#report(String(table), key === null || key === undefined ? null : String(key));
      return null;
    });
    for (const spec of tables) this.watch(spec);
    [this.#lastVersion, this.#lastSchema] = this.#look.get() as [number, number];
  }

  /** Reports this table too. Not inside a transaction: its rollback would take the triggers. */
  watch(spec: WatchedTable): void {
    if (this.#specs.has(spec.table)) return;
    if (this.#sqlite.inTransaction) throw new Error('change watch: not inside a transaction');
    this.#install(spec);
    this.#specs.set(spec.table, spec);
    this.#triggerList = this.#checkedTriggerList();
    if (this.#triggerList === null) throw new Error(`change watch: the triggers on ${spec.table} were not made`);
  }

  /** The look's list of our triggers if it holds exactly those of every watched table, each on its table; null otherwise. */
  #checkedTriggerList(): string | null {
    const list = (this.#listTriggers.get() as string | null) ?? '';
    const expected = [...this.#specs.keys()].flatMap((t) => ['insert', 'update', 'delete'].map((op) => `${triggerName(t, op)} ${t}`)).sort();
    const present = list === '' ? [] : list.split(',').sort();
    return present.length === expected.length && present.every((p, i) => p === expected[i]) ? list : null;
  }

  /** listener hears changes to these tables on this connection, and any change elsewhere (table null). */
  subscribe(tables: string[], listener: ChangeListener): void {
    const missing = tables.find((t) => !this.#specs.has(t));
    if (missing) throw new Error(`change watch: ${missing} is not watched`);
    this.#subscribers.add(tables, listener);
  }

  /**
   * Before trusting a copy: tells the listeners if another connection committed since the last look,
   * or our triggers had to be made again (true then). force: looks even within the millisecond, and
   * lists our triggers, before an expensive step taken because a copy looked out of date.
   */
  poll(force = false): boolean {
    const now = performance.now();
    if (!force && !this.#broken && now - this.#lastPoll < POLL_MS) return false;
    this.#lastPoll = now;
    let changed = false;
    const [version, schema] = this.#look.get() as [number, number];
    if (version !== this.#lastVersion) {
      this.#lastVersion = version;
      changed = true;
    }
    // A watched table dropped, rebuilt or renamed on this connection (a migration run while
    // serving) takes its TEMP triggers with it or away: make them again, trust nothing kept before.
    // (The list is compared as it was taken: any difference, even of order, reinstalls.)
    if (force || this.#broken || schema !== this.#lastSchema || now - this.#lastListCheck >= LIST_CHECK_MS) {
      this.#lastSchema = schema;
      this.#lastListCheck = now;
      if (this.#broken || ((this.#listTriggers.get() as string | null) ?? '') !== (this.#triggerList ?? '')) {
        changed = true;
        this.#reinstall();
      }
    }
    if (changed) this.#subscribers.reportAll();
    return changed;
  }

  #reinstall(): void {
    try {
      for (const spec of this.#specs.values()) this.#install(spec);
      this.#triggerList = this.#checkedTriggerList();
      this.#broken = this.#triggerList === null;
    } catch {
      this.#broken = true;
    }
  }

  #report(table: string, key: string | null): void {
    this.#subscribers.report(table, key);
  }

  #install({ table, key, except }: WatchedTable): void {
    const name = (op: string) => triggerName(table, op);
    const call = (row: 'new' | 'old', unlessSame = false) => `select ${FUNCTION}('${table}', ${key ? `${row}."${key}"` : 'null'})${unlessSame ? ` where old."${key}" is not new."${key}"` : ''};`;
    // Every column but the excepted ones, as the table has them now (the schema is migrated first).
    let of = '';
    if (except?.length) {
      const columns = (this.#sqlite.prepare(`select name from pragma_table_info('${table}')`).pluck().all() as string[]).filter((c) => !except.includes(c));
      if (columns.length === 0) throw new Error(`change watch: no table ${table}`);
      of = ` of ${columns.map((c) => `"${c}"`).join(', ')}`;
    }
    this.#sqlite.exec(`
      drop trigger if exists temp.${name('insert')};
      drop trigger if exists temp.${name('update')};
      drop trigger if exists temp.${name('delete')};
      create temp trigger ${name('insert')} after insert on main."${table}" begin ${call('new')} end;
      create temp trigger ${name('update')} after update${of} on main."${table}" begin ${call('new')} ${key ? call('old', true) : ''} end;
      create temp trigger ${name('delete')} after delete on main."${table}" begin ${call('old')} end;`);
  }
}

const watches = new WeakMap<Database.Database, ChangeWatch>();
const triggerName = (table: string, op: string) => `watch_${table}_${op}`;

/**
 * Installs the watch on the connection under db (once the schema is migrated, before serving, with
 * no transaction open: TEMP triggers made inside one would go with its rollback). Called again, it
 * adds the tables not yet watched.
 */
export function installChangeWatch(db: Db, tables: WatchedTable[]): ChangeWatch | undefined {
  const sqlite = sqliteOf(db);
  if (!sqlite) return undefined;
  const existing = watches.get(sqlite);
  if (existing) {
    for (const spec of tables) existing.watch(spec);
    return existing;
  }
  const watch = new ChangeWatch(sqlite, tables);
  watches.set(sqlite, watch);
  return watch;
}

/** The watch on db's connection, if one was installed. Without one, callers read SQLite every time. */
export function changeWatchOf(db: Db): ChangeWatch | undefined {
  const sqlite = sqliteOf(db);
  return sqlite ? watches.get(sqlite) : undefined;
}

const MAX_KEPT = 10_000;

/**
 * Small reads kept in memory until a change to their tables is reported. byRowKey: a change
 * reported with a row key drops only the read kept under that key (a centre's version row);
 * otherwise any change drops them all. Values are shared between callers: read-only.
 */
/** What KeptReads needs of a feed: SQLite's change watch, or PostgreSQL's (db/postgres/change-feed.ts). */
export interface FeedLike {
  subscribe(tables: string[], listener: ChangeListener): void;
  poll(force?: boolean): boolean;
}

export class KeptReads<V> {
  readonly #watch: FeedLike;
  readonly #tables: string;
  readonly #byRowKey: boolean;
  readonly #values = new Map<string, V>();
  // Moves on every drop: a read that began before a change does not keep what it read.
  #generation = 0;

  constructor(watch: FeedLike, tables: string[], byRowKey = false) {
    this.#watch = watch;
    this.#tables = [...tables].sort().join();
    this.#byRowKey = byRowKey;
    watch.subscribe(tables, (_table, key) => {
      if (byRowKey && key !== null) this.#values.delete(key);
      else this.#values.clear();
      this.#generation += 1;
    });
  }

  isFor(tables: string[], byRowKey: boolean): boolean {
    return this.#tables === [...tables].sort().join() && this.#byRowKey === byRowKey;
  }

  async get(key: string, read: () => Promise<V>): Promise<V> {
    this.#watch.poll();
    if (this.#values.has(key)) return this.#values.get(key) as V;
    const generation = this.#generation;
    const value = await read();
    if (generation === this.#generation) {
      if (this.#values.size >= MAX_KEPT) this.#values.delete(this.#values.keys().next().value as string);
      this.#values.set(key, value);
    }
    return value;
  }
}

const keptReads = new WeakMap<FeedLike, Map<string, KeptReads<unknown>>>();

/** The named KeptReads on this feed (made on first use). */
export function keptReadsOn<V>(watch: FeedLike, name: string, tables: string[], byRowKey = false): KeptReads<V> {
  let named = keptReads.get(watch);
  if (!named) keptReads.set(watch, (named = new Map()));
  let kept = named.get(name);
  if (!kept) named.set(name, (kept = new KeptReads<unknown>(watch, tables, byRowKey)));
  else if (!kept.isFor(tables, byRowKey)) throw new Error(`kept reads: ${name} is already kept for other tables`);
  return kept as KeptReads<V>;
}
