// An emergency visit or admission the hospital sends as an Encounter (or a Bundle holding one):
// matched to a child by identifier, recorded with the child-events service the JSON API uses
// (urgent alert, review within 2 working days), or held for a clinician when no child matches.
import type { Context } from 'hono';
import { z } from 'zod';
import { shanghaiDate } from '../calendar';
import { nowIso } from '../clock';
import type { Actor, Deps, RequestContext } from '../context';
import { audit } from '../audit/audit';
import { actorOf } from '../auth/actor';
import { recordChildEvent, type ChildEventInput } from '../children/events';
import { childInScope } from '../children/service';
import { assertClinicalWriter } from '../children/scope';
import { AppError, notFound, validationFailed } from '../errors';
import { newTimeOrderedId } from '../ids';
import { fhirContext, type FhirEnv } from './auth';
import { requireFhirActor } from './auth';
import { SYS } from './codes';
import { fhirError } from './outcome';

const identifier = z.object({ system: z.string().min(1).max(200), value: z.string().min(1).max(100) });
const dateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/, 'a FHIR date or dateTime');

export const inboundEncounter = z
  .object({
    resourceType: z.literal('Encounter'),
    status: z.enum(['arrived', 'triaged', 'in-progress', 'onleave', 'finished', 'unknown']),
    class: z.object({ system: z.literal(SYS.actCode), code: z.enum(['EMER', 'IMP', 'ACUTE', 'NONAC']) }).passthrough(),
    subject: z.object({ reference: z.string().optional(), identifier: identifier.optional() }).passthrough(),
    period: z.object({ start: dateTime, end: dateTime.optional() }).passthrough(),
  })
  .passthrough();
export type InboundEncounter = z.infer<typeof inboundEncounter>;

const dayOf = (dt: string) => (dt.length === 10 ? dt : shanghaiDate(new Date(dt)));

/** The notices an Encounter gives: an ED visit, or an admission (and its discharge when it ended). */
export function noticesOf(e: InboundEncounter): ChildEventInput[] {
  if (e.class.code === 'EMER') return [{ kind: 'ed', date: dayOf(e.period.start), source: 'hospital' }];
  const out: ChildEventInput[] = [{ kind: 'admitted', date: dayOf(e.period.start), source: 'hospital' }];
  if (e.period.end && e.status === 'finished') out.push({ kind: 'discharged', date: dayOf(e.period.end), source: 'hospital' });
  return out;
}

/** The identifiers naming the child: the subject's, and those of a Patient sent alongside. */
export function identifiersOf(e: InboundEncounter, patient?: { identifier?: unknown }): z.infer<typeof identifier>[] {
  const out: z.infer<typeof identifier>[] = [];
  const ref = e.subject.reference?.match(/^Patient\/([0-9a-f-]{36})$/)?.[1];
  if (ref) out.push({ system: SYS.childId, value: ref });
  if (e.subject.identifier) out.push(e.subject.identifier);
  const more = z.array(identifier).safeParse(patient?.identifier);
  if (more.success) out.push(...more.data);
  return out;
}

/** The child the caller sees that one of the identifiers names; undefined when none does. */
async function matchChild(deps: Deps, actor: Actor, ids: z.infer<typeof identifier>[]): Promise<string | undefined> {
  for (const id of ids) {
    const childId = id.system === SYS.childId ? id.value : (await deps.db.selectFrom('fhir_patient_identifiers').select('child_id').where('system', '=', id.system).where('value', '=', id.value).executeTakeFirst())?.child_id;
    if (!childId || !/^[0-9a-f-]{36}$/.test(childId)) continue;
    const seen = await childInScope(deps.db, actor, childId).catch((e) => {
      if (e instanceof AppError && e.status === 404) return undefined;
      throw e;
    });
    if (seen) return seen.id;
  }
  return undefined;
}

export type InboundResult = { matched: true; childId: string; events: Awaited<ReturnType<typeof recordChildEvent>>[] } | { matched: false; heldId: string };

