import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { openMigratedSqlite, type MigratedSqlite } from '../helpers/sqlite';
import { prepareInsert, prepareQuery, prepareUpdateById } from '../../db/prepared';

let dir: string;
let opened: MigratedSqlite;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'prepared-'));
  opened = await openMigratedSqlite(join(dir, 'test.db'));
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
const rowsOf = prepareQuery((db, action: string) => db.selectFrom('audit_log').select(['action', 'entity', 'entity_id', 'outcome', 'request_id']).where('action', '=', action).where('outcome', '=', 'ok').orderBy('id'));

describe('prepareQuery', () => {
  it("builds the query once and binds each call's arguments, keeping the constants the builder wrote", async () => {
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

  it("runs inside the caller's transaction", async () => {
    await expect(
      opened.db.transaction().execute(async (trx) => {
        await insertRow(trx, 'in.transaction', 'c4', 'r4');
        expect(await rowsOf(trx, 'in.transaction')).toHaveLength(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await rowsOf(opened.db, 'in.transaction')).toEqual([]);
  });

  it('on the database, never reads what an open transaction may still roll back', async () => {
    let inserted!: () => void;
    const insertedNow = new Promise<void>((resolve) => (inserted = resolve));
    let asked!: () => void;
    const readAsked = new Promise<void>((resolve) => (asked = resolve));
    const rolledBack = opened.db.transaction().execute(async (trx) => {
      await insertRow(trx, 'uncommitted', 'c6', 'r6');
      inserted();
      await readAsked; // open until the read below has been asked
      throw new Error('roll back');
    });
    await insertedNow;
    expect(opened.sqlite.inTransaction).toBe(true);
    const seen = rowsOf(opened.db, 'uncommitted'); // asked while the transaction is open
    expect(opened.sqlite.inTransaction).toBe(true);
    asked();
    await expect(rolledBack).rejects.toThrow('roll back');
    expect(await seen).toEqual([]);
    // With no transaction open, a write and a read on the database run directly and are committed.
    await insertRow(opened.db, 'direct', 'c7', 'r7');
    expect(opened.sqlite.inTransaction).toBe(false);
    expect(await rowsOf(opened.db, 'direct')).toEqual([{ action: 'direct', entity: 'child', entity_id: 'c7', outcome: 'ok', request_id: 'r7' }]);
  });

  it('gives the same rows as Kysely, a column named twice keeping its last value', async () => {
    const build = (db: Kysely<DB>, a: string) =>
      db.selectFrom('audit_log as x').innerJoin('audit_log as y', 'y.id', 'x.id').select(['x.id', 'x.entity_id', 'y.request_id', 'y.action as entity_id', 'x.user_id']).where('x.action', '=', a).orderBy('x.id');
    const direct = prepareQuery(build);
    await insertRow(opened.db, 'same.rows', 'c1', 'r1');
    await insertRow(opened.db, 'same.rows', null, 'r2');
    const viaKysely = await build(opened.db, 'same.rows').execute();
    expect(viaKysely).toHaveLength(2);
    expect(viaKysely[0]).toMatchObject({ entity_id: 'same.rows', request_id: 'r1', user_id: null });
    expect(await direct(opened.db, 'same.rows')).toEqual(viaKysely);
    expect(await opened.db.transaction().execute((trx) => direct(trx, 'same.rows'))).toEqual(viaKysely);
  });

  it("in a shared commit, a failing unit's statements are rolled back and the others' kept", async () => {
    const before = opened.group.stats.transactions;
    const units = ['kept.1', 'failed', 'kept.2'].map((action) =>
      opened.db.transaction().execute(async (trx) => {
        await insertRow(trx, action, 'c8', 'r8');
        expect(await rowsOf(trx, action)).toHaveLength(1);
        if (action === 'failed') throw new Error('unit fails');
        return action;
      }),
    );
    const outcomes = await Promise.allSettled(units);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(opened.group.stats.transactions - before).toBe(1);
    for (const action of ['kept.1', 'kept.2']) expect(await rowsOf(opened.db, action)).toHaveLength(1);
    expect(await rowsOf(opened.db, 'failed')).toEqual([]);
  });

  it('binds an argument used twice at both places', async () => {
    const both = prepareQuery((db, a: string) => db.selectFrom('audit_log').select('request_id').where('action', '=', a).where('entity', '!=', a).orderBy('id'));
    await insertRow(opened.db, 'used.twice', 'c1', 't1');
    await insertRow(opened.db, 'used.twice', null, 't2');
    await insertRow(opened.db, 'child', 'c1', 't3'); // action and entity both 'child'
    expect(await both(opened.db, 'used.twice')).toEqual([{ request_id: 't1' }, { request_id: 't2' }]);
    expect(await both(opened.db, 'child')).toEqual([]);
  });

  it('refuses a builder that does not use an argument as a value', async () => {
    const unused = prepareQuery((db, _a: string) => db.selectFrom('audit_log').select('id'));
    await expect(unused(opened.db, 'x')).rejects.toThrow('argument 0 is not used as a value');
    const inText = prepareQuery((db, a: string) =>
      db
        .selectFrom('audit_log')
        .select('id')
        .where(sql.raw<boolean>(`action = '${a}'`)),
    );
    await expect(inText(opened.db, 'x')).rejects.toThrow('used in the SQL text');
  });

  it('refuses an undefined argument rather than binding it', async () => {
    await expect(insertRow(opened.db, 'refused.undefined', undefined as unknown as null, 'r5')).rejects.toThrow('undefined');
    expect(await rowsOf(opened.db, 'refused.undefined')).toEqual([]);
  });
});

describe('prepareInsert', () => {
  const insertVersion = prepareInsert('centre_data_version', ['center_id', 'version']);

  it('inserts the row with exactly its columns, and refuses a missing one', async () => {
    await insertVersion(opened.db, { center_id: 'c-1', version: 7 });
    await insertVersion(opened.db, { center_id: 'c-2', version: 0 });
    const rows = await opened.db.selectFrom('centre_data_version').select(['center_id', 'version']).where('center_id', 'in', ['c-1', 'c-2']).orderBy('center_id').execute();
    expect(rows).toEqual([
      { center_id: 'c-1', version: 7 },
      { center_id: 'c-2', version: 0 },
    ]);
    await expect(insertVersion(opened.db, { center_id: 'c-3' } as never)).rejects.toThrow('undefined');
    const wider = { center_id: 'c-4', version: 1, extra: 2 };
    await expect(insertVersion(opened.db, wider)).rejects.toThrow('column extra is not in the list');
    expect(await opened.db.selectFrom('centre_data_version').select('center_id').where('center_id', 'in', ['c-3', 'c-4']).execute()).toEqual([]);
  });
});

describe('prepareUpdateById', () => {
  const renameCentre = prepareUpdateById('centers', ['name', 'street']);
  const centre = (id: string) => opened.db.selectFrom('centers').select(['id', 'name', 'name_en', 'street']).where('id', '=', id).executeTakeFirstOrThrow();

  it('updates exactly its columns of the row with that id, and refuses a missing or extra column', async () => {
    for (const id of ['centre-a', 'centre-b']) {
      await opened.db
        .insertInto('centers')
        .values({ id, name: `名 ${id}`, name_en: `name ${id}`, kind: 'community', district: 'pudong', street: '街道', created_at: '2026-11-27T00:00:00.000Z' })
        .execute();
    }
    await renameCentre(opened.db, 'centre-a', { name: '新名', street: '张江' });
    expect(await centre('centre-a')).toEqual({ id: 'centre-a', name: '新名', name_en: 'name centre-a', street: '张江' });
    expect(await centre('centre-b')).toEqual({ id: 'centre-b', name: '名 centre-b', name_en: 'name centre-b', street: '街道' });
    await expect(renameCentre(opened.db, 'centre-b', { name: 'x' } as never)).rejects.toThrow('undefined');
    await expect(renameCentre(opened.db, 'centre-b', { name: 'x', street: 'y', name_en: 'y' } as never)).rejects.toThrow('column name_en is not in the list');
    expect(await centre('centre-b')).toEqual({ id: 'centre-b', name: '名 centre-b', name_en: 'name centre-b', street: '街道' });
  });
});
