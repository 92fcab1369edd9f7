import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMigratedSqlite, type MigratedSqlite } from '../helpers/sqlite';
import { loadClinicalHistory } from '../../server/followups/clinical-history';

// Migration 0020: a child's urgent alerts and handed-back referrals are read from partial indexes
// of those rows alone.
let dir: string;
let opened: MigratedSqlite;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'child-history-indexes-'));
  opened = await openMigratedSqlite(join(dir, 'test.db'));
});
afterAll(async () => {
  await opened.db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe("the partial indexes of a child's history", () => {
  it("answer the schedule rules' reads of urgent alerts and handed-back referrals, as the server issues them, without the tables", async () => {
    // The statements the history load prepares: the level and the direction must be literals in
    // them (a bound value would not let SQLite choose a partial index once for every run).
    const prepared: string[] = [];
    const prepare = opened.sqlite.prepare.bind(opened.sqlite);
    const spy = (source: string) => {
      prepared.push(source);
      return prepare(source);
    };
    (opened.sqlite as { prepare: unknown }).prepare = spy;
    try {
      await loadClinicalHistory(opened.db, 'no-such-child');
    } finally {
      (opened.sqlite as { prepare: unknown }).prepare = prepare;
    }
    const plan = (table: string) => {
      const statement = prepared.find((s) => s.includes(`from "${table}"`));
      expect(statement).toBeDefined();
      return (prepare(`explain query plan ${statement}`).all('x') as { detail: string }[]).map((r) => r.detail).join('\n');
    };
    expect(plan('clinical_alerts')).toContain('USING COVERING INDEX clinical_alerts_urgent (child_id=?)');
    expect(plan('referrals')).toContain('USING COVERING INDEX referrals_handed_back (child_id=?');
  });
});
