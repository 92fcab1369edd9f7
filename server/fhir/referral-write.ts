// Referrals written through FHIR: a transaction Bundle (ServiceRequest + Task) creates one through
// createReferral; PUT/PATCH of a Task's status is a move through moveReferral, so the state
// machine, the sides and the race rule are the referral service's, never repeated here.
import type { Context } from 'hono';
import { z } from 'zod';
import { createReferral, moveReferral, referralInScope } from '../referrals/service';
import { REFERRAL_TRANSITIONS } from '../referrals/rules';
import { referralCreateBody, transitionBody } from '../referrals/schemas';
import { fhirContext, type FhirEnv } from './auth';
import { requireFhirActor } from './auth';
import { EXT, SYS } from './codes';
import { fhirError } from './outcome';
import { taskOf } from './referral-read';
import { toServiceRequest } from './map/referral';
import type { Resource } from './record';

const refId = (type: string) =>
  z
    .string()
    .regex(new RegExp(`^${type}/[0-9a-f-]{36}$`))
    .transform((s) => s.slice(type.length + 1));

export const serviceRequestIn = z
  .object({
    resourceType: z.literal('ServiceRequest'),
    status: z.enum(['active', 'draft']).optional(),
    intent: z.literal('order'),
    priority: z.enum(['stat', 'urgent', 'routine']),
    subject: z.object({ reference: refId('Patient') }),
    performer: z.array(z.object({ reference: refId('Organization') })).length(1),
    reasonCode: z.array(z.object({ coding: z.array(z.object({ system: z.literal(SYS.referralReason), code: z.string().max(10) })).min(1) })).min(1),
    note: z.array(z.object({ text: z.string() })).min(1),
    extension: z.array(z.object({ url: z.string() }).passthrough()).optional(),
    replaces: z
      .array(z.object({ reference: refId('ServiceRequest') }))
      .max(1)
      .optional(),
  })
  .passthrough();

type Ext = { url: string; extension?: { url: string; [k: string]: unknown }[]; [k: string]: unknown };
const extOf = (list: Ext[] | undefined, url: string) => list?.find((e) => e.url === url);
const part = (e: Ext | undefined, url: string, key: string) => e?.extension?.find((x) => x.url === url)?.[key];

const URGENCY = { stat: 'emergency', urgent: 'urgent', routine: 'routine' } as const;

/** The JSON API's referral body from a ServiceRequest; the referral schema checks the rest. */
export function referralBodyOf(sr: z.infer<typeof serviceRequestIn>) {
  const ext = sr.extension as Ext[] | undefined;
  const direction = extOf(ext, EXT.direction)?.valueCode;
  const handover = extOf(ext, EXT.phoneHandover);
  const plan = extOf(ext, EXT.carePlan);
  return {
    childId: sr.subject.reference,
    direction,
    toCenterId: sr.performer[0]!.reference,
    urgency: URGENCY[sr.priority],
    reasons: sr.reasonCode.map((r) => r.coding[0]!.code),
    summary: sr.note.map((n) => n.text).join('\n'),
    ...(handover ? { phoneHandover: { to: part(handover, 'to', 'valueString'), at: part(handover, 'at', 'valueDateTime') } } : {}),
    ...(plan
      ? {
          carePlan: {
            controller: part(plan, 'controller', 'valueString'),
            dose: part(plan, 'dose', 'valueString'),
            ginaStep: part(plan, 'ginaStep', 'valueInteger'),
            actionPlanGiven: part(plan, 'actionPlanGiven', 'valueBoolean'),
            nextReviewDate: part(plan, 'nextReviewDate', 'valueDate'),
          },
        }
      : {}),
    ...(sr.replaces?.[0] ? { previousReferralId: sr.replaces[0].reference } : {}),
  };
}

/** Creates the referral a ServiceRequest asks for; answers the ServiceRequest and its Task. */
export async function createReferralFromFhir(c: Context<FhirEnv>, resource: unknown): Promise<Resource[]> {
  requireFhirActor(c, 'ServiceRequest', 'c');
  requireFhirActor(c, 'Task', 'c');
  const sr = serviceRequestIn.parse(resource);
  const body = referralCreateBody.parse(referralBodyOf(sr));
  const view = await createReferral(c.get('deps'), fhirContext(c), body);
  const row = await c.get('deps').db.selectFrom('referrals').selectAll().where('id', '=', view.id).executeTakeFirstOrThrow();
  return [toServiceRequest(row) as Resource, await taskOf(c.get('deps').db, row)];
}

