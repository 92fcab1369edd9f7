// Whole-district school figures from memory (issue 8: at city scale, 2,000 schools' assessments,
// kits and MDIs took 0.1-0.4 s of the server's thread per view of the overview or the kit alerts).
// They depend only on the schools' rows, assessments, actions, kits, MDIs and checks, whose every
// change increments school_data_version (migration 0015, by trigger, whichever connection made it),
// and on what the key names (the day, a filter). The version is read before computing, so a result
// is never kept under a version newer than the data it read. Concurrent views share one computation.
import type { Db } from '../../db/connection';

const MAX_KEYS = 64;

interface Kept {
  version: number;
  results: Map<string, Promise<unknown>>;
}

const kept = new WeakMap<Db, Kept>();

export async function districtCached<T>(db: Db, key: string, compute: () => Promise<T>): Promise<T> {
  const { version } = await db.selectFrom('school_data_version').select('version').where('id', '=', 1).executeTakeFirstOrThrow();
  let entry = kept.get(db);
  // A view that read the version before another view saw a later change: answered, not kept over
  // the later entry (the version only grows).
  if (entry && version < entry.version) return compute();
  if (!entry || entry.version !== version) kept.set(db, (entry = { version, results: new Map() }));
  const found = entry.results.get(key);
  if (found) return found as Promise<T>;
  const result = compute();
  if (entry.results.size >= MAX_KEYS) entry.results.delete(entry.results.keys().next().value as string);
  entry.results.set(key, result);
  // A failed computation is not kept: the next view tries again.
  const results = entry.results;
  result.catch(() => {
    if (results.get(key) === result) results.delete(key);
  });
  return result;
}
