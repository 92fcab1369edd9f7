// Web Push subscriptions of parents' phones: what each wants (district index from a level,
// a diary reminder time, follow-up reminders). One row per browser endpoint.
import { z } from 'zod';
import type { PushSubscriptionTable } from '../../db/tables/family-app';
import { nowIso } from '../clock';
import type { Deps, RequestContext } from '../context';
import { audit } from '../audit/audit';
import { conflict, forbidden, notFound } from '../errors';
import { newId } from '../ids';
import { DISTRICT_CODES } from '../asthma-index/rules/districts';
import { isQuietTime } from './push-rules';
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

const base64url = z.string().regex(/^[A-Za-z0-9_-]+={0,2}$/, 'v.pushKey').max(200);

export const pushSubscriptionSchema = z.object({
  subscription: z.object({
    endpoint: z.string().max(1000).refine(isAcceptablePushEndpoint, 'v.pushEndpoint'),
    expirationTime: z.number().nullable().optional(),
    keys: z.object({ p256dh: base64url, auth: base64url }),
  }),
  district: z.enum(DISTRICT_CODES).nullable().optional(),
  minLevel: z.number().int().min(1).max(5).nullable().optional(),
  diaryReminderAt: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'v.time')
    .refine((v) => !isQuietTime(v), 'v.quietHours')
    .nullable()
    .optional(),
  followUpReminders: z.boolean().optional(),
  lang: z.enum(['zh', 'en']).optional(),
});
export type PushSubscriptionInput = z.infer<typeof pushSubscriptionSchema>;

export interface PushSubscriptionDto {
  id: string;
  district: string | null;
  minLevel: number | null;
  diaryReminderAt: string | null;
  followUpReminders: boolean;
  lang: 'zh' | 'en';
  createdAt: string;
  lastSentAt: string | null;
}

const dto = (s: PushSubscriptionTable): PushSubscriptionDto => ({
  id: s.id, district: s.district, minLevel: s.min_level, diaryReminderAt: s.diary_reminder_at, followUpReminders: s.follow_up_reminders === 1,
  lang: s.lang, createdAt: s.created_at, lastSentAt: s.last_sent_at,
});

export async function pushPublicKey(deps: Deps): Promise<string> {
  return (await ensureVapidKeys(deps.db)).publicKey;
}

/** Saves a phone's subscription and choices; the same endpoint again updates it (settings change). */
export async function subscribePush(deps: Deps, ctx: RequestContext, input: PushSubscriptionInput): Promise<{ created: boolean; subscription: PushSubscriptionDto }> {
  const actor = ctx.actor;
  if (!actor) throw forbidden();
  assertMay(actor, 'family.own');
  const now = nowIso(deps.clock);
  const district = input.district ?? null;
  const values = {
    user_id: actor.id,
    p256dh: input.subscription.keys.p256dh,
    auth: input.subscription.keys.auth,
    district,
    min_level: district ? (input.minLevel ?? 3) : null,
    diary_reminder_at: input.diaryReminderAt ?? null,
    follow_up_reminders: input.followUpReminders === false ? (0 as const) : (1 as const),
    lang: input.lang ?? 'zh',
    updated_at: now,
  };
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
      const count = await trx.selectFrom('push_subscriptions').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', actor.id).executeTakeFirstOrThrow();
      if (Number(count.n) >= MAX_PER_PARENT) {
        const oldest = await trx.selectFrom('push_subscriptions').select('id').where('user_id', '=', actor.id).orderBy('updated_at').limit(1).executeTakeFirstOrThrow();
        await trx.deleteFrom('push_subscriptions').where('id', '=', oldest.id).execute();
      }
      id = newId();
      await trx.insertInto('push_subscriptions').values({ id, endpoint: input.subscription.endpoint, created_at: now, last_sent_at: null, ...values }).execute();
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
    await trx.updateTable('push_outbox').set({ status: 'cancelled', last_error: 'unsubscribed' }).where('subscription_id', '=', row.id).where('status', '=', 'pending').execute();
    await trx.deleteFrom('push_subscriptions').where('id', '=', row.id).execute();
    await audit(trx, deps.clock, ctx, { action: 'delete', entity: 'push_subscription', entityId: row.id });
  });
}
