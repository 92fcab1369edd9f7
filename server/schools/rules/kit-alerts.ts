// Inventory alerts for a day: MDIs near expiry or running low, kits not checked this month. Pure: `today` comes in.
import { addDays, compareDates, type IsoDate } from '../../calendar';
import { CRITICAL_PUFFS, LOW_PUFFS, daysToExpiry, replacementDueDate } from './requirements';

export interface InventoryMdi {
  /** The stored MDI's id, carried into its alerts (a kit may hold two MDIs of one batch). */
  id?: string;
  batch: string;
  /** "2026-08" (its last day) or "2026-08-15". */
  expiry: string;
  labelledDoses: number;
  /** Either the counter reading (puffs remaining) or the puffs used so far. */
  remaining?: number;
  puffsUsed?: number;
}

export interface InventoryKit {
  id: string;
  mdis: InventoryMdi[];
  lastCheckDate: IsoDate | null;
}

export type KitAlert =
  | { kitId: string; mdiId?: string; mdiBatch: string; kind: 'mdiExpiry'; level: 'within60' | 'within30' | 'within7'; dueDate: IsoDate }
  | { kitId: string; mdiId?: string; mdiBatch: string; kind: 'mdiExpiry'; level: 'expired' }
  | { kitId: string; mdiId?: string; mdiBatch: string; kind: 'mdiPuffs'; level: 'below40' | 'below20' }
  | { kitId: string; kind: 'kitCheck'; level: 'reminder' | 'overdue'; dueDate: IsoDate };

/** Checked from the 1st; from the 10th an unchecked kit is overdue, so the check is due by the 9th. */
const CHECK_OVERDUE_FROM_DAY = 10;

export function puffsRemaining(mdi: InventoryMdi): number {
  const remaining = mdi.remaining ?? mdi.labelledDoses - (mdi.puffsUsed ?? 0);
  return Math.max(0, remaining);
}

function expiryLevel(days: number): 'within60' | 'within30' | 'within7' | null {
  if (days <= 7) return 'within7';
  if (days <= 30) return 'within30';
  if (days <= 60) return 'within60';
  return null;
}

function mdiAlerts(kitId: string, mdi: InventoryMdi, today: IsoDate): KitAlert[] {
  const days = daysToExpiry(mdi.expiry, today);
  const of = mdi.id === undefined ? { kitId, mdiBatch: mdi.batch } : { kitId, mdiId: mdi.id, mdiBatch: mdi.batch };
  // An expired MDI is replaced whatever its count, so it gets the one alert that says so.
  if (days <= 0) return [{ ...of, kind: 'mdiExpiry', level: 'expired' }];
  const alerts: KitAlert[] = [];
  const level = expiryLevel(days);
  if (level) {
    alerts.push({ ...of, kind: 'mdiExpiry', level, dueDate: replacementDueDate(mdi.expiry, today) });
  }
  const puffs = puffsRemaining(mdi);
  if (puffs < CRITICAL_PUFFS) alerts.push({ ...of, kind: 'mdiPuffs', level: 'below20' });
  else if (puffs < LOW_PUFFS) alerts.push({ ...of, kind: 'mdiPuffs', level: 'below40' });
  return alerts;
}

function checkAlert(kit: InventoryKit, today: IsoDate): KitAlert | null {
  const monthStart = `${today.slice(0, 7)}-01`;
  if (kit.lastCheckDate !== null && compareDates(kit.lastCheckDate, monthStart) >= 0) return null;
  const dueDate = addDays(monthStart, CHECK_OVERDUE_FROM_DAY - 2);
  const overdue = Number(today.slice(8)) >= CHECK_OVERDUE_FROM_DAY;
  return { kitId: kit.id, kind: 'kitCheck', level: overdue ? 'overdue' : 'reminder', dueDate };
}

export function kitAlerts(kits: readonly InventoryKit[], today: IsoDate): KitAlert[] {
  return kits.flatMap((kit) => {
    const check = checkAlert(kit, today);
    return [...kit.mdis.flatMap((mdi) => mdiAlerts(kit.id, mdi, today)), ...(check ? [check] : [])];
  });
}
