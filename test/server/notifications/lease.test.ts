// Two send passes at once on one database, each on its own connection (two instances' schedulers, or
// the server and the jobs CLI): the rows are read without a lock and claimed by an update that takes
// only those still due, so each message is sent once, whichever pass read it first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  w = await createWorld({ now: '2025-01-20T22:00:00Z', config: notifyConfig(f) });
  await families(w, f);
  await runIndexJob(w.deps, { trigger: 'cli' });
  // 06:00: the morning's messages are queued and held for quiet hours.
  await runNotifyPass(w.deps);
  second = await createDatabase({ path: w.dbPath });
  w.clock.set('2025-01-20T23:00:00Z');
});
afterAll(async () => {
  await second?.close();
  await w?.close();
  await closeFakes(f);
});

describe('two send passes at the same moment', () => {
  it('send each queued message once, and every row ends sent after one attempt', async () => {
    const queued = await outbox(w);
    expect(queued.length).toBeGreaterThanOrEqual(3);
    expect(queued.every((r) => r.status === 'pending')).toBe(true);
    // Both read every due row before either claims it (one batch each).
    const [a, b] = await Promise.all([runNotifyPass(w.deps), runNotifyPass({ ...w.deps, db: second.db })]);
    expect(a.sent + b.sent).toBe(queued.length);
    expect(f.sms.sent.length + f.wechat.sent.length).toBe(queued.length);
    const rows = await outbox(w);
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(queued.map(() => ['sent', 1]));
  });
});
