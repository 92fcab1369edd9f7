// The WeChat service account: the access token (one fetch shared by every sender, refreshed before
// it expires and on errcode 40001/42001), template or long-term subscription messages, and the
// snsapi_base OAuth exchange that gives a parent's openid. Tokens, the secret and openids stay out
// of errors and logs: an outcome names only WeChat's errcode.
import type { WechatSettings } from './channels';
import type { WechatMessage } from './render';
import type { SendOutcome } from './rules';

/** Fetch a new token this long before WeChat's expiry (7200 s), so none is used as it lapses. */
const REFRESH_EARLY_MS = 5 * 60_000;
/** The token is invalid (another fetch replaced it) or expired: fetch anew and try once more. */
const TOKEN_INVALID = new Set([40001, 40014, 42001]);
/** The parent unfollowed the account (43004), refused subscription messages (43101), or the openid is not this account's (40003). */
const UNBOUND = new Set([43004, 43101, 40003]);
/** System busy (-1) and frequency or quota limits. */
const TEMPORARY = new Set([-1, 45009, 45011, 45047, 45015]);

interface CachedToken {
  token: string;
  refreshAt: number;
}

interface TokenState {
  current?: CachedToken;
  inflight?: Promise<string>;
}

// One state per service account in this process: all senders share it.
const tokens = new Map<string, TokenState>();

export class WechatError extends Error {
  /** uncertain: the request went out and no answer came, so WeChat may have taken it. */
  constructor(
    readonly code: string,
    readonly uncertain = false,
  ) {
    super(code);
  }
}

export interface WechatClientOptions {
  timeoutMs: number;
  /** Milliseconds since the epoch (the injected clock), for the token's expiry. */
  now: () => number;
  fetch?: typeof fetch;
}

async function getJson(doFetch: typeof fetch, url: string, init: RequestInit, timeoutMs: number): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    // Timed out: the request may have reached WeChat (uncertain); anything else failed before it did.
    throw err instanceof Error && err.name === 'TimeoutError' ? new WechatError('wechat:timeout', true) : new WechatError('wechat:network');
  }
  if (res.status >= 500 || res.status === 429) throw new WechatError(`wechat:http_${res.status}`);
  try {
    return (await res.json()) as Record<string, unknown>;
  } catch {
    throw new WechatError(`wechat:bad_answer_${res.status}`);
  }
}

export class WechatClient {
  private readonly doFetch: typeof fetch;
  private readonly state: TokenState;

  constructor(
    private readonly settings: WechatSettings,
    private readonly options: WechatClientOptions,
  ) {
    this.doFetch = options.fetch ?? fetch;
    const key = `${settings.apiBase}|${settings.appId}`;
    this.state = tokens.get(key) ?? {};
    tokens.set(key, this.state);
  }

  /** The cached token, or one shared fetch of a new one. */
  async accessToken(): Promise<string> {
    const cur = this.state.current;
    if (cur && this.options.now() < cur.refreshAt) return cur.token;
    if (this.state.inflight) return this.state.inflight;
    const { apiBase, appId, appSecret } = this.settings;
    const url = `${apiBase}/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(appId)}&secret=${encodeURIComponent(appSecret)}`;
    const inflight = getJson(this.doFetch, url, { method: 'GET' }, this.options.timeoutMs).then((body) => {
      if (typeof body.access_token !== 'string') throw new WechatError(`wechat:token_${String(body.errcode ?? 'missing')}`);
      const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 7200;
      this.state.current = { token: body.access_token, refreshAt: this.options.now() + expiresIn * 1000 - REFRESH_EARLY_MS };
      return body.access_token;
    });
    this.state.inflight = inflight;
    try {
      return await inflight;
    } finally {
      this.state.inflight = undefined;
    }
  }

  /** Forget a token WeChat refused, unless another sender already replaced it. */
  private invalidate(token: string): void {
    if (this.state.current?.token === token) this.state.current = undefined;
  }

  async send(openid: string, message: WechatMessage): Promise<SendOutcome> {
    for (let attempt = 0; attempt < 2; attempt++) {
      let token: string;
      try {
        token = await this.accessToken();
      } catch (err) {
        return { result: 'temporary', code: err instanceof WechatError ? err.code : 'wechat:token' };
      }
      const { apiBase, messageType, templates, appUrl } = this.settings;
      const path = messageType === 'subscribe' ? '/cgi-bin/message/subscribe/bizsend' : '/cgi-bin/message/template/send';
      const link = appUrl ? `${appUrl}/app` : undefined;
      const payload = messageType === 'subscribe' ? { touser: openid, template_id: templates[message.kind], page: link, data: message.data } : { touser: openid, template_id: templates[message.kind], url: link, data: message.data };
      let body: Record<string, unknown>;
      try {
        body = await getJson(
          this.doFetch,
          `${apiBase}${path}?access_token=${encodeURIComponent(token)}`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(payload),
          },
          this.options.timeoutMs,
        );
      } catch (err) {
        if (err instanceof WechatError && err.uncertain) return { result: 'uncertain', code: err.code };
        return { result: 'temporary', code: err instanceof WechatError ? err.code : 'wechat:network' };
      }
      const errcode = typeof body.errcode === 'number' ? body.errcode : 0;
      if (errcode === 0) return { result: 'sent', providerId: body.msgid === undefined ? null : String(body.msgid) };
      if (TOKEN_INVALID.has(errcode) && attempt === 0) {
        this.invalidate(token);
        continue;
      }
      const code = `wechat:${errcode}`;
      if (UNBOUND.has(errcode)) return { result: 'unbound', code };
      if (TEMPORARY.has(errcode) || TOKEN_INVALID.has(errcode)) return { result: 'temporary', code };
      return { result: 'permanent', code };
    }
    return { result: 'temporary', code: 'wechat:token_refused' };
  }

  /** snsapi_base: the openid behind an OAuth code (the parent opened the app inside WeChat). */
  async openidForCode(code: string): Promise<string> {
    const { apiBase, appId, appSecret } = this.settings;
    const url = `${apiBase}/sns/oauth2/access_token?appid=${encodeURIComponent(appId)}&secret=${encodeURIComponent(appSecret)}&code=${encodeURIComponent(code)}&grant_type=authorization_code`;
    const body = await getJson(this.doFetch, url, { method: 'GET' }, this.options.timeoutMs);
    if (typeof body.openid !== 'string' || !body.openid) throw new WechatError(`wechat:oauth_${String(body.errcode ?? 'missing')}`);
    return body.openid;
  }
}

/** Where the app sends a parent inside WeChat to get an OAuth code (the browser goes there, not the server). */
export function wechatAuthorizeUrl(appId: string, redirectUri: string, state: string): string {
  const q = `appid=${encodeURIComponent(appId)}&redirect_uri=${encodeURIComponent(redirectUri)}&response_type=code&scope=snsapi_base&state=${encodeURIComponent(state)}`;
  return `https://open.weixin.qq.com/connect/oauth2/authorize?${q}#wechat_redirect`;
}

/** Tests: start each from an empty token cache. */
export function forgetWechatTokens(): void {
  tokens.clear();
}
