// The webhook adapter: an integrator's event as signed JSON (HMAC-SHA256 of the exact body) with a
// delivery id, a timeout, and, where private targets are refused, a connection whose DNS lookup
// reaches only a checked public address. Every failure is worth another try: the delivery id lets
// the receiver drop a second copy, so even a lost answer is retried.
import type { lookup as dnsLookup } from 'node:dns';
import { guardedLookup, isPrivateTarget, isPublicAddress, pinnedPost, RESOLVES_INSIDE } from '../http/outbound-target';
import type { SendOutcome } from './rules';
import { SIGNATURE_HEADER, signBody } from './signature';

export interface WebhookTransport {
  /** Used where private targets are allowed (tests, closed deployments); elsewhere Node's http(s) with a checked lookup. */
  fetch?: typeof fetch;
  /** Allow loopback/private targets (tests, closed deployments); from WEBHOOK_ALLOW_PRIVATE. */
  allowPrivate?: boolean;
  /** Where private targets are refused: how the connection resolves names (tests; the system's by default). */
  lookup?: typeof dnsLookup;
  /** Where private targets are refused: which resolved addresses may be reached (tests; public ones by default). */
  addressAllowed?: (address: string) => boolean;
}

export interface WebhookAnswer {
  outcome: SendOutcome;
  httpStatus: number | null;
  /** What the attempt log keeps: the status or why no request was made; never the secret or the body. */
  error: string | null;
}

export async function postWebhook(target: string, payload: string, deliveryId: string, secret: string, timeoutMs: number, transport: WebhookTransport = {}): Promise<WebhookAnswer> {
  const headers = { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(payload, secret), 'X-Delivery-Id': deliveryId };
  const signal = AbortSignal.timeout(timeoutMs);
  const failed = (error: string): WebhookAnswer => ({ outcome: { result: 'temporary', code: `webhook:${error.slice(0, 80)}` }, httpStatus: null, error: error.slice(0, 300) });
  try {
    let status: number;
    if (transport.allowPrivate) {
      const res = await (transport.fetch ?? fetch)(target, { method: 'POST', headers, body: payload, redirect: 'manual', signal });
      await res.body?.cancel().catch(() => {});
      status = res.status;
    } else {
      // Checked again at send time: a row may predate the guard, or a deployment may have turned it
      // on. Then the connection's own DNS lookup is checked, so it reaches only a checked address.
      if (isPrivateTarget(target)) return failed('refused: private or internal address');
      const lookup = guardedLookup(transport.addressAllowed ?? isPublicAddress, transport.lookup);
      status = (await pinnedPost(target, { headers, body: payload, signal }, lookup)).status;
    }
    if (status >= 200 && status < 300) return { outcome: { result: 'sent', providerId: null }, httpStatus: status, error: null };
    return { outcome: { result: 'temporary', code: `webhook:http_${status}` }, httpStatus: status, error: `HTTP ${status}` };
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    const message = err instanceof Error ? err.message : String(err);
    return failed(name === 'TimeoutError' || name === 'AbortError' ? 'timed out' : message === RESOLVES_INSIDE ? message : `request failed: ${message}`);
  }
}
