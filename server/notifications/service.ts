// The parents' notification settings: per child which channels, which messages, from which index
// level, quiet hours; the enrolment guardian's SMS consent; binding and unbinding WeChat. Every
// child is reached through childInScope (a parent only their own: 404 otherwise) and every read
// and write is audited by id. Answers never carry an openid; the phone only masked.
import { createHash, randomInt } from 'node:crypto';
import { z } from 'zod';
import type { Insertable, Kysely } from 'kysely';
import type { DB, NotificationPrefsTable, NotifyChannel } from '../../db/schema';
import { audit } from '../audit/audit';
import { childInScope } from '../children/service';
import { nowIso } from '../clock';
import type { Deps, RequestContext } from '../context';
import { AppError, conflict, validationFailed } from '../errors';
import { newId } from '../ids';
import { enabledChannels, wechatSettings } from './channels';
import { WechatClient, WechatError } from './wechat';
import { DEFAULT_MIN_LEVEL, DEFAULT_QUIET_FROM, DEFAULT_QUIET_UNTIL, mainlandMobile } from './rules';
import { assertMay } from '../auth/policy';
import { actorOf } from '../auth/actor';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'v.time');

export const prefsSchema = z.object({
  wechat: z.boolean(),
  sms: z.boolean(),
  /** App notifications on the parent's phones; left out: as it was (clients older than the push channel). */
  push: z.boolean().optional(),
  kinds: z.object({ index: z.boolean(), diary: z.boolean(), followup: z.boolean(), urgent: z.boolean() }),
  minLevel: z.number().int().min(1).max(5),
  quietFrom: time,
  quietUntil: time,
  lang: z.enum(['zh', 'en']).optional(),
});
export type PrefsInput = z.infer<typeof prefsSchema>;

export interface ChildSettings {
  childId: string;
  name: string;
  wechat: boolean;
  sms: boolean;
  push: boolean;
  kinds: { index: boolean; diary: boolean; followup: boolean; urgent: boolean };
  minLevel: number;
  quietFrom: string;
  quietUntil: string;
  smsConsent: { given: boolean; givenAt: string | null; canGive: boolean; phone: string | null; mobile: boolean };
}

const DEFAULTS = { wechat: 0, sms: 0, push: 0, kind_index: 1, kind_diary: 1, kind_followup: 1, kind_urgent: 1, min_level: DEFAULT_MIN_LEVEL, quiet_from: DEFAULT_QUIET_FROM, quiet_until: DEFAULT_QUIET_UNTIL } as const;
const BIND_CODE_MINUTES = 10;

const parentOnly = (ctx: RequestContext) => {
  const actor = actorOf(ctx);
  assertMay(actor, 'family.own');
  return actor;
};

