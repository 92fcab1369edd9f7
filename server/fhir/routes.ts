// The FHIR R4 router, mounted at /fhir/r4 (docs/fhir.md). Every answer is FHIR JSON; every error
// an OperationOutcome. Generic routes per interaction keep the list short; each checks its type.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { fhirAuthenticate, fhirContext, issueToken, smartConfiguration, type FhirEnv } from './auth';
import { clientRegistration, registerClient } from './clients';
import { jobOf, startExport } from './export';
import { listHeld, receiveEncounter, resolveBody, resolveHeld } from './inbound';
import { capabilityStatement } from './map/definitions';
import { toEventEncounter } from './map/clinical';
import { FHIR_JSON, fhirError, operationOutcome, toOutcome } from './outcome';
import { assertType, readResource, searchBundle, searchResources } from './read';
import { applyPatch, createReferralFromFhir, updateTask } from './referral-write';
import { SEARCH_PARAMS } from './search';
import type { Resource } from './record';

const param = (c: Context, name: string) => c.req.param(name) ?? '';
const base = (c: Context) => `${new URL(c.req.url).origin}/fhir/r4`;
const send = (c: Context, body: unknown, status: ContentfulStatusCode = 200, headers: Record<string, string> = {}) => c.body(JSON.stringify(body), status, { 'Content-Type': FHIR_JSON, 'Cache-Control': 'no-store', ...headers });

type Handler = (c: Context<FhirEnv>) => Promise<Response> | Response;
/** Every error as an OperationOutcome; a bug is a 500 that says nothing more and is logged by id. */
const h =
  (fn: Handler): Handler =>
  async (c) => {
    try {
      return await fn(c);
    } catch (err) {
      const { status, body, internal } = toOutcome(err);
      if (internal) c.get('deps').log.error('fhir: unhandled error', { requestId: c.get('requestId'), path: c.req.path, error: err instanceof Error ? err.message : String(err) });
      return send(c, body, status);
    }
  };

const JSON_TYPES = /^application\/(fhir\+json|json)\b/i;
async function body(c: Context, types = JSON_TYPES): Promise<unknown> {
  if (!types.test(c.req.header('content-type') ?? '')) throw fhirError(415, 'not-supported', 'Send application/fhir+json');
  try {
    return JSON.parse(await c.req.text());
  } catch {
    throw fhirError(400, 'structure', 'The body is not JSON');
  }
}

const uuid = (value: string, what: string) => {
  if (!z.uuid().safeParse(value).success) throw fhirError(404, 'not-found', `${what} not found`);
  return value;
};

async function createEncounter(c: Context<FhirEnv>, resource: unknown, patient?: { identifier?: unknown }) {
  const result = await receiveEncounter(c, resource, patient);
  if (!result.matched) {
    return { status: 202 as const, location: undefined, resource: operationOutcome([{ severity: 'information', code: 'informational', diagnostics: `No child matched; held for a clinician to resolve (${result.heldId})` }]) };
  }
  const event = result.events[0]!;
  const row = await c.get('deps').db.selectFrom('child_events').selectAll().where('id', '=', event.id).executeTakeFirstOrThrow();
  const centre = (await c.get('deps').db.selectFrom('children').select('center_id').where('id', '=', result.childId).executeTakeFirstOrThrow()).center_id;
  return { status: 201 as const, location: `${base(c)}/Encounter/${row.id}`, resource: toEventEncounter(row, centre) };
}

const bundleIn = z
  .object({
    resourceType: z.literal('Bundle'),
    type: z.enum(['transaction', 'batch']),
    entry: z
      .array(z.object({ fullUrl: z.string().optional(), resource: z.object({ resourceType: z.string() }).passthrough(), request: z.object({ method: z.literal('POST'), url: z.string() }).passthrough() }).passthrough())
      .min(1)
      .max(3),
  })
  .passthrough();

