import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openAndMigrate } from '../../server/bootstrap';
import type { OpenedDb } from '../../db/connection';
import { prepareQuery } from '../../db/prepared';

let dir: string;
let opened: OpenedDb;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'prepared-'));
  opened = await openAndMigrate(join(dir, 'test.db'));
});
afterAll(async () => {
  await opened.db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

let builds = 0;
const insertRow = prepareQuery((db, action: string, entityId: string | null, requestId: string) => {
  builds += 1;
  return db.insertInto('audit_log').values({ at: '2026-11-27T00:00:00.000Z', user_id: null, role: null, action, entity: 'child', entity_id: entityId, outcome: 'ok', request_id: requestId });
});
const rowsOf = prepareQuery((db, action: string) =>
  db.selectFrom('audit_log').select(['action', 'entity', 'entity_id', 'outcome', 'request_id']).where('action', '=', action).where('outcome', '=', 'ok').orderBy('id'));

describe('prepareQuery', () => {
  it('builds the query once and binds each call\'s arguments, keeping the constants the builder wrote', async () => {
    await insertRow(opened.db, 'child.read', 'c1', 'r1');
    await insertRow(opened.db, 'child.read', null, 'r2');
    await insertRow(opened.db, 'child.update', 'c3', 'r3');
    expect(builds).toBe(1);
    expect(await rowsOf(opened.db, 'child.read')).toEqual([
      { action: 'child.read', entity: 'child', entity_id: 'c1', outcome: 'ok', request_id: 'r1' },
      { action: 'child.read', entity: 'child', entity_id: null, outcome: 'ok', request_id: 'r2' },
    ]);
    expect((await rowsOf(opened.db, 'child.update')).map((r) => r.entity_id)).toEqual(['c3']);
    expect(await rowsOf(opened.db, 'nothing')).toEqual([]);
  });

  it('runs inside the caller\'s transaction', async () => {
    await expect(opened.db.transaction().execute(async (trx) => {
      await insertRow(trx, 'in.transaction', 'c4', 'r4');
      expect(await rowsOf(trx, 'in.transaction')).toHaveLength(1);
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    expect(await rowsOf(opened.db, 'in.transaction')).toEqual([]);
  });

  it('refuses a builder whose arguments do not map one to one onto values', async () => {
    const twice = prepareQuery((db, a: string) => db.selectFrom('audit_log').select('id').where('action', '=', a).where('entity', '=', a));
    await expect(twice(opened.db, 'x')).rejects.toThrow('argument 0 appears 2 times');
    const unused = prepareQuery((db, _a: string) => db.selectFrom('audit_log').select('id'));
    await expect(unused(opened.db, 'x')).rejects.toThrow('argument 0 appears 0 times');
    const inText = prepareQuery((db, a: string) => db.selectFrom('audit_log').select('id').where(sql.raw(`action = '${a}'`)));
    await expect(inText(opened.db, 'x')).rejects.toThrow('used in the SQL text');
  });

  it('refuses an undefined argument rather than binding it', async () => {
    await expect(insertRow(opened.db, 'child.read', undefined as unknown as null, 'r5')).rejects.toThrow('undefined');
    expect(await rowsOf(opened.db, 'child.read')).toHaveLength(2);
  });
});
