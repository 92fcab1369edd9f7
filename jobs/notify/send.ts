// Sends due notification-outbox rows through their channel. Rows are leased before sending, so two
// processes never send one row; a pass runs alone per database. Temporary errors are retried with
// back-off, permanent ones are not, and a dead address (unfollowed openid, a number that is not a
// mobile) turns that binding off. Each parent's rows on one channel go one after another, so the
// daily cap is counted right; different parents go side by side, so one slow provider call does
// not hold up the rest. Logs carry outbox ids and provider codes only.
import type { Db } from '../../db/connection';
import type { NotificationOutboxTable } from '../../db/schema';
import { nowIso } from '../../server/clock';
import type { Deps } from '../../server/context';
import { smsSettings, wechatSettings } from '../../server/notifications/channels';
import type { RenderedMessage, SmsMessage, WechatMessage } from '../../server/notifications/render';
import { capAllows, inQuietHours, mainlandMobile, nextStep, quietEnd, shanghaiWallClock, type SendOutcome } from '../../server/notifications/rules';
import { createSmsSender } from '../../server/notifications/sms';
import { WechatClient } from '../../server/notifications/wechat';
import { queueDueNotifications } from './scan';

const LEASE_MS = 5 * 60_000;
/** Provider calls in flight at once. */
const PARALLEL = 10;
const BATCH = 500;
/** A pass stops taking new batches after this long; the next one (a minute later) goes on. */
const PASS_BUDGET_MS = 50_000;

export interface NotifySendOptions {
  /** For tests: WeChat requests through this fetch. */
  fetch?: typeof fetch;
  timeoutMs?: number;
  limit?: number;
}

export interface NotifyReport {
  queued: number;
  sent: number;
  retried: number;
  failed: number;
  cancelled: number;
  deferred: number;
}

type Row = Pick<NotificationOutboxTable, 'id' | 'user_id' | 'child_id' | 'kind' | 'channel' | 'date' | 'payload' | 'attempts'>;

const running = new WeakMap<Db, Promise<NotifyReport>>();

/** Queues what is due now, then sends what is due. One pass at a time per database; never rejects. */
export function runNotifyPass(deps: Deps, options: NotifySendOptions = {}): Promise<NotifyReport> {
  const current = running.get(deps.db);
  if (current) return current;
  const pass = sendPass(deps, options)
    .catch((err) => {
      deps.log.error('notification pass failed', { error: err instanceof Error ? err.message : String(err) });
      return { queued: 0, sent: 0, retried: 0, failed: 0, cancelled: 0, deferred: 0 };
    })
    .finally(() => running.delete(deps.db));
  running.set(deps.db, pass);
  return pass;
}

const lastFullScan = new WeakMap<Db, string>();

/**
 * Every parent's choices are read once an hour and whenever a new index was stored (a minute
 * later at most); in the other minutes only children with a red-zone day today, whose
 * acknowledgement must not wait. At city scale reading every choice each minute cost CPU for nothing.
 */
async function fullScanDue(deps: Deps): Promise<boolean> {
  const wall = shanghaiWallClock(deps.clock.now());
  const index = await deps.db.selectFrom('index_days').select((eb) => eb.fn.max('computed_at').as('at')).where('date', '=', wall.date).executeTakeFirst();
  const key = `${wall.date}T${wall.time.slice(0, 2)}|${String(index?.at ?? '')}`;
  if (lastFullScan.get(deps.db) === key) return false;
  lastFullScan.set(deps.db, key);
  return true;
}

