import type { Db } from '../connection';
import type { Random } from './random';
import type { SeededReference } from './reference';
import type { SeedOptions } from './index';
import type { SeededChild } from './children';

// Placeholder: demo referrals in every state (issue 4) are seeded here.
export async function seedReferrals(_db: Db, _rnd: Random, _ref: SeededReference, _opts: SeedOptions, _children: SeededChild[]): Promise<void> {}