/** 138****8000: enough for a parent to recognise their number, not more. */
export const maskPhone = (phone: string) => (phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****');

async function childSettings(db: Kysely<DB>, userId: string, child: { id: string; name: string; guardian_phone: string }): Promise<ChildSettings> {
  const p = await db.selectFrom('notification_prefs').selectAll().where('user_id', '=', userId).where('child_id', '=', child.id).executeTakeFirst();
  const consent = await db.selectFrom('sms_consents').select(['given_at', 'withdrawn_at']).where('user_id', '=', userId).where('child_id', '=', child.id).executeTakeFirst();
  const link = await db.selectFrom('guardianships').select('named_at_enrolment').where('user_id', '=', userId).where('child_id', '=', child.id).executeTakeFirst();
  const v = p ?? DEFAULTS;
  const named = link?.named_at_enrolment === 1;
  const given = !!consent && consent.withdrawn_at === null;
  return {
    childId: child.id,
    name: child.name,
    wechat: v.wechat === 1,
    sms: v.sms === 1,
    push: v.push === 1,
    kinds: { index: v.kind_index === 1, diary: v.kind_diary === 1, followup: v.kind_followup === 1, urgent: v.kind_urgent === 1 },
    minLevel: v.min_level,
    quietFrom: v.quiet_from,
    quietUntil: v.quiet_until,
    smsConsent: { given, givenAt: given ? consent!.given_at : null, canGive: named, phone: named ? maskPhone(child.guardian_phone) : null, mobile: mainlandMobile(child.guardian_phone) !== null },
  };
}

export async function getSettings(deps: Deps, ctx: RequestContext) {
  const actor = parentOnly(ctx);
  const links = await deps.db
    .selectFrom('guardianships')
    .innerJoin('children', 'children.id', 'guardianships.child_id')
    .select(['children.id'])
    .where('guardianships.user_id', '=', actor.id)
    .where('children.status', '=', 'active')
    .orderBy('children.birth_date')
    .execute();
  const binding = await deps.db.selectFrom('wechat_bindings').select(['via', 'bound_at']).where('user_id', '=', actor.id).where('active', '=', 1).executeTakeFirst();
  const phones = await deps.db
    .selectFrom('push_subscriptions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', actor.id)
    .executeTakeFirstOrThrow();
  const children: ChildSettings[] = [];
  for (const { id } of links) {
    const child = await childInScope(deps.db, actor, id);
    children.push(await childSettings(deps.db, actor.id, child));
  }
  await deps.db.transaction().execute(async (trx) => {
    for (const c of children) await audit(trx, deps.clock, ctx, { action: 'read', entity: 'notification_prefs', entityId: c.childId });
  });
  const available = enabledChannels(deps.config);
  return {
    channels: {
      wechat: { available: available.includes('wechat'), bound: !!binding, via: binding?.via ?? null, boundAt: binding?.bound_at ?? null },
      sms: { available: available.includes('sms') },
      push: { available: available.includes('push'), phones: Number(phones.n) },
    },
    children,
  };
}

export async function savePrefs(deps: Deps, ctx: RequestContext, childId: string, input: PrefsInput, pageLang: 'zh' | 'en' = 'zh') {
  const actor = parentOnly(ctx);
  const now = nowIso(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    const child = await childInScope(trx, actor, childId);
    const problems = [];
    if (input.wechat) {
      const bound = await trx.selectFrom('wechat_bindings').select('id').where('user_id', '=', actor.id).where('active', '=', 1).executeTakeFirst();
      if (!bound) problems.push({ path: 'wechat', message: 'v.wechatNotBound' });
    }
    if (input.sms) {
      const consent = await trx.selectFrom('sms_consents').select('given_at').where('user_id', '=', actor.id).where('child_id', '=', childId).where('withdrawn_at', 'is', null).executeTakeFirst();
      if (!consent) problems.push({ path: 'sms', message: 'v.smsConsentMissing' });
    }
    const current = await trx.selectFrom('notification_prefs').select('push').where('user_id', '=', actor.id).where('child_id', '=', childId).executeTakeFirst();
    const push = input.push ?? current?.push === 1;
    if (input.push) {
      const phone = await trx.selectFrom('push_subscriptions').select('id').where('user_id', '=', actor.id).executeTakeFirst();
      if (!phone) problems.push({ path: 'push', message: 'v.pushNoPhone' });
    }
    if (problems.length) throw validationFailed(problems);
    const values: Omit<Insertable<NotificationPrefsTable>, 'user_id' | 'child_id'> = {
      wechat: input.wechat ? 1 : 0,
      sms: input.sms ? 1 : 0,
      push: push ? 1 : 0,
      kind_index: input.kinds.index ? 1 : 0,
      kind_diary: input.kinds.diary ? 1 : 0,
      kind_followup: input.kinds.followup ? 1 : 0,
      kind_urgent: input.kinds.urgent ? 1 : 0,
      min_level: input.minLevel,
      quiet_from: input.quietFrom,
      quiet_until: input.quietUntil,
      lang: input.lang ?? pageLang,
      updated_at: now,
    };
    await trx
      .insertInto('notification_prefs')
      .values({ user_id: actor.id, child_id: childId, ...values })
      .onConflict((oc) => oc.columns(['user_id', 'child_id']).doUpdateSet(values))
      .execute();
    // What was queued for a channel or kind now off does not go.
    const off = [...(!input.wechat ? ['wechat'] : []), ...(!input.sms ? ['sms'] : []), ...(!push ? ['push'] : [])] as NotifyChannel[];
    const kindsOff = (['index', 'diary', 'followup', 'urgent'] as const).filter((k) => !input.kinds[k]);
    if (off.length || kindsOff.length) {
      await trx
        .updateTable('notification_outbox')
        .set({ status: 'cancelled', last_error: 'turned off' })
        .where('user_id', '=', actor.id)
        .where('child_id', '=', childId)
        .where('status', '=', 'pending')
        .where((eb) => eb.or([...off.map((ch) => eb('channel', '=', ch)), ...kindsOff.map((k) => eb('kind', '=', k))]))
        .execute();
    }
    await audit(trx, deps.clock, ctx, { action: 'replace', entity: 'notification_prefs', entityId: childId });
    return childSettings(trx, actor.id, child);
  });
}