async function sendPass(deps: Deps, options: NotifySendOptions): Promise<NotifyReport> {
  const report: NotifyReport = { queued: await queueDueNotifications(deps, { urgentOnly: !(await fullScanDue(deps)) }), sent: 0, retried: 0, failed: 0, cancelled: 0, deferred: 0 };
  const wall = shanghaiWallClock(deps.clock.now());
  // A day's index or reminder is no use the next day.
  const stale = await deps.db.updateTable('notification_outbox').set({ status: 'cancelled', last_error: 'day passed' }).where('status', '=', 'pending').where('date', '<', wall.date).executeTakeFirst();
  report.cancelled += Number(stale.numUpdatedRows ?? 0);

  const timeoutMs = options.timeoutMs ?? deps.config.NOTIFY_TIMEOUT_MS;
  const sms = smsSettings(deps.config);
  const wx = wechatSettings(deps.config);
  const senders: Senders = {
    sendSms: sms ? createSmsSender(sms, timeoutMs) : null,
    wechat: wx ? new WechatClient(wx, { timeoutMs, now: () => deps.clock.now().getTime(), fetch: options.fetch }) : null,
  };
  // Batch after batch until nothing is due (the morning's index for every parent in one pass), but
  // leave the rest to the next pass after PASS_BUDGET_MS so passes never pile up.
  const started = performance.now();
  const batch = options.limit ?? BATCH;
  for (;;) {
    const rows = await lease(deps, batch);
    if (rows.length === 0) break;
    const groups = new Map<string, Row[]>();
    for (const row of rows) {
      const key = `${row.user_id}|${row.channel}`;
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    const queue = [...groups.values()];
    const worker = async () => {
      for (let group = queue.shift(); group; group = queue.shift()) {
        for (const row of group) await sendRow(deps, row, senders, report);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
    if (rows.length < batch || performance.now() - started > PASS_BUDGET_MS) break;
  }
  return report;
}

/** Takes due rows for this process: their next attempt moves past the lease, so no other pass takes them. */
async function lease(deps: Deps, limit: number): Promise<Row[]> {
  const instant = deps.clock.now();
  const stamp = instant.toISOString();
  const leaseUntil = new Date(instant.getTime() + LEASE_MS).toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const due = await trx.selectFrom('notification_outbox').select(['id', 'user_id', 'child_id', 'kind', 'channel', 'date', 'payload', 'attempts'])
      .where('status', '=', 'pending').where('next_attempt_at', '<=', stamp).orderBy('next_attempt_at').limit(limit).execute();
    if (due.length) await trx.updateTable('notification_outbox').set({ next_attempt_at: leaseUntil }).where('id', 'in', due.map((d) => d.id)).execute();
    return due;
  });
}

interface Senders {
  sendSms: ReturnType<typeof createSmsSender> | null;
  wechat: WechatClient | null;
}

async function sendRow(deps: Deps, row: Row, senders: Senders, report: NotifyReport): Promise<void> {
  const finish = (set: Partial<NotificationOutboxTable>) => deps.db.updateTable('notification_outbox').set(set).where('id', '=', row.id).execute();
  const cancel = async (reason: string) => {
    await finish({ status: 'cancelled', last_error: reason });
    report.cancelled++;
  };
  // The parent's choices as they are now: a channel or kind turned off, or quiet hours moved, since queueing.
  const prefs = await deps.db.selectFrom('notification_prefs').selectAll().where('user_id', '=', row.user_id).where('child_id', '=', row.child_id).executeTakeFirst();
  const kindOn = prefs && prefs[`kind_${row.kind}`] === 1 && prefs[row.channel] === 1;
  if (!kindOn) return cancel('turned off');
  const instant = deps.clock.now();
  if (row.kind !== 'urgent' && inQuietHours(shanghaiWallClock(instant).time, prefs.quiet_from, prefs.quiet_until)) {
    await finish({ next_attempt_at: quietEnd(instant, prefs.quiet_from, prefs.quiet_until).toISOString() });
    report.deferred++;
    return;
  }
  if (row.kind === 'diary') {
    const logged = await deps.db.selectFrom('diary_entries').select('id').where('child_id', '=', row.child_id).where('date', '=', row.date).executeTakeFirst();
    if (logged) return cancel('diary logged meanwhile');
  }
  const sentToday = await deps.db.selectFrom('notification_outbox').select(['kind', 'child_id as childId'])
    .where('user_id', '=', row.user_id).where('channel', '=', row.channel).where('date', '=', row.date).where('status', '=', 'sent').execute();
  if (!capAllows(row.channel, { kind: row.kind, childId: row.child_id }, sentToday)) return cancel('daily cap');

  const message = JSON.parse(row.payload) as RenderedMessage;
  let outcome: SendOutcome;
  if (row.channel === 'wechat') {
    if (!senders.wechat) return cancel('channel not configured');
    const binding = await deps.db.selectFrom('wechat_bindings').select(['id', 'openid']).where('user_id', '=', row.user_id).where('active', '=', 1).executeTakeFirst();
    if (!binding) return cancel('not bound');
    outcome = await senders.wechat.send(binding.openid, message as WechatMessage);
    if (outcome.result === 'unbound') {
      await deps.db.updateTable('wechat_bindings').set({ active: 0, ended_at: nowIso(deps.clock), ended_reason: outcome.code }).where('id', '=', binding.id).execute();
    }
  } else {
    if (!senders.sendSms) return cancel('channel not configured');
    const consent = await deps.db.selectFrom('sms_consents as s').innerJoin('children as c', 'c.id', 's.child_id')
      .innerJoin('guardianships as g', (j) => j.onRef('g.child_id', '=', 's.child_id').onRef('g.user_id', '=', 's.user_id'))
      .select(['c.guardian_phone']).where('s.user_id', '=', row.user_id).where('s.child_id', '=', row.child_id)
      .where('s.withdrawn_at', 'is', null).where('g.named_at_enrolment', '=', 1).executeTakeFirst();
    const phone = consent ? mainlandMobile(consent.guardian_phone) : null;
    if (!phone) return cancel('no sms consent');
    outcome = await senders.sendSms(phone, message as SmsMessage);
    if (outcome.result === 'unbound') {
      // The number is dead for every child it was recorded for.
      const sameNumber = deps.db.selectFrom('children').select('id').where('guardian_phone', '=', consent!.guardian_phone);
      await deps.db.updateTable('notification_prefs').set({ sms: 0, updated_at: nowIso(deps.clock) }).where('user_id', '=', row.user_id).where('child_id', 'in', sameNumber).execute();
      await deps.db.updateTable('notification_outbox').set({ status: 'cancelled', last_error: outcome.code }).where('user_id', '=', row.user_id).where('channel', '=', 'sms')
        .where('status', '=', 'pending').where('id', '!=', row.id).where('child_id', 'in', sameNumber).execute();
    }
  }
  const attempts = row.attempts + 1;
  const step = nextStep(outcome, attempts, deps.clock.now(), row.kind);
  if (step.status === 'sent') {
    await finish({ status: 'sent', attempts, sent_at: nowIso(deps.clock), provider_id: step.providerId, last_error: null });
    report.sent++;
  } else if (step.status === 'pending') {
    await finish({ attempts, last_error: step.error, next_attempt_at: step.nextAttemptAt.toISOString() });
    report.retried++;
  } else {
    await finish({ status: 'failed', attempts, last_error: step.error });
    report.failed++;
    deps.log.warn('notification not delivered', { outboxId: row.id, channel: row.channel, code: step.error });
  }
}
