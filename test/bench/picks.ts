// What the load generators pick from: centres, active children by centre, C-ACT ages (5-11) for the
// follow-ups, and children with no diary entry in the last 4 days for the diary writes. Read from
// the SQLite file or the PostgreSQL database the server is given (the same SQL, `?` placeholders).
import Database from 'better-sqlite3';
import pg from 'pg';
import { shanghaiDate } from '../../server/calendar';

export interface Kid {
  id: string;
  center_id: string;
}

export interface Picks {
  centres: { id: string }[];
  centreIndex: Map<string, number>;
  /** Children aged 5-11: the children as generated first, each part shuffled. */
  kids: Kid[];
  kidsAsGenerated: number;
  /** Up to 30,000 active children with no diary entry of diaryToday..3 days back. */
  diaryKids: Kid[];
  /** The server's (Shanghai) day: it refuses older diary dates. */
  diaryToday: string;
}

type Query = <T>(sql: string, params?: unknown[]) => Promise<T[]>;

async function withQuery<T>(location: string, fn: (query: Query) => Promise<T>): Promise<T> {
  if (/^postgres(ql)?:\/\//.test(location)) {
    const client = new pg.Client({ connectionString: location });
    await client.connect();
    try {
      return await fn(async <R>(sql: string, params: unknown[] = []) => {
        let n = 0;
        return (
          await client.query(
            sql.replace(/\?/g, () => `$${++n}`),
            params,
          )
        ).rows as R[];
      });
    } finally {
      await client.end();
    }
  }
  const sqlite = new Database(location, { readonly: true });
  try {
    return await fn(async <R>(sql: string, params: unknown[] = []) => sqlite.prepare(sql).all(...params) as R[]);
  } finally {
    sqlite.close();
  }
}

const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export function loadPicks(location: string, today: string): Promise<Picks> {
  return withQuery(location, async (query) => {
    const centres = await query<{ id: string }>(`select id from centers where kind = 'community' order by id`);
    const centreIndex = new Map((await query<{ id: string }>('select id from centers order by id')).map((c, i) => [c.id, i]));
    const youngest = `${Number(today.slice(0, 4)) - 5}${today.slice(4)}`;
    const oldest = `${Number(today.slice(0, 4)) - 11}${today.slice(4)}`;
    // Children as generated come first: a reused database's earlier runs wrote follow-ups to the
    // children they drew (each run the same, in the same order), and after a day of runs those had
    // 23 follow-ups on average (up to 94) against the data set's 12, which the child page and every
    // follow-up write read in full. A child a run wrote to, or its diary, has a later updated_at.
    const asGenerated = `updated_at = created_at`;
    const kids = await query<Kid>(`select id, center_id from children where status = 'active' and birth_date <= ? and birth_date > ? order by ${asGenerated} desc, id`, [youngest, oldest]);
    const kidsAsGenerated = Number((await query<{ n: number }>(`select count(*) as n from children where status = 'active' and birth_date <= ? and birth_date > ? and ${asGenerated}`, [youngest, oldest]))[0]!.n);
    // Any active child keeps a diary: the diary load draws from all of them (from the 5-11-year-olds
    // alone, a day's runs on a reused city database had used up every child of the 4-day window).
    const anyAge = await query<Kid>(`select id, center_id from children where status = 'active' order by id`);
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    // Shuffled within each part: the children as generated first, then the others.
    const shuffle = <T>(list: T[], from: number, to: number) => {
      for (let i = to - 1; i > from; i--) {
        const j = from + Math.floor(rand() * (i - from + 1));
        [list[i], list[j]] = [list[j]!, list[i]!];
      }
    };
    shuffle(kids, 0, kidsAsGenerated);
    shuffle(kids, kidsAsGenerated, kids.length);
    shuffle(anyAge, 0, anyAge.length);
    // The diary load writes each (child, date) of today..3 days back once, as new entries. A reused
    // database keeps the entries of earlier runs, so its children are those with none of those days
    // yet (else every write would replace an entry: an update and a revision, not the insert measured).
    // Today is the server's (Shanghai) day: it refuses older dates, and a reused database's day of
    // generation is behind it from 16:00 UTC on (a run at 16:41 had a quarter of its writes refused).
    const diaryToday = shanghaiDate(new Date());
    // Asked 500 children at a time through the (child, date) index: one query over the date range
    // scans the whole index on SQLite (10 s cold at city scale).
    const diaryKids: Kid[] = [];
    for (let i = 0; i < anyAge.length && diaryKids.length < 30_000; i += 500) {
      const chunk = anyAge.slice(i, i + 500);
      const done = new Set(
        (
          await query<{ child_id: string }>(`select distinct child_id from diary_entries where child_id in (${chunk.map(() => '?').join(', ')}) and date >= ? and date <= ?`, [...chunk.map((k) => k.id), addDays(diaryToday, -3), diaryToday])
        ).map((r) => r.child_id),
      );
      diaryKids.push(...chunk.filter((k) => !done.has(k.id)).slice(0, 30_000 - diaryKids.length));
    }
    return { centres, centreIndex, kids, kidsAsGenerated, diaryKids, diaryToday };
  });
}
