// Read and search of every type, each through the platform's scope functions (children:
// childInScope; referrals: referralInScope) and audited like the JSON API's reads.
import type { Context } from 'hono';
import type { Actor } from '../context';
import { auditRead } from '../audit/audit';
import { childInScope, guardianSight } from '../children/service';
import { assertClinicalReader, visibleChildren } from '../children/scope';
import { assertReferralReader, referralInScope } from '../referrals/service';
import { AppError } from '../errors';
import { fhirContext, type FhirEnv } from './auth';
import { requireFhirActor } from './auth';
import { INSTRUMENT, SYS } from './codes';
import { FHIR_TYPES, instrumentOfQuestionnaire, questionnaireIds, toCodeSystem, toQuestionnaire, type FhirType } from './map/definitions';
import { toCentreOrganization, toLocation, toSchoolOrganization } from './map/patient';
import { fhirError } from './outcome';
import { childOfResourceId, childResources, isChildType, type Resource } from './record';
import { inRange, parseSearch, token, type SearchQuery } from './search';
import { LOCAL_CONCEPTS } from './codes';
import { taskOf, referralResources, searchReferrals } from './referral-read';

export const isFhirType = (t: string): t is FhirType => (FHIR_TYPES as readonly string[]).includes(t);

export function assertType(type: string): FhirType {
  if (!isFhirType(type)) throw fhirError(404, 'not-supported', `Resource type ${type} is not served here`);
  return type;
}

const notFound = (type: string, id: string) => fhirError(404, 'not-found', `${type}/${id} not found`);

/** 404 instead of a scope function's 404, in OperationOutcome form; a 403 stays a 403. */
async function scoped<T>(work: () => Promise<T>, type: string, id: string): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof AppError && e.status === 404) throw notFound(type, id);
    throw e;
  }
}

export async function readResource(c: Context<FhirEnv>, rawType: string, id: string): Promise<Resource> {
  const type = assertType(rawType);
  const actor = requireFhirActor(c, type, 'r');
  const deps = c.get('deps');
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(id)) throw notFound(type, id);
  if (isChildType(type)) {
    const childId = await childOfResourceId(deps.db, type, id);
    assertClinicalReader(actor);
    if (!childId) throw notFound(type, id);
    const child = await scoped(() => childInScope(deps.db, actor, childId), type, id);
    const sight = await guardianSight(deps.db, actor, childId);
    const found = (await childResources(deps.db, child, [type], { seesGuardianContact: sight.seesEnrolmentContact })).find((r) => r.id === id);
    if (!found) throw notFound(type, id);
    await auditRead(deps.db, deps.clock, fhirContext(c), { action: 'fhir_read', entity: 'child', entityId: childId });
    return found;
  }
  if (type === 'ServiceRequest' || type === 'Task') {
    const row = await scoped(() => referralInScope(deps.db, actor, id), type, id);
    await auditRead(deps.db, deps.clock, fhirContext(c), { action: 'fhir_read', entity: 'referral', entityId: id });
    return type === 'Task' ? taskOf(deps.db, row) : (referralResources(row)[0] as Resource);
  }
  const found = (await referenceResources(c, type)).find((r) => r.id === id);
  if (!found) throw notFound(type, id);
  return found;
}

/** Centres, schools, Questionnaires and CodeSystems: reference data any signed-in caller reads. */
async function referenceResources(c: Context<FhirEnv>, type: FhirType): Promise<Resource[]> {
  const db = c.get('deps').db;
  switch (type) {
    case 'Organization':
      return [...(await db.selectFrom('centers').selectAll().orderBy('name').execute()).map(toCentreOrganization), ...(await db.selectFrom('schools').selectAll().orderBy('name').execute()).map(toSchoolOrganization)] as Resource[];
    case 'Location':
      return [...(await db.selectFrom('centers').select(['id', 'name', 'district']).orderBy('name').execute()), ...(await db.selectFrom('schools').select(['id', 'name', 'district']).orderBy('name').execute())].map(toLocation) as Resource[];
    case 'Questionnaire':
      return questionnaireIds().map((id) => toQuestionnaire(instrumentOfQuestionnaire(id)!)) as Resource[];
    case 'CodeSystem':
      return Object.keys(LOCAL_CONCEPTS).map((id) => toCodeSystem(id)!) as Resource[];
    default:
      return [];
  }
}

export interface SearchResult {
  total: number;
  resources: Resource[];
  query: SearchQuery;
}