/** The guardian named at enrolment agrees to SMS at the enrolment phone: who (their account) and when. */
export async function giveSmsConsent(deps: Deps, ctx: RequestContext, childId: string) {
  const actor = parentOnly(ctx);
  const now = nowIso(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    const child = await childInScope(trx, actor, childId);
    const link = await trx.selectFrom('guardianships').select('named_at_enrolment').where('user_id', '=', actor.id).where('child_id', '=', childId).executeTakeFirst();
    if (link?.named_at_enrolment !== 1) throw conflict('Only the guardian named at enrolment, whose phone was recorded, can agree to SMS');
    if (!mainlandMobile(child.guardian_phone)) throw validationFailed([{ path: 'phone', message: 'v.notMainlandMobile' }]);
    await trx
      .insertInto('sms_consents')
      .values({ child_id: childId, user_id: actor.id, given_at: now, withdrawn_at: null })
      .onConflict((oc) => oc.columns(['child_id', 'user_id']).doUpdateSet({ given_at: now, withdrawn_at: null }))
      .execute();
    await audit(trx, deps.clock, ctx, { action: 'create', entity: 'sms_consent', entityId: childId });
    return childSettings(trx, actor.id, child);
  });
}

export async function withdrawSmsConsent(deps: Deps, ctx: RequestContext, childId: string) {
  const actor = parentOnly(ctx);
  const now = nowIso(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    const child = await childInScope(trx, actor, childId);
    await trx.updateTable('sms_consents').set({ withdrawn_at: now }).where('user_id', '=', actor.id).where('child_id', '=', childId).where('withdrawn_at', 'is', null).execute();
    await trx.updateTable('notification_prefs').set({ sms: 0, updated_at: now }).where('user_id', '=', actor.id).where('child_id', '=', childId).execute();
    await trx
      .updateTable('notification_outbox')
      .set({ status: 'cancelled', last_error: 'consent withdrawn' })
      .where('user_id', '=', actor.id)
      .where('child_id', '=', childId)
      .where('channel', '=', 'sms')
      .where('status', '=', 'pending')
      .execute();
    await audit(trx, deps.clock, ctx, { action: 'withdraw', entity: 'sms_consent', entityId: childId });
    return childSettings(trx, actor.id, child);
  });
}

const hashCode = (code: string) => createHash('sha256').update(code).digest('hex');

/** A one-time code the parent sends to the service account in WeChat (10 minutes, stored hashed). */
export async function newBindCode(deps: Deps, ctx: RequestContext): Promise<{ code: string; expiresAt: string }> {
  const actor = parentOnly(ctx);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(deps.clock.now().getTime() + BIND_CODE_MINUTES * 60_000).toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('wechat_bind_codes').where('user_id', '=', actor.id).execute();
    await trx
      .insertInto('wechat_bind_codes')
      .values({ code_hash: hashCode(code), user_id: actor.id, expires_at: expiresAt, used_at: null })
      .execute();
    await audit(trx, deps.clock, ctx, { action: 'create', entity: 'wechat_bind_code', entityId: actor.id });
  });
  return { code, expiresAt };
}

