// Two-way referral use cases (docs/referrals.md): one transaction each, scoped to the caller's centre,
// every move kept as history and audited. The rules decide; this file loads, guards and records.
import type { Kysely } from 'kysely';
import type { DB, ReferralTable } from '../../db/schema';
import { nowIso, today } from '../clock';
import type { Actor, Deps, RequestContext } from '../context';
import { audit, auditRead } from '../audit/audit';
import { conflict, forbidden, illegalTransition, notFound, validationFailed } from '../errors';
import { newId } from '../ids';
import { childInScope } from '../children/service';
import { refreshSchedule } from '../followups/clinical-history';
import { isHandoverInFuture, referralUrgency, transition, type ReferralAction } from './rules';
import type { ReferralCreate, TransitionBody } from './schemas';
import { lookupsFor, referralView, responseLimits, type ClinicalSummary, type ReferralView } from './views';
import { actorOf } from '../auth/actor';
import { assertMay } from '../auth/policy';

export const OPEN_STATUSES = ['requested', 'accepted', 'in-progress'] as const;

/** Clinicians act for their centre; admins may read everything; anyone else has no referral records. */
export function assertReferralReader(actor: Actor): void {
  assertMay(actor, 'referrals.read');
}

function assertReferralWriter(actor: Actor): string {
  assertMay(actor, 'referrals.write');
  if (!actor.centerId) throw forbidden();
  return actor.centerId;
}

/** The referral if the caller's centre is a party to it (admins: any); 404 otherwise. */
export async function referralInScope(db: Kysely<DB>, actor: Actor, id: string): Promise<ReferralTable> {
  assertReferralReader(actor);
  let q = db.selectFrom('referrals').selectAll().where('id', '=', id);
  if (actor.role === 'clinician') {
    const centre = actor.centerId ?? '';
    q = q.where((eb) => eb.or([eb('from_center_id', '=', centre), eb('to_center_id', '=', centre)]));
  }
  const row = await q.executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

/** What the receiving side needs at a glance, taken from the child's latest follow-up. */
export async function latestClinicalSummary(db: Kysely<DB>, childId: string): Promise<ClinicalSummary | null> {
  const f = await db
    .selectFrom('follow_ups')
    .select(['date', 'instrument', 'score', 'score_band', 'gina_level', 'gina_step', 'ocs_courses', 'ed_visits', 'admissions'])
    .where('child_id', '=', childId)
    .orderBy('date', 'desc')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!f) return null;
  return {
    followUpDate: f.date,
    instrument: f.instrument,
    score: f.score,
    scoreBand: f.score_band,
    ginaLevel: f.gina_level,
    ginaStep: f.gina_step,
    exacerbations: { ocsCourses: f.ocs_courses, edVisits: f.ed_visits, admissions: f.admissions },
  };
}

async function viewOf(db: Kysely<DB>, deps: Deps, actor: Actor, row: ReferralTable): Promise<ReferralView> {
  return referralView(row, await lookupsFor(db, [row]), actor, nowIso(deps.clock), responseLimits(deps.config));
}

async function checkDirection(db: Kysely<DB>, fromCentreId: string, body: ReferralCreate): Promise<void> {
  const centres = await db.selectFrom('centers').select(['id', 'kind']).where('id', 'in', [fromCentreId, body.toCenterId]).execute();
  const kindOf = (id: string) => centres.find((c) => c.id === id)?.kind;
  const [fromKind, wantFrom, wantTo] = body.direction === 'up' ? [kindOf(fromCentreId), 'community', 'hospital'] : [kindOf(fromCentreId), 'hospital', 'community'];
  if (fromKind !== wantFrom) {
    throw validationFailed([{ path: 'direction', message: `only a ${wantFrom} refers ${body.direction}` }]);
  }
  if (body.toCenterId === fromCentreId || kindOf(body.toCenterId) !== wantTo) {
    throw validationFailed([{ path: 'toCenterId', message: `a referral ${body.direction} goes to a ${wantTo}` }]);
  }
}

/** Up: the child is managed here. Down: managed by the hospital, or here through an open up-referral. */
async function checkMayRefer(db: Kysely<DB>, centreId: string, direction: 'up' | 'down', child: { id: string; center_id: string }): Promise<void> {
  if (child.center_id === centreId) return;
  if (direction === 'down') {
    const open = await db
      .selectFrom('referrals')
      .select('id')
      .where('child_id', '=', child.id)
      .where('direction', '=', 'up')
      .where('to_center_id', '=', centreId)
      // Completed too: the hospital completes the upward referral, then refers the child back down.
      .where('status', 'in', [...OPEN_STATUSES, 'completed'])
      .executeTakeFirst();
    if (open) return;
  }
  throw forbidden('Only the centre managing the child may refer them');
}

