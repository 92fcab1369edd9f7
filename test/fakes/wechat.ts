// A local stand-in for the WeChat official account API, answering with the documented bodies:
// GET /cgi-bin/token, POST /cgi-bin/message/template/send and /cgi-bin/message/subscribe/bizsend,
// GET /sns/oauth2/access_token; errors as { errcode, errmsg }. Tests script outages and errors.
import { createServer, type Server } from 'node:http';
import { answerer } from './answer';
import { randomUUID } from 'node:crypto';

export interface FakeWechatMessage {
  path: string;
  touser: string;
  template_id: string;
  url?: string;
  page?: string;
  data: Record<string, { value: string }>;
}

export interface FakeWechat {
  url: string;
  appId: string;
  secret: string;
  /** Messages accepted (errcode 0). */
  sent: FakeWechatMessage[];
  tokenFetches: number;
  sendCalls: number;
  /** Openids that follow the account; others get 43004 (require subscribe). */
  followers: Set<string>;
  /** OAuth code -> openid, each code usable once (40029 otherwise, 40163 when reused). */
  oauthCodes: Map<string, string>;
  /** 'up', 'down' (503 to everything), 'slow' (handles the request after slowMs) or 'late' (handles it at once, answers after slowMs). */
  mode: 'up' | 'down' | 'slow' | 'late';
  slowMs: number;
  /** Answers for the next send calls, before any check (e.g. { errcode: 45009, errmsg: '...' }). */
  nextSendAnswers: Record<string, unknown>[];
  /** Every token issued so far stops working: the next send gets 42001 (or 40001 with `replaced`). */
  expireTokens(how?: 'expired' | 'replaced'): void;
  close(): Promise<void>;
}

export async function startFakeWechat(opts: { appId?: string; secret?: string } = {}): Promise<FakeWechat> {
  const valid = new Set<string>();
  let invalidCode = 42001;
  const usedCodes = new Set<string>();
  const state = {
    appId: opts.appId ?? 'wx-test-app',
    secret: opts.secret ?? 'test-app-secret-123',
    sent: [] as FakeWechatMessage[],
    tokenFetches: 0,
    sendCalls: 0,
    followers: new Set<string>(),
    oauthCodes: new Map<string, string>(),
    mode: 'up' as FakeWechat['mode'],
    slowMs: 0,
    nextSendAnswers: [] as Record<string, unknown>[],
  };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const answer = answerer(res, state);
      const handle = () => {
        if (state.mode === 'down') return answer(503, { errcode: -1, errmsg: 'system error' });
        const url = new URL(req.url ?? '/', 'http://fake');
        const q = url.searchParams;
        if (url.pathname === '/cgi-bin/token' && req.method === 'GET') {
          state.tokenFetches++;
          if (q.get('grant_type') !== 'client_credential') return answer(200, { errcode: 40002, errmsg: 'invalid grant_type' });
          if (q.get('appid') !== state.appId) return answer(200, { errcode: 40013, errmsg: 'invalid appid' });
          if (q.get('secret') !== state.secret) return answer(200, { errcode: 40125, errmsg: 'invalid appsecret' });
          const token = `TOKEN_${randomUUID()}`;
          valid.add(token);
          return answer(200, { access_token: token, expires_in: 7200 });
        }
        if ((url.pathname === '/cgi-bin/message/template/send' || url.pathname === '/cgi-bin/message/subscribe/bizsend') && req.method === 'POST') {
          state.sendCalls++;
          const scripted = state.nextSendAnswers.shift();
          if (scripted) return answer(200, scripted);
          const token = q.get('access_token') ?? '';
          if (!valid.has(token)) return answer(200, invalidCode === 42001 ? { errcode: 42001, errmsg: 'access_token expired' } : { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
          let body: FakeWechatMessage;
          try {
            body = JSON.parse(raw) as FakeWechatMessage;
          } catch {
            return answer(200, { errcode: 47001, errmsg: 'data format error' });
          }
          if (!body.template_id) return answer(200, { errcode: 40037, errmsg: 'invalid template_id' });
          if (!state.followers.has(body.touser)) return answer(200, { errcode: 43004, errmsg: 'require subscribe' });
          state.sent.push({ ...body, path: url.pathname });
          return answer(200, { errcode: 0, errmsg: 'ok', msgid: state.sent.length + 200228000 });
        }
        if (url.pathname === '/sns/oauth2/access_token' && req.method === 'GET') {
          if (q.get('appid') !== state.appId || q.get('secret') !== state.secret) return answer(200, { errcode: 40125, errmsg: 'invalid appsecret' });
          const code = q.get('code') ?? '';
          if (usedCodes.has(code)) return answer(200, { errcode: 40163, errmsg: 'code been used' });
          const openid = state.oauthCodes.get(code);
          if (!openid) return answer(200, { errcode: 40029, errmsg: 'invalid code' });
          usedCodes.add(code);
          return answer(200, { access_token: `WEB_${randomUUID()}`, expires_in: 7200, refresh_token: `R_${randomUUID()}`, openid, scope: 'snsapi_base' });
        }
        return answer(404, { errcode: 40066, errmsg: 'invalid url' });
      };
      // A caller that gave up (timed out) closed its socket: the fake then does nothing, like a request lost on the way.
      if (state.mode === 'slow')
        setTimeout(() => {
          if (!req.socket.destroyed) handle();
        }, state.slowMs);
      else handle();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return Object.assign(state, {
    url: `http://127.0.0.1:${address.port}`,
    expireTokens(how: 'expired' | 'replaced' = 'expired') {
      valid.clear();
      invalidCode = how === 'expired' ? 42001 : 40001;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
