// node-cron schedules: the asthma-index run at INDEX_CRON (Asia/Shanghai wall clock, 06:00 by default),
// the notification service's send pass every minute (parents' WeChat, SMS and Web Push, then
// integrators' webhooks), indicators and the hourly purge of expired sessions. None blocks the
// server: the network ones await their calls with timeouts.
import cron, { type ScheduledTask } from 'node-cron';
import { electLeader } from '../db/leader';
import type { Deps } from '../server/context';
import { abandonDeadRuns, activeIndexRun, startIndexRun, type IndexRunRequest } from '../server/asthma-index/job';
import { deliverDue, type DeliverOptions } from './notify/webhooks';
import { ensureVapidKeys } from '../server/family-app/vapid';
import { refreshProgrammeIndicators } from '../server/indicators/service';
import { purgeExpiredSessions } from '../server/auth/sessions';
import { runNotifyPass, type NotifySendOptions } from './notify';
import type { NotifyWorker } from './notify/offload';

export interface Scheduler {
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  /** For tests: a provider instead of Open-Meteo from the config, and a fetch for webhooks. */
  provider?: IndexRunRequest['provider'];
  deliver?: DeliverOptions;
  notify?: NotifySendOptions;
  /** Runs the notification passes on a worker thread (jobs/notify/offload.ts); in this thread without. */
  notifyWorker?: NotifyWorker | null;
  notifyCron?: string;
  /** How often a follower instance tries to take the lead (db/leader.ts; 5 s). */
  leaderRetryMs?: number;
}

export const SCHEDULE_TIMEZONE = 'Asia/Shanghai';
/** Parents' messages (queue what is due, send) and then integrators' webhooks, every minute (issue 34). */
const NOTIFY_CRON = '* * * * *';
/** The dashboard's whole-programme figures are recomputed in the background when the data changed (issue 8). */
const INDICATORS_CRON = '*/10 * * * *';
/** Expired sessions and old failed sign-ins are deleted hourly (issue 29): kept forever, they were a store of old secrets. */
export const PURGE_CRON = '7 * * * *';

/** Starts an index run and sends its deliveries when it ends; resolves when both are done, never rejects. */
export async function runIndexThenDeliver(deps: Deps, request: IndexRunRequest, deliver: DeliverOptions = {}): Promise<void> {
  try {
    const run = await startIndexRun(deps, request);
    const result = await run.done;
    if (result?.status === 'ok' && result.summary && result.summary.outbox > 0) await deliverDue(deps, deliver);
  } catch (err) {
    deps.log.error('index run could not start', { error: err instanceof Error ? err.message : String(err) });
  }
}

/** The notification service's pass: parents' messages, then the webhooks; never rejects. */
async function sendPass(deps: Deps, options: SchedulerOptions): Promise<void> {
  if (options.notifyWorker) {
    await options.notifyWorker.pass(deps.clock.now()).catch((err) => deps.log.error('notification pass failed', { error: String(err) }));
    return;
  }
  await runNotifyPass(deps, options.notify);
  await deliverDue(deps, options.deliver).catch((err) => deps.log.error('delivery pass failed', { error: String(err) }));
}

export function startScheduler(deps: Deps, options: SchedulerOptions = {}): Scheduler {
  const pattern = deps.config.INDEX_CRON;
  if (!cron.validate(pattern)) throw new Error(`INDEX_CRON "${pattern}" is not a valid cron expression`);

  // Runs this process left 'running' before a restart can never finish.
  void abandonDeadRuns(deps).catch((err) => deps.log.error('could not check old runs', { error: String(err) }));
  // Web Push keys are made at the first start, so the app can subscribe before the first pass.
  void ensureVapidKeys(deps.db).catch((err) => deps.log.error('could not prepare push keys', { error: String(err) }));

  const pending = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
    return p;
  };

  // With several instances on one PostgreSQL database, only the leader's ticks run (db/leader.ts).
  const leadership = electLeader(deps.db, 'scheduler', {
    retryMs: options.leaderRetryMs,
    onChange: (leader) => deps.log.info(leader ? 'this instance now runs the scheduled jobs' : 'this instance no longer runs the scheduled jobs'),
  });
  // A tick waits for a try in flight (the first, at start), then runs only on the leader; the job's
  // promise is returned, so node-cron's noOverlap still waits for it.
  const lead = (job: () => Promise<unknown>) => async () => {
    await leadership.ready();
    if (leadership.isLeader()) await job();
  };
  const tasks: ScheduledTask[] = [
    cron.schedule(
      pattern,
      lead(() => track(runIndexThenDeliver(deps, { trigger: 'schedule', provider: options.provider }, options.deliver))),
      {
        name: 'asthma-index',
        timezone: SCHEDULE_TIMEZONE,
        noOverlap: true,
      },
    ),
    cron.schedule(
      options.notifyCron ?? NOTIFY_CRON,
      lead(() => track(sendPass(deps, options))),
      { name: 'notify', timezone: SCHEDULE_TIMEZONE, noOverlap: true },
    ),
    cron.schedule(
      INDICATORS_CRON,
      lead(() => track(refreshProgrammeIndicators(deps).catch((err) => deps.log.error('indicator refresh failed', { error: String(err) })))),
      { name: 'indicators', timezone: SCHEDULE_TIMEZONE, noOverlap: true },
    ),
    cron.schedule(
      PURGE_CRON,
      lead(() => track(purgeExpiredSessions(deps).catch((err) => deps.log.error('session purge failed', { error: String(err) })))),
      { name: 'purge-sessions', timezone: SCHEDULE_TIMEZONE, noOverlap: true },
    ),
  ];
  deps.log.info('scheduler started', { indexCron: pattern, timezone: SCHEDULE_TIMEZONE });

  return {
    async stop() {
      for (const task of tasks) await task.destroy();
      await leadership.stop();
      // Let a run in progress commit or roll back before the database closes.
      const run = activeIndexRun(deps.db);
      if (run) await run.then((r) => r.done).catch(() => {});
      await Promise.allSettled([...pending]);
    },
  };
}
