// A programme manager sees children only as aggregates (issue 29, finding 1): no list of names,
// no child record, and the guardian-phone search runs only inside a clinician's own scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../helpers/world';
import { enrol } from '../server/children/fixtures';

let w: World;
let childId: string;
beforeAll(async () => {
  w = await createWorld();
  childId = await enrol(w, { guardian: { name: '手机家长', phone: '13912345678', relation: '母亲' } });
  await w.call('clinicA', 'POST', `/api/v1/children/${childId}/guardians`, { userId: w.userIds.parent1 });
});
afterAll(async () => {
  await w.close();
});

describe("a manager and children's records", () => {
  it('is refused the list (with or without a centre, withdrawn included), the record, follow-ups, diary and export', async () => {
    for (const path of [
      '/api/v1/children',
      `/api/v1/children?centerId=${w.ids.centreA}&status=all`,
      '/api/v1/children?q=139',
      `/api/v1/children/${childId}`,
      `/api/v1/children/${childId}/follow-ups`,
      `/api/v1/children/${childId}/diary`,
      `/api/v1/children/${childId}/export`,
    ]) {
      const res = await w.call('manager', 'GET', path);
      expect(res.status, path).toBe(403);
      expect(res.text, path).not.toContain('手机家长');
    }
  });

  it('a digit search finds by phone only for clinical staff; a parent typing digits searches names', async () => {
    const clinician = await w.call('clinicA', 'GET', '/api/v1/children?q=1391');
    expect(clinician.body.items.map((c: { id: string }) => c.id)).toContain(childId);
    const parent = await w.call('parent1', 'GET', '/api/v1/children?q=1391');
    expect(parent.status).toBe(200);
    expect(parent.body.items).toEqual([]);
  });
});
