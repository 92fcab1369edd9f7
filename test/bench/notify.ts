// The morning send (issue 34): `npm run bench:notify -- --parents 100000`. A database with that many
// parents, each with one child, WeChat bound and SMS agreed, every message on; the index job at 06:00
// through the recorded Open-Meteo fixtures; then, from 07:00, send passes back to back until the
// outbox is empty, against the local WeChat and SMS fakes (in a process of their own, so their CPU
// is not the pass's). Prints the queueing and sending times and the rate; figures go to RESULTS.md.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { runIndexJob } from '../../server/asthma-index/job';
import { runNotifyPass } from '../../jobs/notify';
import { createWorld } from '../helpers/world';
import { startFakeOpenMeteo } from '../jobs/asthma-index/fake-open-meteo';
import { notifyConfig, SMS_SECRET } from '../server/notifications/world';
import { forgetWechatTokens } from '../../server/notifications/wechat';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const parents = Number(arg('parents', '10000'));
const log = (line: string) => process.stdout.write(`${line}\n`);

// 06:00 and 07:00 Shanghai on 2025-01-21, the day the recorded Open-Meteo fixtures end on.
const SIX = '2025-01-20T22:00:00Z';
const SEVEN = '2025-01-20T23:00:00Z';

/** The fakes in a child process: their URLs and credentials come back on its first line. */
async function startFakesProcess() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/notify-fakes.ts', String(parents)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { child, fakes: JSON.parse(first) as { wechatUrl: string; appId: string; secret: string; smsEndpoint: string; accessKeyId: string } };
}

async function main(): Promise<void> {
  const { child, fakes } = await startFakesProcess();
  const meteo = await startFakeOpenMeteo();
  const config = {
    ...notifyConfig({ wechat: { url: fakes.wechatUrl, appId: fakes.appId, secret: fakes.secret }, sms: { endpoint: fakes.smsEndpoint, accessKeyId: fakes.accessKeyId }, meteo } as never),
    SMS_ACCESS_KEY_SECRET: SMS_SECRET,
  };
  forgetWechatTokens();
  const w = await createWorld({ now: SIX, config });
  try {
    const t0 = performance.now();
    const now = w.clock.now().toISOString();
    // The children rows have 28 columns: 1,000 rows stay under SQLite's 32,766 bound values a statement.
    const chunk = 1_000;
    for (let from = 0; from < parents; from += chunk) {
      const n = Math.min(chunk, parents - from);
      const rows = Array.from({ length: n }, (_, k) => ({ i: from + k, user: randomUUID(), child: randomUUID() }));
      await w.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('users')
          .values(rows.map((r) => ({ id: r.user, username: `p${r.i}`, password_hash: '!', display_name: '家长', role: 'parent' as const, center_id: null, school_id: null, active: 1, created_at: now, password_changed_at: now })))
          .execute();
        await trx
          .insertInto('children')
          .values(
            rows.map((r) => ({
              id: r.child,
              name: `儿童${r.i}`,
              sex: r.i % 2 ? 'M' : 'F',
              birth_date: '2017-01-01',
              height_cm: null,
              guardian_name: '家长',
              guardian_phone: `139${String(r.i).padStart(8, '0')}`,
              guardian_relation: '母亲',
              center_id: w.ids.centreA,
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
    log(`${parents} parents, each with a child, WeChat bound and SMS agreed: ${Math.round(performance.now() - t0)} ms`);
    const job = await runIndexJob(w.deps, { trigger: 'cli' });
    if (job?.status !== 'ok') throw new Error(`index job: ${job?.status}`);

    // Queued at 06:xx (held for quiet hours until 07:00), as the scheduler's pass each minute would.
    const q0 = performance.now();
    const early = await runNotifyPass(w.deps);
    const queueMs = performance.now() - q0;
    log(`queued ${early.queued} messages in ${Math.round(queueMs)} ms (sent ${early.sent}: quiet hours)`);

    w.clock.set(SEVEN);
    const s0 = performance.now();
    let sent = 0;
    let passes = 0;
    for (;;) {
      const r = await runNotifyPass(w.deps);
      passes++;
      sent += r.sent;
      if (r.retried || r.failed || r.cancelled) log(`  pass ${passes}: ${JSON.stringify(r)}`);
      const left = await w.db
        .selectFrom('notification_outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      if (Number(left.n) === 0 || (r.sent === 0 && r.retried === 0)) break;
    }
    const sendMs = performance.now() - s0;
    log(`sent ${sent} messages in ${(sendMs / 1000).toFixed(1)} s over ${passes} pass(es): ${Math.round(sent / (sendMs / 1000))} messages a second`);
    log(`from 07:00 to the last message: ${(sendMs / 60_000).toFixed(1)} min (target: 5 min for 100,000 parents)`);
  } finally {
    await w.close();
    await meteo.close();
    child.kill();
  }
}

await main();
