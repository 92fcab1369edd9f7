// Inventory alerts across the caller's schools: MDIs expiring or low, kits not checked this month.
import type { Deps, RequestContext } from '../context';
import { today } from '../clock';
import { daysToExpiry, kitAlerts, type KitAlert } from './rules';
import { actorOf, listScope } from './scope';
import { loadKits } from './kits';
import { inventoryMdiFromView } from './inventory';
import type { KitView } from './views';

export type AlertView = KitAlert & { schoolId: string; kitLabel: string; expiry?: string; daysToExpiry?: number };

/** The pure rule over loaded kits, with the names a person needs to act on each alert. */
export function alertsOf(kits: KitView[], onDate: string, within = 60): AlertView[] {
  const byId = new Map(kits.map((k) => [k.id, k]));
  const inventory = kits.map((k) => ({ id: k.id, lastCheckDate: k.lastCheckDate, mdis: k.mdis.map(inventoryMdiFromView) }));
  return kitAlerts(inventory, onDate).flatMap((alert) => {
    const kit = byId.get(alert.kitId)!;
    const base = { ...alert, schoolId: kit.schoolId, kitLabel: kit.label };
    if (alert.kind === 'kitCheck') return [base];
    const mdi = kit.mdis.find((m) => m.batch === alert.mdiBatch);
    const days = mdi ? daysToExpiry(mdi.expiry, onDate) : undefined;
    // ?within narrows the expiry warnings; expired, low-dose and check alerts always show.
    if (alert.kind === 'mdiExpiry' && alert.level !== 'expired' && days !== undefined && days > within) return [];
    return [{ ...base, expiry: mdi?.expiry, daysToExpiry: days }];
  });
}

const SEVERITY: Record<string, number> = { expired: 0, below20: 1, overdue: 2, within7: 3, below40: 4, within30: 5, reminder: 6, within60: 7 };
export const bySeverity = (a: AlertView, b: AlertView) => (SEVERITY[a.level] ?? 9) - (SEVERITY[b.level] ?? 9);

export async function listKitAlerts(deps: Deps, ctx: RequestContext, opts: { within: number; schoolId?: string }) {
  const actor = actorOf(ctx);
  const scope = listScope(actor, opts.schoolId);
  const kits = await loadKits(deps.db, scope ? [scope] : null);
  const onDate = today(deps.clock);
  const schools = await deps.db.selectFrom('schools').select(['id', 'name']).execute();
  const names = new Map(schools.map((s) => [s.id, s.name]));
  const items = alertsOf(kits, onDate, opts.within).sort(bySeverity).map((a) => ({ ...a, schoolName: names.get(a.schoolId) ?? '' }));
  return { date: onDate, items };
}
