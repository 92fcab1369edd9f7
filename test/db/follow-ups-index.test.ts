import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMigratedSqlite, type MigratedSqlite } from '../helpers/sqlite';

// Migration 0011: a child's history and a page of the follow-ups list are read from one index,
// in its order, without visiting a table page per follow-up for the history or sorting the list.
let dir: string;
let opened: MigratedSqlite;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'follow-ups-index-'));
  opened = await openMigratedSqlite(join(dir, 'test.db'));
});
afterAll(async () => {
  await opened.db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const plan = (query: string) =>
  (
    opened.sqlite.prepare(`explain query plan ${query}`).all(
      ...query
        .split('?')
        .slice(1)
        .map(() => 'x'),
    ) as { detail: string }[]
  )
    .map((r) => r.detail)
    .join('\n');

describe('the follow-ups history index', () => {
  it('covers the history read, in its order', () => {
    const history = plan(`select date, gina_level, treatment_changed, ocs_courses, ed_visits, admissions, inhaler_technique_ok, adherence_ok, instrument, score, score_band, created_at, id
      from follow_ups where child_id = ? order by date, created_at, id`);
    expect(history).toContain('USING COVERING INDEX follow_ups_child_history (child_id=?)');
    expect(history).not.toContain('TEMP B-TREE');
  });

  it('serves a page of the list newest first from the cursor on, without sorting', () => {
    const page = plan(`select * from follow_ups where child_id = ? and (date, created_at, id) < (?, ?, ?)
      order by date desc, created_at desc, id desc limit 21`);
    expect(page).toContain('USING INDEX follow_ups_child_history (child_id=? AND (date,created_at,id)<(?,?,?))');
    expect(page).not.toContain('TEMP B-TREE');
  });

  it('replaced the (child_id, date) index', () => {
    const names = (opened.sqlite.prepare("select name from sqlite_master where type = 'index' and tbl_name = 'follow_ups'").all() as { name: string }[]).map((r) => r.name);
    expect(names).toContain('follow_ups_child_history');
    expect(names).not.toContain('follow_ups_child_date');
  });
});
