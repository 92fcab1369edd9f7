// The integrators' webhooks through the notification service's webhook adapter: the outbox rows
// written after each index run (server/asthma-index/outbox.ts) are leased, posted, and retried
// with the service's back-off (rules.ts: 1, 2, 4, 8, 16 minutes, failed after 6 attempts); every
// attempt is recorded. Their outbox stays apart from the parents' (its recipient is a
// subscription, not a parent and a child). Rows are leased, so two processes never post one.
import { lockedForLease } from '../../db/sql';
import type { Db } from '../../db/connection';
import { nowIso } from '../../server/clock';
import type { Deps } from '../../server/context';
import { backoffMs, MAX_ATTEMPTS, nextStep } from '../../server/notifications/rules';
import { postWebhook, type WebhookTransport } from '../../server/notifications/webhook';

export { MAX_ATTEMPTS };
export const FIRST_RETRY_MS = backoffMs(1);
export const retryDelayMs = backoffMs;
export const DELIVERY_TIMEOUT_MS = 10_000;
/** Longer than one attempt can take, so a lease only lapses when its process died. */
const LEASE_MS = 5 * 60_000;
const BATCH = 50;
/** Requests in flight at once, so one slow receiver does not hold up the rest. */
const PARALLEL = 5;

export interface DeliverOptions extends WebhookTransport {
  timeoutMs?: number;
  limit?: number;
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
  return deps.db
    .transaction()
    .setIsolationLevel('read committed')
    .execute(async (trx) => {
      const due = await lockedForLease(
        deps.db,
        trx
          .selectFrom('outbox')
          .innerJoin('subscriptions', 'subscriptions.id', 'outbox.subscription_id')
          .select(['outbox.id', 'outbox.payload', 'outbox.attempts', 'subscriptions.target', 'subscriptions.secret', 'subscriptions.active'])
          .where('outbox.status', '=', 'pending')
          .where('outbox.next_attempt_at', '<=', now)
          .orderBy('outbox.next_attempt_at')
          .limit(limit),
        'outbox',
      ).execute();
      if (due.length > 0) {
        await trx
          .updateTable('outbox')
          .set({ next_attempt_at: leaseUntil })
          .where(
            'id',
            'in',
            due.map((d) => d.id),
          )
          .execute();
      }
      return due;
    });
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
  const answer = secret
    ? await postWebhook(row.target, row.payload, row.id, secret, options.timeoutMs ?? DELIVERY_TIMEOUT_MS, options)
    : { outcome: { result: 'temporary' as const, code: 'webhook:no_secret' }, httpStatus: null, error: 'no signing secret (set WEBHOOK_SECRET)' };
  const attempt = row.attempts + 1;
  const now = deps.clock.now();
  const step = nextStep(answer.outcome, attempt, now, 'index');
  const ok = step.status === 'sent';
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('delivery_attempts')
      .values({ outbox_id: row.id, attempt, at: now.toISOString(), ok: ok ? 1 : 0, http_status: answer.httpStatus, error: answer.error, duration_ms: Date.now() - started })
      .execute();
    await trx
      .updateTable('outbox')
      .set({
        status: step.status,
        attempts: attempt,
        last_error: answer.error,
        sent_at: ok ? now.toISOString() : null,
        next_attempt_at: step.status === 'pending' ? step.nextAttemptAt.toISOString() : now.toISOString(),
      })
      .where('id', '=', row.id)
      .execute();
  });
  if (ok) report.sent += 1;
  else if (step.status === 'failed') report.failed += 1;
  else report.retried += 1;
  if (!ok) deps.log.warn('webhook delivery failed', { outboxId: row.id, attempt, error: answer.error });
}
