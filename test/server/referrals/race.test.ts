// Two moves of one referral that both decided on 'requested' (issue 38): the UPDATE in
// moveReferral is guarded by the status the decision was made on (WHERE status = <read>), so of
// two moves made on the same read exactly one changes the row and the other gets 409.
//
// On one connection, or between two connections that each read and write inside one SQLite
// transaction (BEGIN IMMEDIATE, db/sqlite/open.ts), the second move always reads after the first
// committed and the state machine refuses it before the UPDATE: the guard is never what decides.
// It decides when the read is not held until the write: here the second server (its own
// connection to the same database file) runs each move's statements without a transaction
// holding them together, and pauses right after reading the referral, while the first server
// reads the same 'requested', moves and commits. Then the second one writes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely, TransactionBuilder } from 'kysely';
import { PauseAfterReferralRead } from '../../helpers/pause-read';
import { openSqlite, type OpenedSqlite } from '../../../db/sqlite/open';
import type { DB } from '../../../db/schema';
import { createApp } from '../../../server/app';
import { createWorld, type World } from '../../helpers/world';
import { referredUp } from './fixtures';

let w: World;
let second: OpenedSqlite;
beforeEach(async () => {
  w = await createWorld();
  second = openSqlite(w.dbPath);
});
afterEach(async () => {
  await second.db.destroy();
  await w.close();
});

/**
 * The second server: its own connection, whose use cases run their statements as they come (no
 * transaction holds a read until the write), each read of a referral paused by `pause` if given.
 */
function secondServer(pause?: PauseAfterReferralRead) {
  const db = second.db;
  const statements: Kysely<DB> = pause ? db.withPlugin(pause) : db;
  const builder = {
    execute: <T>(fn: (trx: Kysely<DB>) => Promise<T>) => fn(statements),
    setAccessMode: () => builder,
    setIsolationLevel: () => builder,
  };
  (db as { transaction: () => unknown }).transaction = () => builder as unknown as TransactionBuilder<DB>;
  const { app } = createApp({ ...w.deps, db });
  return async (action: string, body: Record<string, unknown>, referralId: string) => {
    const res = await app.request(`/api/v1/referrals/${referralId}/${action}`, {
      method: 'POST',
      headers: { cookie: await w.cookieFor('hospital'), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { status?: string; error?: { code: string } } };
  };
}

const history = async (id: string) => (await w.db.selectFrom('referral_history').select('to_status').where('referral_id', '=', id).orderBy('id').execute()).map((h) => h.to_status);
const statusOf = async (id: string) => (await w.db.selectFrom('referrals').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

describe('two moves decided on the same read of a referral', () => {
  it.each([
    { lateAction: 'accept', lateBody: {}, firstAction: 'accept', firstBody: {}, final: 'accepted' },
    { lateAction: 'accept', lateBody: {}, firstAction: 'reject', firstBody: { reason: '床位已满' }, final: 'rejected' },
    { lateAction: 'reject', lateBody: { reason: '不符合指征' }, firstAction: 'accept', firstBody: {}, final: 'accepted' },
  ])('both read "requested"; the first server $firstAction first, then the second one\'s $lateAction is 409', async ({ lateAction, lateBody, firstAction, firstBody, final }) => {
    const { id } = await referredUp(w);
    await w.cookieFor('hospital');
    const pause = new PauseAfterReferralRead();
    const late = secondServer(pause)(lateAction, lateBody, id);
    await pause.reached;
    expect(pause.seen).toBe('requested');

    // Meanwhile, on the first server's connection: it reads 'requested' too, moves and commits.
    const first = await w.call('hospital', 'POST', `/api/v1/referrals/${id}/${firstAction}`, firstBody);
    expect(first.status, first.text).toBe(200);
    expect(await statusOf(id)).toBe(final);

    // The second server goes on from its read: its UPDATE finds the status changed.
    pause.release();
    const lost = await late;
    expect(lost.status).toBe(409);
    expect(lost.body.error?.code).toBe('illegal_transition');
    expect(await statusOf(id)).toBe(final);
    expect(await history(id)).toEqual(['requested', final]);
    const moves = await w.db.selectFrom('audit_log').select('action').where('entity', '=', 'referral').where('entity_id', '=', id).where('action', '!=', 'create').execute();
    expect(moves.map((m) => m.action)).toEqual([firstAction]);
  });

  it('the second server alone moves a referral as the first does (the set-up refuses nothing by itself)', async () => {
    const { id } = await referredUp(w);
    await w.cookieFor('hospital');
    const res = await secondServer()('accept', {}, id);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('accepted');
    expect(await history(id)).toEqual(['requested', 'accepted']);
  });
});
