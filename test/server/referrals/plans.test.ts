// Opening a referral at city scale: the lookups it makes use an index, not a scan of every referral.
import { CompiledQuery, type Compilable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { continuationsOf } from '../../../server/referrals/service';
import { sqliteOnly } from '../../helpers/pg';
import { createWorld, type World } from '../../helpers/world';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => w.close());

const planOf = async (query: Compilable<unknown>) => {
  const compiled = query.compile();
  const rows = await w.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]));
  return rows.rows.map((r) => r.detail).join(' | ');
};

describe.runIf(sqliteOnly)('opening a referral', () => {
  it('finds the referrals that continue it through their index, already in order', async () => {
    const plan = await planOf(continuationsOf(w.db, '0190a000-0000-7000-8000-000000000000'));
    expect(plan).toMatch(/^SEARCH referrals USING (COVERING )?INDEX referrals_previous \(previous_referral_id=\?\)$/);
  });
});
