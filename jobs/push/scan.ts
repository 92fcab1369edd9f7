// Fills the push outbox: for every subscription, what is due now (rules.ts). The unique key
// (subscription, kind, child, date) makes a re-run a no-op, so the scan can run every few minutes.
import type { Deps } from '../../server/context';
import { nowIso } from '../../server/clock';
import { newId } from '../../server/ids';
import { t } from '../../web/i18n';
import { INDEX_LEVELS } from '../../server/asthma-index/rules/advice';
import { findDistrict } from '../../server/asthma-index/rules/districts';
import type { IndexLevel } from '../../server/asthma-index/rules/params-v0.1';
import type { PushKind, PushSubscriptionTable } from '../../db/tables/family-app';
import { dueNotifications, shanghaiWallClock, type FamilyChild } from '../../server/family-app/push-rules';

export interface PushPayload {
  kind: PushKind;
  title: string;
  body: string;
  /** Where a tap on the notification opens the app. */
  url: string;
  tag: string;
}

interface ChildFacts extends FamilyChild {
  name: string;
}

export function payloadFor(kind: PushKind, lang: 'zh' | 'en', date: string, facts: { level?: number; district?: string; child?: ChildFacts }): PushPayload {
  const tag = `${kind}:${facts.child?.id ?? facts.district ?? ''}:${date}`;
  if (kind === 'index') {
    const level = facts.level as IndexLevel;
    const district = findDistrict(facts.district ?? '')?.name[lang] ?? facts.district ?? '';
    return { kind, tag, url: '/app', title: t(lang, 'push.index.title', { level, label: INDEX_LEVELS[level].label[lang] }), body: t(lang, 'push.index.body', { district, level }) };
  }
  const child = facts.child!;
  if (kind === 'diary') return { kind, tag, url: `/app/diary/${child.id}`, title: t(lang, 'push.diary.title'), body: t(lang, 'push.diary.body', { name: child.name }) };
  return { kind, tag, url: '/app', title: t(lang, 'push.followup.title'), body: t(lang, 'push.followup.body', { name: child.name, date: child.nextDueDate ?? '' }) };
}

/** Creates the outbox rows due now; returns how many are new. */
export async function scanPushNotifications(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const wall = shanghaiWallClock(now);
  const subscriptions = await deps.db.selectFrom('push_subscriptions').selectAll().execute();
  if (subscriptions.length === 0) return 0;
  const levels = new Map(
    (await deps.db.selectFrom('index_days').select(['district', 'level']).where('date', '=', wall.date).execute()).map((r) => [r.district, r.level]),
  );
  const childrenOf = new Map<string, ChildFacts[]>();
  const familyChildren = async (userId: string): Promise<ChildFacts[]> => {
    const known = childrenOf.get(userId);
    if (known) return known;
    const rows = await deps.db
      .selectFrom('guardianships')
      .innerJoin('children', 'children.id', 'guardianships.child_id')
      .select((eb) => [
        'children.id', 'children.name', 'children.next_due_date', 'children.enrolled_on',
        // The latest day logged (the diary's (child_id, date) key answers it from its index).
        eb.selectFrom('diary_entries').select((d) => d.fn.max('diary_entries.date').as('d')).whereRef('diary_entries.child_id', '=', 'children.id').as('lastDiaryDate'),
      ])
      .where('guardianships.user_id', '=', userId)
      .where('children.status', '=', 'active')
      .execute();
    const facts = rows.map((r) => ({ id: r.id, name: r.name, nextDueDate: r.next_due_date, enrolledOn: r.enrolled_on, lastDiaryDate: (r.lastDiaryDate as string | null) ?? null }));
    childrenOf.set(userId, facts);
    return facts;
  };

  const created = nowIso(deps.clock);
  let count = 0;
  for (const sub of subscriptions) {
    const children = await familyChildren(sub.user_id);
    const due = dueNotifications(wall, prefsOf(sub), sub.district ? (levels.get(sub.district) ?? null) : null, children);
    for (const n of due) {
      const child = children.find((c) => c.id === n.childId);
      const payload = payloadFor(n.kind, sub.lang, wall.date, { level: levels.get(sub.district ?? ''), district: sub.district ?? undefined, child });
      const result = await deps.db
        .insertInto('push_outbox')
        .values({
          id: newId(), subscription_id: sub.id, kind: n.kind, child_id: n.childId, date: wall.date, payload: JSON.stringify(payload),
          status: 'pending', attempts: 0, next_attempt_at: created, last_error: null, http_status: null, created_at: created, sent_at: null,
        })
        .onConflict((oc) => oc.columns(['subscription_id', 'kind', 'child_id', 'date']).doNothing())
        .executeTakeFirst();
      count += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
  }
  return count;
}

const prefsOf = (sub: PushSubscriptionTable) => ({
  district: sub.district,
  minLevel: sub.min_level,
  diaryReminderAt: sub.diary_reminder_at,
  followUpReminders: sub.follow_up_reminders === 1,
});
