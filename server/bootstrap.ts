// Opening the database the same way for the server, the jobs CLI and the tools.
import { createDatabase, type OpenedDatabase } from '../db/connection';
import { isEmpty, seedDemo } from './demo';
import { hashPassword } from './auth/password';
import type { Clock } from './clock';
import { nowIso, today } from './clock';
import type { Config } from './config';
import { newId, newSecret } from './ids';
import { loadReferenceCentres } from './reference/service';
import type { Logger } from './log';

/** pageCacheMb: SQLite's page cache (db/connection.ts); the server gives SERVING_PAGE_CACHE_MB there. */
export function openAndMigrate(path: string, options: { pageCacheMb?: number } = {}): Promise<OpenedDatabase> {
  return createDatabase({ path, migrate: true, ...options });
}

/** Demo mode fills a new database with the demo; a real start creates the first admin only. */
export async function prepareDatabase(opened: OpenedDatabase, config: Config, clock: Clock, log: Logger, print: (line: string) => void): Promise<void> {
  if (!(await isEmpty(opened.db))) return;
  if (config.DEMO_MODE) {
    const started = Date.now();
    await seedDemo(opened.db, { today: today(clock), now: nowIso(clock) });
    log.info('demo data seeded', { ms: Date.now() - started });
    return;
  }
  const password = config.ADMIN_PASSWORD ?? newSecret().slice(0, 20);
  const passwordHash = await hashPassword(password);
  const now = nowIso(clock);
  // In one transaction, asking again inside it: two instances started together on one new
  // PostgreSQL database must not both load the centres and both create the admin.
  const centres = await opened.db.transaction().execute(async (trx) => {
    if (!(await isEmpty(trx))) return null;
    const loaded = await loadReferenceCentres(trx, now);
    await trx
      .insertInto('users')
      .values({ id: newId(), username: 'admin', password_hash: passwordHash, display_name: 'Administrator', role: 'admin', center_id: null, school_id: null, active: 1, created_at: now, password_changed_at: now })
      .execute();
    return loaded;
  });
  if (centres === null) return;
  if (centres) print(`Loaded ${centres} centres (the hospital and the Pudong community health service centres). Add schools as admin: POST /api/v1/schools.`);
  if (!config.ADMIN_PASSWORD) print(`Created the admin account. Password (shown once, change it): ${password}`);
  else print('Created the admin account with the password from ADMIN_PASSWORD.');
}
