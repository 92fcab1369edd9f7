// Sends due notification-outbox rows through their channel's adapter (WeChat, SMS, Web Push). Rows are leased before sending, so two
// processes never send one row; a pass runs alone per database. Temporary errors are retried with
// back-off, permanent ones are not, and a dead address (unfollowed openid, a number that is not a
// mobile) turns that binding off. Each parent's rows on one channel go one after another, so the
// daily cap is counted right; different parents go side by side, so one slow provider call does
// not hold up the rest. What the rows need (choices, bindings, consents, the day's sent messages) is
// read once a batch, and rows that finish together share a commit. Logs carry outbox ids and
// provider codes only.
import { sql, type Selectable } from 'kysely';
import { portableSql } from '../../db/sql';
import type { Db } from '../../db/connection';
import type { NotificationOutboxTable, NotificationPrefsTable, NotifyKind } from '../../db/schema';
import { nowIso } from '../../server/clock';
import type { Deps } from '../../server/context';
import { smsSettings, wechatSettings } from '../../server/notifications/channels';
import { createPushSender, type PushDevice, type PushSender, type PushTransport } from '../../server/notifications/push';
import type { PushMessage, RenderedMessage, SmsMessage, WechatMessage } from '../../server/notifications/render';
import { capAllows, inQuietHours, mainlandMobile, nextStep, quietEnd, shanghaiWallClock, type SendOutcome } from '../../server/notifications/rules';
import { createSmsSender } from '../../server/notifications/sms';
import { WechatClient } from '../../server/notifications/wechat';
import { ensureVapidKeys } from '../../server/family-app/vapid';
import { queueDueNotifications } from './scan';

const LEASE_MS = 5 * 60_000;
/** Provider calls in flight at once (a 100,000-parent morning: test/bench/RESULTS.md, "The morning send"). */
const PARALLEL = 64;
const BATCH = 1000;
/** A pass stops taking new batches after this long; the next one (a minute later) goes on. */
const PASS_BUDGET_MS = 50_000;
/**
 * At most this many messages a second: the send gives way to people using the server (it shares
 * two cores with them; at full speed other requests' p99 passed its targets: test/bench/RESULTS.md)
 * and stays under the providers' own rate limits. 200,000 messages still leave in under 4 minutes.
 */
export const MAX_PER_SECOND = 1000;

export interface NotifySendOptions {
  /** For tests: WeChat requests through this fetch. */
  fetch?: typeof fetch;
  /** Messages a second at most (MAX_PER_SECOND by default). */
  perSecond?: number;
  /** For tests: how Web Push reaches a local push service. */
  push?: PushTransport;
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
  const index = await deps.db
    .selectFrom('index_days')
    .select((eb) => eb.fn.max('computed_at').as('at'))
    .where('date', '=', wall.date)
    .executeTakeFirst();
  const key = `${wall.date}T${wall.time.slice(0, 2)}|${String(index?.at ?? '')}`;
  if (lastFullScan.get(deps.db) === key) return false;
  lastFullScan.set(deps.db, key);
  return true;
}

/**
 * A day's index or reminder is no use the next day. The pending rows are read without a lock and
 * cancelled by id: one update over them held the write lock ~130 ms at 07:00 with the morning's
 * 200,000 rows pending (test/bench/RESULTS.md).
 */
async function cancelPastDays(deps: Deps, today: string): Promise<number> {
  const stale = (await deps.db.selectFrom('notification_outbox').select('id').where('status', '=', 'pending').where('date', '<', today).execute()).map((r) => r.id);
  let cancelled = 0;
  for (let i = 0; i < stale.length; i += CLAIM) {
    const done = await deps.db
      .updateTable('notification_outbox')
      .set({ status: 'cancelled', last_error: 'day passed' })
      .where('id', 'in', stale.slice(i, i + CLAIM))
      .where(portableSql(deps.db).unindexed('status'), '=', 'pending')
      .executeTakeFirst();
    cancelled += Number(done.numUpdatedRows ?? 0);
  }
  return cancelled;
}

