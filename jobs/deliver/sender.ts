// Sends due outbox rows to their webhooks: signed JSON, a timeout per request, exponential back-off,
// every attempt recorded. Rows are leased before sending so two processes never post the same row.
import { lockedForLease } from '../../db/sql';
import type { lookup as dnsLookup } from 'node:dns';
import { guardedLookup, isPrivateTarget, isPublicAddress, pinnedPost, RESOLVES_INSIDE } from '../../server/http/outbound-target';
import type { Db } from '../../db/connection';
import { nowIso } from '../../server/clock';
import type { Deps } from '../../server/context';
import { SIGNATURE_HEADER, signBody } from './signature';

export const MAX_ATTEMPTS = 6;
/** 1, 2, 4, 8, 16 minutes between attempts (capped at an hour). */
export const FIRST_RETRY_MS = 60_000;
const MAX_RETRY_MS = 3_600_000;
export const DELIVERY_TIMEOUT_MS = 10_000;
/** Longer than one attempt can take, so a lease only lapses when its process died. */
const LEASE_MS = 5 * 60_000;
const BATCH = 50;
/** Requests in flight at once, so one slow receiver does not hold up the rest. */
const PARALLEL = 5;

export function retryDelayMs(attempts: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
}

export interface DeliverOptions {
  /** Used where private targets are allowed (tests, closed deployments); elsewhere Node's http(s) with a checked lookup. */
  fetch?: typeof fetch;
  /** Allow loopback/private targets (tests, closed deployments); from WEBHOOK_ALLOW_PRIVATE. */
  allowPrivate?: boolean;
  timeoutMs?: number;
  limit?: number;
  /** Where private targets are refused: how the connection resolves names (tests; the system's by default). */
  lookup?: typeof dnsLookup;
  /** Where private targets are refused: which resolved addresses may be reached (tests; public ones by default). */
  addressAllowed?: (address: string) => boolean;
}

export interface DeliverReport {
  sent: number;
  retried: number;
  failed: number;
  cancelled: number;
}

interface Leased {
  id: string;
  payload: string;
  attempts: number;
  target: string;
  secret: string | null;
  active: number;
}

const running = new WeakMap<Db, Promise<DeliverReport>>();

/** Sends what is due now; a call while one is sending waits for that one instead of sending twice. */
export function deliverDue(deps: Deps, options: DeliverOptions = {}): Promise<DeliverReport> {
  options = { allowPrivate: deps.config.WEBHOOK_ALLOW_PRIVATE, ...options };
  const current = running.get(deps.db);
  if (current) return current;
  const pass = sendDue(deps, options).finally(() => running.delete(deps.db));
  running.set(deps.db, pass);
  return pass;
}

async function lease(deps: Deps, limit: number): Promise<Leased[]> {
  const now = nowIso(deps.clock);
  const leaseUntil = new Date(deps.clock.now().getTime() + LEASE_MS).toISOString();
  return deps.db.transaction().setIsolationLevel('read committed').execute(async (trx) => {
    const due = await lockedForLease(deps.db, trx
      .selectFrom('outbox')
      .innerJoin('subscriptions', 'subscriptions.id', 'outbox.subscription_id')
      .select(['outbox.id', 'outbox.payload', 'outbox.attempts', 'subscriptions.target', 'subscriptions.secret', 'subscriptions.active'])
      .where('outbox.status', '=', 'pending')
      .where('outbox.next_attempt_at', '<=', now)
      .orderBy('outbox.next_attempt_at')
      .limit(limit), 'outbox')
      .execute();
    if (due.length > 0) {
      await trx.updateTable('outbox').set({ next_attempt_at: leaseUntil }).where('id', 'in', due.map((d) => d.id)).execute();
    }
    return due;
  });
}

async function post(row: Leased, secret: string, options: DeliverOptions): Promise<{ ok: boolean; httpStatus: number | null; error: string | null }> {
  const headers = { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(row.payload, secret), 'X-Delivery-Id': row.id };
  const signal = AbortSignal.timeout(options.timeoutMs ?? DELIVERY_TIMEOUT_MS);
  try {
    let status: number;
    if (options.allowPrivate) {
      const res = await (options.fetch ?? fetch)(row.target, { method: 'POST', headers, body: row.payload, redirect: 'manual', signal });
      await res.body?.cancel().catch(() => {});
      status = res.status;
    } else {
      // Checked again at send time: a row may predate the guard, or a deployment may have turned it
      // on. Then the connection's own DNS lookup is checked, so it reaches only a checked address.
      if (isPrivateTarget(row.target)) return { ok: false, httpStatus: null, error: 'refused: private or internal address' };
      const lookup = guardedLookup(options.addressAllowed ?? isPublicAddress, options.lookup);
      status = (await pinnedPost(row.target, { headers, body: row.payload, signal }, lookup)).status;
    }
    const ok = status >= 200 && status < 300;
    return { ok, httpStatus: status, error: ok ? null : `HTTP ${status}` };
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    const message = err instanceof Error ? err.message : String(err);
    const error = name === 'TimeoutError' || name === 'AbortError' ? 'timed out' : message === RESOLVES_INSIDE ? message : `request failed: ${message}`;
    return { ok: false, httpStatus: null, error: error.slice(0, 300) };
  }
}

async function sendDue(deps: Deps, options: DeliverOptions): Promise<DeliverReport> {
  const report: DeliverReport = { sent: 0, retried: 0, failed: 0, cancelled: 0 };
  const rows = await lease(deps, options.limit ?? BATCH);
  const queue = [...rows];
  const worker = async () => {
    for (let row = queue.shift(); row; row = queue.shift()) await sendOne(deps, options, row, report);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, rows.length) }, worker));
  return report;
}

async function sendOne(deps: Deps, options: DeliverOptions, row: Leased, report: DeliverReport): Promise<void> {
  if (row.active !== 1) {
    await deps.db.updateTable('outbox').set({ status: 'cancelled', last_error: 'subscription ended' }).where('id', '=', row.id).execute();
    report.cancelled += 1;
    return;
  }
  const secret = row.secret ?? deps.config.WEBHOOK_SECRET;
  const started = Date.now();
  const outcome = secret
    ? await post(row, secret, options)
    : { ok: false, httpStatus: null, error: 'no signing secret (set WEBHOOK_SECRET)' };
  const attempt = row.attempts + 1;
  const now = deps.clock.now();
  const status = outcome.ok ? 'sent' : attempt >= MAX_ATTEMPTS ? 'failed' : 'pending';
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('delivery_attempts')
      .values({ outbox_id: row.id, attempt, at: now.toISOString(), ok: outcome.ok ? 1 : 0, http_status: outcome.httpStatus, error: outcome.error, duration_ms: Date.now() - started })
      .execute();
    await trx
      .updateTable('outbox')
      .set({
        status,
        attempts: attempt,
        last_error: outcome.error,
        sent_at: outcome.ok ? now.toISOString() : null,
        next_attempt_at: status === 'pending' ? new Date(now.getTime() + retryDelayMs(attempt)).toISOString() : now.toISOString(),
      })
      .where('id', '=', row.id)
      .execute();
  });
  if (outcome.ok) report.sent += 1;
  else if (status === 'failed') report.failed += 1;
  else report.retried += 1;
  if (!outcome.ok) deps.log.warn('webhook delivery failed', { outboxId: row.id, attempt, error: outcome.error });
}
