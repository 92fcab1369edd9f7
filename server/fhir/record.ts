// A child's record as FHIR resources: loads the rows once (after the caller's scope check, done by
// the caller) and builds every resource of the asked types with the pure mappers.
import type { Kysely } from 'kysely';
import type { ChildTable, DB } from '../../db/schema';
import { followUpObservations, diaryObservations, personalBestObservation, toEventEncounter, toEventObservation, toFollowUpEncounter, toQuestionnaireResponse } from './map/clinical';
import { toCarePlan } from './map/definitions';
import { toCondition, toConsent, toGuardianConsent, toHighRiskFlag, toPatient, toRelatedPerson } from './map/patient';

export type Resource = { resourceType: string; id: string; [k: string]: unknown };

export interface ChildRecordOptions {
  /** The caller sees the enrolment guardian's contact details (false for a later, non-sharing guardian). */
  seesGuardianContact: boolean;
  /** Only rows changed at or after this instant (bulk export's _since). */
  since?: string;
}

const CHILD_TYPES = ['Patient', 'RelatedPerson', 'Condition', 'Consent', 'Flag', 'Encounter', 'Observation', 'QuestionnaireResponse', 'CarePlan'] as const;
export type ChildType = (typeof CHILD_TYPES)[number];
export const isChildType = (t: string): t is ChildType => (CHILD_TYPES as readonly string[]).includes(t);

/** Every resource of `types` in the child's record, in a stable order. */
export async function childResources(db: Kysely<DB>, child: ChildTable, types: readonly ChildType[], opts: ChildRecordOptions): Promise<Resource[]> {
  const want = new Set(types);
  const since = opts.since;
  const childChanged = !since || child.updated_at >= since;
  const out: Resource[] = [];
  if (want.has('Patient') && childChanged) {
    const extra = await db.selectFrom('fhir_patient_identifiers').select(['system', 'value']).where('child_id', '=', child.id).orderBy('system').orderBy('value').execute();
    out.push(toPatient(child, extra));
  }
  if (want.has('RelatedPerson') && childChanged) out.push(toRelatedPerson(child, opts.seesGuardianContact));
  if (want.has('Condition') && childChanged) out.push(toCondition(child));
  if (want.has('Consent')) {
    if (childChanged) out.push(toConsent(child));
    const later = await db
      .selectFrom('guardianships')
      .select(['relation', 'consent_date', 'consent_notice_version', 'linked_at'])
      .where('child_id', '=', child.id)
      .where('named_at_enrolment', '=', 0)
      .where('consent_date', 'is not', null)
      .orderBy('linked_at')
      .orderBy('user_id')
      .execute();
    later.forEach((g, i) => {
      if (!since || (g.linked_at ?? '') >= since) out.push(toGuardianConsent(child, { ...g, consent_date: g.consent_date! }, i + 2));
    });
  }
  if (want.has('Flag') && childChanged) {
    const flag = toHighRiskFlag(child);
    if (flag) out.push(flag);
  }
  const needFollowUps = want.has('Encounter') || want.has('Observation') || want.has('QuestionnaireResponse');
  if (needFollowUps) {
    let q = db.selectFrom('follow_ups').selectAll().where('child_id', '=', child.id);
    if (since) q = q.where('created_at', '>=', since);
    const followUps = await q.orderBy('date').orderBy('id').execute();
    let e = db.selectFrom('child_events').selectAll().where('child_id', '=', child.id);
    if (since) e = e.where('created_at', '>=', since);
    const events = await e.orderBy('date').orderBy('id').execute();
    for (const f of followUps) {
      if (want.has('Encounter')) out.push(toFollowUpEncounter(f));
      if (want.has('QuestionnaireResponse')) {
        const qr = toQuestionnaireResponse(f);
        if (qr) out.push(qr);
      }
      if (want.has('Observation')) out.push(...followUpObservations(f));
    }
    for (const ev of events) {
      if (want.has('Encounter')) out.push(toEventEncounter(ev, child.center_id));
      if (want.has('Observation')) out.push(toEventObservation(ev));
    }
  }
  if (want.has('Observation')) {
    if (childChanged) {
      const pb = personalBestObservation(child);
      if (pb) out.push(pb);
    }
    let d = db.selectFrom('diary_entries').selectAll().where('child_id', '=', child.id);
    if (since) d = d.where('updated_at', '>=', since);
    for (const day of await d.orderBy('date').execute()) out.push(...diaryObservations(day));
  }
  if (want.has('CarePlan')) {
    const plans = await db.selectFrom('action_plans').select(['id', 'child_id', 'version', 'created_at', 'plan', 'follow_up_id']).where('child_id', '=', child.id).orderBy('version').execute();
    const newest = plans.at(-1)?.version;
    for (const p of plans) if (!since || p.created_at >= since || p.version === newest) out.push(toCarePlan(p, p.version === newest));
  }
  return out as Resource[];
}

/** The child a resource id belongs to: ids start with the child's id or a row of the child's record. */
export async function childOfResourceId(db: Kysely<DB>, type: ChildType, id: string): Promise<string | undefined> {
  const head = id.slice(0, 36);
  if (!/^[0-9a-f-]{36}$/.test(head)) return undefined;
  if (['Patient', 'RelatedPerson', 'Condition', 'Consent', 'Flag'].includes(type)) return head;
  const tables = type === 'CarePlan' ? (['action_plans'] as const) : type === 'QuestionnaireResponse' ? (['follow_ups'] as const) : (['follow_ups', 'child_events', 'diary_entries'] as const);
  for (const table of tables) {
    const row = await db.selectFrom(table).select('child_id').where('id', '=', head).executeTakeFirst();
    if (row) return row.child_id;
  }
  return type === 'Observation' ? head : undefined;
}
