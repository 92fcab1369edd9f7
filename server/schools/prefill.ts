// The assessment form's starting point, from the school's own records: the nurse confirms or
// corrects every answer, and what she submits is the snapshot that is scored and stored.
import type { Deps, RequestContext } from '../context';
import { addDays, addMonths, compareDates, type IsoDate } from '../calendar';
import { today } from '../clock';
import { audit } from '../audit/audit';
import { puffsRemaining, type AssessmentInput, type KitObservation, type StaffTraining } from './rules';
import { reachSchool, type Trx } from './scope';
import { actorOf } from '../auth/actor';
import { loadKits } from './kits';
import { inventoryMdiFromView } from './inventory';
import { parseJson } from './views';

export type Prefilled = { [K in keyof AssessmentInput]: AssessmentInput[K] | null };
export type Source = 'school' | 'kits' | 'checks' | 'uses' | 'trainings' | 'register' | 'previous' | 'accounts';

export interface Prefill {
  input: Prefilled;
  sources: Partial<Record<keyof AssessmentInput, Source>>;
  /** Answers no record holds: the nurse must give them (null in `input`). */
  toConfirm: (keyof AssessmentInput)[];
  previous: { id: string; date: IsoDate } | null;
}

const CHECK_OVERDUE_DAY = 10;

/**
 * The three months whose check has fallen due: the current month counts once it is checked or
 * once its check is overdue (from the 10th, as the alerts say), else the three months before it.
 * A month counts when every kit that existed then was checked in it.
 */
export function monthlyChecksLast3(kits: { createdDate: IsoDate; checkDates: IsoDate[] }[], date: IsoDate): number {
  const month = date.slice(0, 7);
  const checkedIn = (ym: string, kit: { checkDates: IsoDate[] }) => kit.checkDates.some((d) => d.startsWith(ym) && compareDates(d, date) <= 0);
  const currentDone = kits.length > 0 && kits.every((k) => checkedIn(month, k));
  const start = currentDone || Number(date.slice(8)) >= CHECK_OVERDUE_DAY ? 0 : 1;
  let count = 0;
  for (let back = start; back < start + 3; back++) {
    const ym = addMonths(`${month}-01`, -back).slice(0, 7);
    const existing = kits.filter((k) => k.createdDate.slice(0, 7) <= ym);
    if (existing.length > 0 && existing.every((k) => checkedIn(ym, k))) count++;
  }
  return count;
}

async function staffTrainingOf(trx: Trx, schoolId: string, date: IsoDate): Promise<StaffTraining[]> {
  const rows = await trx
    .selectFrom('training_attendees as a')
    .innerJoin('trainings as t', 't.id', 'a.training_id')
    .select(['a.name', 'a.competency', 'a.competency_date', 't.date'])
    .where('t.school_id', '=', schoolId)
    .where('t.kind', 'in', ['initial', 'refresher'])
    .where('a.competency', 'is not', null)
    .where('t.date', '<=', date)
    .where('t.date', '>', addDays(date, -730))
    .execute();
  // The latest competency check per person is the one that counts.
  const latest = new Map<string, StaffTraining>();
  for (const r of rows) {
    const when = r.competency_date ?? r.date;
    if (compareDates(when, date) > 0) continue;
    const key = r.name.trim().toLowerCase();
    const prev = latest.get(key);
    if (!prev || compareDates(when, prev.date) > 0) latest.set(key, { name: r.name, date: when, pass: r.competency === 'pass' });
  }
  return [...latest.values()].sort((a, b) => compareDates(b.date, a.date) || a.name.localeCompare(b.name));
}

