import type { Db } from '../connection';
import type { Random } from './random';
import type { SeededReference } from './reference';
import type { SeedOptions } from './index';

export interface SeededChild {
  id: string;
  centerId: string;
  birthDate: string;
  latestGinaLevel: 'well' | 'partly' | 'uncontrolled' | null;
}

// Placeholder until the children seed lands.
export async function seedChildren(_db: Db, _rnd: Random, _ref: SeededReference, _opts: SeedOptions, _parentId: string): Promise<SeededChild[]> {
  return [];
}