/**
 * Binds an openid to an account: the same account again is a no-op, an openid active on another
 * account is a 409. An account has one WeChat at a time: a new one replaces the old.
 */
export async function bindOpenid(trx: Kysely<DB>, deps: Deps, userId: string, openid: string, via: 'oauth' | 'code'): Promise<void> {
  const now = nowIso(deps.clock);
  const existing = await trx.selectFrom('wechat_bindings').select(['id', 'user_id', 'active']).where('openid', '=', openid).executeTakeFirst();
  if (existing && existing.active === 1 && existing.user_id !== userId) throw conflict('This WeChat is bound to another account');
  await trx.updateTable('wechat_bindings').set({ active: 0, ended_at: now, ended_reason: 'replaced' }).where('user_id', '=', userId).where('active', '=', 1).where('openid', '!=', openid).execute();
  if (existing) await trx.updateTable('wechat_bindings').set({ user_id: userId, via, active: 1, bound_at: now, ended_at: null, ended_reason: null }).where('id', '=', existing.id).execute();
  else await trx.insertInto('wechat_bindings').values({ id: newId(), user_id: userId, openid, via, active: 1, bound_at: now, ended_at: null, ended_reason: null }).execute();
}

/** The user a valid, unused code belongs to (the code is then spent), or null. */
export async function redeemBindCode(trx: Kysely<DB>, deps: Deps, code: string): Promise<string | null> {
  const now = nowIso(deps.clock);
  const row = await trx.selectFrom('wechat_bind_codes').select(['user_id', 'expires_at', 'used_at']).where('code_hash', '=', hashCode(code)).executeTakeFirst();
  if (!row || row.used_at || row.expires_at <= now) return null;
  await trx.updateTable('wechat_bind_codes').set({ used_at: now }).where('code_hash', '=', hashCode(code)).execute();
  return row.user_id;
}

export async function unbindWechat(deps: Deps, ctx: RequestContext): Promise<void> {
  const actor = parentOnly(ctx);
  const now = nowIso(deps.clock);
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('wechat_bindings').set({ active: 0, ended_at: now, ended_reason: 'unbound by parent' }).where('user_id', '=', actor.id).where('active', '=', 1).execute();
    await trx.updateTable('notification_prefs').set({ wechat: 0, updated_at: now }).where('user_id', '=', actor.id).execute();
    await trx.updateTable('notification_outbox').set({ status: 'cancelled', last_error: 'unbound' }).where('user_id', '=', actor.id).where('channel', '=', 'wechat').where('status', '=', 'pending').execute();
    await audit(trx, deps.clock, ctx, { action: 'delete', entity: 'wechat_binding', entityId: actor.id });
  });
}

/** Inside WeChat: the snsapi_base code the app was given turns into the openid, bound after the parent agreed. */
export async function bindByOauth(deps: Deps, ctx: RequestContext, code: string): Promise<void> {
  const actor = parentOnly(ctx);
  const settings = wechatSettings(deps.config);
  if (!settings) throw conflict('WeChat is not set up for this programme');
  let openid: string;
  try {
    openid = await new WechatClient(settings, { timeoutMs: deps.config.NOTIFY_TIMEOUT_MS, now: () => deps.clock.now().getTime() }).openidForCode(code);
  } catch (err) {
    if (err instanceof WechatError && err.code.startsWith('wechat:oauth_')) throw validationFailed([{ path: 'code', message: 'v.wechatCode' }]);
    throw new AppError(503, 'unavailable', 'WeChat could not be reached; try again');
  }
  await deps.db.transaction().execute(async (trx) => {
    await bindOpenid(trx, deps, actor.id, openid, 'oauth');
    await audit(trx, deps.clock, ctx, { action: 'create', entity: 'wechat_binding', entityId: actor.id });
  });
}
