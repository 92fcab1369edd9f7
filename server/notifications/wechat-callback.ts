// The service account's server URL (公众号 "服务器配置"): WeChat checks it with a signed GET and
// posts each message a follower sends. A parent binds by sending the one-time code the family app
// showed: the message's sender (FromUserName) is their openid. Plain-text mode; every request is
// checked against WECHAT_CALLBACK_TOKEN (sha1 of the sorted token, timestamp and nonce).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { Hono } from 'hono';
import type { AppEnv } from '../context';
import { audit } from '../audit/audit';
import { AppError } from '../errors';
import { t } from '../../web/i18n';
import { bindOpenid, redeemBindCode } from './service';

/** WeChat's signature: sha1 over the token, timestamp and nonce sorted and joined. Pure. */
export function wechatSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

function signed(token: string | undefined, q: Record<string, string | undefined>): boolean {
  if (!token || !q.signature || !q.timestamp || !q.nonce) return false;
  const want = Buffer.from(wechatSignature(token, q.timestamp, q.nonce));
  const got = Buffer.from(q.signature);
  return want.length === got.length && timingSafeEqual(want, got);
}

/** One field of WeChat's flat message XML, CDATA or not. */
export function xmlField(xml: string, name: string): string | null {
  const m = new RegExp(`<${name}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${name}>`).exec(xml);
  return m ? (m[1] ?? m[2] ?? '').trim() : null;
}

const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

function reply(to: string, from: string, now: Date, text: string): string {
  return `<xml><ToUserName>${cdata(to)}</ToUserName><FromUserName>${cdata(from)}</FromUserName><CreateTime>${Math.floor(now.getTime() / 1000)}</CreateTime><MsgType>${cdata('text')}</MsgType><Content>${cdata(text)}</Content></xml>`;
}

const MAX_BODY = 16 * 1024;
/** Wrong codes one WeChat user may send in an hour: a code has a million values, so guessing must be slow. */
export const MAX_CODE_FAILURES = 5;
const FAILURE_WINDOW_MS = 3600_000;

/** The sender as stored: a keyed hash of the openid (the callback token is the key), never the openid. */
const senderKey = (token: string, openid: string) => createHmac('sha256', token).update(openid).digest('hex');

/** Counted in the database (migration 0031), so every server instance and a restart see the same count. */
async function tooManyFailures(db: Kysely<DB>, sender: string, nowMs: number): Promise<boolean> {
  const since = new Date(nowMs - FAILURE_WINDOW_MS).toISOString();
  const row = await db
    .selectFrom('wechat_code_failures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('openid_hash', '=', sender)
    .where('at', '>', since)
    .executeTakeFirst();
  return Number(row?.n ?? 0) >= MAX_CODE_FAILURES;
}

async function countFailure(trx: Kysely<DB>, sender: string, nowMs: number): Promise<void> {
  // Kept no longer than they count (the table holds only the last hour's few wrong codes).
  await trx
    .deleteFrom('wechat_code_failures')
    .where('at', '<=', new Date(nowMs - FAILURE_WINDOW_MS).toISOString())
    .execute();
  await trx
    .insertInto('wechat_code_failures')
    .values({ openid_hash: sender, at: new Date(nowMs).toISOString() })
    .execute();
}

export function registerWechatCallback(app: Hono<AppEnv>): void {
  app.get('/wechat/callback', (c) => {
    const token = c.get('deps').config.WECHAT_CALLBACK_TOKEN;
    if (!signed(token, c.req.query())) throw new AppError(403, 'forbidden', 'Not signed by WeChat');
    return c.text(c.req.query('echostr') ?? '');
  });

  app.post('/wechat/callback', async (c) => {
    const deps = c.get('deps');
    if (!signed(deps.config.WECHAT_CALLBACK_TOKEN, c.req.query())) throw new AppError(403, 'forbidden', 'Not signed by WeChat');
    const xml = (await c.req.text()).slice(0, MAX_BODY);
    const openid = xmlField(xml, 'FromUserName');
    const account = xmlField(xml, 'ToUserName');
    const content = xmlField(xml, 'Content') ?? '';
    // Anything but a six-digit code: "success" (WeChat's "no reply").
    if (!openid || !account || xmlField(xml, 'MsgType') !== 'text' || !/^\d{6}$/.test(content)) return c.text('success');
    const nowMs = deps.clock.now().getTime();
    let key: 'notify.wx.bound' | 'notify.wx.codeInvalid' | 'notify.wx.boundElsewhere' | 'notify.wx.tooMany' = 'notify.wx.bound';
    const sender = senderKey(deps.config.WECHAT_CALLBACK_TOKEN ?? '', openid);
    if (await tooManyFailures(deps.db, sender, nowMs)) key = 'notify.wx.tooMany';
    else
      try {
        await deps.db.transaction().execute(async (trx) => {
          const userId = await redeemBindCode(trx, deps, content);
          if (!userId) {
            key = 'notify.wx.codeInvalid';
            await countFailure(trx, sender, nowMs);
            return;
          }
          await bindOpenid(trx, deps, userId, openid, 'code');
          const actor = { id: userId, username: '', displayName: '', role: 'parent' as const, centerId: null, schoolId: null, sessionId: null };
          await audit(trx, deps.clock, { actor, requestId: c.get('requestId') }, { action: 'create', entity: 'wechat_binding', entityId: userId });
        });
      } catch (err) {
        if (!(err instanceof AppError) || err.status !== 409) throw err;
        key = 'notify.wx.boundElsewhere';
      }
    c.header('content-type', 'application/xml; charset=utf-8');
    return c.body(reply(openid, account, deps.clock.now(), t('zh', key)));
  });
}
