// Fills the notification outbox: for every parent's choices for a child, what is due now, one row per
// message per configured channel. The unique (parent, child, kind, channel, date) key makes a re-run
// a no-op. Rows hold the rendered message only: the phone and openid are looked up when sending.
import type { NotifyChannel, NotifyKind } from '../../db/schema';
import { daysBetween } from '../../server/calendar';
import { nowIso } from '../../server/clock';
import type { Deps } from '../../server/context';
import { portableSql } from '../../db/sql';
import { newId } from '../../server/ids';
import { enabledChannels, smsSettings } from '../../server/notifications/channels';
import { renderFor, RenderError, type MessageFacts } from '../../server/notifications/render';
import { dueKinds, mainlandMobile, releaseAt, shanghaiWallClock } from '../../server/notifications/rules';
import { INDEX_LEVELS } from '../../server/asthma-index/rules/advice';
import { findDistrict } from '../../server/asthma-index/rules/districts';
import type { IndexLevel } from '../../server/asthma-index/rules/params-v0.1';

/**
 * Choices read per scan: a page at a time, in (parent, child) order. Read at once, a city's 100,000
 * parents' choices took the notification worker's heap to 400 MB at 07:00 (test/bench/RESULTS.md).
 */
export const SCAN_PAGE = 1000;

type After = { userId: string; childId: string } | null;

/** The parents' choices joined with what the rules need; only active children still linked to the parent. */
async function loadChoices(deps: Deps, date: string, dayStart: string, urgentOnly: boolean, after: After, limit: number) {
  let q = deps.db
    .selectFrom('notification_prefs as p')
    .innerJoin('guardianships as g', (j) => j.onRef('g.user_id', '=', 'p.user_id').onRef('g.child_id', '=', 'p.child_id'))
    .innerJoin('children as c', 'c.id', 'p.child_id')
    .innerJoin('centers as ct', 'ct.id', 'c.center_id')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .leftJoin('index_days as d', (j) => j.onRef('d.district', '=', 'ct.district').on('d.date', '=', date))
    .select((eb) => [
      'p.user_id',
      'p.child_id',
      'p.wechat',
      'p.sms',
      'p.push',
      'p.kind_index',
      'p.kind_diary',
      'p.kind_followup',
      'p.kind_urgent',
      'p.min_level',
      'p.quiet_from',
      'p.quiet_until',
      'p.lang',
      'c.enrolled_on',
      'c.next_due_date',
      'c.guardian_phone',
      'g.named_at_enrolment',
      'ct.district',
      'd.level',
      eb
        .selectFrom('diary_entries')
        .select((x) => x.fn.max('diary_entries.date').as('d'))
        .whereRef('diary_entries.child_id', '=', 'c.id')
        .as('last_diary'),
      eb
        .exists(eb.selectFrom('clinical_alerts').select('clinical_alerts.id').whereRef('clinical_alerts.child_id', '=', 'c.id').where('clinical_alerts.kind', '=', 'red_zone').where('clinical_alerts.created_at', '>=', dayStart))
        .as('red_today'),
      eb.exists(eb.selectFrom('wechat_bindings as b').select('b.id').whereRef('b.user_id', '=', 'p.user_id').where('b.active', '=', 1)).as('wechat_bound'),
      eb.exists(eb.selectFrom('push_subscriptions as ps').select('ps.id').whereRef('ps.user_id', '=', 'p.user_id')).as('push_bound'),
      eb.exists(eb.selectFrom('sms_consents as s').select('s.child_id').whereRef('s.user_id', '=', 'p.user_id').whereRef('s.child_id', '=', 'p.child_id').where('s.withdrawn_at', 'is', null)).as('sms_consented'),
    ])
    .where('c.status', '=', 'active')
    .where('u.active', '=', 1);
  if (urgentOnly) {
    q = q.where('p.kind_urgent', '=', 1).where((eb) => eb.exists(eb.selectFrom('clinical_alerts as a').select('a.id').whereRef('a.child_id', '=', 'c.id').where('a.kind', '=', 'red_zone').where('a.created_at', '>=', dayStart)));
  }
  if (after) q = q.where((eb) => eb(eb.refTuple('p.user_id', 'p.child_id'), '>', eb.tuple(after.userId, after.childId)));
  return q.orderBy('p.user_id').orderBy('p.child_id').limit(limit).execute();
}

export type ChoiceRow = Awaited<ReturnType<typeof loadChoices>>[number];

/** The channels a parent may be reached on for a child right now (the address checks are the send pass's too). */
export function reachableChannels(row: Pick<ChoiceRow, 'wechat' | 'sms' | 'push' | 'wechat_bound' | 'sms_consented' | 'push_bound' | 'named_at_enrolment' | 'guardian_phone'>, enabled: readonly NotifyChannel[]): NotifyChannel[] {
  const out: NotifyChannel[] = [];
  if (enabled.includes('push') && row.push === 1 && Number(row.push_bound) === 1) out.push('push');
  if (enabled.includes('wechat') && row.wechat === 1 && Number(row.wechat_bound) === 1) out.push('wechat');
  if (enabled.includes('sms') && row.sms === 1 && Number(row.sms_consented) === 1 && row.named_at_enrolment === 1 && mainlandMobile(row.guardian_phone)) out.push('sms');
  return out;
}

