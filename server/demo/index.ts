import type { Db } from '../../db/connection';
import type { IsoDate } from '../calendar';
import { seededRandom } from './random';
import { seedReference } from './reference';
import { seedDemoUsers } from './users';
import { seedSchools } from './schools';
import { seedChildren } from './children';
import { seedReferrals } from './referrals';
import { seedAsthmaIndex } from './asthma-index';
import { seedFamilyApp } from './family-app';
import { seedTraining } from './training';

export interface SeedOptions {
  /** The demo's "today" in Asia/Shanghai: history is laid out backwards from it. */
  today: IsoDate;
  now: string;
  seed?: number;
}

/** Fills an empty, migrated database with the demo. Runs in one transaction: all or nothing. */
export async function seedDemo(db: Db, opts: SeedOptions): Promise<void> {
  const rnd = seededRandom(opts.seed ?? 20261127);
  await db.transaction().execute(async (trx) => {
    const ref = await seedReference(trx, rnd, opts.now);
    const weifang = ref.centreIds[0]!;
    const users = await seedDemoUsers(trx, rnd, opts.now, { clinicCentreId: weifang, hospitalId: ref.hospitalId, schoolId: ref.schools[1]!.id });
    const children = await seedChildren(trx, rnd, ref, opts, users.parentId);
    await seedReferrals(trx, rnd, ref, opts, children);
    await seedSchools(trx, rnd, ref, opts);
    await seedAsthmaIndex(trx, rnd, ref, opts);
    await seedFamilyApp(trx, rnd, ref, opts, children);
    // Last, so the random draws of everything before stay as they were.
    await seedTraining(trx, rnd, ref, opts);
  });
}

export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}
