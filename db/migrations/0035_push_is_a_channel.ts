import type { Kysely } from 'kysely';

// Web Push becomes a channel of the one notification service (issue 34), beside WeChat and SMS:
// a parent's choices per child (which messages, from which level, quiet hours) now decide what
// every channel carries, and a phone's push subscription is only an address, like a WeChat
// binding. What each phone's subscription chose is carried over: for every child of a parent who
// had one, push is turned on, and a child with no choices yet gets the subscriptions' choices
// (the index if any phone had a district, from the lowest level chosen; the diary reminder if
// any phone had a time; follow-up reminders if any phone wanted them). The push outbox is gone:
// its messages now go through notification_outbox.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notification_prefs').addColumn('push', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  const subs: { user_id: string; district: string | null; min_level: number | null; diary_reminder_at: string | null; follow_up_reminders: number; lang: string; updated_at: string }[] =
    await db.selectFrom('push_subscriptions').select(['user_id', 'district', 'min_level', 'diary_reminder_at', 'follow_up_reminders', 'lang', 'updated_at']).orderBy('updated_at').execute();
  const byUser = new Map<string, typeof subs>();
  for (const s of subs) byUser.set(s.user_id, [...(byUser.get(s.user_id) ?? []), s]);
  for (const [userId, own] of byUser) {
    const levels = own.filter((s) => s.district && s.min_level).map((s) => Number(s.min_level));
    const latest = own[own.length - 1]!;
    const children: { child_id: string }[] = await db.selectFrom('guardianships').innerJoin('children', 'children.id', 'guardianships.child_id')
      .select('guardianships.child_id').where('guardianships.user_id', '=', userId).where('children.status', '=', 'active').execute();
    for (const { child_id } of children) {
      await db.insertInto('notification_prefs').values({
        user_id: userId, child_id, wechat: 0, sms: 0, push: 1,
        kind_index: levels.length ? 1 : 0, kind_diary: own.some((s) => s.diary_reminder_at) ? 1 : 0,
        kind_followup: own.some((s) => Number(s.follow_up_reminders) === 1) ? 1 : 0, kind_urgent: 1,
        min_level: levels.length ? Math.min(...levels) : 3, quiet_from: '21:00', quiet_until: '07:00', lang: latest.lang, updated_at: latest.updated_at,
      }).onConflict((oc) => oc.columns(['user_id', 'child_id']).doUpdateSet({ push: 1 })).execute();
    }
  }

  await db.schema.dropTable('push_outbox').execute();
  for (const column of ['district', 'min_level', 'diary_reminder_at', 'follow_up_reminders']) {
    await db.schema.alterTable('push_subscriptions').dropColumn(column).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('push_subscriptions').addColumn('district', 'text').execute();
  await db.schema.alterTable('push_subscriptions').addColumn('min_level', 'integer').execute();
  await db.schema.alterTable('push_subscriptions').addColumn('diary_reminder_at', 'text').execute();
  await db.schema.alterTable('push_subscriptions').addColumn('follow_up_reminders', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema
    .createTable('push_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('child_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('http_status', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addUniqueConstraint('push_outbox_once', ['subscription_id', 'kind', 'child_id', 'date'])
    .execute();
  await db.schema.alterTable('notification_prefs').dropColumn('push').execute();
}
