// The admin's integration pages (issue 34): webhook subscriptions moved here from the parents'
// menu. The admin adds an integrator's webhook (its secret shown once), sees every subscription (owner, district, level, the target's host, never its
// secret or path) with its last delivery, and can end one; the delivery history is kept.
import type { z } from 'zod';
import type { subscriptionBody } from '../asthma-index/schemas';
import { nowIso } from '../clock';
import type { Deps, RequestContext } from '../context';
import { audit } from '../audit/audit';
import { conflict, forbidden, notFound } from '../errors';
import { newId, newSecret } from '../ids';
import { assertMay } from '../auth/policy';
import { actorOf } from '../auth/actor';

export interface WebhookRow {
  id: string;
  owner: string;
  district: string;
  minLevel: number;
  host: string;
  active: boolean;
  createdAt: string;
  lastStatus: string | null;
  lastDate: string | null;
}

const hostOf = (target: string) => {
  try {
    return new URL(target).host;
  } catch {
    return '?';
  }
};

export async function listWebhooks(deps: Deps, ctx: RequestContext): Promise<WebhookRow[]> {
  assertMay(actorOf(ctx), 'integrations.manage');
  const rows = await deps.db
    .selectFrom('subscriptions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select((eb) => [
      's.id',
      'u.username',
      's.district',
      's.min_level',
      's.target',
      's.active',
      's.created_at',
      eb.selectFrom('outbox').select('outbox.status').whereRef('outbox.subscription_id', '=', 's.id').orderBy('outbox.created_at', 'desc').limit(1).as('last_status'),
      eb.selectFrom('outbox').select('outbox.date').whereRef('outbox.subscription_id', '=', 's.id').orderBy('outbox.created_at', 'desc').limit(1).as('last_date'),
    ])
    .orderBy('s.active', 'desc')
    .orderBy('s.created_at', 'desc')
    .limit(500)
    .execute();
  await deps.db.transaction().execute((trx) => audit(trx, deps.clock, ctx, { action: 'list', entity: 'subscription', entityId: null }));
  return rows.map((r) => ({
    id: r.id,
    owner: r.username,
    district: r.district,
    minLevel: r.min_level,
    host: hostOf(r.target),
    active: r.active === 1,
    createdAt: r.created_at,
    lastStatus: (r.last_status as string | null) ?? null,
    lastDate: (r.last_date as string | null) ?? null,
  }));
}

export async function endWebhook(deps: Deps, ctx: RequestContext, id: string): Promise<void> {
  assertMay(actorOf(ctx), 'integrations.manage');
  const now = nowIso(deps.clock);
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('subscriptions').select('id').where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    await trx.updateTable('subscriptions').set({ active: 0, deactivated_at: now }).where('id', '=', id).where('active', '=', 1).execute();
    await trx.updateTable('outbox').set({ status: 'cancelled' }).where('subscription_id', '=', id).where('status', '=', 'pending').execute();
    await audit(trx, deps.clock, ctx, { action: 'deactivate', entity: 'subscription', entityId: id });
  });
}

/** The admin adds a webhook for an integrator (https or http), owned by the admin's account; a generated secret is shown once. */
export async function createWebhook(deps: Deps, ctx: RequestContext, input: z.infer<typeof subscriptionBody>): Promise<{ id: string; secret: string | null }> {
  const actor = ctx.actor;
  if (!actor) throw forbidden();
  assertMay(actor, 'integrations.manage');
  // Private and internal addresses are refused by the sender at every delivery (jobs/deliver: a
  // name's addresses can change after it is saved), so the admin's entry is not checked twice here.
  const generated = !input.secret && !deps.config.WEBHOOK_SECRET ? newSecret() : null;
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    const same = await trx.selectFrom('subscriptions').select('id').where('active', '=', 1).where('district', '=', input.district).where('target', '=', input.target).executeTakeFirst();
    if (same) throw conflict('This webhook already receives this district');
    await trx
      .insertInto('subscriptions')
      .values({
        id,
        user_id: actor.id,
        district: input.district,
        min_level: input.minLevel,
        channel: 'webhook',
        target: input.target,
        secret: input.secret ?? generated,
        active: 1,
        created_at: nowIso(deps.clock),
        deactivated_at: null,
      })
      .execute();
    await audit(trx, deps.clock, ctx, { action: 'subscription.create', entity: 'subscriptions', entityId: id });
  });
  return { id, secret: generated };
}
