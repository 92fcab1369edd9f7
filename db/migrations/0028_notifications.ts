import type { Kysely } from 'kysely';

// Parents reached by WeChat and SMS (issue 34): a parent's WeChat binding (openid), the enrolment
// guardian's SMS consent (who, when), per-child notification choices, and one outbox row per message
// per channel whose unique key keeps each kind to one a child a day whatever the retries.
// Frozen: imports nothing from the application.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('wechat_bindings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('openid', 'text', (c) => c.notNull().unique())
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('bound_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('ended_reason', 'text')
    .execute();
  await db.schema.createIndex('wechat_bindings_user').on('wechat_bindings').columns(['user_id', 'active']).execute();

  // A one-time code the parent sends to the service account; stored hashed, short-lived.
  await db.schema
    .createTable('wechat_bind_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

  await db.schema
    .createTable('sms_consents')
    .addColumn('child_id', 'text', (c) => c.notNull().references('children.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('given_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .addPrimaryKeyConstraint('sms_consents_pk', ['child_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('notification_prefs')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('child_id', 'text', (c) => c.notNull().references('children.id'))
    .addColumn('wechat', 'integer', (c) => c.notNull())
    .addColumn('sms', 'integer', (c) => c.notNull())
    .addColumn('kind_index', 'integer', (c) => c.notNull())
    .addColumn('kind_diary', 'integer', (c) => c.notNull())
    .addColumn('kind_followup', 'integer', (c) => c.notNull())
    .addColumn('kind_urgent', 'integer', (c) => c.notNull())
    .addColumn('min_level', 'integer', (c) => c.notNull())
    .addColumn('quiet_from', 'text', (c) => c.notNull())
    .addColumn('quiet_until', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_prefs_pk', ['user_id', 'child_id'])
    .execute();

  await db.schema
    .createTable('notification_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('child_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('provider_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('notification_outbox_once').unique().on('notification_outbox').columns(['user_id', 'child_id', 'kind', 'channel', 'date']).execute();
  await db.schema.createIndex('notification_outbox_due').on('notification_outbox').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('notification_outbox_date').on('notification_outbox').columns(['date', 'channel', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['notification_outbox', 'notification_prefs', 'sms_consents', 'wechat_bind_codes', 'wechat_bindings']) await db.schema.dropTable(table).execute();
}
