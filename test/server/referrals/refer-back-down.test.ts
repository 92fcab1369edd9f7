// The hospital completes an upward referral and then refers the child back down (issue 30): it
// keeps sight of the child until that downward referral is accepted, and not after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { downBody, move, referredUp } from './fixtures';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.close();
});

const sees = async (as: string, childId: string) => (await w.call(as, 'GET', `/api/v1/children/${childId}`)).status;
const page = async (as: string, path: string) => {
  const res = await w.app.request(path, { headers: { cookie: await w.cookieFor(as) } });
  return { status: res.status, html: await res.text() };
};

describe('complete, then refer back down', () => {
  it('keeps the child visible to the hospital after completion, lists it for a downward referral, and offers "refer back down"', async () => {
    const { childId, id } = await referredUp(w);
    for (const action of ['accept', 'start']) await move(w, 'hospital', id, action);
    await move(w, 'hospital', id, 'complete', { outcome: '诊断明确，方案已定' });

    expect(await sees('hospital', childId)).toBe(200);
    const detail = await page('hospital', `/referrals/${id}`);
    expect(detail.html).toContain(`/referrals/new?childId=${childId}&amp;previous=${id}`);
    const form = await page('hospital', '/referrals/new');
    expect(form.html).toContain(`value="${childId}"`);

    const down = await w.call('hospital', 'POST', '/api/v1/referrals', { ...downBody(w, childId), previousReferralId: id });
    expect(down.status).toBe(201);
    expect(await sees('hospital', childId)).toBe(200);
    expect((await page('hospital', `/referrals/${id}`)).html).not.toContain('previous=');

    await move(w, 'clinicA', down.body.id, 'accept');
    expect(await sees('hospital', childId)).toBe(404);
    expect(await sees('clinicA', childId)).toBe(200);
  });

  it('a rejected or cancelled upward referral gives the hospital no lasting sight', async () => {
    const { childId, id } = await referredUp(w);
    expect(await sees('hospital', childId)).toBe(200);
    await move(w, 'hospital', id, 'reject', { reason: '不符合' });
    expect(await sees('hospital', childId)).toBe(404);
  });
});
