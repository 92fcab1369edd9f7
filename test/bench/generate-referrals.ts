// The benchmark city's referrals, up to the hospital and back down, each with its status history:
// recent ones may still be open; older ones mostly completed, some rejected, cancelled or failed.
import { DAY, sortedIds, type Writer } from './generate-common';

/** `referrals` referrals of children drawn from `childIds` (their centres in `kids`), with their history rows. */
export function writeReferrals(writer: Writer, referrals: number, childIds: string[], kids: readonly { centre: string }[], hospitalId: string): void {
  const { sqlite, rnd, tx, todayN, startN, counts } = writer;
  const insRef = sqlite.prepare(`insert into referrals (id, child_id, direction, from_center_id, to_center_id, urgency, reasons, summary, clinical_summary, care_plan, status, outcome,
    previous_referral_id, created_by, created_at, updated_at, accepted_at, responded_at, started_at, completed_at) values (?, ?, ?, ?, ?, ?, ?, ?, '{}', null, ?, ?, null, 'bench', ?, ?, ?, ?, ?, ?)`);
  const insHist = sqlite.prepare('insert into referral_history (referral_id, from_status, to_status, at, by_user_id, reason) values (?, ?, ?, ?, ?, null)');
  const refIds = sortedIds(rnd, referrals);
  let history = 0;
  tx(() => {
    const startMs = startN * DAY;
    const spanMs = (todayN - startN) * DAY;
    for (const rid of refIds) {
      const ci = rnd.int(0, childIds.length - 1);
      const k = kids[ci]!;
      const up = rnd.chance(0.6);
      const urgency = up && rnd.chance(0.2) ? 'urgent' : 'routine';
      const createdMs = startMs + Math.floor(rnd.next() * spanMs);
      const recent = createdMs > (todayN - 30) * DAY;
      const r = rnd.next();
      const path: string[] =
        recent && r < 0.3
          ? ['requested']
          : recent && r < 0.45
            ? ['requested', 'accepted']
            : recent && r < 0.55
              ? ['requested', 'accepted', 'in-progress']
              : r < 0.08
                ? ['requested', 'rejected']
                : r < 0.13
                  ? ['requested', 'cancelled']
                  : r < 0.15
                    ? ['requested', 'accepted', 'in-progress', 'failed']
                    : ['requested', 'accepted', 'in-progress', 'completed'];
      const stamps: Record<string, string | null> = { accepted: null, responded: null, started: null, completed: null };
      let t = createdMs;
      const times: string[] = [];
      for (const s of path) {
        const at = new Date(t).toISOString();
        times.push(at);
        if (s === 'accepted') {
          stamps.accepted = at;
          stamps.responded = at;
        }
        if (s === 'rejected') stamps.responded = at;
        if (s === 'in-progress') stamps.started = at;
        if (s === 'completed' || s === 'failed') stamps.completed = at;
        t += (urgency === 'urgent' ? rnd.int(1, 30) : rnd.int(4, 120)) * 3_600_000;
      }
      const status = path.at(-1)!;
      insRef.run(
        rid,
        childIds[ci]!,
        up ? 'up' : 'down',
        up ? k.centre : hospitalId,
        up ? hospitalId : k.centre,
        urgency,
        JSON.stringify(up ? ['U5'] : ['D1']),
        '转诊',
        status,
        status === 'completed' ? 'seen' : null,
        times[0]!,
        times.at(-1)!,
        stamps.accepted,
        stamps.responded,
        stamps.started,
        stamps.completed,
      );
      let from: string | null = null;
      path.forEach((s, i) => {
        insHist.run(rid, from, s, times[i]!, 'bench');
        from = s;
        history++;
      });
    }
  });
  counts.referrals = refIds.length;
  counts.referral_history = history;
}
