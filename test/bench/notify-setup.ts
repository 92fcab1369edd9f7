// What both modes of the morning-send benchmark (notify.ts) build: the parents, the fakes' process
// and the settings that point the channels at it.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Db } from '../../db/connection';
import type { FakeOpenMeteo } from '../jobs/asthma-index/fake-open-meteo';
import { notifyConfig, SMS_SECRET } from '../server/notifications/world';

// 06:00 and 07:00 Shanghai on the day the recorded Open-Meteo fixtures end on.
export const FIXTURE_DAY = '2025-01-21';
export const SIX = '2025-01-20T22:00:00Z';
export const SEVEN = '2025-01-20T23:00:00Z';

export interface FakesAddress {
  wechatUrl: string;
  appId: string;
  secret: string;
  smsEndpoint: string;
  accessKeyId: string;
}

/** The fakes in a child process, so their CPU is not the pass's: their URLs and credentials come back on its first line. */
export async function startFakesProcess(followers: number): Promise<{ child: ChildProcess; fakes: FakesAddress }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/notify-fakes.ts', String(followers)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { child, fakes: JSON.parse(first) as FakesAddress };
}

/** The channels' settings for the fakes and the Open-Meteo stand-in (the config keys of the notification tests). */
export function channelSettings(fakes: FakesAddress, meteo: FakeOpenMeteo) {
  return {
    ...notifyConfig({ wechat: { url: fakes.wechatUrl, appId: fakes.appId, secret: fakes.secret }, sms: { endpoint: fakes.smsEndpoint, accessKeyId: fakes.accessKeyId }, meteo } as never),
    SMS_ACCESS_KEY_SECRET: SMS_SECRET,
  };
}

/**
 * `count` parents, parent i with openid-i: WeChat bound, SMS agreed, every message on. Parent i is
 * the enrolment guardian of `children[i]` when there is one (its recorded phone is the SMS number),
 * else of a new child in `centres[i % centres.length]`.
 */
export async function addParents(db: Db, opts: { count: number; now: string; children: readonly string[]; centres: readonly string[] }): Promise<void> {
  const { count, now } = opts;
  // The children rows have 28 columns: 1,000 rows stay under SQLite's 32,766 bound values a statement.
  const chunk = 1_000;
  for (let from = 0; from < count; from += chunk) {
    const n = Math.min(chunk, count - from);
    const rows = Array.from({ length: n }, (_, k) => ({ i: from + k, user: randomUUID(), child: opts.children[from + k] ?? randomUUID(), isNew: from + k >= opts.children.length }));
    const fresh = rows.filter((r) => r.isNew);
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('users')
        .values(rows.map((r) => ({ id: r.user, username: `p${r.i}`, password_hash: '!', display_name: '家长', role: 'parent' as const, center_id: null, school_id: null, active: 1, created_at: now, password_changed_at: now })))
        .execute();
      if (fresh.length) {
        await trx
          .insertInto('children')
          .values(
            fresh.map((r) => ({
              id: r.child,
              name: `儿童${r.i}`,
              sex: r.i % 2 ? 'M' : 'F',
              birth_date: '2017-01-01',
              height_cm: null,
              guardian_name: '家长',
              guardian_phone: `139${String(r.i).padStart(8, '0')}`,
              guardian_relation: '母亲',
              center_id: opts.centres[r.i % opts.centres.length]!,
              school_id: null,
              diagnosis_date: null,
              personal_best_pef: null,
              consent_given_by: '家长',
              consent_date: '2025-01-01',
              consent_notice_version: 'v1',
              status: 'active' as const,
              status_reason: null,
              enrolled_on: '2025-01-01',
              next_due_date: null,
              next_due_reason: null,
              next_due_detail: null,
              latest_gina_level: 'well' as const,
              latest_follow_up_date: null,
              high_risk: 0,
              created_at: now,
              updated_at: now,
            })),
          )
          .execute();
      }
      await trx
        .insertInto('guardianships')
        .values(rows.map((r) => ({ user_id: r.user, child_id: r.child, relation: '母亲', consent_date: '2025-01-01', consent_notice_version: 'v1', linked_at: now, linked_by: null, named_at_enrolment: 1 })))
        .execute();
      await trx
        .insertInto('sms_consents')
        .values(rows.map((r) => ({ child_id: r.child, user_id: r.user, given_at: now, withdrawn_at: null })))
        .execute();
      await trx
        .insertInto('wechat_bindings')
        .values(rows.map((r) => ({ id: randomUUID(), user_id: r.user, openid: `openid-${r.i}`, via: 'code' as const, active: 1, bound_at: now, ended_at: null, ended_reason: null })))
        .execute();
      await trx
        .insertInto('notification_prefs')
        .values(
          rows.map((r) => ({
            user_id: r.user,
            child_id: r.child,
            wechat: 1,
            sms: 1,
            kind_index: 1,
            kind_diary: 0,
            kind_followup: 0,
            kind_urgent: 1,
            min_level: 1,
            quiet_from: '21:00',
            quiet_until: '07:00',
            lang: 'zh' as const,
            updated_at: now,
          })),
        )
        .execute();
    });
  }
}