async function postBundle(c: Context<FhirEnv>) {
  if (!c.get('actor')) throw fhirError(401, 'login', 'Sign in or send an access token');
  const bundle = bundleIn.parse(await body(c));
  const of = (type: string) => bundle.entry.filter((e) => e.resource.resourceType === type);
  const [encounter] = of('Encounter');
  const [request] = of('ServiceRequest');
  const responseType = bundle.type === 'transaction' ? 'transaction-response' : 'batch-response';
  if (encounter && !request) {
    const out = await createEncounter(c, encounter.resource, of('Patient')[0]?.resource as { identifier?: unknown } | undefined);
    return send(c, {
      resourceType: 'Bundle',
      type: responseType,
      entry: [
        {
          response: { status: out.status === 201 ? '201 Created' : '202 Accepted', ...(out.location ? { location: out.location } : {}), ...(out.status === 202 ? { outcome: out.resource } : {}) },
          ...(out.status === 201 ? { resource: out.resource } : {}),
        },
      ],
    });
  }
  if (request && !encounter && bundle.entry.every((e) => ['ServiceRequest', 'Task'].includes(e.resource.resourceType))) {
    const created = await createReferralFromFhir(c, request.resource);
    return send(c, { resourceType: 'Bundle', type: responseType, entry: created.map((r) => ({ response: { status: '201 Created', location: `${r.resourceType}/${r.id}` }, resource: r })) });
  }
  throw fhirError(400, 'not-supported', 'A Bundle holds one Encounter (with its Patient) or one ServiceRequest (with its Task)', 'Bundle.entry');
}

