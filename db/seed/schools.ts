import type { Db } from '../connection';
import type { Random } from './random';
import type { SeededReference } from './reference';
import type { SeedOptions } from './index';

// Placeholder: demo kits, checks, uses, trainings and assessments (issue 5) are seeded here.
export async function seedSchools(_db: Db, _rnd: Random, _ref: SeededReference, _opts: SeedOptions): Promise<void> {}
