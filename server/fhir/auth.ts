// Who calls the FHIR interface (docs/fhir.md "Authorisation"): a SMART Backend Services client
// with an access token from POST /fhir/r4/auth/token, or a platform user (session cookie or API
// token) with their normal role and scope. Mounted before the app's own authenticate(), which
// would refuse a FHIR access token as an unknown API token.
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from 'jose';
import { z } from 'zod';
import type { AppEnv, Actor, Deps } from '../context';
import { hashSecret, newSecret } from '../ids';
import { resolveApiToken, resolveSession } from '../auth/sessions';
import { SESSION_COOKIE, sessionCookiePrefix } from '../auth/request-auth';
import { FHIR_JSON, fhirError, toOutcome } from './outcome';
import { allows, grantable, parseScopes, type Interaction, type Scope } from './scopes';

export interface FhirEnv {
  Variables: AppEnv['Variables'] & { scopes: Scope[] | null; fhirClientId: string | null };
}

export const TOKEN_SECONDS = 300;

/** Who is asking, for services and audit rows (as requestContext does for the JSON API). */
export const fhirContext = (c: Context<FhirEnv>) => ({ actor: c.get('actor'), requestId: c.get('requestId') });
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

async function clientActor(deps: Deps, token: string): Promise<{ actor: Actor; scopes: Scope[]; clientId: string } | null> {
  const row = await deps.db
    .selectFrom('fhir_access_tokens as t')
    .innerJoin('fhir_clients as c', 'c.id', 't.client_id')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['t.scopes', 't.expires_at', 'c.id as client_id', 'c.active as client_active', 'u.id', 'u.username', 'u.display_name', 'u.role', 'u.center_id', 'u.active'])
    .where('t.token_hash', '=', hashSecret(token))
    .executeTakeFirst();
  if (!row?.client_active || !row.active || row.expires_at <= deps.clock.now().toISOString()) return null;
  const actor: Actor = { id: row.id, username: row.username, displayName: row.display_name, role: row.role, centerId: row.center_id, schoolId: null, sessionId: null };
  return { actor, scopes: parseScopes(row.scopes), clientId: row.client_id };
}

/** Sets actor, scopes (null for users) and the client id; a bad credential is a 401 OperationOutcome. */
export function fhirAuthenticate(): MiddlewareHandler<FhirEnv> {
  const csrfCheck = csrf();
  return async (c, next) => {
    try {
      await resolveCaller(c, next, csrfCheck);
    } catch (err) {
      // Before a route's own handler: the refusal is shaped here, as the routes shape theirs.
      const { status, body } = toOutcome(err);
      return c.body(JSON.stringify(body), status, { 'Content-Type': FHIR_JSON, 'Cache-Control': 'no-store' });
    }
  };
}

async function resolveCaller(c: Context<FhirEnv>, next: () => Promise<void>, csrfCheck: MiddlewareHandler): Promise<void> {
  const deps = c.get('deps');
  c.set('scopes', null);
  c.set('fhirClientId', null);
  c.set('actor', null);
  const authorization = c.req.header('authorization');
  if (authorization !== undefined) {
    const token = BEARER.exec(authorization.trim())?.[1];
    const client = token ? await clientActor(deps, token) : null;
    if (client) {
      c.set('actor', client.actor);
      c.set('scopes', client.scopes);
      c.set('fhirClientId', client.clientId);
      return next();
    }
    // Not a FHIR token: a platform API token acts with its account's role, as in the JSON API.
    const user = token ? await resolveApiToken(deps, token) : null;
    if (!user) throw fhirError(401, 'login', 'Invalid or expired access token');
    c.set('actor', user);
    return next();
  }
  await csrfCheck(c as never, async () => {
    const cookie = getCookie(c, SESSION_COOKIE, sessionCookiePrefix(deps.config));
    if (cookie) c.set('actor', await resolveSession(deps, cookie));
    await next();
  });
}

/** The caller, allowed `interaction` on `type` by their token's scopes (users: by role, later). */
export function requireFhirActor(c: Context<FhirEnv>, type: string, interaction: Interaction): Actor {
  const actor = c.get('actor');
  if (!actor) throw fhirError(401, 'login', 'Sign in or send a SMART Backend Services access token');
  const scopes = c.get('scopes');
  if (scopes && !allows(scopes, type, interaction)) throw fhirError(403, 'forbidden', `The token's scopes do not allow ${interaction} on ${type}`);
  return actor;
}

