import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAndMigrate } from '../../server/bootstrap';
import type { OpenedDb } from '../../db/connection';
import { loadClinicalHistory } from '../../server/followups/clinical-history';

// Migration 0020: a child's urgent alerts are read from a partial index of urgent alerts alone.
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

describe('the urgent alerts index', () => {
  it('answers the schedule rules\' read of urgent alerts, as the server issues it, without the table', async () => {
    // The statement the history load prepares: the level must be a literal in it (a bound value
    // would not let SQLite choose a partial index once for every run).
    const prepared: string[] = [];
    const prepare = opened.sqlite.prepare.bind(opened.sqlite);
    const spy = (source: string) => { prepared.push(source); return prepare(source); };
    (opened.sqlite as { prepare: unknown }).prepare = spy;
    try {
      await loadClinicalHistory(opened.db, 'no-such-child');
    } finally {
      (opened.sqlite as { prepare: unknown }).prepare = prepare;
    }
    const urgent = prepared.find((s) => s.includes('clinical_alerts'));
    expect(urgent).toBeDefined();
    const plan = (prepare(`explain query plan ${urgent}`).all('x') as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan).toContain('USING COVERING INDEX clinical_alerts_urgent (child_id=?)');
  });
});
