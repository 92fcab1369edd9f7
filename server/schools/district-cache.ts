// Whole-district school figures from memory (issue 8: at city scale, 2,000 schools' assessments,
// kits and MDIs took 0.1-0.4 s of the server's thread per view of the overview or the kit alerts).
// They depend only on the schools' rows, assessments, actions, kits, MDIs and checks, whose every
// change increments school_data_version (migration 0015, by trigger, whichever connection made it)
// and records the school it touched under the new version (migration 0019), and on what the key
// names (the day, a filter). A kept answer older than the version is brought up to date by
// recomputing only the schools changed since (a nurse's kit check: one school, not 2,000); past
// maxChanged schools it is computed afresh. The version is read before anything else, so an answer
// is never kept under a version newer than the data it read (a change made meanwhile is recomputed
// again on the next view: harmless). Concurrent views share one computation.
import type { Db } from '../../db/connection';
import { keptReadsOf, type WatchedTable } from '../../db/changes';

// Today's answers only (a new day drops the others), and few: each is a district's worth of rows.
const MAX_KEYS = 16;
/** Past this many changed schools (a fifth of the city's 2,000) one full computation is cheaper. */
export const MAX_CHANGED = 400;

export interface DistrictComputation<T> {
  /** The answer for every school. */
  all(): Promise<T>;
  /** `previous` with the listed schools' parts recomputed (a school that no longer exists: dropped). */
  patch(previous: T, changedSchools: readonly string[]): Promise<T>;
  maxChanged?: number;
}

interface Kept {
  version: number;
  day: string;
  result: Promise<unknown>;
}

const kept = new WeakMap<Db, Map<string, Kept>>();

/** The version row the district answers depend on: installed by createApp (server/app.ts). */
export const SCHOOL_TABLES: WatchedTable[] = [{ table: 'school_data_version' }];

/** `key` names everything but the data the answer depends on, `day` included. */
export async function districtCached<T>(db: Db, day: string, key: string, computation: DistrictComputation<T>): Promise<T> {
  const read = async () => (await db.selectFrom('school_data_version').select('version').where('id', '=', 1).executeTakeFirstOrThrow()).version;
  // Kept until a school's change is reported (db/changes.ts), instead of a read per view.
  const version = await (keptReadsOf<number>(db, 'school version', ['school_data_version'])?.get('version', read) ?? read());
  let entries = kept.get(db);
  if (!entries) kept.set(db, (entries = new Map()));
  const found = entries.get(key);
  // Kept at this version, or at a later one that a concurrent view read (newer data: fine to show).
  if (found && found.version >= version) return found.result as Promise<T>;
  const result = found ? brought(db, found, computation) : computation.all();
  entries.delete(key); // re-inserted last: the oldest key is the first dropped
  for (const [k, e] of entries) if (e.day !== day) entries.delete(k);
  if (entries.size >= MAX_KEYS) entries.delete(entries.keys().next().value as string);
  const entry: Kept = { version, day, result };
  entries.set(key, entry);
  // A failed computation is not kept: the next view tries again.
  const map = entries;
  result.catch(() => {
    if (map.get(key) === entry) map.delete(key);
  });
  return result;
}

async function brought<T>(db: Db, found: Kept, computation: DistrictComputation<T>): Promise<T> {
  let previous: T;
  try {
    previous = (await found.result) as T;
  } catch {
    return computation.all(); // that view was told its error; this one starts afresh
  }
  const rows = await db
    .selectFrom('school_changes')
    .select('school_id')
    .where('version', '>', found.version)
    .limit((computation.maxChanged ?? MAX_CHANGED) + 1)
    .execute();
  if (rows.length > (computation.maxChanged ?? MAX_CHANGED)) return computation.all();
  if (rows.length === 0) return previous;
  return computation.patch(
    previous,
    rows.map((r) => r.school_id),
  );
}
