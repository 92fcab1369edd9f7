import type { Kysely } from 'kysely';

// The FHIR R4 interface (issue 35): registered SMART Backend Services clients (each acting through
// a service account bound to one centre, or the district), their short-lived access tokens, the
// assertion ids already used (replay), identifiers other systems know a child by, inbound
// Encounters held until a clinician matches the child, and bulk-export jobs with their NDJSON.
// Frozen: imports nothing from the application.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('fhir_clients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('jwks', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('fhir_access_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('fhir_clients.id'))
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('fhir_assertion_jtis')
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('jti', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('fhir_assertion_jtis_pk', ['client_id', 'jti'])
    .execute();
  await db.schema.createTable('fhir_patient_identifiers')
    .addColumn('system', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('child_id', 'text', (c) => c.notNull().references('children.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('fhir_patient_identifiers_pk', ['system', 'value'])
    .execute();
  await db.schema.createIndex('fhir_patient_identifiers_child').on('fhir_patient_identifiers').column('child_id').execute();
  await db.schema.createTable('fhir_unmatched_encounters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('received_by', 'text', (c) => c.notNull())
    .addColumn('center_id', 'text')
    .addColumn('identifier_system', 'text')
    .addColumn('identifier_value', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('held'))
    .addColumn('child_id', 'text')
    .addColumn('event_id', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', 'text')
    .execute();
  await db.schema.createIndex('fhir_unmatched_status').on('fhir_unmatched_encounters').columns(['status', 'received_at']).execute();
  await db.schema.createTable('fhir_export_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('center_id', 'text', (c) => c.notNull())
    .addColumn('types', 'text', (c) => c.notNull())
    .addColumn('since', 'text')
    .addColumn('request', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('transaction_time', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createTable('fhir_export_files')
    .addColumn('job_id', 'text', (c) => c.notNull().references('fhir_export_jobs.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('ndjson', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('fhir_export_files_pk', ['job_id', 'type'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['fhir_export_files', 'fhir_export_jobs', 'fhir_unmatched_encounters', 'fhir_patient_identifiers', 'fhir_assertion_jtis', 'fhir_access_tokens', 'fhir_clients']) {
    await db.schema.dropTable(t).execute();
  }
}
