// Each message kind rendered for each channel within that channel's limits. Pure: the caller passes
// every fact. No child's name goes into a message: an SMS or a WeChat card shows on a locked screen.
import type { NotifyChannel, NotifyKind } from '../../db/schema';
import type { Lang } from '../context';
import { t } from '../../web/i18n';

export interface MessageFacts {
  kind: NotifyKind;
  /** The Shanghai date the message is about. */
  date: string;
  /** index: the district's name, level and label in the message's language. */
  district?: string;
  level?: number;
  label?: string;
  /** diary: days without an entry; followup: the due date. */
  days?: number;
  dueDate?: string;
}

/** SMS: the registered template (by kind) and its variables; text is what the phone shows. */
export interface SmsMessage {
  channel: 'sms';
  kind: NotifyKind;
  params: Record<string, string>;
  text: string;
  segments: number;
}

export interface WechatField {
  value: string;
}

/** WeChat: the template's keyword fields; url opens the family app. */
export interface WechatMessage {
  channel: 'wechat';
  kind: NotifyKind;
  data: Record<string, WechatField>;
}

/** Web Push: what the service worker shows (title, body), opens on a tap (url) and replaces (tag). */
export interface PushMessage {
  channel: 'push';
  kind: NotifyKind;
  title: string;
  body: string;
  url: string;
  tag: string;
}

export type RenderedMessage = SmsMessage | WechatMessage | PushMessage;

/** Alibaba Cloud counts 70 characters (Chinese or not, signature included) as one SMS; a longer one goes in 67-character parts. */
export const SMS_SEGMENT = 70;
export const SMS_LONG_SEGMENT = 67;
/** Our templates are kept to two parts: the urgent acknowledgement needs its safety wording whole. */
export const SMS_MAX_SEGMENTS = 2;
/** Alibaba Cloud: a template variable holds at most 35 characters. */
export const SMS_VARIABLE_MAX = 35;
/** WeChat template and subscription messages: a 'thing' field at most 20 characters, a 'character_string' 32, no line breaks. */
export const WECHAT_LIMITS = { thing: 20, character_string: 32 } as const;
/** Push services take 4,096 bytes after encryption; we keep the plain JSON well under that. */
export const PUSH_MAX_BYTES = 3000;

export const smsLength = (text: string) => [...text].length;

export function smsSegments(signName: string, text: string): number {
  const length = smsLength(`【${signName}】${text}`);
  return length <= SMS_SEGMENT ? 1 : Math.ceil(length / SMS_LONG_SEGMENT);
}

export class RenderError extends Error {}

function smsParams(facts: MessageFacts): Record<string, string> {
  switch (facts.kind) {
    case 'index':
      return { district: facts.district ?? '', level: String(facts.level ?? ''), label: facts.label ?? '' };
    case 'diary':
      return { days: String(facts.days ?? 3) };
    case 'followup':
      return { date: facts.dueDate ?? '' };
    case 'urgent':
      return {};
  }
}

/** SMS is sent in Chinese: one template per kind is registered (and reviewed) with Alibaba Cloud. */
export function renderSms(facts: MessageFacts, signName: string): SmsMessage {
  const params = smsParams(facts);
  for (const [name, value] of Object.entries(params)) {
    if (smsLength(value) > SMS_VARIABLE_MAX) throw new RenderError(`sms variable ${name} too long`);
  }
  const text = t('zh', `notify.sms.${facts.kind}`, params);
  const segments = smsSegments(signName, text);
  if (segments > SMS_MAX_SEGMENTS) throw new RenderError(`sms ${facts.kind} needs ${segments} segments`);
  return { channel: 'sms', kind: facts.kind, params, text, segments };
}

type FieldType = keyof typeof WECHAT_LIMITS;
/** The keyword layout of each kind's template: the programme picks library templates with these keys (README). */
export const WECHAT_LAYOUT: Record<NotifyKind, Record<string, FieldType>> = {
  index: { thing1: 'thing', thing2: 'thing', character_string3: 'character_string', thing4: 'thing', thing5: 'thing' },
  diary: { thing1: 'thing', character_string3: 'character_string', thing4: 'thing', thing5: 'thing' },
  followup: { thing1: 'thing', character_string3: 'character_string', thing4: 'thing', thing5: 'thing' },
  urgent: { thing1: 'thing', thing2: 'thing', character_string3: 'character_string', thing4: 'thing', thing5: 'thing' },
};

