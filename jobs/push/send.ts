// Sends due push-outbox rows: encrypted (aes128gcm) and VAPID-signed by web-push, posted with a
// timeout over a connection whose DNS lookup refuses private and internal addresses (the endpoint
// comes from the parent's browser; its name was checked when it was saved, its addresses here); retried with back-off on 429/5xx/network errors; a 404/410 means the browser dropped
// the subscription, so it is deleted. Nothing is sent during quiet hours: rows wait until 07:00,
// and a row whose day has passed is cancelled rather than sent late.
import { lockedForLease } from '../../db/sql';
import type { lookup as dnsLookup } from 'node:dns';
import webpush from 'web-push';
import { guardedLookup, isPrivateTarget, isPublicAddress, pinnedPost, RESOLVES_INSIDE } from '../../server/http/outbound-target';
import { isAcceptablePushEndpoint } from '../../server/family-app/push';
import type { Db } from '../../db/connection';
import { nowIso } from '../../server/clock';
import type { Deps } from '../../server/context';
import { isQuietTime, shanghaiWallClock } from '../../server/family-app/push-rules';
import { ensureVapidKeys } from '../../server/family-app/vapid';

export const PUSH_MAX_ATTEMPTS = 5;
const FIRST_RETRY_MS = 60_000;
const MAX_RETRY_MS = 3_600_000;
export const PUSH_TIMEOUT_MS = 10_000;
const LEASE_MS = 5 * 60_000;
/** Push services keep an undelivered message this long (seconds) while the phone is offline. */
const TTL_SECONDS = 12 * 3600;

export const pushRetryDelayMs = (attempts: number) => Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));

export interface PushSendOptions {
  /** Posts with this instead (tests that route the endpoint's host to a local service); no address check. */
  fetch?: typeof fetch;
  /** The resolver behind the checked lookup (tests); Node's dns.lookup by default. */
  lookup?: typeof dnsLookup;
  /** Which resolved addresses may be reached; public ones only by default. */
  addressAllowed?: (address: string) => boolean;
  /** A certificate authority to trust besides the system's (tests with a local https service). */
  ca?: string | Buffer;
  timeoutMs?: number;
  limit?: number;
}

export interface PushSendReport {
  sent: number;
  retried: number;
  failed: number;
  expired: number;
  cancelled: number;
}

const running = new WeakMap<Db, Promise<PushSendReport>>();

/** One pass at a time per database: a second call waits for the pass in progress. */
export function sendDuePush(deps: Deps, options: PushSendOptions = {}): Promise<PushSendReport> {
  const current = running.get(deps.db);
  if (current) return current;
  const pass = sendPass(deps, options).finally(() => running.delete(deps.db));
  running.set(deps.db, pass);
  return pass;
}

