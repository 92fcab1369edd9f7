import type { Deps } from '../server/context';

export interface Scheduler {
  stop(): Promise<void>;
}

// Placeholder: node-cron schedules (the asthma-index job, issue 6) start here.
export function startScheduler(_deps: Deps): Scheduler {
  return { stop: async () => {} };
}