const taskIn = z
  .object({
    resourceType: z.literal('Task'),
    id: z.string().optional(),
    status: z.string().max(40),
    statusReason: z.object({ text: z.string() }).passthrough().optional(),
    output: z.array(z.object({ type: z.object({}).passthrough().optional(), valueString: z.string().optional() }).passthrough()).optional(),
    restriction: z
      .object({ period: z.object({ start: z.string().optional() }).passthrough().optional() })
      .passthrough()
      .optional(),
  })
  .passthrough();

/** PUT or PATCH of a Task: its new status is a move of the referral (or nothing, when unchanged). */
export async function updateTask(c: Context<FhirEnv>, id: string, resource: unknown): Promise<Resource> {
  const actor = requireFhirActor(c, 'Task', 'u');
  const deps = c.get('deps');
  // Scope first (404, 403), then the body (400), as the JSON API orders them.
  const current = await referralInScope(deps.db, actor, id);
  const task = taskIn.parse(resource);
  if (task.id !== undefined && task.id !== id) throw fhirError(400, 'invalid', 'Task.id must match the URL', 'Task.id');
  if (task.status === current.status) return taskOf(deps.db, current);
  const move = REFERRAL_TRANSITIONS.find((t) => t.to === task.status);
  if (!move) throw fhirError(400, 'value', `Task.status ${task.status} is not one the platform moves a referral to`, 'Task.status');
  const start = task.restriction?.period?.start;
  const body = transitionBody.parse({
    reason: task.statusReason?.text,
    outcome: task.output?.find((o) => o.valueString !== undefined)?.valueString,
    ...(start && move.action === 'accept' ? { appointmentDate: start.slice(0, 10), ...(start.length > 10 ? { appointmentTime: start.slice(11, 16) } : {}) } : {}),
  });
  await moveReferral(deps, fhirContext(c), id, move.action, body);
  return taskOf(deps.db, await deps.db.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
}

type PatchOp = { op: 'add' | 'replace' | 'remove' | 'test'; path: string; value?: unknown };
const patchIn = z
  .array(z.object({ op: z.enum(['add', 'replace', 'remove', 'test']), path: z.string().regex(/^(\/[^/]+)+$/), value: z.unknown().optional() }))
  .min(1)
  .max(20);

/** RFC 6902 JSON Patch on the Task's current form (objects and array indexes; enough for Task). */
export function applyPatch(doc: Record<string, unknown>, ops: unknown): Record<string, unknown> {
  const list = patchIn.parse(ops) as PatchOp[];
  const out = structuredClone(doc);
  for (const op of list) {
    const keys = op.path
      .slice(1)
      .split('/')
      .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    // A patch must never reach an object's prototype.
    if (keys.some((k) => k === '__proto__' || k === 'constructor' || k === 'prototype')) throw fhirError(400, 'invalid', `No ${op.path} in the Task`, op.path);
    let at: Record<string, unknown> | unknown[] = out;
    for (const k of keys.slice(0, -1)) {
      const next: unknown = (at as Record<string, unknown>)[k];
      if (next === undefined && op.op === 'add') (at as Record<string, unknown>)[k] = {};
      at = (at as Record<string, unknown>)[k] as Record<string, unknown>;
      if (typeof at !== 'object' || at === null) throw fhirError(400, 'invalid', `No ${op.path} in the Task`, op.path);
    }
    const last = keys.at(-1)!;
    if (op.op === 'test') {
      if (JSON.stringify((at as Record<string, unknown>)[last]) !== JSON.stringify(op.value)) throw fhirError(412, 'conflict', `test failed at ${op.path}`, op.path);
    } else if (op.op === 'remove') {
      if (Array.isArray(at)) at.splice(Number(last), 1);
      else delete at[last];
    } else if (Array.isArray(at) && last === '-') at.push(op.value);
    else (at as Record<string, unknown>)[last] = op.value;
  }
  return out;
}
