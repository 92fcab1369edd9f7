// A retired kit takes no checks or uses through the API (issue 30): they would be counted nowhere.
// Putting it back in use makes it writable again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, ids, type World } from '../../helpers/world';

let w: World;
beforeAll(async () => {
  w = await createWorld({ now: '2025-10-20T02:00:00Z' });
});
afterAll(async () => {
  await w.close();
});

const docs = { instructionCard: true, leaflet: true, checkCard: true, adminRecord: true, replacementNote: true };
const check = { date: '2025-10-20', mdiPresent: true, mdiInDate: true, dosesOk: true, spacers: 2, documents: docs, unlocked: true, storageOk: true, poster: true, registerReachable: true };
const use = { usedAt: '2025-10-19T02:00:00Z', place: '操场', symptoms: ['wheeze'], puffs: 4, spacerUsed: true, givenBy: '王老师', called120: false, outcome: 'backToClass', mdiBatch: 'V1' };

describe('a retired kit', () => {
  it('refuses a check and a use with 409, stores neither, and takes them again once back in use', async () => {
    const kit = await w.call('nurse1', 'POST', `/api/v1/schools/${ids.school1}/kits`, { label: 'Retired kit', kind: 'fixed', location: '保健室', locked: false, storageOk: true, spacers: 2, documents: docs });
    expect(kit.status).toBe(201);
    const kitId = kit.body.id as string;
    expect((await w.call('nurse1', 'PATCH', `/api/v1/kits/${kitId}`, { status: 'retired', reason: '已报废' })).status).toBe(200);
    for (const [path, body] of [
      ['checks', check],
      ['uses', use],
    ] as const) {
      const res = await w.call('nurse1', 'POST', `/api/v1/kits/${kitId}/${path}`, body);
      expect(res.status, path).toBe(409);
      expect(res.body.error.code).toBe('illegal_transition');
    }
    expect(await w.db.selectFrom('kit_checks').select('id').where('kit_id', '=', kitId).execute()).toEqual([]);
    expect(await w.db.selectFrom('kit_uses').select('id').where('kit_id', '=', kitId).execute()).toEqual([]);
    expect((await w.call('nurse1', 'PATCH', `/api/v1/kits/${kitId}`, { status: 'active' })).status).toBe(200);
    expect((await w.call('nurse1', 'POST', `/api/v1/kits/${kitId}/checks`, check)).status).toBe(201);
    expect((await w.call('nurse1', 'POST', `/api/v1/kits/${kitId}/uses`, use)).status).toBe(201);
  });
});
