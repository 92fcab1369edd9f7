// Migration 0035 (issue 34): each phone's old push choices become the parent's choices per child on
// the app-notification channel, so nobody who had notifications on a phone loses them, and a child
// with choices already keeps them (push is only turned on).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { createWorld, type World } from '../helpers/world';
import { enrol } from '../server/children/fixtures';
import { linkParent } from '../server/family-app/fixtures';
import { migrations } from '../../db/migrate';

let w: World;
beforeEach(async () => {
  w = await createWorld({ now: '2026-03-02T02:00:00Z' });
});
afterEach(async () => {
  await w.close();
});

const m0035 = migrations['0035_push_is_a_channel']!;
const db = () => w.db as unknown as Kysely<any>;
const phone = (user: string, n: number, choices: Record<string, unknown>) =>
  db()
    .insertInto('push_subscriptions')
    .values({
      id: `sub-${n}`,
      user_id: user,
      endpoint: `https://push.example.net/${n}`,
      p256dh: 'k',
      auth: 'a',
      lang: 'en',
      created_at: '2026-03-01T00:00:00Z',
      updated_at: `2026-03-01T00:0${n}:00Z`,
      last_sent_at: null,
      follow_up_reminders: 0,
      ...choices,
    })
    .execute();

describe('migration 0035: push becomes a channel', () => {
  it("carries each parent's phones' choices to every child, and only turns push on where choices exist", async () => {
    const first = await enrol(w);
    await linkParent(w, first);
    const second = await enrol(w, { name: '第二个孩子' });
    await linkParent(w, second);
    const parent = w.userIds.parent1!;
    await m0035.down!(db());
    // The second child already has choices (WeChat on, index from level 4): they stay.
    await db()
      .insertInto('notification_prefs')
      .values({ user_id: parent, child_id: second, wechat: 1, sms: 0, kind_index: 1, kind_diary: 0, kind_followup: 0, kind_urgent: 1, min_level: 4, quiet_from: '22:00', quiet_until: '06:30', lang: 'zh', updated_at: '2026-02-01T00:00:00Z' })
      .execute();
    // Two phones: one with the index from level 4, one from level 2 with a diary reminder.
    await phone(parent, 1, { district: 'pudong', min_level: 4, diary_reminder_at: null });
    await phone(parent, 2, { district: 'xuhui', min_level: 2, diary_reminder_at: '19:30' });
    await m0035.up(db());

    const prefs = await w.db.selectFrom('notification_prefs').selectAll().where('user_id', '=', parent).orderBy('updated_at').execute();
    expect(prefs.find((p) => p.child_id === first)).toMatchObject({ push: 1, wechat: 0, sms: 0, kind_index: 1, kind_diary: 1, kind_followup: 0, kind_urgent: 1, min_level: 2, quiet_from: '21:00', quiet_until: '07:00', lang: 'en' });
    expect(prefs.find((p) => p.child_id === second)).toMatchObject({ push: 1, wechat: 1, kind_diary: 0, min_level: 4, quiet_from: '22:00', quiet_until: '06:30', lang: 'zh' });
    // The phones stay as addresses, without the choices that moved.
    const phones = await w.db.selectFrom('push_subscriptions').selectAll().orderBy('id').execute();
    expect(phones.map((p) => Object.keys(p).sort())).toEqual([0, 1].map(() => ['auth', 'created_at', 'endpoint', 'id', 'lang', 'last_sent_at', 'p256dh', 'updated_at', 'user_id']));
  });
});
