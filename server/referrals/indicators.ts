// Referral indicators over the stored history (docs/referrals.md): the referrals created in the period,
// for one centre (as sender or receiver) or overall, fed to the pure indicator functions.
import { addDays, type IsoDate } from '../calendar';
import { nowIso, today } from '../clock';
import type { Deps, RequestContext } from '../context';
import { forbidden, validationFailed } from '../errors';
import { referralIndicators, type ReferralForIndicators, type ReferralIndicators } from './rules';
import { withholdSmallReferralFigures } from './rules/withheld';
import { actorOf } from '../auth/actor';
import { responseLimits } from './views';

interface ReportStamp {
  from: IsoDate;
  to: IsoDate;
  centerId: string | null;
  asOf: string;
}
/** The district's report is published whole; one centre's has its small figures withheld. */
export type ReferralIndicatorsReport = ReportStamp & (ReferralIndicators | ReturnType<typeof withholdSmallReferralFigures>);

/** Days the period covers when the caller names no start. */
export const DEFAULT_PERIOD_DAYS = 90;

/** Midnight in Shanghai (UTC+8, no daylight saving) of `date`, as a UTC instant. */
const shanghaiMidnight = (date: IsoDate): string => `${addDays(date, -1)}T16:00:00.000Z`;

/** The period asked for: `to` defaults to today, `from` to DEFAULT_PERIOD_DAYS before it. */
export function referralPeriod(deps: Pick<Deps, 'clock'>, period: { from?: IsoDate; to?: IsoDate }): { from: IsoDate; to: IsoDate } {
  const to = period.to ?? today(deps.clock);
  const from = period.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  if (from > to) throw validationFailed([{ path: 'from', message: 'the period starts after it ends' }]);
  return { from, to };
}

/** Clinicians: their own centre only. Managers and admins: everything, or one centre. */
export async function referralIndicatorsFor(deps: Deps, ctx: RequestContext, period: { from?: IsoDate; to?: IsoDate; centerId?: string }): Promise<ReferralIndicatorsReport> {
  const actor = actorOf(ctx);
  let centerId: string | null = period.centerId ?? null;
  if (actor.role === 'clinician') {
    if (centerId && centerId !== actor.centerId) throw forbidden('A clinician sees the indicators of their own centre');
    centerId = actor.centerId;
  } else if (actor.role !== 'manager' && actor.role !== 'admin') {
    throw forbidden();
  }
  const { from, to } = referralPeriod(deps, period);

  // The period's referrals, and their history through the same filter: at city scale a period holds
  // tens of thousands of referrals, more than SQLite takes as bound values in an IN list.
  const start = shanghaiMidnight(from);
  const end = shanghaiMidnight(addDays(to, 1));
  const c = centerId;
  const rows = await deps.db
    .selectFrom('referrals')
    .select(['id', 'direction', 'urgency', 'status', 'created_at', 'responded_at', 'reasons', 'outcome'])
    .where('created_at', '>=', start)
    .where('created_at', '<', end)
    .$if(c !== null, (q) => q.where((eb) => eb.or([eb('from_center_id', '=', c!), eb('to_center_id', '=', c!)])))
    .orderBy('created_at')
    .execute();
  const moves = rows.length
    ? await deps.db
        .selectFrom('referral_history as h')
        .innerJoin('referrals as r', 'r.id', 'h.referral_id')
        .select(['h.referral_id', 'h.from_status', 'h.to_status', 'h.at'])
        .where('r.created_at', '>=', start)
        .where('r.created_at', '<', end)
        .$if(c !== null, (q) => q.where((eb) => eb.or([eb('r.from_center_id', '=', c!), eb('r.to_center_id', '=', c!)])))
        .orderBy('h.id')
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
    urgency: r.urgency,
    status: r.status,
    createdAt: r.created_at,
    respondedAt: r.responded_at,
    reasons: JSON.parse(r.reasons) as string[],
    outcome: r.outcome,
    history: byReferral.get(r.id) ?? [],
  }));
  const asOf = nowIso(deps.clock);
  const figures = referralIndicators(referrals, { asOf, limits: responseLimits(deps.config) });
  // Below the district a figure about fewer than 5 referrals is withheld by the server (issue 31).
  return { from, to, centerId, asOf, ...(centerId === null ? figures : withholdSmallReferralFigures(figures)) };
}
