// The demo is seeded in one transaction (all or nothing), and its referrals go through the referral
// service, which opens a transaction of its own. Inside the seed's, the service's runs in it: the
// service's work commits or rolls back with the whole seed.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';

export function inOuterTransaction(trx: Kysely<DB>): Kysely<DB> {
  const builder = {
    execute: <T>(fn: (inner: Transaction<DB>) => Promise<T>) => fn(proxy as Transaction<DB>),
    setAccessMode: () => builder,
    setIsolationLevel: () => builder,
  };
  const proxy: Kysely<DB> = new Proxy(trx, {
    get(target, key, receiver) {
      if (key === 'transaction') return () => builder;
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return proxy;
}
