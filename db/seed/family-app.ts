import type { Db } from '../connection';
import type { Random } from './random';
import type { SeededReference } from './reference';
import type { SeedOptions } from './index';
import type { SeededChild } from './children';

// Placeholder: demo action plans, articles and reads (issue 10) are seeded here.
export async function seedFamilyApp(_db: Db, _rnd: Random, _ref: SeededReference, _opts: SeedOptions, _children: SeededChild[]): Promise<void> {}
