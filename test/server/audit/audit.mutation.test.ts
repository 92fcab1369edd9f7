// The audit row of a write (server/audit/audit.ts) and the audit page's edges (routes.ts), which
// mutation testing (issue 38) found unpinned: the log's own tests read rows made by reads. Each test
// uses its own request and user ids, so the order of tests does not matter.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../../server/audit/audit';
import type { Actor } from '../../../server/context';
import { createWorld, type World } from '../../helpers/world';

let w: World;
beforeAll(async () => {
  w = await createWorld({ now: '2026-03-02T02:00:00Z' });
});
afterAll(async () => {
  await w.close();
});

const clinician = (): Actor => ({ id: randomUUID(), username: 'x', displayName: 'x', role: 'clinician', centerId: w.ids.centreA, schoolId: null, sessionId: null });
const rowsOf = (requestId: string) => w.db.selectFrom('audit_log').select(['at', 'user_id', 'role', 'action', 'entity', 'entity_id', 'outcome', 'request_id']).where('request_id', '=', requestId).execute();

describe('audit', () => {
  it('appends one row with who, what, which record, the outcome and the request, in the caller transaction', async () => {
    const actor = clinician();
    const requestId = randomUUID();
    await w.db.transaction().execute((trx) => audit(trx, w.clock, { actor, requestId }, { action: 'update', entity: 'child', entityId: 'c-1' }));
    expect(await rowsOf(requestId)).toEqual([{ at: '2026-03-02T02:00:00.000Z', user_id: actor.id, role: 'clinician', action: 'update', entity: 'child', entity_id: 'c-1', outcome: 'ok', request_id: requestId }]);
  });

  it('records an anonymous refusal without a user, role or record', async () => {
    const requestId = randomUUID();
    await w.db.transaction().execute((trx) => audit(trx, w.clock, { actor: null, requestId }, { action: 'login', entity: 'session', outcome: 'denied' }));
    expect(await rowsOf(requestId)).toEqual([{ at: '2026-03-02T02:00:00.000Z', user_id: null, role: null, action: 'login', entity: 'session', entity_id: null, outcome: 'denied', request_id: requestId }]);
  });

  it('is rolled back with the change it records', async () => {
    const requestId = randomUUID();
    await expect(
      w.db.transaction().execute(async (trx) => {
        await audit(trx, w.clock, { actor: clinician(), requestId }, { action: 'update', entity: 'child', entityId: 'c-2' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await rowsOf(requestId)).toEqual([]);
  });
});

describe('the audit page', () => {
  it('has no next page when the rows fill the page exactly', async () => {
    const actor = clinician();
    for (const entityId of ['p-1', 'p-2']) await w.db.transaction().execute((trx) => audit(trx, w.clock, { actor, requestId: randomUUID() }, { action: 'update', entity: 'child', entityId }));
    const exact = await w.call('admin', 'GET', `/api/v1/audit?userId=${actor.id}&limit=2`);
    expect({ status: exact.status, ids: exact.body.items.map((i: { entityId: string }) => i.entityId), next: exact.body.nextCursor }).toEqual({ status: 200, ids: ['p-2', 'p-1'], next: null });
    const short = await w.call('admin', 'GET', `/api/v1/audit?userId=${actor.id}&limit=1`);
    expect(short.body.nextCursor).toBe(String(short.body.items[0].id));
  });

  it('names a bad cursor and says what to do', async () => {
    const res = await w.call('admin', 'GET', '/api/v1/audit?cursor=abc');
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'cursor', message: 'Not a valid page cursor: start again from the first page' }]);
  });
});