function wechatValues(facts: MessageFacts, lang: Lang): Record<string, string> {
  const call120 = t(lang, 'notify.wx.call120');
  switch (facts.kind) {
    case 'index':
      return { thing1: facts.district ?? '', thing2: t(lang, 'notify.wx.index.title', { level: facts.level ?? '', label: facts.label ?? '' }), character_string3: facts.date, thing4: t(lang, 'notify.wx.index.advice'), thing5: call120 };
    case 'diary':
      return { thing1: t(lang, 'notify.wx.diary.title', { days: facts.days ?? 3 }), character_string3: facts.date, thing4: t(lang, 'notify.wx.diary.advice'), thing5: call120 };
    case 'followup':
      return { thing1: t(lang, 'notify.wx.followup.title'), character_string3: facts.dueDate ?? '', thing4: t(lang, 'notify.wx.followup.advice'), thing5: call120 };
    case 'urgent':
      return { thing1: t(lang, 'notify.wx.urgent.title'), thing2: t(lang, 'notify.wx.urgent.hours'), character_string3: facts.date, thing4: t(lang, 'notify.wx.urgent.night'), thing5: call120 };
  }
}

/** A field over its limit is an error, never cut: a cut could drop "call 120". */
export function renderWechat(facts: MessageFacts, lang: Lang): WechatMessage {
  const values = wechatValues(facts, lang);
  const layout = WECHAT_LAYOUT[facts.kind];
  const data: Record<string, WechatField> = {};
  for (const [key, type] of Object.entries(layout)) {
    const value = values[key] ?? '';
    if (/[\r\n]/.test(value)) throw new RenderError(`wechat ${facts.kind}.${key} has a line break`);
    if ([...value].length > WECHAT_LIMITS[type]) throw new RenderError(`wechat ${facts.kind}.${key} longer than ${WECHAT_LIMITS[type]}`);
    data[key] = { value };
  }
  return { channel: 'wechat', kind: facts.kind, data };
}

const pushTitle = (facts: MessageFacts, lang: Lang) => (facts.kind === 'index' ? t(lang, 'push.index.title', { level: facts.level ?? '', label: facts.label ?? '' }) : t(lang, `push.${facts.kind}.title`));

/** Where a tap opens the app: the diary to log, the action plan on a red-zone day, else the app's front page. */
function pushUrl(facts: MessageFacts, childId: string): string {
  if (facts.kind === 'diary') return `/app/diary/${childId}`;
  if (facts.kind === 'urgent') return `/app/plan/${childId}`;
  return '/app';
}

/**
 * The body is the SMS wording in the parent's language, so every channel says the same, ending
 * with the danger signs and 120. A second push with the same tag replaces the first on the phone,
 * so a retry never shows the parent two notifications.
 */
export function renderPush(facts: MessageFacts, lang: Lang, childId: string): PushMessage {
  const message: PushMessage = {
    channel: 'push',
    kind: facts.kind,
    title: pushTitle(facts, lang),
    body: t(lang, `notify.sms.${facts.kind}`, smsParams(facts)),
    url: pushUrl(facts, childId),
    tag: `${facts.kind}:${facts.kind === 'index' ? '' : childId}:${facts.date}`,
  };
  if (Buffer.byteLength(JSON.stringify(message)) > PUSH_MAX_BYTES) throw new RenderError(`push ${facts.kind} over ${PUSH_MAX_BYTES} bytes`);
  return message;
}

export function renderFor(channel: NotifyChannel, facts: MessageFacts, lang: Lang, signName: string, childId = ''): RenderedMessage {
  if (channel === 'sms') return renderSms(facts, signName);
  if (channel === 'push') return renderPush(facts, lang, childId);
  return renderWechat(facts, lang);
}
