// What every part of the benchmark's generator draws on: day numbers and their date strings, ids
// from the seeded generator, and the writer each part fills its tables with.
import type Database from 'better-sqlite3';
import type { Random } from '../../server/demo/random';

/** What a part of the generator writes with: the database, the seeded draws, the days, the counts it reports. */
export interface Writer {
  sqlite: Database.Database;
  rnd: Random;
  /** Runs `fn` in one transaction. */
  tx: (fn: () => void) => void;
  /** The generation's timestamp (today, 02:00 UTC). */
  now: string;
  /** Today and the first day of the data set, as day numbers. */
  todayN: number;
  startN: number;
  counts: Record<string, number>;
}

export const DAY = 86_400_000;
const dayStringSlow = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);
const DAY_STRINGS = new Map<number, string>();
export const dayString = (n: number) => {
  let s = DAY_STRINGS.get(n);
  if (!s) DAY_STRINGS.set(n, (s = dayStringSlow(n)));
  return s;
};
export const dayNumber = (d: string) => Math.floor(Date.parse(`${d}T00:00:00Z`) / DAY);

const hex8 = (rnd: Random) =>
  Math.floor(rnd.next() * 4294967296)
    .toString(16)
    .padStart(8, '0');
/** A UUID v4 shape from four draws of the seeded generator (fastUuid(rnd) draws 32 and is too slow for 13M rows). */
export const fastUuid = (rnd: Random) => {
  const a = hex8(rnd),
    b = hex8(rnd),
    c = hex8(rnd),
    d = hex8(rnd);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-a${c.slice(1, 4)}-${c.slice(4, 8)}${d}`;
};

/** UUIDs in ascending order, so child-keyed indexes are appended to rather than split. */
export function sortedIds(rnd: Random, n: number): string[] {
  const ids = Array.from({ length: n }, () => fastUuid(rnd));
  ids.sort();
  return ids;
}

/** Completed years between two YYYY-MM-DD dates (what ageInYears gives, without Date objects). */
export const yearsBetween = (birth: string, date: string) => Number(date.slice(0, 4)) - Number(birth.slice(0, 4)) - (date.slice(5) < birth.slice(5) ? 1 : 0);
