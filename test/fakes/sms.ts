// A local stand-in for Alibaba Cloud SMS (dysmsapi 2017-05-25 SendSms), reached by the official SDK
// with SMS_ENDPOINT=http://127.0.0.1:port. Answers with the documented body: Code "OK" with
// RequestId and BizId, or an error Code ("isv.MOBILE_NUMBER_ILLEGAL", "isv.BUSINESS_LIMIT_CONTROL", ...).
import { createServer, type Server } from 'node:http';
import { answerer } from './answer';
import { randomUUID } from 'node:crypto';

export interface FakeSmsMessage {
  phone: string;
  signName: string;
  templateCode: string;
  params: Record<string, string>;
}

export interface FakeSms {
  endpoint: string;
  accessKeyId: string;
  sent: FakeSmsMessage[];
  calls: number;
  /** 'up', 'down' (503 ServiceUnavailable), 'slow' (handles the request after slowMs) or 'late' (handles it at once, answers after slowMs). */
  mode: 'up' | 'down' | 'slow' | 'late';
  slowMs: number;
  /** Numbers the operator refuses (isv.MOBILE_NUMBER_ILLEGAL). */
  illegal: Set<string>;
  /** Codes for the next calls, before any check (e.g. 'isv.BUSINESS_LIMIT_CONTROL'). */
  nextCodes: string[];
  /** Connections open now (a client's pooled connection counts while it is idle). */
  connections(): number;
  /** Close every idle connection at once, as a provider does when its own idle limit passes. */
  closeIdle(): void;
  close(): Promise<void>;
}

const MESSAGES: Record<string, string> = {
  'isv.MOBILE_NUMBER_ILLEGAL': '非法手机号',
  'isv.BUSINESS_LIMIT_CONTROL': '触发小时级流控Permits:5',
  'isv.SMS_TEMPLATE_ILLEGAL': '该账号下找不到对应模板',
};

/** keepAliveMs: how long the fake keeps an idle connection (Node's default, 5 s, unless given). */
export async function startFakeSms(opts: { accessKeyId?: string; keepAliveMs?: number } = {}): Promise<FakeSms> {
  const state = {
    accessKeyId: opts.accessKeyId ?? 'test-access-key-id',
    sent: [] as FakeSmsMessage[],
    calls: 0,
    mode: 'up' as FakeSms['mode'],
    slowMs: 0,
    illegal: new Set<string>(),
    nextCodes: [] as string[],
  };
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const answer = answerer(res, state);
      const handle = () => {
        state.calls++;
        const RequestId = randomUUID().toUpperCase();
        if (state.mode === 'down') return answer(503, { Code: 'ServiceUnavailable', Message: 'The request has failed due to a temporary failure of the server.', RequestId });
        if (req.headers['x-acs-action'] !== 'SendSms' || req.headers['x-acs-version'] !== '2017-05-25') return answer(400, { Code: 'InvalidAction.NotFound', Message: 'Specified api is not found', RequestId });
        if (!String(req.headers.authorization ?? '').includes(`Credential=${state.accessKeyId}`)) return answer(404, { Code: 'InvalidAccessKeyId.NotFound', Message: 'Specified access key is not found.', RequestId });
        const q = new URL(req.url ?? '/', 'http://fake').searchParams;
        const scripted = state.nextCodes.shift();
        if (scripted) return answer(200, { Code: scripted, Message: MESSAGES[scripted] ?? scripted, RequestId });
        const phone = q.get('PhoneNumbers') ?? '';
        if (state.illegal.has(phone) || !/^1\d{10}$/.test(phone)) return answer(200, { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: MESSAGES['isv.MOBILE_NUMBER_ILLEGAL']!, RequestId });
        let params: Record<string, string>;
        try {
          params = JSON.parse(q.get('TemplateParam') ?? '{}') as Record<string, string>;
        } catch {
          return answer(200, { Code: 'isv.INVALID_JSON_PARAM', Message: 'JSON参数不合法', RequestId });
        }
        state.sent.push({ phone, signName: q.get('SignName') ?? '', templateCode: q.get('TemplateCode') ?? '', params });
        return answer(200, { Code: 'OK', Message: 'OK', RequestId, BizId: `${Date.now()}^${state.sent.length}` });
      };
      // A caller that gave up (timed out) closed its socket: the fake then does nothing, like a request lost on the way.
      if (state.mode === 'slow')
        setTimeout(() => {
          if (!req.socket.destroyed) handle();
        }, state.slowMs);
      else handle();
    });
  });
  if (opts.keepAliveMs !== undefined) server.keepAliveTimeout = opts.keepAliveMs;
  let open = 0;
  server.on('connection', (socket) => {
    open++;
    socket.on('close', () => open--);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return Object.assign(state, {
    endpoint: `http://127.0.0.1:${address.port}`,
    connections: () => open,
    closeIdle: () => server.closeIdleConnections(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** The SMS settings that reach this fake, as environment variables (server/config.ts). */
export function smsEnvFor(fake: FakeSms): Record<string, string> {
  return {
    SMS_ENDPOINT: fake.endpoint,
    SMS_ACCESS_KEY_ID: fake.accessKeyId,
    SMS_ACCESS_KEY_SECRET: 'test-secret',
    SMS_SIGN_NAME: '浦东儿童哮喘',
    SMS_TEMPLATE_INDEX: 'SMS_1',
    SMS_TEMPLATE_DIARY: 'SMS_2',
    SMS_TEMPLATE_FOLLOWUP: 'SMS_3',
    SMS_TEMPLATE_URGENT: 'SMS_4',
  };
}