async function sendPass(deps: Deps, options: PushSendOptions): Promise<PushSendReport> {
  const report: PushSendReport = { sent: 0, retried: 0, failed: 0, expired: 0, cancelled: 0 };
  const now = deps.clock.now();
  const wall = shanghaiWallClock(now);
  const stamp = nowIso(deps.clock);
  // Yesterday's reminders are no use today.
  const stale = await deps.db.updateTable('push_outbox').set({ status: 'cancelled', last_error: 'day passed' }).where('status', '=', 'pending').where('date', '<', wall.date).executeTakeFirst();
  report.cancelled += Number(stale.numUpdatedRows ?? 0);
  if (isQuietTime(wall.time)) return report;

  const leaseUntil = new Date(now.getTime() + LEASE_MS).toISOString();
  const rows = await deps.db.transaction().setIsolationLevel('read committed').execute(async (trx) => {
    const due = await lockedForLease(deps.db, trx
      .selectFrom('push_outbox')
      .leftJoin('push_subscriptions', 'push_subscriptions.id', 'push_outbox.subscription_id')
      .select(['push_outbox.id', 'push_outbox.kind', 'push_outbox.child_id', 'push_outbox.date', 'push_outbox.payload', 'push_outbox.attempts', 'push_outbox.subscription_id', 'push_subscriptions.endpoint', 'push_subscriptions.p256dh', 'push_subscriptions.auth'])
      .where('push_outbox.status', '=', 'pending')
      .where('push_outbox.next_attempt_at', '<=', stamp)
      .orderBy('push_outbox.next_attempt_at')
      .limit(options.limit ?? 100), 'push_outbox')
      .execute();
    if (due.length) await trx.updateTable('push_outbox').set({ next_attempt_at: leaseUntil }).where('id', 'in', due.map((d) => d.id)).execute();
    return due;
  });
  if (rows.length === 0) return report;
  const vapid = await ensureVapidKeys(deps.db);
  const lookup = guardedLookup(options.addressAllowed ?? isPublicAddress, options.lookup);
  const post = async (url: string, init: { headers: Record<string, string>; body: Uint8Array<ArrayBuffer>; signal: AbortSignal }): Promise<number> => {
    if (!options.fetch) return (await pinnedPost(url, { ...init, ca: options.ca }, lookup)).status;
    const res = await options.fetch(url, { method: 'POST', ...init });
    await res.arrayBuffer().catch(() => undefined);
    return res.status;
  };

  for (const row of rows) {
    const finish = (set: Record<string, unknown>) => deps.db.updateTable('push_outbox').set(set).where('id', '=', row.id).execute();
    if (!row.endpoint || !row.p256dh || !row.auth) {
      await finish({ status: 'cancelled', last_error: 'subscription removed' });
      report.cancelled++;
      continue;
    }
    if (row.kind === 'diary') {
      const logged = await deps.db.selectFrom('diary_entries').select('id').where('child_id', '=', row.child_id).where('date', '=', row.date).executeTakeFirst();
      if (logged) {
        await finish({ status: 'cancelled', last_error: 'diary logged meanwhile' });
        report.cancelled++;
        continue;
      }
    }
    // Checked again at send time, as webhooks are: a row may predate a tightened rule, and Node
    // skips the checked lookup for an address literal.
    if (!isAcceptablePushEndpoint(row.endpoint) || isPrivateTarget(row.endpoint)) {
      await finish({ status: 'cancelled', last_error: 'refused: not a public https push endpoint' });
      report.cancelled++;
      continue;
    }
    const attempts = row.attempts + 1;
    let status: number | null = null;
    let error: string | null = null;
    try {
      const details = webpush.generateRequestDetails({ endpoint: row.endpoint, keys: { p256dh: row.p256dh, auth: row.auth } }, row.payload, {
        vapidDetails: { ...vapid, subject: deps.config.VAPID_SUBJECT ?? vapid.subject },
        TTL: TTL_SECONDS,
        contentEncoding: 'aes128gcm',
        urgency: row.kind === 'index' ? 'normal' : 'low',
      });
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(details.headers)) if (k.toLowerCase() !== 'content-length') headers[k] = String(v);
      status = await post(details.endpoint, {
        headers,
        body: details.body ? new Uint8Array(details.body) : new Uint8Array(0),
        signal: AbortSignal.timeout(options.timeoutMs ?? PUSH_TIMEOUT_MS),
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      error = message === RESOLVES_INSIDE ? message : message.slice(0, 300);
    }
    const at = nowIso(deps.clock);
    if (status !== null && status >= 200 && status < 300) {
      await finish({ status: 'sent', attempts, sent_at: at, http_status: status, last_error: null });
      await deps.db.updateTable('push_subscriptions').set({ last_sent_at: at }).where('id', '=', row.subscription_id).execute();
      report.sent++;
    } else if (status === 404 || status === 410) {
      // The browser unsubscribed or the subscription expired: forget it and what was queued for it.
      await deps.db.transaction().execute(async (trx) => {
        await trx.updateTable('push_outbox').set({ status: 'cancelled', last_error: 'subscription expired' }).where('subscription_id', '=', row.subscription_id).where('status', '=', 'pending').execute();
        await trx.updateTable('push_outbox').set({ status: 'failed', attempts, http_status: status, last_error: `subscription expired (${status})` }).where('id', '=', row.id).execute();
        await trx.deleteFrom('push_subscriptions').where('id', '=', row.subscription_id).execute();
      });
      report.expired++;
    } else {
      const retryable = status === null || status === 429 || status >= 500;
      const lastError = error ?? `HTTP ${status}`;
      if (retryable && attempts < PUSH_MAX_ATTEMPTS) {
        await finish({ attempts, http_status: status, last_error: lastError, next_attempt_at: new Date(deps.clock.now().getTime() + pushRetryDelayMs(attempts)).toISOString() });
        report.retried++;
      } else {
        await finish({ status: 'failed', attempts, http_status: status, last_error: lastError });
        report.failed++;
        deps.log.warn('push delivery failed', { outboxId: row.id, status, error: lastError });
      }
    }
  }
  return report;
}
