// Migration 0025 on a database that already has children and follow-ups: the due-date history is
// filled from what was stored, and a withdrawn child gets the day of its audited withdrawal.
import { childRow } from '../../helpers/child-row';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../../db/sqlite/open';
import { migrateTo, migrateToLatest } from '../../../db/migrate';

const dir = mkdtempSync(join(tmpdir(), 'backfill-'));
const opened = openSqlite(join(dir, 'test.db'));
afterAll(async () => {
  await opened.db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('migration 0025 backfill', () => {
  it("rebuilds each child's due dates from the follow-ups and the child row, and the withdrawal day from the audit log", async () => {
    const db = opened.db;
    await migrateTo(db, '0024_kit_status_reason');
    const centre = '00000000-0000-4000-a000-00000000000a';
    await db.insertInto('centers').values({ id: centre, name: '潍坊', name_en: 'Weifang', kind: 'community', district: 'pudong', street: 's', created_at: '2025-01-01T00:00:00Z' }).execute();
    const child = (id: string, status: 'active' | 'withdrawn', due: string | null, reason: string | null, updated: string) =>
      db
        .insertInto('children')
        .values({
          ...childRow({ id, name: id, center_id: centre, status, enrolled_on: '2026-01-05', next_due_date: due, next_due_reason: reason, created_at: '2026-01-05T02:00:00Z', updated_at: updated }),
          next_due_grace: reason === 'R4' ? 2 : due ? 7 : null,
        } as never)
        .execute();
    const followUp = (id: string, childId: string, date: string, due: string, reason: string) =>
      db
        .insertInto('follow_ups')
        .values({
          id,
          child_id: childId,
          center_id: centre,
          date,
          mode: 'clinic',
          instrument: null,
          answers: null,
          score: null,
          score_band: null,
          gina_q1: 0,
          gina_q2: 0,
          gina_q3: 0,
          gina_q4: 0,
          gina_level: 'well',
          ocs_courses: 0,
          ed_visits: 0,
          admissions: 0,
          pef: null,
          pef_zone: null,
          inhaler_technique_ok: null,
          adherence_ok: null,
          action_plan_given: null,
          treatment_changed: 0,
          gina_step: null,
          note: null,
          high_risk: 0,
          next_due_date: due,
          next_due_reason: reason,
          suggestions: '{}',
          created_by: 't',
          created_at: `${date}T03:00:00Z`,
        } as never)
        .execute();
    // Ann: seen 02-01 (due 04-26), then a red-zone day brought the review to 03-12 (R4): the child row holds it.
    await child('ann', 'active', '2026-03-12', 'R4', '2026-03-05T04:00:00Z');
    await followUp('f1', 'ann', '2026-02-01', '2026-04-26', 'R2');
    // Bo: seen 02-10, withdrawn on 2026-03-01 (Shanghai) per the audit log.
    await child('bo', 'withdrawn', null, null, '2026-03-03T00:00:00Z');
    await followUp('f2', 'bo', '2026-02-10', '2026-03-10', 'R2');
    await db
      .insertInto('audit_log')
      .values({ at: '2026-02-28T17:00:00Z', user_id: null, role: 'clinician', action: 'status_withdrawn', entity: 'child', entity_id: 'bo', outcome: 'ok', request_id: null } as never)
      .execute();

    await migrateToLatest(db);
    const history = await db.selectFrom('due_date_history').select(['child_id', 'since', 'due_date', 'reason', 'grace', 'source']).orderBy('child_id').orderBy('id').execute();
    expect(history).toEqual([
      { child_id: 'ann', since: '2026-01-05', due_date: '2026-02-02', reason: 'R1', grace: 7, source: 'backfill' },
      { child_id: 'ann', since: '2026-02-01', due_date: '2026-04-26', reason: 'R2', grace: 7, source: 'backfill' },
      { child_id: 'ann', since: '2026-03-05', due_date: '2026-03-12', reason: 'R4', grace: 2, source: 'backfill' },
      { child_id: 'bo', since: '2026-01-05', due_date: '2026-02-02', reason: 'R1', grace: 7, source: 'backfill' },
      { child_id: 'bo', since: '2026-02-10', due_date: '2026-03-10', reason: 'R2', grace: 7, source: 'backfill' },
      { child_id: 'bo', since: '2026-03-03', due_date: null, reason: null, grace: null, source: 'backfill' },
    ]);
    expect(await db.selectFrom('child_status_changes').select(['child_id', 'status', 'since']).execute()).toEqual([{ child_id: 'bo', status: 'withdrawn', since: '2026-03-01' }]);
  });
});
