// Which channels are configured. A provider without its settings (WeChat, SMS) is simply off: nothing is queued
// for it and the settings page does not offer it.
import type { NotifyChannel, NotifyKind } from '../../db/schema';
import type { Config } from '../config';

export interface SmsSettings {
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templates: Record<NotifyKind, string>;
}

export interface WechatSettings {
  apiBase: string;
  appId: string;
  appSecret: string;
  messageType: 'template' | 'subscribe';
  templates: Record<NotifyKind, string>;
  appUrl: string | null;
}

export function smsSettings(c: Config): SmsSettings | null {
  const { SMS_ACCESS_KEY_ID: id, SMS_ACCESS_KEY_SECRET: secret, SMS_SIGN_NAME: sign } = c;
  const templates = { index: c.SMS_TEMPLATE_INDEX, diary: c.SMS_TEMPLATE_DIARY, followup: c.SMS_TEMPLATE_FOLLOWUP, urgent: c.SMS_TEMPLATE_URGENT };
  if (!id || !secret || !sign || Object.values(templates).some((v) => !v)) return null;
  return { endpoint: c.SMS_ENDPOINT, accessKeyId: id, accessKeySecret: secret, signName: sign, templates: templates as Record<NotifyKind, string> };
}

export function wechatSettings(c: Config): WechatSettings | null {
  const templates = { index: c.WECHAT_TEMPLATE_INDEX, diary: c.WECHAT_TEMPLATE_DIARY, followup: c.WECHAT_TEMPLATE_FOLLOWUP, urgent: c.WECHAT_TEMPLATE_URGENT };
  if (!c.WECHAT_APP_ID || !c.WECHAT_APP_SECRET || Object.values(templates).some((v) => !v)) return null;
  return {
    apiBase: c.WECHAT_API_BASE.replace(/\/+$/, ''),
    appId: c.WECHAT_APP_ID,
    appSecret: c.WECHAT_APP_SECRET,
    messageType: c.WECHAT_MESSAGE_TYPE,
    templates: templates as Record<NotifyKind, string>,
    appUrl: c.APP_PUBLIC_URL?.replace(/\/+$/, '') ?? null,
  };
}

/** Web Push needs no settings (its VAPID keys are made on first use), so it is always on. */
export function enabledChannels(c: Config): NotifyChannel[] {
  const on: NotifyChannel[] = ['push'];
  if (wechatSettings(c)) on.push('wechat');
  if (smsSettings(c)) on.push('sms');
  return on;
}
