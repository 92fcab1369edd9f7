// The FHIR interface's tables (migration 0027, docs/fhir.md), added to DB by module augmentation
// so db/schema.ts stays one screenful per feature.
import type { Bool } from '../schema';

/** A registered SMART Backend Services client; it acts as its service account (user_id). */
export interface FhirClientTable {
  id: string;
  name: string;
  user_id: string;
  /** JSON: the client's public JWK Set ({ keys: [...] }). */
  jwks: string;
  /** Space-separated SMART scopes the client may ask for. */
  scopes: string;
  active: Bool;
  created_by: string;
  created_at: string;
}

export interface FhirAccessTokenTable {
  token_hash: string;
  client_id: string;
  scopes: string;
  expires_at: string;
  created_at: string;
}

export interface FhirAssertionJtiTable {
  client_id: string;
  jti: string;
  expires_at: string;
}

/** An identifier another system knows a child by (the hospital's MRN, the resident id). */
export interface FhirPatientIdentifierTable {
  system: string;
  value: string;
  child_id: string;
  created_at: string;
}

/** An inbound emergency or inpatient Encounter whose child was not matched, held for a clinician. */
export interface FhirUnmatchedEncounterTable {
  id: string;
  received_at: string;
  received_by: string;
  center_id: string | null;
  identifier_system: string | null;
  identifier_value: string | null;
  kind: 'ed' | 'admitted';
  date: string;
  resource: string;
  status: 'held' | 'resolved' | 'dismissed';
  child_id: string | null;
  event_id: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
}

export interface FhirExportJobTable {
  id: string;
  user_id: string;
  center_id: string;
  types: string;
  since: string | null;
  request: string;
  status: 'in-progress' | 'completed' | 'failed';
  transaction_time: string;
  completed_at: string | null;
  error: string | null;
}

export interface FhirExportFileTable {
  job_id: string;
  type: string;
  count: number;
  ndjson: string;
}

declare module '../schema' {
  interface DB {
    fhir_clients: FhirClientTable;
    fhir_access_tokens: FhirAccessTokenTable;
    fhir_assertion_jtis: FhirAssertionJtiTable;
    fhir_patient_identifiers: FhirPatientIdentifierTable;
    fhir_unmatched_encounters: FhirUnmatchedEncounterTable;
    fhir_export_jobs: FhirExportJobTable;
    fhir_export_files: FhirExportFileTable;
  }
}
