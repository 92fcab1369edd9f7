// The referral race on PostgreSQL (issue 33): two instances each accept or reject the same referral
// at the same moment, each in its own SERIALIZABLE transaction. The second instance's use case is
// paused right after it read 'requested', inside its transaction, while the first moves and commits.
// Then it goes on: PostgreSQL refuses its write as a serialization failure, the unit runs again,
// reads the referral as it now is, and the state machine answers 409. One winner, one history row.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase, type OpenedDatabase } from '../../db/connection';
import { createApp } from '../../server/app';
import { PauseAfterReferralRead } from '../helpers/pause-read';
import { createWorld, type World } from '../helpers/world';
import { referredUp } from '../server/referrals/fixtures';

let w: World;
let second: OpenedDatabase;
beforeEach(async () => {
  w = await createWorld();
  second = await createDatabase({ path: w.dbPath });
});
afterEach(async () => {
  await second.close();
  await w.close();
});

describe('two instances move one referral at the same moment', () => {
  it.each([
    { late: 'accept', lateBody: {}, first: 'accept', firstBody: {}, final: 'accepted' },
    { late: 'reject', lateBody: { reason: '不符合指征' }, first: 'accept', firstBody: {}, final: 'accepted' },
  ])('the first $first wins; the second instance, paused after reading "requested", gets 409 for its $late', async ({ late, lateBody, first, firstBody, final }) => {
    const { id } = await referredUp(w);
    const cookie = await w.cookieFor('hospital');
    const pause = new PauseAfterReferralRead();
    const { app } = createApp({ ...w.deps, db: second.db.withPlugin(pause) });
    const lateMove = app.request(`/api/v1/referrals/${id}/${late}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(lateBody) });
    await pause.reached;
    expect(pause.seen).toBe('requested');

    const won = await w.call('hospital', 'POST', `/api/v1/referrals/${id}/${first}`, firstBody);
    expect(won.status, won.text).toBe(200);

    pause.release();
    const lost = await lateMove;
    expect(lost.status).toBe(409);
    expect(((await lost.json()) as { error: { code: string } }).error.code).toBe('illegal_transition');
    const history = await w.db.selectFrom('referral_history').select('to_status').where('referral_id', '=', id).orderBy('id').execute();
    expect(history.map((h) => h.to_status)).toEqual(['requested', final]);
    expect((await w.db.selectFrom('referrals').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe(final);
  });
});