export async function searchResources(c: Context<FhirEnv>, rawType: string): Promise<SearchResult> {
  const type = assertType(rawType);
  const actor = requireFhirActor(c, type, 's');
  const q = parseSearch(type, c.req.queries());
  const deps = c.get('deps');
  let matches: Resource[];
  if (isChildType(type) && type !== 'Patient') {
    if (!q.patient) throw fhirError(400, 'required', `Searching ${type} needs patient (use Group/{centre}/$export for a population)`, 'patient');
    assertClinicalReader(actor);
    const child = await scoped(() => childInScope(deps.db, actor, q.patient!), 'Patient', q.patient);
    const sight = await guardianSight(deps.db, actor, child.id);
    matches = (await childResources(deps.db, child, [type], { seesGuardianContact: sight.seesEnrolmentContact })).filter((r) => matchChildResource(r, q));
    await auditRead(deps.db, deps.clock, fhirContext(c), { action: 'fhir_search', entity: 'child', entityId: child.id });
  } else if (type === 'Patient') {
    return { ...(await searchPatients(c, actor, q)), query: q };
  } else if (type === 'ServiceRequest' || type === 'Task') {
    assertReferralReader(actor);
    return { ...(await searchReferrals(c, actor, type, q)), query: q };
  } else {
    matches = (await referenceResources(c, type)).filter((r) => matchReference(r, q));
  }
  return { total: matches.length, resources: matches.slice(q.offset, q.offset + q.count), query: q };
}

/** Patients the caller sees, a page in SQL (total counted there too): a centre has thousands. */
async function searchPatients(c: Context<FhirEnv>, actor: Actor, q: SearchQuery): Promise<{ total: number; resources: Resource[] }> {
  const deps = c.get('deps');
  assertClinicalReader(actor);
  let sql = deps.db.selectFrom('children').where(visibleChildren(actor));
  if (q.params._id) sql = sql.where('children.id', '=', q.params._id);
  if (q.params.active) sql = sql.where('status', q.params.active === 'true' ? '=' : '!=', 'active');
  if (q.params.identifier) {
    const t = token(q.params.identifier);
    if (!t.system || t.system === SYS.childId) sql = sql.where('children.id', '=', t.code);
    else sql = sql.where('children.id', 'in', deps.db.selectFrom('fhir_patient_identifiers').select('child_id').where('system', '=', t.system).where('value', '=', t.code));
  }
  const { n } = await sql.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await sql.selectAll().orderBy('children.id').limit(q.count).offset(q.offset).execute();
  const resources: Resource[] = [];
  for (const child of rows) resources.push(...(await childResources(deps.db, child, ['Patient'], { seesGuardianContact: false })));
  await auditRead(deps.db, deps.clock, fhirContext(c), { action: 'fhir_search', entity: 'child', entityId: rows.length === 1 ? rows[0]!.id : null });
  return { total: Number(n), resources };
}

const codings = (r: Resource, field: string): { system?: string; code?: string }[] => {
  const v = r[field] as { coding?: { system?: string; code?: string }[] } | { coding?: { system?: string; code?: string }[] }[] | undefined;
  if (!v) return [];
  return (Array.isArray(v) ? v : [v]).flatMap((x) => x.coding ?? []);
};
const tokenMatches = (list: { system?: string; code?: string }[], value: string) => {
  const t = token(value);
  return value.split(',').some((one) => {
    const tt = one === value ? t : token(one);
    return list.some((cd) => cd.code === tt.code && (!tt.system || cd.system === tt.system));
  });
};

function dateOf(r: Resource): string | undefined {
  if (typeof r.effectiveDateTime === 'string') return r.effectiveDateTime;
  const period = r.period as { start?: string; end?: string } | undefined;
  return period?.start ?? period?.end;
}

function matchChildResource(r: Resource, q: SearchQuery): boolean {
  if ((q.from || q.to) && !(dateOf(r) && inRange(dateOf(r)!, q))) return false;
  if (q.params.code && !tokenMatches(codings(r, 'code'), q.params.code)) return false;
  if (q.params.category && !tokenMatches(codings(r, 'category'), q.params.category)) return false;
  if (q.params.class && !tokenMatches([r.class as { system?: string; code?: string }], q.params.class)) return false;
  if (q.params.questionnaire && r.questionnaire !== q.params.questionnaire && !Object.values(INSTRUMENT).some((i) => i.questionnaire === r.questionnaire && q.params.questionnaire === `Questionnaire/${i.questionnaire.split('/').pop()}`))
    return false;
  return true;
}

function matchReference(r: Resource, q: SearchQuery): boolean {
  if (q.params._id && r.id !== q.params._id) return false;
  if (q.params.url && r.url !== q.params.url) return false;
  if (q.params.type && !tokenMatches(codings(r, 'type'), q.params.type)) return false;
  return true;
}

/** A searchset Bundle of a result. */
export function searchBundle(base: string, result: SearchResult, selfUrl: string) {
  const { query } = result;
  const next = query.offset + query.count < result.total ? new URL(selfUrl) : null;
  next?.searchParams.set('_offset', String(query.offset + query.count));
  return {
    resourceType: 'Bundle' as const,
    type: 'searchset' as const,
    total: result.total,
    link: [{ relation: 'self', url: selfUrl }, ...(next ? [{ relation: 'next', url: next.toString() }] : [])],
    entry: result.resources.map((resource) => ({ fullUrl: `${base}/${resource.resourceType}/${resource.id}`, resource, search: { mode: 'match' as const } })),
  };
}
