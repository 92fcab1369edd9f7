// `npm run text-audit` lists rows saved before the typed-text rule, and never their values.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUntypedText } from '../../scripts/text-audit-scan';
import { createWorld, ids, type World } from '../helpers/world';
import { childBody } from '../server/children/fixtures';

let w: World;
let childId: string;
beforeAll(async () => {
  w = await createWorld();
  const res = await w.call('clinicA', 'POST', '/api/v1/children', childBody(w));
  childId = (res.body as { id: string }).id;
});
afterAll(async () => {
  await w?.close();
});

describe('text audit', () => {
  it('finds a NUL name, a bell in a note and a blank school name written around the API, and nothing else', async () => {
    const sqlite = new Database(w.dbPath);
    try {
      expect(findUntypedText(sqlite)).toEqual([]);
      sqlite.prepare('update children set name = ? where id = ?').run('\u0000', childId);
      sqlite.prepare('update schools set name = ? where id = ?').run('   ', ids.school1);
      sqlite.prepare('update centers set street = ? where id = ?').run('a\u0007', ids.centreB);
      const found = findUntypedText(sqlite);
      expect(found).toEqual(
        expect.arrayContaining([
          { table: 'children', rowId: childId, column: 'name', problem: 'control' },
          { table: 'schools', rowId: ids.school1, column: 'name', problem: 'blank' },
          { table: 'centers', rowId: ids.centreB, column: 'street', problem: 'control' },
        ]),
      );
      expect(found).toHaveLength(3);
      expect(JSON.stringify(found)).not.toContain('\u0000');
    } finally {
      sqlite.close();
    }
  });
});
