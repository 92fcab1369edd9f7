// VAPID keys for Web Push: generated once (at first start or first use) and kept in app_settings,
// so subscriptions made in browsers stay valid across restarts.
import webpush from 'web-push';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';

export const VAPID_PUBLIC_KEY = 'push.vapid_public_key';
export const VAPID_PRIVATE_KEY = 'push.vapid_private_key';
/** Who the push services may contact about our traffic; an admin can change the row. */
export const VAPID_SUBJECT = 'push.vapid_subject';
const DEFAULT_SUBJECT = 'mailto:asthma-programme@example.org';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

const cache = new WeakMap<object, VapidKeys>();

/** The stored keys, generating and storing a pair on the first call (two racing starts keep the first pair). */
export async function ensureVapidKeys(db: Kysely<DB>): Promise<VapidKeys> {
  const cached = cache.get(db);
  if (cached) return cached;
  const read = async () => {
    const rows = await db.selectFrom('app_settings').select(['key', 'value']).where('key', 'in', [VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT]).execute();
    return new Map(rows.map((r) => [r.key, r.value]));
  };
  let settings = await read();
  if (!settings.get(VAPID_PUBLIC_KEY) || !settings.get(VAPID_PRIVATE_KEY)) {
    const keys = webpush.generateVAPIDKeys();
    await db.transaction().execute(async (trx) => {
      const has = await trx.selectFrom('app_settings').select('key').where('key', '=', VAPID_PUBLIC_KEY).executeTakeFirst();
      if (has) return;
      await trx
        .insertInto('app_settings')
        .values([
          { key: VAPID_PUBLIC_KEY, value: keys.publicKey },
          { key: VAPID_PRIVATE_KEY, value: keys.privateKey },
        ])
        .execute();
      await trx
        .insertInto('app_settings')
        .values({ key: VAPID_SUBJECT, value: DEFAULT_SUBJECT })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
    });
    settings = await read();
  }
  const keys = { publicKey: settings.get(VAPID_PUBLIC_KEY)!, privateKey: settings.get(VAPID_PRIVATE_KEY)!, subject: settings.get(VAPID_SUBJECT) ?? DEFAULT_SUBJECT };
  cache.set(db, keys);
  return keys;
}