async function sendPass(deps: Deps, options: NotifySendOptions): Promise<NotifyReport> {
  const report: NotifyReport = { queued: await queueDueNotifications(deps, { urgentOnly: !(await fullScanDue(deps)) }), sent: 0, retried: 0, failed: 0, cancelled: 0, deferred: 0 };
  const wall = shanghaiWallClock(deps.clock.now());
  report.cancelled += await cancelPastDays(deps, wall.date);

  const timeoutMs = options.timeoutMs ?? deps.config.NOTIFY_TIMEOUT_MS;
  const sms = smsSettings(deps.config);
  const wx = wechatSettings(deps.config);
  let pushSender: Promise<PushSender> | undefined;
  const senders: Senders = {
    sendSms: sms ? createSmsSender(sms, timeoutMs) : null,
    wechat: wx ? new WechatClient(wx, { timeoutMs, now: () => deps.clock.now().getTime(), fetch: options.fetch }) : null,
    push: () => (pushSender ??= ensureVapidKeys(deps.db).then((keys) => createPushSender(keys, deps.config.VAPID_SUBJECT, timeoutMs, options.push))),
  };
  // Batch after batch until nothing is due (the morning's index for every parent in one pass), but
  // leave the rest to the next pass after PASS_BUDGET_MS so passes never pile up.
  const started = performance.now();
  const batch = options.limit ?? BATCH;
  const perSecond = options.perSecond ?? MAX_PER_SECOND;
  for (;;) {
    const batchStarted = performance.now();
    const rows = await lease(deps, batch);
    if (rows.length === 0) break;
    const groups = new Map<string, Row[]>();
    for (const row of rows) {
      const key = `${row.user_id}|${row.channel}`;
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    const queue = [...groups.values()];
    const known = await batchFacts(deps, rows);
    const worker = async () => {
      for (let group = queue.shift(); group; group = queue.shift()) {
        for (const row of group) await sendRow(deps, row, senders, report, known);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
    if (rows.length < batch || performance.now() - started > PASS_BUDGET_MS) break;
    const early = (rows.length / perSecond) * 1000 - (performance.now() - batchStarted);
    if (early > 0) await new Promise((resolve) => setTimeout(resolve, early));
  }
  return report;
}

/** Rows claimed by one statement: each holds SQLite's write lock ~1.5 ms (the server's commits wait meanwhile). */
const CLAIM = 250;

/**
 * Takes due rows for this process: their next attempt moves past the lease, so no other pass takes
 * them. The rows are read first, outside any transaction, then claimed by short updates that take
 * only those still due. Read inside the claiming transaction, the 1,000 rows (~50 ms at city scale)
 * held the database's write lock, and the server's own commits waited for it once a second
 * (test/bench/RESULTS.md, the morning send inside the server). A row changed meanwhile (claimed by
 * another process, or cancelled) is not claimed; on PostgreSQL the update waits for the other
 * transaction and then finds the row no longer due.
 */
async function lease(deps: Deps, limit: number): Promise<Row[]> {
  // Another pass that read the same rows first may have claimed them all: read again (those are no longer due).
  for (let attempt = 0; attempt < 3; attempt++) {
    const { due, claimed } = await readAndClaim(deps, limit);
    if (due === 0 || claimed.length > 0) return claimed;
  }
  return [];
}

async function readAndClaim(deps: Deps, limit: number): Promise<{ due: number; claimed: Row[] }> {
  const instant = deps.clock.now();
  const stamp = instant.toISOString();
  const leaseUntil = new Date(instant.getTime() + LEASE_MS).toISOString();
  const columns = ['id', 'user_id', 'child_id', 'kind', 'channel', 'date', 'payload', 'attempts'] as const;
  // Red-zone acknowledgements first, from their own partial index (migration 0031: the literals
  // let SQLite use it): one must never wait behind the morning's index for every parent.
  const urgent = await deps.db.selectFrom('notification_outbox').select(columns).where(sql<boolean>`status = 'pending' and kind = 'urgent'`).where('next_attempt_at', '<=', stamp).orderBy('next_attempt_at').limit(limit).execute();
  const rest =
    urgent.length < limit
      ? await deps.db
          .selectFrom('notification_outbox')
          .select(columns)
          .where('status', '=', 'pending')
          .where('kind', '!=', 'urgent')
          .where('next_attempt_at', '<=', stamp)
          .orderBy('next_attempt_at')
          .limit(limit - urgent.length)
          .execute()
      : [];
  const due = [...urgent, ...rest];
  // By id: left to choose, SQLite took the due index and read every pending row (~100 ms each at 07:00).
  const { unindexed } = portableSql(deps.db);
  const claimed = new Set<string>();
  for (let i = 0; i < due.length; i += CLAIM) {
    const ids = due.slice(i, i + CLAIM).map((d) => d.id);
    const taken = await deps.db
      .updateTable('notification_outbox')
      .set({ next_attempt_at: leaseUntil })
      .where('id', 'in', ids)
      .where(unindexed('status'), '=', 'pending')
      .where(unindexed('next_attempt_at'), '<=', stamp)
      .returning('id')
      .execute();
    for (const t of taken) claimed.add(t.id);
  }
  return { due: due.length, claimed: due.filter((d) => claimed.has(d.id)) };
}

/**
 * What every row of a batch needs read, read once for the batch (a query each per row was most of
 * a pass's time): the parents' choices, today's sent messages (for the cap; a row sent during the
 * batch is added as it goes), WeChat bindings and SMS consents with the enrolment phone.
 */
interface BatchFacts {
  prefs: Map<string, Selectable<NotificationPrefsTable>>;
  sentToday: Map<string, { kind: NotifyKind; childId: string }[]>;
  bindings: Map<string, { id: string; openid: string }>;
  phones: Map<string, string>;
  /** Each parent's phones with Web Push on. */
  devices: Map<string, PushDevice[]>;
  /** Numbers the operator called dead during this batch, with its code: later rows for them are not sent. */
  deadPhones: Map<string, string>;
}

const pair = (userId: string, childId: string) => `${userId}|${childId}`;

async function batchFacts(deps: Deps, rows: readonly Row[]): Promise<BatchFacts> {
  const users = [...new Set(rows.map((r) => r.user_id))];
  const dates = [...new Set(rows.map((r) => r.date))];
  const [prefs, sent, bindings, consents, devices] = await Promise.all([
    deps.db.selectFrom('notification_prefs').selectAll().where('user_id', 'in', users).execute(),
    deps.db.selectFrom('notification_outbox').select(['user_id', 'channel', 'date', 'kind', 'child_id']).where('user_id', 'in', users).where('date', 'in', dates).where('status', '=', 'sent').execute(),
    deps.db.selectFrom('wechat_bindings').select(['id', 'user_id', 'openid']).where('user_id', 'in', users).where('active', '=', 1).execute(),
    deps.db
      .selectFrom('sms_consents as s')
      .innerJoin('children as c', 'c.id', 's.child_id')
      .innerJoin('guardianships as g', (j) => j.onRef('g.child_id', '=', 's.child_id').onRef('g.user_id', '=', 's.user_id'))
      .select(['s.user_id', 's.child_id', 'c.guardian_phone'])
      .where('s.user_id', 'in', users)
      .where('s.withdrawn_at', 'is', null)
      .where('g.named_at_enrolment', '=', 1)
      .execute(),
    deps.db.selectFrom('push_subscriptions').select(['id', 'user_id', 'endpoint', 'p256dh', 'auth']).where('user_id', 'in', users).execute(),
  ]);
  const byUser = new Map<string, PushDevice[]>();
  for (const d of devices) byUser.set(d.user_id, [...(byUser.get(d.user_id) ?? []), { id: d.id, endpoint: d.endpoint, p256dh: d.p256dh, auth: d.auth }]);
  const sentToday = new Map<string, { kind: NotifyKind; childId: string }[]>();
  for (const r of sent) {
    const key = `${r.user_id}|${r.channel}|${r.date}`;
    sentToday.set(key, [...(sentToday.get(key) ?? []), { kind: r.kind, childId: r.child_id }]);
  }
  return {
    prefs: new Map(prefs.map((p) => [pair(p.user_id, p.child_id), p])),
    sentToday,
    bindings: new Map(bindings.map((b) => [b.user_id, { id: b.id, openid: b.openid }])),
    phones: new Map(consents.map((c) => [pair(c.user_id, c.child_id), c.guardian_phone])),
    devices: byUser,
    deadPhones: new Map(),
  };
}

interface Senders {
  sendSms: ReturnType<typeof createSmsSender> | null;
  wechat: WechatClient | null;
  /** Made on first use: the VAPID keys are read (or generated) only when a push is due. */
  push: () => Promise<PushSender>;
}

async function sendRow(deps: Deps, row: Row, senders: Senders, report: NotifyReport, known: BatchFacts): Promise<void> {
  // In a transaction, so the group commit (db/sqlite/group-commit.ts) commits the rows that finish together at once.
  const finish = (set: Partial<NotificationOutboxTable>) => deps.db.transaction().execute((trx) => trx.updateTable('notification_outbox').set(set).where('id', '=', row.id).execute());
  const cancel = async (reason: string) => {
    await finish({ status: 'cancelled', last_error: reason });
    report.cancelled++;
  };
  // The parent's choices as they are now: a channel or kind turned off, or quiet hours moved, since queueing.
  const prefs = known.prefs.get(pair(row.user_id, row.child_id));
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
  const capKey = `${row.user_id}|${row.channel}|${row.date}`;
  const sentToday = known.sentToday.get(capKey) ?? [];
  if (!capAllows(row.channel, { kind: row.kind, childId: row.child_id }, sentToday)) return cancel('daily cap');

  const message = JSON.parse(row.payload) as RenderedMessage;
  let outcome: SendOutcome;
  if (row.channel === 'wechat') {
    if (!senders.wechat) return cancel('channel not configured');
    const binding = known.bindings.get(row.user_id);
    if (!binding) return cancel('not bound');
    outcome = await senders.wechat.send(binding.openid, message as WechatMessage);
    if (outcome.result === 'unbound') {
      await deps.db
        .updateTable('wechat_bindings')
        .set({ active: 0, ended_at: nowIso(deps.clock), ended_reason: outcome.code })
        .where('id', '=', binding.id)
        .execute();
      known.bindings.delete(row.user_id);
    }
  } else if (row.channel === 'push') {
    const devices = known.devices.get(row.user_id) ?? [];
    if (devices.length === 0) return cancel('no phone');
    const sent = await (await senders.push())(devices, message as PushMessage);
    outcome = sent.outcome;
    if (sent.expired.length) {
      // The browser unsubscribed or the subscription lapsed: forget those phones.
      await deps.db.deleteFrom('push_subscriptions').where('id', 'in', sent.expired).execute();
      known.devices.set(
        row.user_id,
        devices.filter((d) => !sent.expired.includes(d.id)),
      );
    }
  } else {
    if (!senders.sendSms) return cancel('channel not configured');
    const recorded = known.phones.get(pair(row.user_id, row.child_id));
    const phone = recorded ? mainlandMobile(recorded) : null;
    if (!recorded || !phone) return cancel('no sms consent');
    const dead = known.deadPhones.get(recorded);
    if (dead) return cancel(dead);
    outcome = await senders.sendSms(phone, message as SmsMessage);
    if (outcome.result === 'unbound') {
      // The number is dead for every child it was recorded for.
      known.deadPhones.set(recorded, outcome.code);
      const sameNumber = deps.db.selectFrom('children').select('id').where('guardian_phone', '=', recorded);
      await deps.db
        .updateTable('notification_prefs')
        .set({ sms: 0, updated_at: nowIso(deps.clock) })
        .where('user_id', '=', row.user_id)
        .where('child_id', 'in', sameNumber)
        .execute();
      await deps.db
        .updateTable('notification_outbox')
        .set({ status: 'cancelled', last_error: outcome.code })
        .where('user_id', '=', row.user_id)
        .where('channel', '=', 'sms')
        .where('status', '=', 'pending')
        .where('id', '!=', row.id)
        .where('child_id', 'in', sameNumber)
        .execute();
    }
  }
  const attempts = row.attempts + 1;
  const step = nextStep(outcome, attempts, deps.clock.now(), row.kind);
  if (step.status === 'sent') {
    await finish({ status: 'sent', attempts, sent_at: nowIso(deps.clock), provider_id: step.providerId, last_error: null });
    known.sentToday.set(capKey, [...sentToday, { kind: row.kind, childId: row.child_id }]);
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