export function fhirApp(): Hono<FhirEnv> {
  const fhir = new Hono<FhirEnv>();
  fhir.get(
    '/metadata',
    h((c) => send(c, capabilityStatement(base(c), SEARCH_PARAMS))),
  );
  fhir.get(
    '/.well-known/smart-configuration',
    h((c) => c.json(smartConfiguration(c), 200, { 'Cache-Control': 'no-store' })),
  );
  fhir.post(
    '/auth/token',
    h((c) => issueToken(c)),
  );
  fhir.use('*', fhirAuthenticate());

  // Platform administration of the interface (JSON, not FHIR resources).
  fhir.post(
    '/_admin/clients',
    h(async (c) => {
      const input = clientRegistration.parse(await body(c, /^application\/json\b/i));
      if (!c.get('actor')) throw fhirError(401, 'login', 'Sign in');
      return c.json(await registerClient(c.get('deps'), fhirContext(c), input), 201);
    }),
  );
  fhir.get(
    '/_admin/unmatched',
    h(async (c) => {
      if (!c.get('actor') || c.get('scopes')) throw fhirError(c.get('actor') ? 403 : 401, c.get('actor') ? 'forbidden' : 'login', 'Clinicians and admins, signed in');
      return c.json({ items: await listHeld(c.get('deps'), fhirContext(c)) });
    }),
  );
  fhir.post(
    '/_admin/unmatched/:id/resolve',
    h(async (c) => {
      if (!c.get('actor') || c.get('scopes')) throw fhirError(c.get('actor') ? 403 : 401, c.get('actor') ? 'forbidden' : 'login', 'Clinicians and admins, signed in');
      const input = resolveBody.parse(await body(c, /^application\/json\b/i));
      return c.json(await resolveHeld(c.get('deps'), fhirContext(c), uuid(param(c, 'id'), 'held Encounter'), input.childId));
    }),
  );

  // Bulk Data: kick-off, status, files, delete.
  fhir.get(
    '/Group/:id/:operation',
    h(async (c) => {
      if (param(c, 'operation') !== '$export') throw fhirError(404, 'not-supported', 'Only $export on Group');
      const job = await startExport(c, uuid(param(c, 'id'), 'Group'));
      return send(c, operationOutcome([{ severity: 'information', code: 'informational', diagnostics: 'export started' }]), 202, { 'Content-Location': `${base(c)}/bulk/${job}` });
    }),
  );
  fhir.get(
    '/bulk/:job',
    h(async (c) => {
      const job = await jobOf(c, uuid(param(c, 'job'), 'export'));
      if (job.status === 'in-progress') return c.body(null, 202, { 'X-Progress': 'in progress', 'Retry-After': '2' });
      if (job.status === 'failed') return send(c, operationOutcome([{ severity: 'error', code: 'exception', diagnostics: 'export failed' }]), 500);
      const files = await c.get('deps').db.selectFrom('fhir_export_files').select(['type', 'count']).where('job_id', '=', job.id).orderBy('type').execute();
      return c.json(
        { transactionTime: job.transaction_time, request: job.request, requiresAccessToken: true, output: files.map((f) => ({ type: f.type, url: `${base(c)}/bulk/${job.id}/${f.type}.ndjson`, count: f.count })), error: [] },
        200,
        { 'Cache-Control': 'no-store', Expires: new Date(Date.parse(job.completed_at!) + 86_400_000).toUTCString() },
      );
    }),
  );
  fhir.get(
    '/bulk/:job/:file',
    h(async (c) => {
      const job = await jobOf(c, uuid(param(c, 'job'), 'export'));
      const type = param(c, 'file').replace(/\.ndjson$/, '');
      const file = await c.get('deps').db.selectFrom('fhir_export_files').select('ndjson').where('job_id', '=', job.id).where('type', '=', type).executeTakeFirst();
      if (!file) throw fhirError(404, 'not-found', 'No such file');
      return c.body(file.ndjson, 200, { 'Content-Type': 'application/fhir+ndjson', 'Cache-Control': 'no-store' });
    }),
  );
  fhir.delete(
    '/bulk/:job',
    h(async (c) => {
      const job = await jobOf(c, uuid(param(c, 'job'), 'export'));
      await c
        .get('deps')
        .db.transaction()
        .execute(async (trx) => {
          await trx.deleteFrom('fhir_export_files').where('job_id', '=', job.id).execute();
          await trx.deleteFrom('fhir_export_jobs').where('id', '=', job.id).execute();
        });
      return c.body(null, 202);
    }),
  );

  // The RESTful interactions.
  fhir.post('/', h(postBundle));
  fhir.post(
    '/:type',
    h(async (c) => {
      const type = assertType(param(c, 'type'));
      if (type !== 'Encounter') throw fhirError(405, 'not-supported', `Create ${type} is not supported (ServiceRequest: a transaction Bundle)`);
      const out = await createEncounter(c, await body(c));
      return send(c, out.resource, out.status, out.location ? { Location: out.location } : {});
    }),
  );
  fhir.put(
    '/:type/:id',
    h(async (c) => {
      if (assertType(param(c, 'type')) !== 'Task') throw fhirError(405, 'not-supported', 'Only Task is updated');
      return send(c, await updateTask(c, uuid(param(c, 'id'), 'Task'), await body(c)));
    }),
  );
  fhir.patch(
    '/:type/:id',
    h(async (c) => {
      if (assertType(param(c, 'type')) !== 'Task') throw fhirError(405, 'not-supported', 'Only Task is patched');
      const id = uuid(param(c, 'id'), 'Task');
      const current = (await readResource(c, 'Task', id)) as Resource;
      const ops = await body(c, /^application\/json-patch\+json\b/i);
      return send(c, await updateTask(c, id, applyPatch(current, ops)));
    }),
  );
  fhir.get(
    '/:type/:id',
    h(async (c) => send(c, await readResource(c, param(c, 'type'), param(c, 'id')))),
  );
  fhir.get(
    '/:type',
    h(async (c) => {
      const result = await searchResources(c, param(c, 'type'));
      return send(c, searchBundle(base(c), result, c.req.url));
    }),
  );
  fhir.all(
    '*',
    h(() => {
      throw fhirError(404, 'not-supported', 'No such FHIR interaction');
    }),
  );
  return fhir;
}