/** POST /referrals: a new referral in 'requested', with its clinical summary and first history entry. */
export async function createReferral(deps: Deps, ctx: RequestContext, body: ReferralCreate): Promise<ReferralView> {
  const actor = actorOf(ctx);
  const centreId = assertReferralWriter(actor);
  const now = nowIso(deps.clock);
  // U1-U3 make an emergency whatever was sent (the schema has already required the phone handover).
  const urgency = referralUrgency(body.urgency, body.reasons);
  const handover = body.phoneHandover;
  // The schema requires these already; kept here too, as no emergency may be stored without its call.
  if (urgency === 'emergency' && body.direction === 'down') throw validationFailed([{ path: 'urgency', message: 'v.referrals.emergencyDown' }]);
  if (urgency === 'emergency' && !handover) throw validationFailed([{ path: 'phoneHandover', message: 'v.referrals.phoneHandover' }]);
  if (handover && isHandoverInFuture(handover.at, now)) {
    throw validationFailed([{ path: 'phoneHandover.at', message: 'v.referrals.handoverFuture' }]);
  }
  return deps.db.transaction().execute(async (trx) => {
    const child = await childInScope(trx, actor, body.childId);
    await checkDirection(trx, centreId, body);
    await checkMayRefer(trx, centreId, body.direction, child);
    if (child.status !== 'active') throw validationFailed([{ path: 'childId', message: 'the child has withdrawn or transferred out' }]);
    const open = await trx
      .selectFrom('referrals')
      .select('id')
      .where('child_id', '=', child.id)
      .where('direction', '=', body.direction)
      .where('status', 'in', [...OPEN_STATUSES])
      .executeTakeFirst();
    if (open) throw conflict(`the child already has an open ${body.direction}ward referral (${open.id})`);
    if (body.previousReferralId) {
      const previous = await trx.selectFrom('referrals').select(['child_id', 'from_center_id', 'to_center_id']).where('id', '=', body.previousReferralId).executeTakeFirst();
      if (!previous || previous.child_id !== child.id || (previous.from_center_id !== centreId && previous.to_center_id !== centreId)) {
        throw validationFailed([{ path: 'previousReferralId', message: 'not an earlier referral of this child at your centre' }]);
      }
    }
    const id = newId();
    await trx
      .insertInto('referrals')
      .values({
        id,
        child_id: child.id,
        direction: body.direction,
        from_center_id: centreId,
        to_center_id: body.toCenterId,
        urgency,
        reasons: JSON.stringify(body.reasons),
        summary: body.summary,
        clinical_summary: JSON.stringify(await latestClinicalSummary(trx, child.id)),
        care_plan: body.direction === 'down' && body.carePlan ? JSON.stringify(body.carePlan) : null,
        status: 'requested',
        outcome: null,
        previous_referral_id: body.previousReferralId ?? null,
        created_by: actor.id,
        created_at: now,
        updated_at: now,
        accepted_at: null,
        responded_at: null,
        started_at: null,
        completed_at: null,
        phone_handover_to: handover?.to ?? null,
        phone_handover_at: handover ? new Date(handover.at).toISOString() : null,
      })
      .execute();
    await trx.insertInto('referral_history').values({ referral_id: id, from_status: null, to_status: 'requested', at: now, by_user_id: actor.id, reason: null }).execute();
    await audit(trx, deps.clock, ctx, { action: 'create', entity: 'referral', entityId: id });
    return viewOf(trx, deps, actor, await trx.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  });
}

/** The columns a move stamps besides the status. */
function stampsFor(action: ReferralAction, now: string, outcome: string | undefined): Partial<ReferralTable> {
  switch (action) {
    case 'accept':
      return { accepted_at: now, responded_at: now };
    case 'reject':
      return { responded_at: now };
    case 'start':
      return { started_at: now };
    case 'complete':
      return { completed_at: now, outcome: outcome ?? null };
    default:
      return {};
  }
}

/** The appointment booked by an acceptance: only 'accept' books, and never in the past (Shanghai date). */
function appointmentOf(action: ReferralAction, body: TransitionBody, todayDate: string): Partial<ReferralTable> {
  if (body.appointmentDate === undefined) return {};
  if (action !== 'accept') throw validationFailed([{ path: 'appointmentDate', message: 'Only accepting a referral books an appointment' }]);
  if (body.appointmentDate < todayDate) throw validationFailed([{ path: 'appointmentDate', message: `The appointment cannot be before today (${todayDate})` }]);
  return { appointment_date: body.appointmentDate, appointment_time: body.appointmentTime ?? null };
}

/** An accepted downward referral hands the child to the receiving centre, due for review within 7 days (R4). */
async function handOver(trx: Kysely<DB>, referral: ReferralTable, now: string, todayDate: string): Promise<void> {
  const child = await trx.selectFrom('children').select(['center_id']).where('id', '=', referral.child_id).executeTakeFirstOrThrow();
  if (child.center_id !== referral.to_center_id) {
    await trx.updateTable('children').set({ center_id: referral.to_center_id, updated_at: now }).where('id', '=', referral.child_id).execute();
    await trx
      .insertInto('child_centre_history')
      .values({ child_id: referral.child_id, from_center_id: child.center_id, to_center_id: referral.to_center_id, at: now, reason: `downward_referral:${referral.id}` })
      .execute();
  }
  await refreshSchedule(trx, referral.child_id, todayDate, now);
}

/**
 * POST /referrals/:id/<action>. The update is guarded by the status the decision was made on,
 * so of two simultaneous moves exactly one changes a row; the other gets 409.
 */
export async function moveReferral(deps: Deps, ctx: RequestContext, id: string, action: ReferralAction, body: TransitionBody): Promise<ReferralView> {
  const actor = actorOf(ctx);
  assertReferralReader(actor);
  const now = nowIso(deps.clock);
  const reason = body.reason?.trim() || null;
  const outcome = body.outcome?.trim() || undefined;
  const appointment = appointmentOf(action, body, today(deps.clock));
  return deps.db.transaction().execute(async (trx) => {
    const referral = await referralInScope(trx, actor, id);
    const parties = { status: referral.status, direction: referral.direction, fromCenterId: referral.from_center_id, toCenterId: referral.to_center_id };
    const decision = transition(parties, action, { centerId: actor.centerId ?? '' }, { reason, outcome });
    if (!decision.ok) {
      if (decision.code === 'forbidden') throw forbidden(`Only the ${action === 'cancel' ? 'referring' : 'receiving'} centre may ${action} this referral`);
      if (decision.code === 'illegal_transition') throw illegalTransition(decision.details?.[0]?.message ?? `cannot ${action} now`);
      throw validationFailed(decision.details ?? []);
    }
    const result = await trx
      .updateTable('referrals')
      .set({ status: decision.to, updated_at: now, ...stampsFor(action, now, outcome), ...appointment })
      .where('id', '=', id)
      .where('status', '=', referral.status)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw illegalTransition(`cannot ${action}: the referral was changed meanwhile`);
    await trx.insertInto('referral_history').values({ referral_id: id, from_status: referral.status, to_status: decision.to, at: now, by_user_id: actor.id, reason }).execute();
    if (action === 'accept' && referral.direction === 'down') await handOver(trx, referral, now, today(deps.clock));
    await audit(trx, deps.clock, ctx, { action, entity: 'referral', entityId: id });
    return viewOf(trx, deps, actor, await trx.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  });
}

export interface HistoryEntry {
  from: ReferralTable['status'] | null;
  to: ReferralTable['status'];
  at: string;
  by: string;
  byName: string;
  reason: string | null;
}

/** The referrals that continue this one, oldest first (migration 0013 indexes them). */
export const continuationsOf = (db: Deps['db'], id: string) => db.selectFrom('referrals').select('id').where('previous_referral_id', '=', id).orderBy('created_at');

/** GET /referrals/:id: the referral, its history oldest first, and the links to and from it. Audited as a read. */
export async function getReferral(deps: Deps, ctx: RequestContext, id: string) {
  const actor = actorOf(ctx);
  const row = await referralInScope(deps.db, actor, id);
  const history = await deps.db
    .selectFrom('referral_history')
    .leftJoin('users', 'users.id', 'referral_history.by_user_id')
    .select(['referral_history.from_status', 'referral_history.to_status', 'referral_history.at', 'referral_history.by_user_id', 'referral_history.reason', 'users.display_name'])
    .where('referral_history.referral_id', '=', id)
    .orderBy('referral_history.id')
    .execute();
  const followUps = await continuationsOf(deps.db, id).execute();
  await auditRead(deps.db, deps.clock, ctx, { action: 'read', entity: 'referral', entityId: id });
  return {
    ...(await viewOf(deps.db, deps, actor, row)),
    history: history.map((h): HistoryEntry => ({ from: h.from_status, to: h.to_status, at: h.at, by: h.by_user_id, byName: h.display_name ?? '', reason: h.reason })),
    nextReferralIds: followUps.map((f) => f.id),
  };
}
export type ReferralDetail = Awaited<ReturnType<typeof getReferral>>;
