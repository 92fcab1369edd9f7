// Registering a SMART Backend Services client (admins): its public keys, the scopes it may be
// granted, and what it is bound to: one centre (a clinician-like service account) or the district
// (an admin-like one, read and export). The account has an unusable random password.
import { importJWK, type JWK } from 'jose';
import { z } from 'zod';
import { nowIso } from '../clock';
import type { Deps, RequestContext } from '../context';
import { audit } from '../audit/audit';
import { actorOf } from '../auth/actor';
import { hashPassword } from '../auth/password';
import { validationFailed } from '../errors';
import { newId, newSecret } from '../ids';
import { parseScope } from './scopes';
import { assertMay } from '../auth/policy';

const publicJwk = z
  .object({ kty: z.enum(['RSA', 'EC']), kid: z.string().min(1).max(200) })
  .passthrough()
  .refine((k) => !('d' in k) && !('p' in k), 'a public key only (no private parts)');

export const clientRegistration = z.object({
  name: z.string().trim().min(1).max(100),
  centerId: z.uuid().nullable(),
  scopes: z
    .string()
    .max(1000)
    .refine(
      (s) =>
        s.split(/\s+/).filter(Boolean).length > 0 &&
        s
          .split(/\s+/)
          .filter(Boolean)
          .every((x) => parseScope(x) !== undefined),
      'space-separated system/ scopes',
    ),
  jwks: z.object({ keys: z.array(publicJwk).min(1).max(5) }),
});
export type ClientRegistration = z.infer<typeof clientRegistration>;

export async function registerClient(deps: Deps, ctx: RequestContext, input: ClientRegistration) {
  const actor = actorOf(ctx);
  assertMay(actor, 'integrations.manage');
  for (const [i, key] of input.jwks.keys.entries()) {
    try {
      await importJWK(key as JWK, key.kty === 'RSA' ? 'RS384' : 'ES384');
    } catch {
      throw validationFailed([{ path: `jwks.keys.${i}`, message: 'not a usable RSA or EC public key' }]);
    }
  }
  const clientId = newId();
  const userId = newId();
  const now = nowIso(deps.clock);
  const passwordHash = await hashPassword(newSecret());
  await deps.db.transaction().execute(async (trx) => {
    if (input.centerId && !(await trx.selectFrom('centers').select('id').where('id', '=', input.centerId).executeTakeFirst())) {
      throw validationFailed([{ path: 'centerId', message: 'no such centre' }]);
    }
    await trx
      .insertInto('users')
      .values({
        id: userId,
        username: `fhir-client-${clientId.slice(0, 8)}`,
        password_hash: passwordHash,
        display_name: input.name,
        role: input.centerId ? 'clinician' : 'admin',
        center_id: input.centerId,
        school_id: null,
        active: 1,
        created_at: now,
        password_changed_at: now,
      })
      .execute();
    await trx
      .insertInto('fhir_clients')
      .values({ id: clientId, name: input.name, user_id: userId, jwks: JSON.stringify(input.jwks), scopes: input.scopes.split(/\s+/).filter(Boolean).join(' '), active: 1, created_by: actor.id, created_at: now })
      .execute();
    await audit(trx, deps.clock, ctx, { action: 'create', entity: 'fhir_client', entityId: clientId });
  });
  return { clientId, userId, centerId: input.centerId, scopes: input.scopes.split(/\s+/).filter(Boolean) };
}
