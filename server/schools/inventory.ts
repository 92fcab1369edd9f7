// Adapts stored kits to the pure rules' inventory shape.
import type { InventoryMdi } from './rules';
import type { MdiView } from './views';

export function inventoryMdiFromView(m: MdiView): InventoryMdi {
  return {
    id: m.id,
    batch: m.batch,
    expiry: m.expiry,
    labelledDoses: m.labelledDoses,
    remaining: m.counterReading ?? undefined,
    puffsUsed: m.puffsUsed ?? undefined,
  };
}
