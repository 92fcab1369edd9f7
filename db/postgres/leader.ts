// Leadership on PostgreSQL: a session-level advisory lock held on a connection of its own. While the
// session lives the lock is ours; when the process dies its connection closes and PostgreSQL
// releases the lock, so another instance takes it at its next try.
import type pg from 'pg';
import { pgDriver } from './driver';
import type { Leadership } from '../leader';

// The first key of the two-key advisory lock: this platform's, so another application's locks on
// the same database cannot collide with ours.
const NAMESPACE = 0x61737468; // 'asth'

/** FNV-1a of the name, as a signed 32-bit integer (the lock's second key). */
function keyOf(name: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(name)) h = Math.imul(h ^ byte, 0x01000193);
  return h | 0;
}

export function postgresLeadership(url: string, name: string, options: { retryMs: number; onChange?: (leader: boolean) => void }): Leadership {
  let client: pg.Client | null = null;
  let leader = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> = Promise.resolve();
  const set = (value: boolean) => {
    if (leader === value) return;
    leader = value;
    options.onChange?.(value);
  };
  const drop = (lost: pg.Client | null) => {
    if (lost && lost === client) client = null;
    set(false);
    void lost?.end().catch(() => {});
  };
  const tick = async () => {
    try {
      if (!client) {
        const c = new (pgDriver().Client)({ connectionString: url, application_name: `asthma ${name}` });
        // A lost connection is a lost lock.
        c.on('error', () => drop(c));
        c.on('end', () => drop(c));
        await c.connect();
        client = c;
      }
      if (!leader) {
        const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, $2) as ok', [NAMESPACE, keyOf(name)]);
        set(rows[0]?.ok === true);
      } else {
        // Still connected, so still holding it.
        await client.query('select 1');
      }
    } catch {
      drop(client);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      ticking = tick().finally(schedule);
    }, options.retryMs);
    timer.unref();
  };
  ticking = tick().finally(schedule);
  return {
    isLeader: () => leader && !stopped,
    ready: () => ticking,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await ticking.catch(() => {});
      const c = client;
      client = null;
      set(false);
      // Ending the session releases the lock at once.
      await c?.end().catch(() => {});
    },
  };
}