export async function assessmentPrefill(deps: Deps, ctx: RequestContext, schoolId: string, date?: IsoDate): Promise<Prefill> {
  const actor = actorOf(ctx);
  const on = date ?? today(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    const school = await reachSchool(trx, actor, schoolId, 'read');
    const prevRow = await trx.selectFrom('assessments').select(['id', 'date', 'input']).where('school_id', '=', schoolId).where('date', '<=', on).orderBy('date', 'desc').orderBy('created_at', 'desc').limit(1).executeTakeFirst();
    const prev = prevRow ? parseJson<AssessmentInput>(prevRow.input) : null;

    const kits = await loadKits(trx, [schoolId]);
    const kitIds = kits.map((k) => k.id);
    const created = kitIds.length ? await trx.selectFrom('kits').select(['id', 'created_at']).where('id', 'in', kitIds).execute() : [];
    const checks = kitIds.length ? await trx.selectFrom('kit_checks').selectAll().where('kit_id', 'in', kitIds).where('date', '<=', on).orderBy('date', 'desc').orderBy('created_at', 'desc').execute() : [];
    const kitObservations: KitObservation[] = kits.map((k) => ({
      label: k.label,
      spacers: k.spacers,
      unlocked: !k.locked,
      storageOk: k.storageOk,
      docs: k.documents,
      mdis: k.mdis.map((m) => ({ batch: m.batch, expiry: m.expiry, remaining: puffsRemaining(inventoryMdiFromView(m)) })),
    }));
    const latestCheck = kits.map((k) => checks.find((c) => c.kit_id === k.id));
    const allChecked = kits.length > 0 && latestCheck.every((c) => c !== undefined);
    const monthly = monthlyChecksLast3(
      kits.map((k) => ({
        createdDate: (created.find((c) => c.id === k.id)?.created_at ?? '0000').slice(0, 10),
        checkDates: checks.filter((c) => c.kit_id === k.id).map((c) => c.date),
      })),
      on,
    );

    const sinceDate = prevRow && compareDates(prevRow.date, on) < 0 ? prevRow.date : addDays(on, -365);
    const uses = await trx.selectFrom('kit_uses').select(['parent_told_at']).where('school_id', '=', schoolId).where('date', '>', sinceDate).where('date', '<=', on).execute();

    const trainings = await trx.selectFrom('trainings').select(['kind', 'date', 'staff_briefed', 'staff_total']).where('school_id', '=', schoolId).where('date', '<=', on).orderBy('date', 'desc').execute();
    const briefings = trainings.filter((t) => t.kind === 'briefing' && compareDates(t.date, addDays(on, -365)) > 0 && t.staff_total);
    const briefedPct = Math.min(1, Math.max(0, ...briefings.map((t) => (t.staff_briefed ?? 0) / t.staff_total!)));
    const drill = trainings.find((t) => t.kind === 'drill')?.date ?? null;

    const registered = await trx
      .selectFrom('children')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('school_id', '=', schoolId)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    const nurse = await trx.selectFrom('users').select('id').where('school_id', '=', schoolId).where('role', '=', 'nurse').where('active', '=', 1).executeTakeFirst();

    const sources: Prefill['sources'] = {
      date: 'school',
      enrolment: 'school',
      campuses: 'school',
      kits: 'kits',
      staffTraining: 'trainings',
      staffBriefedPct: 'trainings',
      registered: 'register',
      monthlyChecksLast3: 'checks',
      uses: 'uses',
      usesLoggedComplete: 'uses',
      usesParentNotified: 'uses',
    };
    const lastDrill = drill ?? prev?.lastDrill ?? null;
    sources.lastDrill = drill ? 'trainings' : prev ? 'previous' : 'trainings';
    const healthStaffOk = prev ? prev.healthStaffOk : nurse ? true : null;
    if (healthStaffOk !== null) sources.healthStaffOk = prev ? 'previous' : 'accounts';
    if (prev) sources.procedure = 'previous';
    if (allChecked) sources.registerAccessible = sources.postersAllKitLocations = 'checks';

    const input: Prefilled = {
      date: on,
      enrolment: school.pupils,
      campuses: school.campuses,
      kits: kitObservations,
      staffKnewLocation: null,
      healthStaffOk,
      staffBriefedPct: Math.round(briefedPct * 100) / 100,
      staffTraining: await staffTrainingOf(trx, schoolId, on),
      registerUpdatedThisTerm: null,
      registerAccessible: allChecked ? latestCheck.every((c) => c!.register_reachable === 1) : null,
      registered: Number(registered.n),
      plansValid: null,
      consents: null,
      procedure: prev ? prev.procedure : null,
      postersAllKitLocations: allChecked ? latestCheck.every((c) => c!.poster === 1) : null,
      lastDrill,
      monthlyChecksLast3: monthly,
      // Every use recorded here has its required fields; uses never recorded are the nurse's to add.
      uses: uses.length,
      usesLoggedComplete: uses.length,
      usesParentNotified: uses.filter((u) => u.parent_told_at !== null).length,
    };
    const toConfirm = (Object.keys(input) as (keyof AssessmentInput)[]).filter((k) => input[k] === null && k !== 'lastDrill');
    await audit(trx, deps.clock, ctx, { action: 'prefill', entity: 'assessment', entityId: schoolId });
    return { input, sources, toConfirm, previous: prevRow ? { id: prevRow.id, date: prevRow.date } : null };
  });
}
