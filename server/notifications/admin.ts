// What the admin and the manager see of parents' notifications: the admin the delivery status of
// each message (ids, kind, channel, status, attempts, the provider's code; never the text, the
// phone or the openid), the manager only counts per channel.
import { z } from 'zod';
import { sql } from 'kysely';
import { audit } from '../audit/audit';
import type { Deps, RequestContext } from '../context';
import { validationFailed } from '../errors';
import { isoDate } from '../http/schemas';
import { decodeCursor, encodeCursor, pageQuery } from '../http/paging';
import { enabledChannels } from './channels';

export const outboxQuery = pageQuery.extend({
  status: z.enum(['pending', 'sent', 'failed', 'cancelled']).optional(),
  channel: z.enum(['wechat', 'sms', 'push']).optional(),
  date: isoDate.optional(),
});

export async function listOutbox(deps: Deps, ctx: RequestContext, q: z.infer<typeof outboxQuery>) {
  const cursor = decodeCursor(q.cursor);
  if (q.cursor && cursor?.length !== 2) throw validationFailed([{ path: 'cursor', message: 'v.cursor' }]);
  let query = deps.db
    .selectFrom('notification_outbox')
    .select(['id', 'child_id', 'kind', 'channel', 'date', 'status', 'attempts', 'last_error', 'provider_id', 'next_attempt_at', 'created_at', 'sent_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit + 1);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.channel) query = query.where('channel', '=', q.channel);
  if (q.date) query = query.where('date', '=', q.date);
  if (cursor) {
    const [at, id] = cursor.map(String) as [string, string];
    query = query.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]));
  }
  const rows = await query.execute();
  const page = rows.slice(0, q.limit);
  await deps.db.transaction().execute((trx) => audit(trx, deps.clock, ctx, { action: 'list', entity: 'notification_outbox', entityId: null }));
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      childId: r.child_id,
      kind: r.kind,
      channel: r.channel,
      date: r.date,
      status: r.status,
      attempts: r.attempts,
      lastError: r.last_error,
      providerId: r.provider_id,
      nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
      createdAt: r.created_at,
      sentAt: r.sent_at,
    })),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.created_at, last.id]) : null,
  };
}

export const reachQuery = z.object({ from: isoDate, to: isoDate });

/** Per channel: messages by status, parents reached, and how many parents can be reached at all. */
export async function channelReach(deps: Deps, ctx: RequestContext, q: z.infer<typeof reachQuery>) {
  if (q.from > q.to) throw validationFailed([{ path: 'to', message: 'v.periodOrder' }]);
  const counts = await deps.db
    .selectFrom('notification_outbox')
    .select((eb) => ['channel', 'status', eb.fn.countAll<number>().as('n'), sql<number>`count(distinct user_id)`.as('parents')])
    .where('date', '>=', q.from)
    .where('date', '<=', q.to)
    .groupBy(['channel', 'status'])
    .execute();
  const bound = await deps.db
    .selectFrom('wechat_bindings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('active', '=', 1)
    .executeTakeFirstOrThrow();
  const consents = await deps.db
    .selectFrom('sms_consents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('withdrawn_at', 'is', null)
    .executeTakeFirstOrThrow();
  const phones = await deps.db.selectFrom('push_subscriptions').select(sql<number>`count(distinct user_id)`.as('n')).executeTakeFirstOrThrow();
  const reachable = { wechat: Number(bound.n), sms: Number(consents.n), push: Number(phones.n) };
  await deps.db.transaction().execute((trx) => audit(trx, deps.clock, ctx, { action: 'read', entity: 'notification_reach', entityId: null }));
  const enabled = enabledChannels(deps.config);
  return {
    from: q.from,
    to: q.to,
    items: (['wechat', 'sms', 'push'] as const).map((channel) => {
      const of = (status: string) => Number(counts.find((c) => c.channel === channel && c.status === status)?.n ?? 0);
      return {
        channel,
        configured: enabled.includes(channel),
        sent: of('sent'),
        failed: of('failed'),
        pending: of('pending'),
        cancelled: of('cancelled'),
        parentsReached: Number(counts.find((c) => c.channel === channel && c.status === 'sent')?.parents ?? 0),
        reachable: reachable[channel],
      };
    }),
  };
}
