// Referral indicators over the stored history (clinical.md §5): the referrals created in the period,
// for one centre (as sender or receiver) or overall, fed to the pure indicator functions.
import { addDays, type IsoDate } from '../calendar';
import { nowIso, today } from '../clock';
import type { Deps, RequestContext } from '../context';
import { forbidden, validationFailed } from '../errors';
import { referralIndicators, type ReferralForIndicators, type ReferralIndicators } from './rules';
import { actorOf } from './service';

export interface ReferralIndicatorsReport extends ReferralIndicators {
  from: IsoDate;
  to: IsoDate;
  centerId: string | null;
  asOf: string;
}

/** Days the period covers when the caller names no start. */
export const DEFAULT_PERIOD_DAYS = 90;

/** Midnight in Shanghai (UTC+8, no daylight saving) of `date`, as a UTC instant. */
const shanghaiMidnight = (date: IsoDate): string => `${addDays(date, -1)}T16:00:00.000Z`;

/** Clinicians: their own centre only. Managers and admins: everything, or one centre. */
export async function referralIndicatorsFor(
  deps: Deps,
  ctx: RequestContext,
  period: { from?: IsoDate; to?: IsoDate; centerId?: string },
): Promise<ReferralIndicatorsReport> {
  const actor = actorOf(ctx);
  let centerId: string | null = period.centerId ?? null;
  if (actor.role === 'clinician') {
    if (centerId && centerId !== actor.centerId) throw forbidden('A clinician sees the indicators of their own centre');
    centerId = actor.centerId;
  } else if (actor.role !== 'manager' && actor.role !== 'admin') {
    throw forbidden();
  }
  const to = period.to ?? today(deps.clock);
  const from = period.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  if (from > to) throw validationFailed([{ path: 'from', message: 'the period starts after it ends' }]);

  let q = deps.db
    .selectFrom('referrals')
    .select(['id', 'direction', 'status', 'created_at', 'reasons', 'outcome'])
    .where('created_at', '>=', shanghaiMidnight(from))
    .where('created_at', '<', shanghaiMidnight(addDays(to, 1)));
  if (centerId) {
    const c = centerId;
    q = q.where((eb) => eb.or([eb('from_center_id', '=', c), eb('to_center_id', '=', c)]));
  }
  const rows = await q.orderBy('created_at').execute();
  const moves = rows.length
    ? await deps.db
        .selectFrom('referral_history')
        .select(['referral_id', 'from_status', 'to_status', 'at'])
        .where('referral_id', 'in', rows.map((r) => r.id))
        .orderBy('id')
        .execute()
    : [];
  const byReferral = new Map<string, ReferralForIndicators['history'][number][]>();
  for (const m of moves) {
    const list = byReferral.get(m.referral_id) ?? [];
    list.push({ from: m.from_status, to: m.to_status, at: m.at });
    byReferral.set(m.referral_id, list);
  }
  const referrals: ReferralForIndicators[] = rows.map((r) => ({
    direction: r.direction,
    status: r.status,
    createdAt: r.created_at,
    reasons: JSON.parse(r.reasons) as string[],
    outcome: r.outcome,
    history: byReferral.get(r.id) ?? [],
  }));
  const asOf = nowIso(deps.clock);
  return { from, to, centerId, asOf, ...referralIndicators(referrals, { asOf }) };
}
