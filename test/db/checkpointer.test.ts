import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openSqlite, type OpenedSqlite } from '../../db/sqlite/open';
import { FALLBACK_AUTOCHECKPOINT_PAGES, startCheckpointer, type Checkpointer } from '../../db/sqlite/checkpointer';
import { UNTIL_HANG } from '../helpers/poll';

let dir: string;
let opened: OpenedSqlite;
let checkpointer: Checkpointer | undefined;
afterEach(async () => {
  await checkpointer?.stop();
  await opened.db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('background checkpoints', () => {
  it('copies the WAL into the database from a worker, without the writer checkpointing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'checkpointer-'));
    const path = join(dir, 'c.db');
    opened = openSqlite(path);
    const errors: string[] = [];
    checkpointer = startCheckpointer(opened.sqlite, path, (m) => errors.push(m), 50);
    expect(opened.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(FALLBACK_AUTOCHECKPOINT_PAGES);
    await sql`create table t (id integer primary key, v blob)`.execute(opened.db);
    const before = statSync(path).size;
    for (let i = 0; i < 50; i++) await sql`insert into t (v) values (randomblob(8000))`.execute(opened.db);
    // Only a checkpoint grows the main file: the inserts went to the WAL.
    await expect.poll(() => statSync(path).size, UNTIL_HANG).toBeGreaterThanOrEqual(before + 50 * 8000);
    expect(errors).toEqual([]);
  });
});
