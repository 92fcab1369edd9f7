// The asthma-index tables, added to the DB interface by module augmentation so this feature's
// schema lives beside its migration without editing db/schema.ts.
import type { Generated } from 'kysely';
import type { Bool } from '../schema';

export type WeatherKind = 'observed' | 'forecast';
export type JobRunStatus = 'running' | 'ok' | 'failed' | 'abandoned';
export type JobTrigger = 'schedule' | 'manual' | 'cli' | 'seed';
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'cancelled';

/** One district's daily weather and air quality; a later fetch replaces a forecast, never an observation with a forecast. */
export interface WeatherDayTable {
  district: string;
  date: string;
  kind: WeatherKind;
  /** 'open-meteo', 'csv', 'demo'. */
  source: string;
  fetched_at: string;
  tmax: number | null;
  tmin: number | null;
  tmean: number | null;
  rh: number | null;
  pressure: number | null;
  pm25: number | null;
  no2: number | null;
  o3_8h: number | null;
  pollen_level: number | null;
  thunderstorm: Bool | null;
}

/** The computed index for one district and day (upserted: one row per district and date). */
export interface IndexDayTable {
  district: string;
  date: string;
  score: number;
  level: number;
  score_level: number;
  /** JSON: SubScores. */
  sub_scores: string;
  /** JSON: IndexFeatures. */
  features: string;
  /** JSON: IndexInputs. */
  inputs: string;
  /** JSON: FiredFloor[]. */
  floors: string;
  /** JSON: IndexFactor[]. */
  missing: string;
  /** JSON: FactorDescription[] (plain words for the page and API). */
  factors: string;
  confidence: 'high' | 'medium' | 'low';
  advice_zh: string;
  advice_en: string;
  algorithm_version: string;
  /** The weather the day was computed from: a forecast or an observation, and when it was fetched. */
  weather_kind: WeatherKind;
  weather_fetched_at: string;
  weather_source: string;
  run_id: string | null;
  computed_at: string;
}

export interface JobRunTable {
  id: string;
  name: string;
  trigger: JobTrigger;
  /** JSON: the options the run was started with (date, district, from, to, offline). */
  params: string;
  /** host:pid of the process that runs it, to tell a crashed run from a live one. */
  owner: string;
  started_at: string;
  finished_at: string | null;
  status: JobRunStatus;
  error: string | null;
  rows: number;
  /** JSON: counts and the dates computed. */
  summary: string | null;
  created_by: string | null;
}

export interface SubscriptionTable {
  id: string;
  user_id: string;
  district: string;
  min_level: number;
  channel: 'webhook';
  target: string;
  secret: string | null;
  active: Bool;
  created_at: string;
  deactivated_at: string | null;
}

export interface OutboxTable {
  id: string;
  subscription_id: string;
  date: string;
  level: number;
  /** The exact JSON body that is sent and signed. */
  payload: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface DeliveryAttemptTable {
  id: Generated<number>;
  outbox_id: string;
  attempt: number;
  at: string;
  ok: Bool;
  http_status: number | null;
  error: string | null;
  duration_ms: number;
}

declare module '../schema' {
  interface DB {
    weather_days: WeatherDayTable;
    index_days: IndexDayTable;
    job_runs: JobRunTable;
    subscriptions: SubscriptionTable;
    outbox: OutboxTable;
    delivery_attempts: DeliveryAttemptTable;
  }
}
