import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { enrol } from '../children/fixtures';
import { linkParent } from './fixtures';

let w: World;
let child: string;
const entry = (over: Record<string, unknown> = {}) => ({ daytimeSymptoms: 'mild', nightWaking: false, nightCough: true, activityLimited: false, relieverUses: 1, pefAm: 200, ...over });
const sync = (date: string, body: Record<string, unknown>, who = 'parent1') => w.call(who, 'POST', `/api/v1/children/${child}/diary/${date}/sync`, body);
const rows = (date: string) => w.db.selectFrom('diary_entries').selectAll().where('child_id', '=', child).where('date', '=', date).execute();

beforeAll(async () => {
  w = await createWorld();
});
afterAll(() => w.close());
// A child per test: each test writes the diary days it reads.
beforeEach(async () => {
  child = await enrol(w);
  await linkParent(w, child);
});

describe('offline diary sync', () => {
  it('the same entry replayed twice is stored once and answers the same', async () => {
    const first = await sync('2026-03-01', { ...entry(), clientId: 'phone-1', baseUpdatedAt: null });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ clientId: 'phone-1', pefZone: 'yellow', replayed: false });
    w.clock.advance(60_000);
    const again = await sync('2026-03-01', { ...entry(), clientId: 'phone-1', baseUpdatedAt: null });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, updatedAt: first.body.updatedAt, replayed: true });
    expect(await rows('2026-03-01')).toHaveLength(1);
    const revisions = await w.db.selectFrom('diary_revisions').select('id').where('child_id', '=', child).execute();
    expect(revisions).toHaveLength(0);
  });

  it('an entry changed on the server since the phone saw it is a 409 conflict with the server version', async () => {
    const web = await w.call('parent1', 'PUT', `/api/v1/children/${child}/diary/2026-03-02`, entry({ relieverUses: 3, pefAm: 280 }));
    expect(web.status).toBe(200);
    const res = await sync('2026-03-02', { ...entry({ relieverUses: 0 }), clientId: 'phone-2', baseUpdatedAt: null });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    expect(res.body.server).toMatchObject({ id: web.body.id, relieverUses: 3, pefAm: 280, updatedAt: web.body.updatedAt });
    expect((await rows('2026-03-02'))[0]!.reliever_uses).toBe(3);
    // A stale base is a conflict too.
    expect((await sync('2026-03-02', { ...entry(), clientId: 'phone-2', baseUpdatedAt: '2026-01-01T00:00:00.000Z' })).status).toBe(409);
  });

  it('"keep mine": resent on top of the server version, it replaces it (and the audit keeps both)', async () => {
    expect((await w.call('parent1', 'PUT', `/api/v1/children/${child}/diary/2026-03-02`, entry({ relieverUses: 3, pefAm: 280 }))).status).toBe(200);
    const server = (await rows('2026-03-02'))[0]!;
    expect(server.reliever_uses).toBe(3);
    w.clock.advance(60_000);
    const res = await sync('2026-03-02', { ...entry({ relieverUses: 0 }), clientId: 'phone-2', baseUpdatedAt: server.updated_at });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: server.id, relieverUses: 0, clientId: 'phone-2' });
    expect(await w.db.selectFrom('diary_revisions').select('id').where('diary_entry_id', '=', server.id).execute()).toHaveLength(1);
  });

  it("the phone's own earlier upload is no conflict: a second edit from a page kept offline names it in its chain", async () => {
    const first = await sync('2026-02-28', { ...entry(), clientId: 'phone-a1', baseUpdatedAt: null });
    expect(first.status).toBe(200);
    w.clock.advance(60_000);
    // The page was kept before the first upload: its base is still "no entry".
    const second = await sync('2026-02-28', { ...entry({ relieverUses: 4 }), clientId: 'phone-a2', baseUpdatedAt: null, previousClientIds: ['phone-a1'] });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ id: first.body.id, relieverUses: 4, clientId: 'phone-a2', replayed: false });
    expect(await rows('2026-02-28')).toHaveLength(1);
    // A third edit chaining both: the server's version is still the phone's own.
    w.clock.advance(60_000);
    const third = await sync('2026-02-28', { ...entry({ relieverUses: 5 }), clientId: 'phone-a3', baseUpdatedAt: first.body.updatedAt, previousClientIds: ['phone-a1', 'phone-a2'] });
    expect(third.status).toBe(200);
    expect((await rows('2026-02-28'))[0]!.reliever_uses).toBe(5);
  });

  it('the updatedAt this phone last received is the base: the next edit goes through without a chain', async () => {
    const first = await sync('2026-02-28', { ...entry(), clientId: 'phone-b1', baseUpdatedAt: null });
    w.clock.advance(60_000);
    const second = await sync('2026-02-28', { ...entry({ relieverUses: 2 }), clientId: 'phone-b2', baseUpdatedAt: first.body.updatedAt });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ relieverUses: 2, clientId: 'phone-b2' });
  });

  it("someone else's version written since the phone's upload is still a conflict, chain or not", async () => {
    const first = await sync('2026-02-28', { ...entry(), clientId: 'phone-c1', baseUpdatedAt: null });
    w.clock.advance(60_000);
    const web = await w.call('parent1', 'PUT', `/api/v1/children/${child}/diary/2026-02-28`, entry({ relieverUses: 3 }));
    expect(web.status).toBe(200);
    w.clock.advance(60_000);
    const res = await sync('2026-02-28', { ...entry({ relieverUses: 0 }), clientId: 'phone-c2', baseUpdatedAt: first.body.updatedAt, previousClientIds: ['phone-c1'] });
    expect(res.status).toBe(409);
    expect(res.body.server).toMatchObject({ relieverUses: 3, updatedAt: web.body.updatedAt });
    expect((await rows('2026-02-28'))[0]!.reliever_uses).toBe(3);
  });

  it('a chain is bounded: more than 20 earlier ids is a 400 naming the field', async () => {
    const res = await sync('2026-02-28', { ...entry(), clientId: 'phone-d', baseUpdatedAt: null, previousClientIds: Array.from({ length: 21 }, (_, i) => `id-${i}`) });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('previousClientIds');
  });

  it('is scoped like the diary: another family gets 404, a nurse 403', async () => {
    expect((await w.call('parent1', 'PUT', `/api/v1/children/${child}/diary/2026-03-02`, entry())).status).toBe(200);
    expect((await sync('2026-03-02', { ...entry(), clientId: 'x', baseUpdatedAt: null }, 'parent2')).status).toBe(404);
    expect((await sync('2026-03-02', { ...entry(), clientId: 'x', baseUpdatedAt: null }, 'nurse1')).status).toBe(403);
    expect((await sync('2026-03-02', { ...entry(), baseUpdatedAt: null })).status).toBe(400);
  });
});
