// Every page that shows a child's data writes its audit row (issue 29, finding 5), as the API does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../helpers/world';
import { enrol } from '../server/children/fixtures';

let w: World;
let childId: string;
beforeAll(async () => {
  w = await createWorld();
  childId = await enrol(w);
});
afterAll(async () => {
  await w.close();
});

async function auditRowsFor(entityId: string) {
  return w.db.selectFrom('audit_log').select(['action', 'entity']).where('entity_id', '=', entityId).where('action', 'in', ['read', 'search']).execute();
}

async function visit(as: string, path: string) {
  const res = await w.app.request(path, { headers: { cookie: await w.cookieFor(as) } });
  return res.status;
}

describe('pages that show a child are audited', () => {
  const pages = () =>
    [
      ['clinicA', `/children/${childId}`],
      ['clinicA', `/children/${childId}/follow-ups/new`],
      ['clinicA', `/app/plan/${childId}/edit`],
      ['clinicA', `/referrals/new?childId=${childId}`],
    ] as const;

  it.each([0, 1, 2, 3])('page %i writes a read row naming the child', async (i) => {
    const [as, path] = pages()[i]!;
    const before = (await auditRowsFor(childId)).length;
    expect(await visit(as, path)).toBe(200);
    const after = await auditRowsFor(childId);
    expect(after.length, path).toBeGreaterThan(before);
  });

  it("the referral form's list of children is audited as a search", async () => {
    const searches = async () => (await w.db.selectFrom('audit_log').select('id').where('action', '=', 'search').where('entity', '=', 'child').execute()).length;
    const before = await searches();
    expect(await visit('clinicA', '/referrals/new')).toBe(200);
    expect(await searches()).toBe(before + 1);
  });
});
