// Rows to API shapes: camelCase, booleans as booleans, JSON columns parsed.
import type { Selectable } from 'kysely';
import type { AssessmentActionTable, KitCheckTable, KitMdiTable, KitTable, KitUseTable, TrainingAttendeeTable, TrainingTable } from '../../db/tables/schools';
import { puffsRemaining, type KitDocuments } from './rules';

type Row<T> = Selectable<T>;

export const parseJson = <T>(text: string): T => JSON.parse(text) as T;

export function mdiView(m: Row<KitMdiTable>) {
  return {
    id: m.id,
    kitId: m.kit_id,
    product: m.product,
    batch: m.batch,
    expiry: m.expiry,
    expiryDate: m.expiry_date,
    labelledDoses: m.labelled_doses,
    counterReading: m.counter_reading,
    puffsUsed: m.puffs_used,
    remaining: puffsRemaining(inventoryMdi(m)),
    status: m.status,
    replacedBy: m.replaced_by,
  };
}
export type MdiView = ReturnType<typeof mdiView>;

export function inventoryMdi(m: Row<KitMdiTable>) {
  return {
    batch: m.batch,
    expiry: m.expiry,
    labelledDoses: m.labelled_doses,
    remaining: m.counter_reading ?? undefined,
    puffsUsed: m.puffs_used ?? undefined,
  };
}

export function kitView(k: Row<KitTable>, mdis: Row<KitMdiTable>[], lastCheckDate: string | null) {
  return {
    id: k.id,
    schoolId: k.school_id,
    label: k.label,
    kind: k.kind,
    location: k.location,
    locked: k.locked === 1,
    storageOk: k.storage_ok === 1,
    spacers: k.spacers,
    documents: parseJson<KitDocuments>(k.documents),
    status: k.status,
    statusReason: k.status_reason,
    statusChangedAt: k.status_changed_at,
    mdis: mdis.map(mdiView),
    lastCheckDate,
    updatedAt: k.updated_at,
  };
}
export type KitView = ReturnType<typeof kitView>;

export function checkView(c: Row<KitCheckTable>) {
  return {
    id: c.id,
    kitId: c.kit_id,
    date: c.date,
    mdiPresent: c.mdi_present === 1,
    mdiInDate: c.mdi_in_date === 1,
    dosesOk: c.doses_ok === 1,
    spacers: c.spacers,
    documents: parseJson<KitDocuments>(c.documents),
    unlocked: c.unlocked === 1,
    storageOk: c.storage_ok === 1,
    poster: c.poster === 1,
    registerReachable: c.register_reachable === 1,
    note: c.note,
  };
}
export type CheckView = ReturnType<typeof checkView>;

export function useView(u: Row<KitUseTable>) {
  return {
    id: u.id,
    kitId: u.kit_id,
    usedAt: u.used_at,
    date: u.date,
    place: u.place,
    childId: u.child_id,
    symptoms: parseJson<string[]>(u.symptoms),
    puffs: u.puffs,
    spacerUsed: u.spacer_used === 1,
    givenBy: u.given_by,
    called120: u.called_120 === 1,
    outcome: u.outcome,
    parentToldAt: u.parent_told_at,
    parentToldHow: u.parent_told_how,
    mdiId: u.mdi_id,
    mdiBatch: u.mdi_batch,
    note: u.note,
  };
}
export type UseView = ReturnType<typeof useView>;

export function trainingView(t: Row<TrainingTable>, attendees: Row<TrainingAttendeeTable>[]) {
  return {
    id: t.id,
    schoolId: t.school_id,
    date: t.date,
    durationMinutes: t.duration_minutes,
    kind: t.kind,
    trainer: t.trainer,
    organisation: t.organisation,
    topics: parseJson<string[]>(t.topics),
    staffBriefed: t.staff_briefed,
    staffTotal: t.staff_total,
    attendees: attendees.map((a) => ({ id: a.id, name: a.name, role: a.role, competency: a.competency, competencyDate: a.competency_date })),
  };
}
export type TrainingView = ReturnType<typeof trainingView>;

export function actionView(a: Row<AssessmentActionTable>, flags: { overdue: boolean; escalated: boolean }) {
  return {
    id: a.id,
    assessmentId: a.assessment_id,
    schoolId: a.school_id,
    kind: a.kind,
    item: a.item,
    trigger: a.trigger,
    priority: a.priority,
    owner: a.owner,
    dueDate: a.due_date,
    text: { zh: a.text_zh, en: a.text_en },
    status: a.status,
    closingNote: a.closing_note,
    doneAt: a.done_at,
    verifiedAt: a.verified_at,
    ...flags,
  };
}
export type ActionView = ReturnType<typeof actionView>;