export async function receiveEncounter(c: Context<FhirEnv>, resource: unknown, patient?: { identifier?: unknown }): Promise<InboundResult> {
  const actor = requireFhirActor(c, 'Encounter', 'c');
  assertClinicalWriter(actor);
  const deps = c.get('deps');
  const encounter = inboundEncounter.parse(resource);
  const ids = identifiersOf(encounter, patient);
  if (ids.length === 0) throw fhirError(400, 'required', 'Encounter.subject needs an identifier (or a Patient reference)', 'Encounter.subject');
  const notices = noticesOf(encounter);
  const childId = await matchChild(deps, actor, ids);
  const ctx = fhirContext(c);
  if (childId) return { matched: true, childId, events: await recordAll(deps, ctx, childId, notices) };
  const first = ids.find((i) => i.system !== SYS.childId) ?? ids[0]!;
  const heldId = newTimeOrderedId();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('fhir_unmatched_encounters')
      .values({
        id: heldId,
        received_at: nowIso(deps.clock),
        received_by: actor.id,
        center_id: actor.centerId,
        identifier_system: first.system,
        identifier_value: first.value,
        kind: notices[0]!.kind === 'ed' ? 'ed' : 'admitted',
        date: notices[0]!.date,
        resource: JSON.stringify(encounter),
        status: 'held',
        child_id: null,
        event_id: null,
        resolved_by: null,
        resolved_at: null,
      })
      .execute();
    await audit(trx, deps.clock, ctx, { action: 'hold', entity: 'fhir_unmatched_encounter', entityId: heldId });
  });
  return { matched: false, heldId };
}

async function recordAll(deps: Deps, ctx: RequestContext, childId: string, notices: ChildEventInput[]) {
  const out = [];
  for (const n of notices) out.push(await recordChildEvent(deps, ctx, childId, n));
  return out;
}

// ---- the held list and its resolution (clinicians of the receiving client's centre; admins) ----

const heldVisible = (actor: Actor) => (actor.role === 'admin' ? null : (actor.centerId ?? ''));

export async function listHeld(deps: Deps, ctx: RequestContext) {
  const actor = actorOf(ctx);
  assertClinicalWriter(actor);
  let q = deps.db.selectFrom('fhir_unmatched_encounters').select(['id', 'received_at', 'identifier_system', 'identifier_value', 'kind', 'date', 'status']).where('status', '=', 'held');
  const centre = heldVisible(actor);
  if (centre !== null) q = q.where('center_id', '=', centre);
  const rows = await q.orderBy('received_at').limit(500).execute();
  await audit(deps.db, deps.clock, ctx, { action: 'list', entity: 'fhir_unmatched_encounter', entityId: null });
  return rows.map((r) => ({ id: r.id, receivedAt: r.received_at, identifier: { system: r.identifier_system, value: r.identifier_value }, kind: r.kind, date: r.date }));
}

export const resolveBody = z.object({ childId: z.uuid() });

/** Matches a held Encounter to a child the clinician sees: records its notices and remembers the identifier. */
export async function resolveHeld(deps: Deps, ctx: RequestContext, heldId: string, childId: string) {
  const actor = actorOf(ctx);
  assertClinicalWriter(actor);
  const centre = heldVisible(actor);
  const held = await deps.db.selectFrom('fhir_unmatched_encounters').selectAll().where('id', '=', heldId).where('status', '=', 'held').executeTakeFirst();
  if (!held || (centre !== null && held.center_id !== centre)) throw notFound();
  await childInScope(deps.db, actor, childId);
  const encounter = inboundEncounter.safeParse(JSON.parse(held.resource));
  if (!encounter.success) throw validationFailed([{ path: 'resource', message: 'the held Encounter no longer parses' }]);
  const now = nowIso(deps.clock);
  // Claimed first, so two clinicians resolving at once record the notices once (the other: 409).
  const claimed = await deps.db.updateTable('fhir_unmatched_encounters').set({ status: 'resolved', child_id: childId, resolved_by: actor.id, resolved_at: now }).where('id', '=', heldId).where('status', '=', 'held').executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) throw new AppError(409, 'conflict', 'resolved meanwhile');
  let events: Awaited<ReturnType<typeof recordChildEvent>>[];
  try {
    events = await recordAll(deps, ctx, childId, noticesOf(encounter.data));
  } catch (err) {
    await deps.db.updateTable('fhir_unmatched_encounters').set({ status: 'held', child_id: null, resolved_by: null, resolved_at: null }).where('id', '=', heldId).execute();
    throw err;
  }
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('fhir_unmatched_encounters').set({ event_id: events[0]!.id }).where('id', '=', heldId).execute();
    if (held.identifier_system && held.identifier_value && held.identifier_system !== SYS.childId) {
      await trx
        .insertInto('fhir_patient_identifiers')
        .values({ system: held.identifier_system, value: held.identifier_value, child_id: childId, created_at: now })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    await audit(trx, deps.clock, ctx, { action: 'resolve', entity: 'fhir_unmatched_encounter', entityId: heldId });
  });
  return { id: heldId, childId, events };
}
