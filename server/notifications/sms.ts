// Alibaba Cloud SMS through its official SDK. SMS_ENDPOINT may be a host (production,
// dysmsapi.aliyuncs.com, https) or an http:// URL (the local fake in tests). The outcome names
// only Alibaba's code: never the number, the keys or the text.
import type { SmsSettings } from './channels';
import { watchSmsHost } from './sms-http';
import type { SmsMessage } from './render';
import type { SendOutcome } from './rules';

type ClientClass = new (config: unknown) => { sendSmsWithOptions(req: unknown, runtime: unknown): Promise<{ body?: { code?: string; bizId?: string } }> };
interface Sdk {
  Client: ClientClass;
  SendSmsRequest: new (m: Record<string, string>) => unknown;
  config(c: Record<string, string>): unknown;
  runtime(r: Record<string, unknown>): unknown;
}
let sdk: Promise<Sdk> | undefined;
/**
 * The SDK and what it pulls in (lodash, moment, an XML parser: ~9 MB of heap, ~30 MB of RSS) load
 * on the first SMS, in the thread that sends it, not in every thread that imports the service.
 */
function loadSdk(): Promise<Sdk> {
  sdk ??= Promise.all([import('@alicloud/dysmsapi20170525'), import('@alicloud/openapi-client'), import('@alicloud/tea-util')]).then(([dysms, openApi, util]) => {
    // The SDK is CommonJS with `exports.default`; under ESM its default import is the module object.
    const mod = dysms as unknown as { default: ClientClass | { default: ClientClass }; SendSmsRequest: new (m: Record<string, string>) => unknown };
    return {
      Client: typeof mod.default === 'function' ? mod.default : mod.default.default,
      SendSmsRequest: mod.SendSmsRequest,
      config: (c) => new openApi.Config(c),
      runtime: (r) => new util.RuntimeOptions(r),
    };
  });
  return sdk;
}

/** The number can never receive our SMS: stop using it (the parent's SMS choice is turned off). */
const UNBOUND = new Set(['isv.MOBILE_NUMBER_ILLEGAL', 'isv.BLACK_KEY_CONTROL_LIMIT', 'isv.UNSUBSCRIBE_CONTROL']);
/** Limits and outages that pass: per-number frequency, daily quotas, throttling, system errors, an empty balance. */
const TEMPORARY = /^(isv\.BUSINESS_LIMIT_CONTROL|isv\.DAY_LIMIT_CONTROL|isv\.AMOUNT_NOT_ENOUGH|isp\.|Throttling|ServiceUnavailable|InternalError|SignatureNonceUsed)/;

export function classifySmsCode(code: string, httpStatus?: number): SendOutcome {
  if (code === 'OK') return { result: 'sent', providerId: null };
  const tagged = `sms:${code}`;
  if (UNBOUND.has(code)) return { result: 'unbound', code: tagged };
  if (TEMPORARY.test(code) || (httpStatus !== undefined && (httpStatus >= 500 || httpStatus === 429))) return { result: 'temporary', code: tagged };
  return { result: 'permanent', code: tagged };
}

/**
 * Whether a failure without an HTTP status may have come after the request went out. Only a refused
 * connection or a name that does not resolve proves nothing was sent. The SDK's HTTP layer (httpx)
 * reports its socket idle limit as "ConnectTimeout" even once the request is written (a loaded
 * machine showed it for a message the fake had taken), so its timeouts all count as uncertain.
 */
function answerLost(err: unknown): boolean {
  const e = err as { name?: unknown; message?: unknown; code?: unknown };
  const text = [e.name, e.message, e.code].filter((x) => typeof x === 'string').join(' ');
  return !/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/.test(text);
}

export type SmsSender = (phone: string, message: SmsMessage) => Promise<SendOutcome>;

export function createSmsSender(settings: SmsSettings, timeoutMs: number): SmsSender {
  const local = /^https?:\/\//.test(settings.endpoint) ? new URL(settings.endpoint) : null;
  watchSmsHost(local ? local.hostname : settings.endpoint);
  const ready = async () => {
    const { Client, SendSmsRequest, config, runtime } = await loadSdk();
    const client = new Client(
      config({
        accessKeyId: settings.accessKeyId,
        accessKeySecret: settings.accessKeySecret,
        endpoint: local ? local.host : settings.endpoint,
        protocol: local ? local.protocol.replace(':', '') : 'https',
      }),
    );
    // Our own back-off decides when to try again; the SDK's retries would hide a failure and could send twice.
    return { client, SendSmsRequest, runtime: runtime({ autoretry: false, readTimeout: timeoutMs, connectTimeout: timeoutMs }) };
  };
  let sender: ReturnType<typeof ready> | undefined;
  return async (phone, message) => {
    sender ??= ready();
    const { client, SendSmsRequest, runtime } = await sender;
    const request = new SendSmsRequest({
      phoneNumbers: phone,
      signName: settings.signName,
      templateCode: settings.templates[message.kind],
      templateParam: JSON.stringify(message.params),
    });
    try {
      const res = await client.sendSmsWithOptions(request, runtime);
      const code = res.body?.code ?? 'missing_code';
      const outcome = classifySmsCode(code);
      return outcome.result === 'sent' ? { result: 'sent', providerId: res.body?.bizId ?? null } : outcome;
    } catch (err) {
      const e = err as { code?: unknown; statusCode?: unknown };
      const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
      // No status: either no connection was made (the message did not go: try again), or the
      // request went out and its answer never came (a read timeout, a cut connection): uncertain.
      if (status === undefined) return answerLost(err) ? { result: 'uncertain', code: 'sms:timeout' } : { result: 'temporary', code: 'sms:network' };
      return classifySmsCode(typeof e.code === 'string' ? e.code.slice(0, 80) : `http_${status}`, status);
    }
  };
}
