import type { SnapshotWorker } from './indicators/snapshots';
import type { ReadWorker } from './reads/offload';
import type { Config } from './config';
import type { Clock } from './clock';
import type { Db } from '../db/connection';
import type { Logger } from './log';
import type { Role } from '../db/schema';
import type { Lang } from '../web/i18n';

/** What every service needs; built once in main.ts (or per test) and handed to createApp. */
export interface Deps {
  db: Db;
  config: Config;
  clock: Clock;
  log: Logger;
  /** Computes dashboard snapshots on a worker thread (server/indicators/offload.ts); absent: in this thread. */
  indicatorWorker?: SnapshotWorker | null;
  /** Runs reads of a child's record on a worker thread (server/reads/offload.ts); absent: in this thread. */
  readWorker?: ReadWorker | null;
}

/** The authenticated caller, as the services see it. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  centerId: string | null;
  schoolId: string | null;
  sessionId: string | null;
}

/** Who is asking, for scope checks and audit rows. */
export interface RequestContext {
  actor: Actor | null;
  requestId: string;
}

export type { Lang } from '../web/i18n';

export interface AppEnv {
  Variables: {
    deps: Deps;
    actor: Actor | null;
    requestId: string;
    lang: Lang;
  };
}
