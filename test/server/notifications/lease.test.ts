// Two send passes at once on one database, each on its own connection (two instances' schedulers, or
// the server and the jobs CLI): the rows are read without a lock and claimed by an update that takes
// only those still due, so each message is sent once, whichever pass read it first, and a pass that
// lost a race reads again instead of stopping.
import { afterEach, beforeAll, afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase, type OpenedDatabase } from '../../../db/connection';
import { runNotifyPass } from '../../../jobs/notify';
import { runIndexJob } from '../../../server/asthma-index/job';
import { createWorld, type World } from '../../helpers/world';
import { closeFakes, families, notifyConfig, outbox, startFakes, type Fakes } from './world';

let f: Fakes;
let w: World;
let second: OpenedDatabase;

beforeAll(async () => {
  f = await startFakes();
});
afterAll(async () => {
  await closeFakes(f);
});
beforeEach(async () => {
  f.sms.sent.length = 0;
  f.wechat.sent.length = 0;
  w = await createWorld({ now: '2025-01-20T22:00:00Z', config: notifyConfig(f) });
  await families(w, f);
  await runIndexJob(w.deps, { trigger: 'cli' });
  // 06:00: the morning's messages are queued and held for quiet hours.
  await runNotifyPass(w.deps);
  second = await createDatabase({ path: w.dbPath });
  w.clock.set('2025-01-20T23:00:00Z');
});
afterEach(async () => {
  await second.close();
  await w.close();
});

async function bothPasses(limit?: number) {
  const queued = await outbox(w);
  expect(queued.length).toBeGreaterThanOrEqual(3);
  expect(queued.every((r) => r.status === 'pending')).toBe(true);
  const [a, b] = await Promise.all([runNotifyPass(w.deps, { limit }), runNotifyPass({ ...w.deps, db: second.db }, { limit })]);
  expect(a.sent + b.sent).toBe(queued.length);
  expect(f.sms.sent.length + f.wechat.sent.length).toBe(queued.length);
  const rows = await outbox(w);
  expect(rows.map((r) => [r.status, r.attempts])).toEqual(queued.map(() => ['sent', 1]));
  return [a, b] as const;
}

describe('two send passes at the same moment', () => {
  it('send each queued message once, and every row ends sent after one attempt', async () => {
    // Both read every due row before either claims it (one batch each).
    await bothPasses();
  });

  it('a pass whose rows were claimed first reads the next ones, so both send', async () => {
    // One row a batch: both read the same first row; the one that loses it takes the next.
    const [a, b] = await bothPasses(1);
    expect(a.sent).toBeGreaterThan(0);
    expect(b.sent).toBeGreaterThan(0);
  });
});
