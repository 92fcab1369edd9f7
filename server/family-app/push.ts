// Web Push subscriptions of parents' phones: one row per browser endpoint, an address of the
// notification service's push channel (like a WeChat binding). What a phone receives, from which
// level and outside which quiet hours is the parent's choice per child (server/notifications).
import { z } from 'zod';
import type { PushSubscriptionTable } from '../../db/tables/family-app';
import { nowIso } from '../clock';
import type { Deps, RequestContext } from '../context';
import { audit } from '../audit/audit';
import { conflict, forbidden, notFound } from '../errors';
import { newId } from '../ids';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { DEFAULT_MIN_LEVEL, DEFAULT_QUIET_FROM, DEFAULT_QUIET_UNTIL } from '../notifications/rules';
import { ensureVapidKeys } from './vapid';
import { assertMay } from '../auth/policy';

const MAX_PER_PARENT = 10;

/** A push service is a public https host: no loopback, IP literals or internal names (no SSRF through the sender). */
export function isAcceptablePushEndpoint(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  const host = url.hostname.toLowerCase();
  if (url.protocol !== 'https:' || url.username || url.password) return false;
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) return false;
  if (/^[\d.]+$/.test(host) || host.startsWith('[')) return false;
  return host.includes('.');
}

const base64url = z
  .string()
  .regex(/^[A-Za-z0-9_-]+={0,2}$/, 'v.pushKey')
  .max(200);

export const pushSubscriptionSchema = z
  .object({
    subscription: z.object({
      endpoint: z.string().max(1000).refine(isAcceptablePushEndpoint, 'v.pushEndpoint'),
      expirationTime: z.number().nullable().optional(),
      keys: z.object({ p256dh: base64url, auth: base64url }),
    }),
    lang: z.enum(['zh', 'en']).optional(),
  })
  .strict();
export type PushSubscriptionInput = z.infer<typeof pushSubscriptionSchema>;

export interface PushSubscriptionDto {
  id: string;
  lang: 'zh' | 'en';
  createdAt: string;
}

const dto = (s: PushSubscriptionTable): PushSubscriptionDto => ({ id: s.id, lang: s.lang, createdAt: s.created_at });

export async function pushPublicKey(deps: Deps): Promise<string> {
  return (await ensureVapidKeys(deps.db)).publicKey;
}

/**
 * Saves a phone's subscription; the same endpoint again updates it. The parent's first phone turns
 * app notifications on for every child (with the default choices where a child has none yet);
 * after that the per-child choice stands.
 */
export async function subscribePush(deps: Deps, ctx: RequestContext, input: PushSubscriptionInput): Promise<{ created: boolean; subscription: PushSubscriptionDto }> {
  const actor = ctx.actor;
  if (!actor) throw forbidden();
  assertMay(actor, 'family.own');
  const now = nowIso(deps.clock);
  const values = { user_id: actor.id, p256dh: input.subscription.keys.p256dh, auth: input.subscription.keys.auth, lang: input.lang ?? 'zh', updated_at: now };
  return deps.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('push_subscriptions').select(['id', 'user_id']).where('endpoint', '=', input.subscription.endpoint).executeTakeFirst();
    // An endpoint is one account's: whoever knew another's could otherwise move that phone's
    // notifications (and the child's reminders) to themselves. The app asks the browser for a new one.
    if (existing && existing.user_id !== actor.id) throw conflict('This push endpoint belongs to another account');
    let id: string;
    if (existing) {
      id = existing.id;
      await trx.updateTable('push_subscriptions').set(values).where('id', '=', id).execute();
    } else {
      const count = await trx
        .selectFrom('push_subscriptions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', actor.id)
        .executeTakeFirstOrThrow();
      if (Number(count.n) >= MAX_PER_PARENT) {
        const oldest = await trx.selectFrom('push_subscriptions').select('id').where('user_id', '=', actor.id).orderBy('updated_at').limit(1).executeTakeFirstOrThrow();
        await trx.deleteFrom('push_subscriptions').where('id', '=', oldest.id).execute();
      }
      if (Number(count.n) === 0) await pushOnForEveryChild(trx, deps, ctx, actor.id, values.lang, now);
      id = newId();
      await trx
        .insertInto('push_subscriptions')
        .values({ id, endpoint: input.subscription.endpoint, created_at: now, last_sent_at: null, ...values })
        .execute();
    }
    await audit(trx, deps.clock, ctx, { action: existing ? 'update' : 'create', entity: 'push_subscription', entityId: id });
    const row = await trx.selectFrom('push_subscriptions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return { created: !existing, subscription: dto(row) };
  });
}

export async function listPushSubscriptions(deps: Deps, ctx: RequestContext): Promise<PushSubscriptionDto[]> {
  const actor = ctx.actor;
  if (!actor) throw forbidden();
  assertMay(actor, 'family.own');
  return (await deps.db.selectFrom('push_subscriptions').selectAll().where('user_id', '=', actor.id).orderBy('created_at').execute()).map(dto);
}

/** Removes a phone's subscription, by id or by its endpoint (what the service worker knows). */
export async function unsubscribePush(deps: Deps, ctx: RequestContext, by: { id?: string; endpoint?: string }): Promise<void> {
  const actor = ctx.actor;
  if (!actor) throw forbidden();
  assertMay(actor, 'family.own');
  await deps.db.transaction().execute(async (trx) => {
    let q = trx.selectFrom('push_subscriptions').select('id').where('user_id', '=', actor.id);
    q = by.id ? q.where('id', '=', by.id) : q.where('endpoint', '=', by.endpoint ?? '');
    const row = await q.executeTakeFirst();
    if (!row) throw notFound();
    await trx.deleteFrom('push_subscriptions').where('id', '=', row.id).execute();
    // The last phone gone: what was queued for push has nowhere to go.
    const left = await trx.selectFrom('push_subscriptions').select('id').where('user_id', '=', actor.id).executeTakeFirst();
    if (!left) {
      await trx.updateTable('notification_outbox').set({ status: 'cancelled', last_error: 'no phone' }).where('user_id', '=', actor.id).where('channel', '=', 'push').where('status', '=', 'pending').execute();
    }
    await audit(trx, deps.clock, ctx, { action: 'delete', entity: 'push_subscription', entityId: row.id });
  });
}

async function pushOnForEveryChild(trx: Kysely<DB>, deps: Deps, ctx: RequestContext, userId: string, lang: 'zh' | 'en', now: string): Promise<void> {
  const children = await trx.selectFrom('guardianships').innerJoin('children', 'children.id', 'guardianships.child_id').select('children.id').where('guardianships.user_id', '=', userId).where('children.status', '=', 'active').execute();
  for (const { id } of children) {
    await trx
      .insertInto('notification_prefs')
      .values({
        user_id: userId,
        child_id: id,
        wechat: 0,
        sms: 0,
        push: 1,
        kind_index: 1,
        kind_diary: 1,
        kind_followup: 1,
        kind_urgent: 1,
        min_level: DEFAULT_MIN_LEVEL,
        quiet_from: DEFAULT_QUIET_FROM,
        quiet_until: DEFAULT_QUIET_UNTIL,
        lang,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(['user_id', 'child_id']).doUpdateSet({ push: 1, updated_at: now }))
      .execute();
    await audit(trx, deps.clock, ctx, { action: 'update', entity: 'notification_prefs', entityId: id });
  }
}