/** Creates the rows due now (with urgentOnly, only red-zone acknowledgements); returns how many are new. */
export async function queueDueNotifications(deps: Deps, opts: { urgentOnly?: boolean; pageSize?: number } = {}): Promise<number> {
  const enabled = enabledChannels(deps.config);
  if (enabled.length === 0) return 0;
  const instant = deps.clock.now();
  const wall = shanghaiWallClock(instant);
  const dayStart = new Date(Date.parse(`${wall.date}T00:00:00+08:00`)).toISOString();
  // What every page shares: one instant for the whole scan, as when the choices were read at once.
  const scan: Scan = { enabled, instant, wall, signName: smsSettings(deps.config)?.signName ?? '', created: nowIso(deps.clock) };
  const pageSize = opts.pageSize ?? SCAN_PAGE;
  let count = 0;
  for (let after: After = null; ; ) {
    const rows = await loadChoices(deps, wall.date, dayStart, opts.urgentOnly ?? false, after, pageSize);
    count += await queuePage(deps, rows, scan);
    if (rows.length < pageSize) return count;
    const last = rows[rows.length - 1]!;
    after = { userId: last.user_id, childId: last.child_id };
  }
}

interface Scan {
  enabled: readonly NotifyChannel[];
  instant: Date;
  wall: ReturnType<typeof shanghaiWallClock>;
  signName: string;
  created: string;
}

async function queuePage(deps: Deps, rows: ChoiceRow[], { enabled, instant, wall, signName, created }: Scan): Promise<number> {
  if (rows.length === 0) return 0;
  // One index message per parent and channel a day, however many children they have: an earlier
  // pass's or page's row (for another child) counts too, unless it was cancelled (that child's index turned off).
  const users = [...new Set(rows.map((r) => r.user_id))];
  // By the parents (the unique key's first column): left to choose, SQLite took the date index and
  // read all of the day's rows for each page (at 07:00 at city scale, 200,000 rows 100 times: +14 s).
  const { unindexed } = portableSql(deps.db);
  const indexSent = new Set<string>(
    (await deps.db.selectFrom('notification_outbox').select(['user_id', 'channel']).where(unindexed('date'), '=', wall.date).where('kind', '=', 'index').where('status', '!=', 'cancelled').where('user_id', 'in', users).execute()).map(
      (r) => `${r.user_id}|${r.channel}`,
    ),
  );
  let count = 0;
  for (const row of rows) {
    const channels = reachableChannels(row, enabled);
    if (channels.length === 0) continue;
    const lastDiary = (row.last_diary as string | null) ?? null;
    const kinds = dueKinds(wall, {
      childId: row.child_id,
      kinds: { index: row.kind_index === 1, diary: row.kind_diary === 1, followup: row.kind_followup === 1, urgent: row.kind_urgent === 1 },
      minLevel: row.min_level,
      levelToday: row.level ?? null,
      lastDiaryDate: lastDiary,
      enrolledOn: row.enrolled_on,
      nextDueDate: row.next_due_date,
      redZoneToday: Number(row.red_today) === 1,
    });
    for (const kind of kinds) {
      for (const channel of channels) {
        if (kind === 'index') {
          const key = `${row.user_id}|${channel}`;
          if (indexSent.has(key)) continue;
          indexSent.add(key);
        }
        const lang = channel === 'sms' ? 'zh' : row.lang;
        const facts: MessageFacts = {
          kind,
          date: wall.date,
          level: row.level ?? undefined,
          district: findDistrict(row.district)?.name[lang] ?? row.district,
          label: row.level ? INDEX_LEVELS[row.level as IndexLevel].label[lang] : undefined,
          days: daysBetween(lastDiary ?? row.enrolled_on, wall.date),
          dueDate: row.next_due_date ?? undefined,
        };
        let payload: string;
        try {
          payload = JSON.stringify(renderFor(channel, facts, lang, signName, row.child_id));
        } catch (err) {
          if (!(err instanceof RenderError)) throw err;
          deps.log.error('notification could not be rendered', { kind, channel, error: err.message });
          continue;
        }
        count += await insertRow(deps, {
          user_id: row.user_id,
          child_id: row.child_id,
          kind,
          channel,
          date: wall.date,
          payload,
          created_at: created,
          next_attempt_at: releaseAt(kind, instant, { from: row.quiet_from, until: row.quiet_until }).toISOString(),
        });
      }
    }
  }
  return count;
}

async function insertRow(deps: Deps, v: { user_id: string; child_id: string; kind: NotifyKind; channel: NotifyChannel; date: string; payload: string; created_at: string; next_attempt_at: string }): Promise<number> {
  const result = await deps.db
    .insertInto('notification_outbox')
    .values({ id: newId(), ...v, status: 'pending', attempts: 0, last_error: null, provider_id: null, sent_at: null })
    .onConflict((oc) => oc.columns(['user_id', 'child_id', 'kind', 'channel', 'date']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}
