import { sql, type Kysely } from 'kysely';

// The asthma index (issue 6): daily weather per district, the computed index, job runs,
// and webhook subscriptions with their outbox and delivery attempts.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('weather_days')
    .addColumn('district', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('observed', 'forecast')`))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('fetched_at', 'text', (c) => c.notNull())
    .addColumn('tmax', 'real')
    .addColumn('tmin', 'real')
    .addColumn('tmean', 'real')
    .addColumn('rh', 'real')
    .addColumn('pressure', 'real')
    .addColumn('pm25', 'real')
    .addColumn('no2', 'real')
    .addColumn('o3_8h', 'real')
    .addColumn('pollen_level', 'integer')
    .addColumn('thunderstorm', 'integer')
    .addPrimaryKeyConstraint('weather_days_pk', ['district', 'date'])
    .execute();

  await db.schema
    .createTable('index_days')
    .addColumn('district', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull().check(sql`level between 1 and 5`))
    .addColumn('score_level', 'integer', (c) => c.notNull())
    .addColumn('sub_scores', 'text', (c) => c.notNull())
    .addColumn('features', 'text', (c) => c.notNull())
    .addColumn('inputs', 'text', (c) => c.notNull())
    .addColumn('floors', 'text', (c) => c.notNull())
    .addColumn('missing', 'text', (c) => c.notNull())
    .addColumn('factors', 'text', (c) => c.notNull())
    .addColumn('confidence', 'text', (c) => c.notNull().check(sql`confidence in ('high', 'medium', 'low')`))
    .addColumn('advice_zh', 'text', (c) => c.notNull())
    .addColumn('advice_en', 'text', (c) => c.notNull())
    .addColumn('algorithm_version', 'text', (c) => c.notNull())
    .addColumn('weather_kind', 'text', (c) => c.notNull())
    .addColumn('weather_fetched_at', 'text', (c) => c.notNull())
    .addColumn('weather_source', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text')
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('index_days_pk', ['district', 'date'])
    .execute();
  await db.schema.createIndex('index_days_date').on('index_days').columns(['date', 'level']).execute();

  await db.schema
    .createTable('job_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running', 'ok', 'failed', 'abandoned')`))
    .addColumn('error', 'text')
    .addColumn('rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('summary', 'text')
    .addColumn('created_by', 'text')
    .execute();
  await db.schema.createIndex('job_runs_name_started').on('job_runs').columns(['name', 'started_at']).execute();
  await db.schema.createIndex('job_runs_status').on('job_runs').columns(['status']).execute();

  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('district', 'text', (c) => c.notNull())
    .addColumn('min_level', 'integer', (c) => c.notNull().check(sql`min_level between 1 and 5`))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('webhook')`))
    .addColumn('target', 'text', (c) => c.notNull())
    // The HMAC key must be readable to sign with, so it is stored as given (never logged or returned again).
    .addColumn('secret', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('deactivated_at', 'text')
    .execute();
  await db.schema.createIndex('subscriptions_user').on('subscriptions').columns(['user_id']).execute();
  await db.schema.createIndex('subscriptions_district').on('subscriptions').columns(['district', 'active']).execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subscription_id', 'text', (c) => c.notNull().references('subscriptions.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'sent', 'failed', 'cancelled')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addUniqueConstraint('outbox_subscription_date', ['subscription_id', 'date'])
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();

  await db.schema
    .createTable('delivery_attempts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('outbox_id', 'text', (c) => c.notNull().references('outbox.id'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('delivery_attempts_outbox').on('delivery_attempts').columns(['outbox_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['delivery_attempts', 'outbox', 'subscriptions', 'job_runs', 'index_days', 'weather_days']) {
    await db.schema.dropTable(t).execute();
  }
}
