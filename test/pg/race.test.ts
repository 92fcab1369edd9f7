// The referral race on PostgreSQL (issue 33): two instances each accept or reject the same referral
// at the same moment, each in its own SERIALIZABLE transaction. The second instance's use case is
// paused right after it read 'requested', inside its transaction, while the first moves and commits.
// Then it goes on. PostgreSQL lets one of the two commit and refuses the other's as a serialization
// failure; that unit runs again, reads the referral as it now is, and the state machine answers 409.
// One winner, one history row.
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
    { late: 'accept', lateBody: {}, first: 'accept', firstBody: {} },
    { late: 'reject', lateBody: { reason: '不符合指征' }, first: 'accept', firstBody: {} },
  ])('the second instance reads "requested" and pauses in its transaction while the first moves: one $first or $late wins, the other gets 409', async ({ late, lateBody, first, firstBody }) => {
    const { id } = await referredUp(w);
    const cookie = await w.cookieFor('hospital');
    const pause = new PauseAfterReferralRead();
    const { app } = createApp({ ...w.deps, db: second.db.withPlugin(pause) });
    const lateMove = (async () => {
      const res = await app.request(`/api/v1/referrals/${id}/${late}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(lateBody) });
      return { status: res.status, body: (await res.json()) as { status?: string; error?: { code: string } } };
    })();
    await pause.reached;
    expect(pause.seen).toBe('requested');
    // The first instance moves meanwhile. Which of the two commits first is PostgreSQL's choice
    // (SERIALIZABLE may make the first wait out the paused one); exactly one may win.
    const firstMove = w.call('hospital', 'POST', `/api/v1/referrals/${id}/${first}`, firstBody);
    await new Promise((r) => setTimeout(r, 200));
    pause.release();
    const answers = await Promise.all([firstMove, lateMove]);
    // Exactly one wins. The other is refused: 409 when its retry reads the move, or 503 busy when
    // its 20 tries ran out while the two collided (CI's seed 1796602375 on a loaded machine).
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    const lost = answers.find((a) => a.status !== 200)!;
    expect([lost.status, lost.body.error?.code]).toSatisfy(([status, code]) => (status === 409 && code === 'illegal_transition') || (status === 503 && code === 'busy'));
    const final = (await w.db.selectFrom('referrals').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    expect(final).toBe(answers[0]!.status === 200 ? (first === 'accept' ? 'accepted' : 'rejected') : late === 'accept' ? 'accepted' : 'rejected');
    const history = await w.db.selectFrom('referral_history').select('to_status').where('referral_id', '=', id).orderBy('id').execute();
    expect(history.map((h) => h.to_status)).toEqual(['requested', final]);
  });
});
