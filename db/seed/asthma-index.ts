import type { Db } from '../connection';
import type { Random } from './random';
import type { SeededReference } from './reference';
import type { SeedOptions } from './index';

// Placeholder: 18 months of demo weather and the computed index (issue 6) are seeded here.
export async function seedAsthmaIndex(_db: Db, _rnd: Random, _ref: SeededReference, _opts: SeedOptions): Promise<void> {}
