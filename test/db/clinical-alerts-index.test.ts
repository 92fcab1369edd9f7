import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAndMigrate } from '../../server/bootstrap';
import type { OpenedDb } from '../../db/connection';

// Migration 0020: a child's alerts are read from one index, without a table row per alert.
let dir: string;
let opened: OpenedDb;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clinical-alerts-index-'));
  opened = await openAndMigrate(join(dir, 'test.db'));
});
afterAll(async () => {
  await opened.db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const plan = (query: string) =>
  (opened.sqlite.prepare(`explain query plan ${query}`).all(...query.split('?').slice(1).map(() => 'x')) as { detail: string }[]).map((r) => r.detail).join('\n');

describe('the clinical alerts index by child', () => {
  it('covers the urgent alerts the schedule rules read', () => {
    expect(plan(`select kind, source_date from clinical_alerts where child_id = ? and level = ?`)).toContain('USING COVERING INDEX clinical_alerts_child (child_id=?)');
  });

  it('covers the open alerts the child page shows', () => {
    expect(plan(`select id, kind, level, source_date from clinical_alerts where child_id = ? and acknowledged_at is null`))
      .toContain('USING COVERING INDEX clinical_alerts_child (child_id=? AND acknowledged_at=?)');
  });
});
