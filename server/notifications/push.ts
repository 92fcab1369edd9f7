// The Web Push adapter: one message to each of a parent's phones, encrypted (aes128gcm) and
// VAPID-signed by web-push, posted with a timeout over a connection whose DNS lookup refuses
// private and internal addresses (an endpoint comes from the parent's browser: its name was
// checked when it was saved, its addresses are checked here). The outcome names only the HTTP
// status, never the endpoint or its keys.
import type { lookup as dnsLookup } from 'node:dns';
import webpush from 'web-push';
import { isAcceptablePushEndpoint } from '../family-app/push';
import { guardedLookup, isPrivateTarget, isPublicAddress, pinnedPost, RESOLVES_INSIDE } from '../http/outbound-target';
import type { VapidKeys } from '../family-app/vapid';
import type { PushMessage } from './render';
import type { SendOutcome } from './rules';

/** Push services keep an undelivered message this long (seconds) while the phone is offline. */
const TTL_SECONDS = 12 * 3600;

export interface PushDevice {
  id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface PushTransport {
  /** Posts with this instead (tests that route the endpoint's host to a local service); no address check. */
  fetch?: typeof fetch;
  /** The resolver behind the checked lookup (tests); Node's dns.lookup by default. */
  lookup?: typeof dnsLookup;
  /** Which resolved addresses may be reached; public ones only by default. */
  addressAllowed?: (address: string) => boolean;
  /** A certificate authority to trust besides the system's (tests with a local https service). */
  ca?: string | Buffer;
}

export interface PushResult {
  outcome: SendOutcome;
  /** Phones whose browser dropped the subscription (404/410): forget them. */
  expired: string[];
}

type DeviceAnswer = { status: number } | { error: string };

export type PushSender = (devices: readonly PushDevice[], message: PushMessage) => Promise<PushResult>;

export function createPushSender(vapid: VapidKeys, subject: string | undefined, timeoutMs: number, transport: PushTransport = {}): PushSender {
  const lookup = guardedLookup(transport.addressAllowed ?? isPublicAddress, transport.lookup);
  const post = async (url: string, init: { headers: Record<string, string>; body: Uint8Array<ArrayBuffer>; signal: AbortSignal }): Promise<number> => {
    if (!transport.fetch) return (await pinnedPost(url, { ...init, ca: transport.ca }, lookup)).status;
    const res = await transport.fetch(url, { method: 'POST', ...init });
    await res.arrayBuffer().catch(() => undefined);
    return res.status;
  };

  const sendTo = async (device: PushDevice, message: PushMessage): Promise<DeviceAnswer> => {
    // Checked again at send time: a subscription may predate a tightened rule, and Node skips the
    // checked lookup for an address literal.
    if (!isAcceptablePushEndpoint(device.endpoint) || isPrivateTarget(device.endpoint)) return { error: 'push:refused_endpoint' };
    const { channel: _channel, ...shown } = message;
    try {
      const details = webpush.generateRequestDetails({ endpoint: device.endpoint, keys: { p256dh: device.p256dh, auth: device.auth } }, JSON.stringify(shown), {
        vapidDetails: { ...vapid, subject: subject ?? vapid.subject },
        TTL: TTL_SECONDS,
        contentEncoding: 'aes128gcm',
        urgency: message.kind === 'urgent' ? 'high' : message.kind === 'index' ? 'normal' : 'low',
      });
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(details.headers)) if (k.toLowerCase() !== 'content-length') headers[k] = String(v);
      const body = details.body ? new Uint8Array(details.body) : new Uint8Array(0);
      return { status: await post(details.endpoint, { headers, body, signal: AbortSignal.timeout(timeoutMs) }) };
    } catch (err) {
      const e = err as { message?: unknown; name?: unknown; code?: unknown };
      if (e.message === RESOLVES_INSIDE) return { error: 'push:resolves_inside' };
      if (e.name === 'TimeoutError' || e.name === 'AbortError') return { error: 'push:timeout' };
      return { error: /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(String(e.code ?? '')) ? 'push:tls' : 'push:network' };
    }
  };

  return async (devices, message) => {
    const answers = await Promise.all(devices.map((d) => sendTo(d, message)));
    const expired = devices
      .filter((_, i) => {
        const a = answers[i]!;
        return 'status' in a && (a.status === 404 || a.status === 410);
      })
      .map((d) => d.id);
    return { outcome: combine(answers, devices.length), expired };
  };
}

/**
 * One phone reached is the message sent. Otherwise a passing failure on any phone (no answer, 429,
 * 5xx, a name resolving inside, which a DNS change can mend) is worth another try: a phone that did get it shows the retry in place of the first (same
 * tag). Every phone gone is a dead address; anything else cannot go.
 */
function combine(answers: readonly DeviceAnswer[], count: number): SendOutcome {
  if (count === 0) return { result: 'unbound', code: 'push:no_phone' };
  if (answers.some((a) => 'status' in a && a.status >= 200 && a.status < 300)) return { result: 'sent', providerId: null };
  const passing = answers.find((a) => ('error' in a && a.error !== 'push:refused_endpoint') || ('status' in a && (a.status === 429 || a.status >= 500)));
  if (passing) return { result: 'temporary', code: 'error' in passing ? passing.error : `push:http_${passing.status}` };
  if (answers.every((a) => 'status' in a && (a.status === 404 || a.status === 410))) return { result: 'unbound', code: 'push:gone' };
  const first = answers.find((a) => !('status' in a) || (a.status !== 404 && a.status !== 410))!;
  return { result: 'permanent', code: 'error' in first ? first.error : `push:http_${first.status}` };
}
