// The change feed on PostgreSQL (issue 33): what the server keeps in memory (who is behind a session,
// the version rows of worklists, dashboards and school overviews) is dropped when PostgreSQL says the
// rows it copied changed, on this instance or any other. Triggers on the watched tables NOTIFY at
// commit; one connection per process LISTENs. A notification arrives after its commit, so after each
// of its own writes a process waits until its listener has caught up (sync: a NOTIFY of its own
// comes back after every earlier commit's), and its next request never reads its own write stale.
// While the listener is not connected (starting, or lost) nothing may be trusted: every poll drops
// everything, so the caches read the database each time, as they would with no feed.
import type pg from 'pg';
import { pgDriver } from './driver';
import { Subscribers, type ChangeListener, type WatchedTable } from '../sqlite/change-watch';

const CHANNEL = 'asthma_changes';
const RECONNECT_MS = 1_000;
const SYNC_TIMEOUT_MS = 2_000;

const FUNCTION = `create or replace function asthma_notify_change() returns trigger language plpgsql as $fn$
begin
  if tg_level = 'STATEMENT' then
    perform pg_notify('${CHANNEL}', tg_table_name || ':');
    return null;
  end if;
  if tg_op <> 'DELETE' then perform pg_notify('${CHANNEL}', tg_table_name || ':' || coalesce(to_jsonb(new) ->> tg_argv[0], '')); end if;
  if tg_op <> 'INSERT' then perform pg_notify('${CHANNEL}', tg_table_name || ':' || coalesce(to_jsonb(old) ->> tg_argv[0], '')); end if;
  return null;
end $fn$`;

export class PostgresChangeFeed {
  readonly #url: string;
  readonly #pool: pg.Pool;
  readonly #specs = new Map<string, WatchedTable>();
  // The specs' tables, asked after every write (kept, not made each time).
  readonly #tables = new Set<string>();
  readonly #subscribers = new Subscribers();
  readonly #waiting = new Map<string, () => void>();
  #client: pg.Client | null = null;
  #listening = false;
  #closed = false;
  #sequence = 0;

  constructor(url: string, pool: pg.Pool, tables: WatchedTable[]) {
    this.#url = url;
    this.#pool = pool;
    for (const spec of tables) {
      this.#specs.set(spec.table, spec);
      this.#tables.add(spec.table);
    }
    void this.#connect();
  }

  /** The watched tables: after a write to none of them (nor a fold), there is nothing to hear. */
  get tables(): ReadonlySet<string> {
    return this.#tables;
  }

  /** Reports this table too (its trigger is made at the next connect; until then nothing is trusted). */
  watch(spec: WatchedTable): void {
    if (this.#specs.has(spec.table)) return;
    this.#specs.set(spec.table, spec);
    this.#tables.add(spec.table);
    this.#lost();
  }

  subscribe(tables: string[], listener: ChangeListener): void {
    const missing = tables.find((t) => !this.#specs.has(t));
    if (missing) throw new Error(`change feed: ${missing} is not watched`);
    this.#subscribers.add(tables, listener);
  }

  /** Before trusting a copy: true (and every listener told) while the listener is not connected. */
  poll(_force = false): boolean {
    if (this.#listening) return false;
    this.#subscribers.reportAll();
    return true;
  }

  /** Settles once every notification of a commit made before this call has been heard (or the feed is down). */
  async sync(): Promise<void> {
    if (!this.#listening) return;
    const nonce = `${process.pid}.${++this.#sequence}`;
    const heard = new Promise<void>((resolve) => {
      this.#waiting.set(nonce, resolve);
      setTimeout(() => {
        // Not heard in time (a process too busy to read its socket): answer anyway; the notification
        // still comes, and drops what it must when it does.
        this.#waiting.delete(nonce);
        resolve();
      }, SYNC_TIMEOUT_MS).unref();
    });
    await this.#pool.query('select pg_notify($1, $2)', [CHANNEL, `sync:${nonce}`]).catch(() => this.#lost());
    await heard;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#listening = false;
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => {});
  }

  #heard(payload: string): void {
    if (payload.startsWith('sync:')) {
      const nonce = payload.slice(5);
      this.#waiting.get(nonce)?.();
      this.#waiting.delete(nonce);
      return;
    }
    const at = payload.indexOf(':');
    const table = payload.slice(0, at);
    const key = payload.slice(at + 1);
    this.#subscribers.report(table, key === '' ? null : key);
  }

  #lost(): void {
    this.#listening = false;
    this.#subscribers.reportAll();
    for (const resolve of this.#waiting.values()) resolve();
    this.#waiting.clear();
    const client = this.#client;
    this.#client = null;
    if (client) {
      void client.end().catch(() => {});
      if (!this.#closed) setTimeout(() => void this.#connect(), RECONNECT_MS).unref();
    }
  }

  async #connect(): Promise<void> {
    if (this.#closed || this.#client) return;
    const client = new (pgDriver().Client)({ connectionString: this.#url, application_name: 'asthma change feed' });
    this.#client = client;
    client.on('error', () => this.#client === client && this.#lost());
    client.on('end', () => this.#client === client && this.#lost());
    client.on('notification', (n) => n.channel === CHANNEL && n.payload !== undefined && this.#heard(n.payload));
    try {
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
      await this.#install(client);
      if (this.#client !== client || this.#closed) return;
      this.#listening = true;
      // Whatever changed before the listener listened is not known: start from nothing.
      this.#subscribers.reportAll();
    } catch {
      if (this.#client === client) {
        this.#client = null;
        void client.end().catch(() => {});
        if (!this.#closed) setTimeout(() => void this.#connect(), RECONNECT_MS).unref();
      }
    }
  }

  /** The triggers, made or replaced under an advisory lock (two instances starting together would collide). */
  async #install(client: pg.Client): Promise<void> {
    await client.query('begin');
    try {
      await client.query(`select pg_advisory_xact_lock(${0x61737468}, 1)`);
      await client.query(FUNCTION);
      for (const { table, key, except } of this.#specs.values()) {
        let of = '';
        if (except?.length) {
          const { rows } = await client.query<{ column_name: string }>('select column_name from information_schema.columns where table_schema = current_schema() and table_name = $1 order by ordinal_position', [table]);
          const columns = rows.map((r) => r.column_name).filter((c) => !except.includes(c));
          if (columns.length === 0) throw new Error(`change feed: no table ${table}`);
          of = ` of ${columns.map((c) => `"${c}"`).join(', ')}`;
        }
        await client.query(`drop trigger if exists watch_${table} on "${table}"`);
        await client.query(`drop trigger if exists watch_${table}_update on "${table}"`);
        if (key) {
          await client.query(`create trigger watch_${table} after insert or delete on "${table}" for each row execute function asthma_notify_change('${key}')`);
          await client.query(`create trigger watch_${table}_update after update${of} on "${table}" for each row execute function asthma_notify_change('${key}')`);
        } else {
          await client.query(`create trigger watch_${table} after insert or delete on "${table}" for each statement execute function asthma_notify_change()`);
          await client.query(`create trigger watch_${table}_update after update${of} on "${table}" for each statement execute function asthma_notify_change()`);
        }
      }
      await client.query('commit');
    } catch (err) {
      await client.query('rollback').catch(() => {});
      throw err;
    }
  }
}
