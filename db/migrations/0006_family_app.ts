import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { ARTICLES_0006 } from './content/articles-0006';

// The family app (issue 10): versioned action plans, the education library with reads and sends,
// and Web Push subscriptions with their outbox. The library is installed as drafts: a local
// clinical sign-off publishes it (the demo seed publishes it at once).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('action_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('child_id', 'text', (c) => c.notNull().references('children.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('personal_best_pef', 'integer')
    .addColumn('plan', 'text', (c) => c.notNull())
    .addColumn('follow_up_id', 'text', (c) => c.references('follow_ups.id'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('action_plans_child_version', ['child_id', 'version'])
    .execute();

  // "Action plan given" at a follow-up names the plan version handed over.
  await db.schema.alterTable('follow_ups').addColumn('action_plan_version', 'integer').execute();

  await db.schema
    .createTable('articles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(100))
    .addColumn('title_zh', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('body_zh', 'text', (c) => c.notNull())
    .addColumn('body_en', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'published')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('published_at', 'text')
    .execute();

  await db.schema
    .createTable('article_reads')
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('first_at', 'text', (c) => c.notNull())
    .addColumn('opens', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('article_reads_pk', ['article_id', 'user_id', 'date'])
    .execute();
  await db.schema.createIndex('article_reads_date').on('article_reads').columns(['date', 'user_id']).execute();

  await db.schema
    .createTable('article_sends')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id'))
    .addColumn('child_id', 'text', (c) => c.notNull().references('children.id'))
    .addColumn('sent_by', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('article_sends_child').on('article_sends').columns(['child_id', 'sent_at']).execute();

  await db.schema
    .createTable('push_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('endpoint', 'text', (c) => c.notNull().unique())
    .addColumn('p256dh', 'text', (c) => c.notNull())
    .addColumn('auth', 'text', (c) => c.notNull())
    .addColumn('district', 'text')
    .addColumn('min_level', 'integer', (c) => c.check(sql`min_level between 1 and 5`))
    .addColumn('diary_reminder_at', 'text')
    .addColumn('follow_up_reminders', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('lang', 'text', (c) => c.notNull().defaultTo('zh'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('last_sent_at', 'text')
    .execute();
  await db.schema.createIndex('push_subscriptions_user').on('push_subscriptions').columns(['user_id']).execute();

  // No foreign key to the subscription: an expired one is deleted and its rows stay as history.
  await db.schema
    .createTable('push_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('index', 'diary', 'followup')`))
    .addColumn('child_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'sent', 'failed', 'cancelled')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('http_status', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addUniqueConstraint('push_outbox_once', ['subscription_id', 'kind', 'child_id', 'date'])
    .execute();
  await db.schema.createIndex('push_outbox_due').on('push_outbox').columns(['status', 'next_attempt_at']).execute();

  const now = new Date().toISOString();
  for (const [i, a] of ARTICLES_0006.entries()) {
    await db
      .insertInto('articles')
      .values({
        id: randomUUID(), slug: a.slug, topic: a.topic, position: (i + 1) * 10, title_zh: a.title.zh, title_en: a.title.en, body_zh: a.body.zh, body_en: a.body.en,
        status: 'draft', created_at: now, updated_at: now, updated_by: null, published_at: null,
      })
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['push_outbox', 'push_subscriptions', 'article_sends', 'article_reads', 'articles', 'action_plans']) {
    await db.schema.dropTable(t).execute();
  }
  await db.schema.alterTable('follow_ups').dropColumn('action_plan_version').execute();
}
