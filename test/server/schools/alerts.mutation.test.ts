// The kit alerts list (server/schools/alerts.ts), pinned for the mutants the alerts group's run
// left alive (issue 38, test/MUTATION.md): a cursor that is not one of the list's own is refused,
// a page that holds exactly the rest has no next cursor, ?within wider than the default shows the
// expiries it reaches, and the school summary lists its alerts most severe first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../../server/http/paging';
import { createWorld, ids, type World } from '../../helpers/world';

let w: World;
beforeAll(async () => {
  w = await createWorld({ now: '2025-10-20T02:00:00Z' });
});
afterAll(async () => {
  await w.close();
});

const docs = { instructionCard: true, leaflet: true, checkCard: true, adminRecord: true, replacementNote: true };
const mdi = (batch: string, expiry: string, counterReading = 200) => ({ batch, expiry, counterReading });
/** A kit of its own in a school of the caller's; returns its id. */
async function addKit(user: string, schoolId: string, label: string, mdis: unknown[]): Promise<string> {
  const res = await w.call(user, 'POST', `/api/v1/schools/${schoolId}/kits`, { label, kind: 'fixed', location: '保健室', locked: false, storageOk: true, spacers: 2, documents: docs, mdis });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

describe('GET /kits/alerts (today 2025-10-20)', () => {
  it('refuses a cursor of the wrong shape, naming cursor', async () => {
    for (const parts of [
      [1, 'k', 'mdiExpiry'],
      ['1', 'k', 'mdiExpiry', 'm'],
      [1, 'k', 'mdiExpiry', 2],
      [1, 2, 'mdiExpiry', 'm'],
      [1, 'k', 3, 'm'],
    ]) {
      const res = await w.call('nurse2', 'GET', `/api/v1/kits/alerts?cursor=${encodeCursor(parts)}`);
      expect(res.status, JSON.stringify(parts)).toBe(400);
      expect(res.body.error.details).toEqual([{ path: 'cursor', message: 'Not a valid page cursor: start again from the first page' }]);
    }
    expect((await w.call('nurse2', 'GET', `/api/v1/kits/alerts?cursor=${encodeCursor([1, 'k', 'mdiExpiry', 'm'])}`)).status).toBe(200);
  });

  it('a page that holds exactly what is left has no next cursor; one short of it has', async () => {
    await addKit('nurse2', ids.school2, 'Paging kit', [mdi('PG1', '2025-10-25'), mdi('PG2', '2025-11-10')]);
    const all = (await w.call('nurse2', 'GET', '/api/v1/kits/alerts?limit=500')).body.items as unknown[];
    expect(all.length).toBeGreaterThan(1);
    expect((await w.call('nurse2', 'GET', `/api/v1/kits/alerts?limit=${all.length}`)).body.nextCursor).toBeNull();
    const short = await w.call('nurse2', 'GET', `/api/v1/kits/alerts?limit=${all.length - 1}`);
    expect(short.body.items).toHaveLength(all.length - 1);
    expect(short.body.nextCursor).not.toBeNull();
  });

  it('?within wider than 60 days keeps every expiry warning the rule raises; narrower drops the later ones', async () => {
    const kit = await addKit('nurse1', ids.school1, 'Within kit', [mdi('W50', '2025-12-09'), mdi('W20', '2025-11-09'), mdi('W5', '2025-10-25')]);
    const batches = async (within?: number) =>
      (await w.call('nurse1', 'GET', `/api/v1/kits/alerts?limit=500${within === undefined ? '' : `&within=${within}`}`)).body.items
        .filter((a: { kitId: string; kind: string }) => a.kitId === kit && a.kind === 'mdiExpiry')
        .map((a: { mdiBatch: string; daysToExpiry: number }) => `${a.mdiBatch} ${a.daysToExpiry}`);
    expect(await batches()).toEqual(['W5 5', 'W20 20', 'W50 50']);
    expect(await batches(366)).toEqual(['W5 5', 'W20 20', 'W50 50']);
    expect(await batches(50)).toEqual(['W5 5', 'W20 20', 'W50 50']);
    expect(await batches(49)).toEqual(['W5 5', 'W20 20']);
    expect(await batches(0)).toEqual([]);
  });
});

describe('the school summary', () => {
  it('lists the alerts most severe first', async () => {
    // Added in the order least severe first: a 50-day expiry, a low count, an expired MDI.
    const kit = await addKit('nurse2', ids.school2, 'Summary kit', [mdi('S50', '2025-12-09'), mdi('S30P', '2026-09', 30), mdi('SX', '2025-10-19')]);
    const res = await w.call('nurse2', 'GET', `/api/v1/schools/${ids.school2}/summary`);
    expect(res.status).toBe(200);
    const mine = res.body.alerts.filter((a: { kitId: string; kind: string }) => a.kitId === kit && a.kind !== 'kitCheck').map((a: { mdiBatch: string; level: string }) => `${a.mdiBatch} ${a.level}`);
    expect(mine).toEqual(['SX expired', 'S30P below40', 'S50 within60']);
  });
});
