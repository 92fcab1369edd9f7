// Bulk Data export of a centre (Group/{centre}/$export, FHIR Bulk Data 2.0): a job row answered
// 202 with its status URL, run after the answer, NDJSON kept per type until the client deletes it.
import type { Context } from 'hono';
import type { Deps, RequestContext } from '../context';
import { nowIso } from '../clock';
import { auditRead } from '../audit/audit';
import { visibleChildren } from '../children/scope';
import { guardianSight } from '../children/service';
import { referralInScope } from '../referrals/service';
import { newId } from '../ids';
import type { FhirEnv } from './auth';
import { requireFhirActor } from './auth';
import { toServiceRequest } from './map/referral';
import { fhirError } from './outcome';
import { childResources, isChildType, type ChildType, type Resource } from './record';
import { taskOf } from './referral-read';

export const EXPORT_TYPES = ['Patient', 'RelatedPerson', 'Condition', 'Consent', 'Flag', 'Encounter', 'Observation', 'QuestionnaireResponse', 'CarePlan', 'ServiceRequest', 'Task'] as const;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export async function startExport(c: Context<FhirEnv>, centreId: string): Promise<string> {
  const deps = c.get('deps');
  // Who may export this group first (401, 403, 404), then the request's parameters (400).
  const actor = requireFhirActor(c, 'Patient', 'r');
  if (actor.role !== 'admin' && !(actor.role === 'clinician' && actor.centerId === centreId)) {
    if (actor.role === 'clinician') throw fhirError(404, 'not-found', `Group/${centreId} not found`);
    throw fhirError(403, 'forbidden', "Only a centre's clinicians and the district export");
  }
  if (!(await deps.db.selectFrom('centers').select('id').where('id', '=', centreId).executeTakeFirst())) throw fhirError(404, 'not-found', `Group/${centreId} not found`);
  const query = c.req.queries();
  const unknown = Object.keys(query).filter((k) => !['_type', '_since', '_outputFormat'].includes(k));
  if (unknown.length) throw fhirError(400, 'not-supported', `Unknown export parameter(s): ${unknown.join(', ')}`, unknown[0]);
  if (!/respond-async/.test(c.req.header('prefer') ?? '')) throw fhirError(400, 'required', 'Send Prefer: respond-async');
  const format = query._outputFormat?.[0];
  if (format && !['application/fhir+ndjson', 'application/ndjson', 'ndjson'].includes(format)) throw fhirError(400, 'not-supported', 'Only NDJSON', '_outputFormat');
  const types = query._type ? query._type.flatMap((t) => t.split(',')) : [...EXPORT_TYPES];
  const bad = types.filter((t) => !(EXPORT_TYPES as readonly string[]).includes(t));
  if (bad.length) throw fhirError(400, 'not-supported', `Cannot export ${bad.join(', ')}`, '_type');
  const since = query._since?.[0];
  if (since !== undefined && !INSTANT.test(since)) throw fhirError(400, 'value', '_since is an instant with its offset', '_since');
  for (const t of types) {
    requireFhirActor(c, t, 'r');
    requireFhirActor(c, t, 's');
  }
  const id = newId();
  await deps.db
    .insertInto('fhir_export_jobs')
    .values({
      id,
      user_id: actor.id,
      center_id: centreId,
      types: types.join(','),
      since: since ? new Date(since).toISOString() : null,
      request: c.req.url,
      status: 'in-progress',
      transaction_time: nowIso(deps.clock),
      completed_at: null,
      error: null,
    })
    .execute();
  const ctx: RequestContext = { actor, requestId: c.get('requestId') };
  setImmediate(
    () =>
      void runExport(deps, ctx, id).catch(async () => {
        await deps.db
          .updateTable('fhir_export_jobs')
          .set({ status: 'failed', error: 'export failed', completed_at: nowIso(deps.clock) })
          .where('id', '=', id)
          .execute()
          .catch(() => undefined);
      }),
  );
  return id;
}

/** Writes one NDJSON file per type: the centre's children the caller sees, each read audited. */
export async function runExport(deps: Deps, ctx: RequestContext, jobId: string): Promise<void> {
  const job = await deps.db.selectFrom('fhir_export_jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
  const actor = ctx.actor!;
  const types = job.types.split(',');
  const since = job.since ?? undefined;
  const childTypes = types.filter(isChildType) as ChildType[];
  const lines: Record<string, string[]> = Object.fromEntries(types.map((t) => [t, []]));
  const children = await deps.db.selectFrom('children').selectAll().where('center_id', '=', job.center_id).where(visibleChildren(actor)).orderBy('id').execute();
  for (const child of children) {
    const sight = await guardianSight(deps.db, actor, child.id);
    const resources: Resource[] = await childResources(deps.db, child, childTypes, { seesGuardianContact: sight.seesEnrolmentContact, since });
    for (const r of resources) lines[r.resourceType]!.push(JSON.stringify(r));
    await auditRead(deps.db, deps.clock, ctx, { action: 'fhir_export', entity: 'child', entityId: child.id });
  }
  if (types.includes('ServiceRequest') || types.includes('Task')) {
    const rows = await deps.db
      .selectFrom('referrals')
      .select('id')
      .where((eb) => eb.or([eb('from_center_id', '=', job.center_id), eb('to_center_id', '=', job.center_id)]))
      .$if(since !== undefined, (q) => q.where('updated_at', '>=', since!))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    for (const { id } of rows) {
      const row = await referralInScope(deps.db, actor, id).catch(() => undefined);
      if (!row) continue;
      if (types.includes('ServiceRequest')) lines.ServiceRequest!.push(JSON.stringify(toServiceRequest(row)));
      if (types.includes('Task')) lines.Task!.push(JSON.stringify(await taskOf(deps.db, row)));
      await auditRead(deps.db, deps.clock, ctx, { action: 'fhir_export', entity: 'referral', entityId: id });
    }
  }
  await deps.db.transaction().execute(async (trx) => {
    for (const [type, list] of Object.entries(lines)) {
      if (list.length)
        await trx
          .insertInto('fhir_export_files')
          .values({ job_id: jobId, type, count: list.length, ndjson: `${list.join('\n')}\n` })
          .execute();
    }
    await trx
      .updateTable('fhir_export_jobs')
      .set({ status: 'completed', completed_at: nowIso(deps.clock) })
      .where('id', '=', jobId)
      .execute();
  });
}

/** The job if it is the caller's; 404 otherwise. */
export async function jobOf(c: Context<FhirEnv>, jobId: string) {
  const actor = c.get('actor');
  if (!actor) throw fhirError(401, 'login', 'Sign in or send an access token');
  const job = await c.get('deps').db.selectFrom('fhir_export_jobs').selectAll().where('id', '=', jobId).executeTakeFirst();
  if (!job || job.user_id !== actor.id) throw fhirError(404, 'not-found', 'No such export');
  return job;
}
