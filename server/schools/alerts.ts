// Inventory alerts across the caller's schools: MDIs expiring or low, kits not checked this month.
import type { Deps, RequestContext } from '../context';
import { today } from '../clock';
import { daysToExpiry, kitAlerts, type KitAlert } from './rules';
import { listScope } from './scope';
import { actorOf } from '../auth/actor';
import { districtCached } from './district-cache';
import { loadKits } from './kits';
import { inventoryMdiFromView } from './inventory';
import type { KitView } from './views';
import { decodeCursor, encodeCursor } from '../http/paging';
import { validationFailed } from '../errors';

export type AlertView = KitAlert & { schoolId: string; kitLabel: string; expiry?: string; daysToExpiry?: number };

/** The pure rule over loaded kits, with the names a person needs to act on each alert. */
export function alertsOf(kits: KitView[], onDate: string, within = 60): AlertView[] {
  const byId = new Map(kits.map((k) => [k.id, k]));
  const inventory = kits.map((k) => ({ id: k.id, lastCheckDate: k.lastCheckDate, mdis: k.mdis.map(inventoryMdiFromView) }));
  return kitAlerts(inventory, onDate).flatMap((alert) => {
    const kit = byId.get(alert.kitId)!;
    const base = { ...alert, schoolId: kit.schoolId, kitLabel: kit.label };
    if (alert.kind === 'kitCheck') return [base];
    const mdi = kit.mdis.find((m) => m.id === alert.mdiId);
    const days = mdi ? daysToExpiry(mdi.expiry, onDate) : undefined;
    // ?within narrows the expiry warnings; expired, low-dose and check alerts always show.
    if (alert.kind === 'mdiExpiry' && alert.level !== 'expired' && days !== undefined && days > within) return [];
    return [{ ...base, expiry: mdi?.expiry, daysToExpiry: days }];
  });
}

const SEVERITY: Record<string, number> = { expired: 0, below20: 1, overdue: 2, within7: 3, below40: 4, within30: 5, reminder: 6, within60: 7 };
export const bySeverity = (a: AlertView, b: AlertView) => (SEVERITY[a.level] ?? 9) - (SEVERITY[b.level] ?? 9);

/**
 * An alert's place in the list: most severe first, then by kit, kind and MDI. Ids only: a total
 * order (one alert of a kind per MDI, one check alert per kit) and a short cursor.
 */
const alertKey = (a: AlertView): [number, string, string, string] => [SEVERITY[a.level] ?? 9, a.kitId, a.kind, ('mdiId' in a ? a.mdiId : undefined) ?? ''];
const compareKeys = (x: readonly (string | number)[], y: readonly (string | number)[]): number => {
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return 0;
};

type Keyed = { readonly a: Readonly<AlertView>; readonly key: Readonly<ReturnType<typeof alertKey>> };

function mergeSorted(x: readonly Keyed[], y: readonly Keyed[]): Keyed[] {
  const out: Keyed[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) out.push(compareKeys(x[i]!.key, y[j]!.key) <= 0 ? x[i++]! : y[j++]!);
  while (i < x.length) out.push(x[i++]!);
  while (j < y.length) out.push(y[j++]!);
  return out;
}

/** The caller's kit alerts, most severe first, a page at a time (docs/docs/api.md lists: limit and an opaque cursor). */
export async function listKitAlerts(deps: Deps, ctx: RequestContext, opts: { within: number; schoolId?: string; limit: number; cursor?: string }) {
  const actor = actorOf(ctx);
  const scope = listScope(actor, opts.schoolId);
  let after: (string | number)[] | null = null;
  if (opts.cursor) {
    after = decodeCursor(opts.cursor);
    if (!after || after.length !== 4 || typeof after[0] !== 'number' || !after.slice(1).every((p) => typeof p === 'string')) throw validationFailed([{ path: 'cursor', message: 'v.cursor' }]);
  }
  const onDate = today(deps.clock);
  const sorted = async (schoolIds: string[] | null) =>
    alertsOf(await loadKits(deps.db, schoolIds), onDate, opts.within)
      .map((a) => ({ a, key: alertKey(a) }))
      .sort((x, y) => compareKeys(x.key, y.key));
  const frozen = (list: Keyed[]) => list.map((k) => Object.freeze({ a: Object.freeze(k.a), key: Object.freeze(k.key) }));
  // The whole district's from memory (district-cache.ts): shared between views, so frozen. After a
  // change, the changed schools' alerts are recomputed and merged back in order.
  const keyed: readonly Keyed[] = scope
    ? await sorted([scope])
    : await districtCached<readonly Keyed[]>(deps.db, onDate, `kit alerts ${onDate} ${opts.within}`, {
        all: async () => Object.freeze(frozen(await sorted(null))),
        patch: async (previous, changed) => {
          const gone = new Set(changed);
          return Object.freeze(
            mergeSorted(
              previous.filter((k) => !gone.has(k.a.schoolId)),
              frozen(await sorted([...changed])),
            ),
          );
        },
      });
  const rest = after ? keyed.filter((k) => compareKeys(k.key, after) > 0) : keyed;
  const page = rest.slice(0, opts.limit);
  const names = new Map(
    (
      await deps.db
        .selectFrom('schools')
        .select(['id', 'name'])
        .where('id', 'in', [...new Set(page.map((k) => k.a.schoolId))].concat(['']))
        .execute()
    ).map((s) => [s.id, s.name]),
  );
  return {
    date: onDate,
    items: page.map(({ a }) => ({ ...a, schoolName: names.get(a.schoolId) ?? '' })),
    nextCursor: rest.length > opts.limit ? encodeCursor([...page.at(-1)!.key]) : null,
  };
}
