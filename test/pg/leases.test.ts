// Two send passes at once on one PostgreSQL database, as two instances' schedulers (or a server and
// the jobs CLI) could run them: with FOR UPDATE SKIP LOCKED each due row is taken by one pass, so no
// webhook is posted twice, and neither pass waits for the other (issue 33). Runs in `npm run test:pg`.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type OpenedDatabase } from '../../db/connection';
import { deliverDue } from '../../jobs/notify';
import { createWorld, type World } from '../helpers/world';

let w: World;
let second: OpenedDatabase;
let receiver: Server;
let target: string;
const posted: string[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      posted.push(String(req.headers['x-delivery-id']));
      // A little slow, as a real receiver is, so the two passes overlap.
      setTimeout(() => res.writeHead(200).end('ok'), 5);
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  target = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  w = await createWorld({ now: '2025-01-21T00:00:00Z' });
  // The second instance: its own connection pool on the same database.
  second = await createDatabase({ path: w.dbPath });
});

afterAll(async () => {
  await second?.close();
  await w?.close();
  receiver.closeAllConnections();
  await new Promise<void>((r) => receiver.close(() => r()));
});

describe('outbox leases on PostgreSQL', () => {
  it('post each due webhook once when two passes run at the same moment', async () => {
    const now = w.clock.now().toISOString();
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) {
      const sub = `00000000-0000-4000-c000-${String(i).padStart(12, '0')}`;
      await w.db.insertInto('subscriptions').values({ id: sub, user_id: w.userIds.parent1!, district: 'pudong', min_level: 1, channel: 'webhook', target, secret: 'a-webhook-secret-123', active: 1, created_at: now }).execute();
      const id = `00000000-0000-4000-d000-${String(i).padStart(12, '0')}`;
      await w.db.insertInto('outbox').values({ id, subscription_id: sub, date: '2025-01-21', level: 3, payload: '{}', status: 'pending', attempts: 0, next_attempt_at: now, created_at: now }).execute();
      ids.push(id);
    }
    // Small batches, so each instance leases many times while the other holds rows; each goes on
    // until a pass finds nothing due.
    const options = { allowPrivate: true, limit: 10 };
    const drain = async (deps: World['deps']) => {
      let sent = 0;
      for (let r = await deliverDue(deps, options); r.sent + r.retried + r.failed + r.cancelled > 0; r = await deliverDue(deps, options)) sent += r.sent;
      return sent;
    };
    const [a, b] = await Promise.all([drain(w.deps), drain({ ...w.deps, db: second.db })]);
    expect(a + b).toBe(120);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    expect(posted.sort()).toEqual(ids);
    const rows = await w.db.selectFrom('outbox').select(['status', 'attempts']).execute();
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });
});
