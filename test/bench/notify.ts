// The morning send (issue 34): `npm run bench:notify -- --parents 100000`. A database with that many
// parents, each with one child, WeChat bound and SMS agreed, every message on; the index job at 06:00
// through the recorded Open-Meteo fixtures; then, from 07:00, send passes back to back until the
// outbox is empty, against the local WeChat and SMS fakes (in a process of their own, so their CPU
// is not the pass's). Prints the queueing and sending times and the rate; figures go to RESULTS.md.
// `--serve [--scale small|city] [--load 1] [--rates name=n,...]`: the passes inside the real server while another load
// asks its other routes (notify-serve.ts).
import { runIndexJob } from '../../server/asthma-index/job';
import { runNotifyPass } from '../../jobs/notify';
import { createWorld } from '../helpers/world';
import { startFakeOpenMeteo } from '../jobs/asthma-index/fake-open-meteo';
import { forgetWechatTokens } from '../../server/notifications/wechat';
import { addParents, channelSettings, SEVEN, SIX, startFakesProcess } from './notify-setup';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const parents = Number(arg('parents', '10000'));
const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const { child, fakes } = await startFakesProcess(parents);
  const meteo = await startFakeOpenMeteo();
  const config = channelSettings(fakes, meteo);
  forgetWechatTokens();
  const w = await createWorld({ now: SIX, config });
  try {
    const t0 = performance.now();
    await addParents(w.db, { count: parents, now: w.clock.now().toISOString(), children: [], centres: [w.ids.centreA] });
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

if (process.argv.includes('--serve')) {
  const { serveBenchmark } = await import('./notify-serve');
  await serveBenchmark({ parents, scale: arg('scale', 'small'), load: Number(arg('load', '1')), dir: arg('dir', '/tmp/asthma-bench'), baseline: Number(arg('baseline', '60')), rates: arg('rates', '') });
} else {
  await main();
}