// ---- the token endpoint (SMART Backend Services, RFC 7523 client assertion) ----

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const tokenForm = z.object({
  grant_type: z.literal('client_credentials'),
  scope: z.string().min(1).max(2000),
  client_assertion_type: z.literal(ASSERTION_TYPE),
  client_assertion: z.string().min(1).max(8000),
});

const oauthError = (c: Context, error: string, description: string, status: 400 | 401 = 400) => c.json({ error, error_description: description }, status);

export const tokenUrl = (c: Context) => `${new URL(c.req.url).origin}/fhir/r4/auth/token`;

export async function issueToken(c: Context<FhirEnv>): Promise<Response> {
  const deps = c.get('deps');
  if (!/^application\/x-www-form-urlencoded\b/i.test(c.req.header('content-type') ?? '')) return oauthError(c, 'invalid_request', 'Send the form as application/x-www-form-urlencoded');
  const form = tokenForm.safeParse(Object.fromEntries(new URLSearchParams(await c.req.text())));
  if (!form.success) {
    const grant = form.error.issues.some((i) => i.path[0] === 'grant_type');
    return oauthError(c, grant ? 'unsupported_grant_type' : 'invalid_request', `${form.error.issues.map((i) => i.path.join('.')).join(', ')} missing or wrong`);
  }
  let clientId: string;
  try {
    const claims = decodeJwt(form.data.client_assertion);
    clientId = typeof claims.iss === 'string' ? claims.iss : '';
  } catch {
    return oauthError(c, 'invalid_client', 'The client assertion is not a JWT', 401);
  }
  const client = clientId ? await deps.db.selectFrom('fhir_clients').selectAll().where('id', '=', clientId).where('active', '=', 1).executeTakeFirst() : undefined;
  if (!client) return oauthError(c, 'invalid_client', 'Unknown client', 401);
  const now = deps.clock.now();
  let jti: string;
  let exp: number;
  try {
    const { payload } = await jwtVerify(form.data.client_assertion, createLocalJWKSet(JSON.parse(client.jwks) as JSONWebKeySet), {
      issuer: client.id,
      subject: client.id,
      audience: tokenUrl(c),
      algorithms: ['RS384', 'ES384', 'RS256', 'ES256'],
      currentDate: now,
      requiredClaims: ['exp', 'jti'],
    });
    jti = String(payload.jti);
    exp = payload.exp!;
  } catch {
    return oauthError(c, 'invalid_client', 'The client assertion did not verify (signature, iss, sub, aud, exp or jti)', 401);
  }
  // SMART: exp at most five minutes ahead; a jti is used once.
  if (exp * 1000 > now.getTime() + 5 * 60_000) return oauthError(c, 'invalid_client', 'The assertion expires more than five minutes ahead', 401);
  const granted = grantable(form.data.scope, client.scopes);
  if (granted.length === 0) return oauthError(c, 'invalid_scope', 'None of the requested scopes is registered for this client');
  const token = newSecret();
  const nowIso = now.toISOString();
  const issued = await deps.db.transaction().execute(async (trx) => {
    const used = await trx
      .insertInto('fhir_assertion_jtis')
      .values({ client_id: client.id, jti, expires_at: new Date(exp * 1000).toISOString() })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(used.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
    await trx.deleteFrom('fhir_assertion_jtis').where('expires_at', '<', nowIso).execute();
    await trx.deleteFrom('fhir_access_tokens').where('expires_at', '<', nowIso).execute();
    await trx
      .insertInto('fhir_access_tokens')
      .values({ token_hash: hashSecret(token), client_id: client.id, scopes: granted.join(' '), expires_at: new Date(now.getTime() + TOKEN_SECONDS * 1000).toISOString(), created_at: nowIso })
      .execute();
    return true;
  });
  if (!issued) return oauthError(c, 'invalid_client', 'This assertion (jti) was already used', 401);
  c.header('Cache-Control', 'no-store');
  return c.json({ access_token: token, token_type: 'bearer', expires_in: TOKEN_SECONDS, scope: granted.join(' ') });
}

export function smartConfiguration(c: Context) {
  return {
    token_endpoint: tokenUrl(c),
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
    grant_types_supported: ['client_credentials'],
    scopes_supported: ['system/*.rs', 'system/*.read', 'system/Encounter.c', 'system/Task.u', 'system/ServiceRequest.c'],
    capabilities: ['client-confidential-asymmetric'],
  };
}
