// The parents' notification tables (migration 0028, docs/notifications.md), added to DB by module
// augmentation so db/schema.ts stays one screenful per feature.
import type { Generated } from 'kysely';
import type { Bool } from '../schema';

/** The parents' channels; webhooks are integrators', with their own outbox (docs/notifications.md). */
export type NotifyChannel = 'wechat' | 'sms' | 'push';
export type NotifyKind = 'index' | 'diary' | 'followup' | 'urgent';

export interface WechatBindingTable {
  id: string;
  user_id: string;
  openid: string;
  via: 'oauth' | 'code';
  active: Bool;
  bound_at: string;
  ended_at: string | null;
  ended_reason: string | null;
}

export interface WechatBindCodeTable {
  code_hash: string;
  user_id: string;
  expires_at: string;
  used_at: string | null;
}

export interface SmsConsentTable {
  child_id: string;
  user_id: string;
  given_at: string;
  withdrawn_at: string | null;
}

export interface NotificationPrefsTable {
  user_id: string;
  child_id: string;
  wechat: Bool;
  sms: Bool;
  /** Web Push to the parent's phones (migration 0035; 0 unless given). */
  push: Generated<Bool>;
  kind_index: Bool;
  kind_diary: Bool;
  kind_followup: Bool;
  kind_urgent: Bool;
  min_level: number;
  quiet_from: string;
  quiet_until: string;
  lang: 'zh' | 'en';
  updated_at: string;
}

export interface NotificationOutboxTable {
  id: string;
  user_id: string;
  child_id: string;
  kind: NotifyKind;
  channel: NotifyChannel;
  date: string;
  payload: string;
  status: 'pending' | 'sent' | 'failed' | 'cancelled';
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  provider_id: string | null;
  created_at: string;
  sent_at: string | null;
}

/** A wrong binding code sent from a WeChat account (migration 0031): the openid as a keyed hash only. */
export interface WechatCodeFailureTable {
  id: Generated<number>;
  openid_hash: string;
  at: string;
}

declare module '../schema' {
  interface DB {
    wechat_code_failures: WechatCodeFailureTable;
    wechat_bindings: WechatBindingTable;
    wechat_bind_codes: WechatBindCodeTable;
    sms_consents: SmsConsentTable;
    notification_prefs: NotificationPrefsTable;
    notification_outbox: NotificationOutboxTable;
  }
}
