import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Kysely } from 'kysely';
import type { DB } from './schema';
import { isPostgres, PortableSchemaPlugin } from './migrations/dialect';
import * as m0001 from './migrations/0001_foundation';
import * as m0002 from './migrations/0002_children';
import * as m0003 from './migrations/0003_referrals';
import * as m0004 from './migrations/0004_schools';
import * as m0005 from './migrations/0005_asthma_index';
import * as m0006 from './migrations/0006_family_app';
import * as m0007 from './migrations/0007_performance';
import * as m0008 from './migrations/0008_index_version';
import * as m0009 from './migrations/0009_centre_version';
import * as m0010 from './migrations/0010_article_sends_time';
import * as m0011 from './migrations/0011_follow_ups_history_index';
import * as m0012 from './migrations/0012_audit_query_indexes';
import * as m0013 from './migrations/0013_referrals_previous_index';
import * as m0014 from './migrations/0014_audit_filter_indexes';
import * as m0015 from './migrations/0015_school_version';
import * as m0016 from './migrations/0016_referral_inbox_indexes';
import * as m0017 from './migrations/0017_children_name_index';
import * as m0018 from './migrations/0018_referral_status_order_indexes';
import * as m0019 from './migrations/0019_school_changes';
import * as m0020 from './migrations/0020_child_history_indexes';
import * as m0021 from './migrations/0021_clinical_safety';
import * as m0022 from './migrations/0022_emergency_referrals';
import * as m0023 from './migrations/0023_guardian_consent';
import * as m0024 from './migrations/0024_kit_status_reason';
import * as m0025 from './migrations/0025_indicator_histories';
import * as m0026 from './migrations/0026_referral_appointment';
import * as m0027 from './migrations/0027_fhir';
import * as m0028 from './migrations/0028_notifications';
import * as m0029 from './migrations/0029_article_revisions';
import * as m0030 from './migrations/0030_clinician_training';
import * as m0031 from './migrations/0031_notify_urgent_and_code_failures';
import * as m0032 from './migrations/0032_version_bumps_after_commit';
import * as m0033 from './migrations/0033_login_attempts';
import * as m0034 from './migrations/0034_one_running_index_job';
import * as m0035 from './migrations/0035_push_is_a_channel';

// Migrations are listed in code (not read from a folder) so they bundle and run the same everywhere.
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_children': m0002,
  '0003_referrals': m0003,
  '0004_schools': m0004,
  '0005_asthma_index': m0005,
  '0006_family_app': m0006,
  '0007_performance': m0007,
  '0008_index_version': m0008,
  '0009_centre_version': m0009,
  '0010_article_sends_time': m0010,
  '0011_follow_ups_history_index': m0011,
  '0012_audit_query_indexes': m0012,
  '0013_referrals_previous_index': m0013,
  '0014_audit_filter_indexes': m0014,
  '0015_school_version': m0015,
  '0016_referral_inbox_indexes': m0016,
  '0017_children_name_index': m0017,
  '0018_referral_status_order_indexes': m0018,
  '0019_school_changes': m0019,
  '0020_child_history_indexes': m0020,
  '0021_clinical_safety': m0021,
  '0022_emergency_referrals': m0022,
  '0023_guardian_consent': m0023,
  '0024_kit_status_reason': m0024,
  '0025_indicator_histories': m0025,
  '0026_referral_appointment': m0026,
  '0027_fhir': m0027,
  '0028_notifications': m0028,
  '0029_article_revisions': m0029,
  '0030_clinician_training': m0030,
  '0031_notify_urgent_and_code_failures': m0031,
  '0032_version_bumps_after_commit': m0032,
  '0033_login_attempts': m0033,
  '0034_one_running_index_job': m0034,
  '0035_push_is_a_channel': m0035,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** The connection the migrations run on: on PostgreSQL, with the column types of migrations/dialect.ts. */
const forMigrations = (db: Kysely<DB>): Kysely<DB> => (isPostgres(db) ? db.withPlugin(new PortableSchemaPlugin()) : db);

/** Brings the database to the latest schema; throws with the failing migration's error. */
export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({ db: forMigrations(db), provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).map((r) => r.migrationName);
}

/** Brings the database up to (and including) one named migration: for tests of a later one's data. */
export async function migrateTo(db: Kysely<DB>, name: string): Promise<void> {
  const { error } = await new Migrator({ db: forMigrations(db), provider }).migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
