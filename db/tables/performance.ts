// Tables of migration 0007 (issue 8): precomputed indicator figures and the counter that tells
// whether they are still current. Added to DB by module augmentation, like the other feature tables.

/** One computed indicator response for a scope and period, kept until the data changes. */
export interface IndicatorSnapshotTable {
  /** 'all' for the whole programme, or a centre id. */
  scope: string;
  from_date: string;
  to_date: string;
  /** JSON: the figures (items, grade distribution, referral counts). */
  payload: string;
  /** When the figures were computed: the response's asOf. */
  computed_at: string;
  /** indicator_data_version.version when the computation started. */
  data_version: number;
  compute_ms: number;
  /** 1 when the scope is large enough that a stale snapshot is served while a fresh one is computed. */
  serve_stale: number;
}

/** A single row whose version every write to an indicator's source table increments (by trigger). */
export interface IndicatorDataVersionTable {
  id: number;
  version: number;
}

/** Migration 0008: a single row incremented (by trigger) on every change to index days or job runs. */
export interface IndexDataVersionTable {
  id: number;
  version: number;
}

/** Migration 0009: per centre, incremented (by trigger) on every change to its children or clinical alerts. */
export interface CentreDataVersionTable {
  center_id: string;
  version: number;
}

/** Migration 0015: a single row incremented (by trigger) on every change to what the schools overview reads. */
export interface SchoolDataVersionTable {
  id: number;
  version: number;
}

/** Migration 0019: per school, the school_data_version of its last change (by trigger). */
export interface SchoolChangesTable {
  school_id: string;
  version: number;
}

declare module '../schema' {
  interface DB {
    centre_data_version: CentreDataVersionTable;
    index_data_version: IndexDataVersionTable;
    indicator_snapshots: IndicatorSnapshotTable;
    indicator_data_version: IndicatorDataVersionTable;
    school_data_version: SchoolDataVersionTable;
    school_changes: SchoolChangesTable;
  }
}
