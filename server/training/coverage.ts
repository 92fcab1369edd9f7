// Catchment populations, the expected prevalence, and the figures built on them (issue 36): each
// centre's readiness, treatment coverage by month, and its indicators before and after its
// clinicians' training. Figures about children go through the indicators' small-number rule.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { addMonths, shanghaiDate, type IsoDate } from '../calendar';
import { nowIso, today } from '../clock';
import type { Deps, RequestContext } from '../context';
import { audit, auditRead } from '../audit/audit';
import { actorOf } from '../auth/actor';
import { assertMay } from '../auth/policy';
import { notFound } from '../errors';
import { newId } from '../ids';
import { responseLimits } from '../referrals/views';
import { activeOn, type ChildRecord } from '../indicators/v2/model';
import { childFigures } from '../indicators/v2/figures';
import { loadCalendar, loadCentre } from '../indicators/v2/load';
import { isSmall, withheldCells } from '../indicators/v2/suppression';
import { FieldError } from '../schools/field-error';
import { assertTrainingManager } from './access';
import { beforeAfterWindows, belowDistrict, coverageOf, DEFAULT_PREVALENCE, districtCoverage, expectedChildren, monthEnds, populationFor, type CentreCoverage } from './rules/coverage';
import { centreReadiness, clinicianStatus } from './rules/readiness';
import type { PopulationBody, PrevalenceBody } from './schemas';
import { inTransaction, trainingRecords, type Writer } from './service';

const assertAdmin = (ctx: RequestContext) => assertMay(actorOf(ctx), 'coverage.manage');

export async function setPopulation(deps: Writer, ctx: RequestContext, centerId: string, body: PopulationBody) {
  assertAdmin(ctx);
  return inTransaction(deps.db, async (trx) => {
    const centre = await trx.selectFrom('centers').select(['id', 'kind']).where('id', '=', centerId).executeTakeFirst();
    if (!centre) throw notFound();
    // The hospital has no catchment of its own: coverage is the community centres'.
    if (centre.kind !== 'community') throw new FieldError('centerId', 'v.training.communityOnly');
    const row = { population: body.population, source: body.source, recorded_by: actorOf(ctx).id, recorded_at: nowIso(deps.clock) };
    await trx
      .insertInto('centre_populations')
      .values({ center_id: centerId, year: body.year, ...row })
      .onConflict((oc) => oc.columns(['center_id', 'year']).doUpdateSet(row))
      .execute();
    await audit(trx, deps.clock, ctx, { action: 'update', entity: 'centre_population', entityId: centerId });
    return { centerId, year: body.year, population: body.population, source: body.source };
  });
}

export async function setPrevalence(deps: Writer, ctx: RequestContext, body: PrevalenceBody) {
  assertAdmin(ctx);
  return inTransaction(deps.db, async (trx) => {
    const id = newId();
    await trx
      .insertInto('prevalence_settings')
      .values({ id, percent: body.percent, source: body.source, set_by: actorOf(ctx).id, set_at: nowIso(deps.clock) })
      .execute();
    await audit(trx, deps.clock, ctx, { action: 'update', entity: 'prevalence_setting', entityId: id });
    return { percent: body.percent, source: body.source, isDefault: false };
  });
}

/** The prevalence in force: the latest the admin set, else the documented default. */
export async function prevalenceInForce(db: Kysely<DB>): Promise<{ percent: number; source: string; isDefault: boolean }> {
  const row = await db.selectFrom('prevalence_settings').select(['percent', 'source']).orderBy('set_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
  return row ? { ...row, isDefault: false } : { ...DEFAULT_PREVALENCE, isDefault: true };
}

const communityCentres = (db: Kysely<DB>) => db.selectFrom('centers').select(['id', 'name', 'name_en']).where('kind', '=', 'community').orderBy('name').execute();

/** Per community centre: clinicians, trained, due for renewal, lapsed, placements; and who is due. */
export async function readinessReport(deps: Deps, ctx: RequestContext) {
  assertTrainingManager(actorOf(ctx));
  const data = await readinessData(deps);
  await auditRead(deps.db, deps.clock, ctx, { action: 'read', entity: 'training_readiness' });
  return data;
}

/** The readiness figures, for whichever report or indicator reads them (the caller checks and audits). */
export async function readinessData(deps: Pick<Deps, 'db' | 'clock'>) {
  const day = today(deps.clock);
  const centres = await communityCentres(deps.db);
  const clinicians = await deps.db
    .selectFrom('users')
    .select(['id', 'center_id', 'display_name'])
    .where('role', '=', 'clinician')
    .where('active', '=', 1)
    .where('center_id', 'in', centres.length ? centres.map((c) => c.id) : [''])
    .execute();
  const records = await trainingRecords(deps.db);
  const rows = centreReadiness(
    clinicians.map((c) => ({ id: c.id, centerId: c.center_id! })),
    records,
    day,
  );
  const due = clinicians
    .map((c) => ({
      clinicianId: c.id,
      name: c.display_name,
      centerId: c.center_id!,
      ...clinicianStatus(
        records.filter((r) => r.clinicianId === c.id),
        day,
      ),
    }))
    .filter((c) => c.status === 'due' || c.status === 'lapsed')
    .sort((a, b) => (a.expiresOn ?? '').localeCompare(b.expiresOn ?? ''));
  const empty = { clinicians: 0, trained: 0, dueSoon: 0, lapsed: 0, placements: 0, firstTrainedOn: null };
  return {
    date: day,
    centres: centres.map((c) => ({ centerId: c.id, name: { zh: c.name, en: c.name_en }, ...empty, ...rows.find((r) => r.centerId === c.id) })),
    dueForRenewal: due.map((d) => {
      const c = centres.find((x) => x.id === d.centerId)!;
      return { ...d, centre: { zh: c.name, en: c.name_en } };
    }),
  };
}

/** Each centre's children as the v2 model reads them: enrolled when, inactive from when. */
async function childRecords(db: Kysely<DB>, centreIds: string[]): Promise<(ChildRecord & { centerId: string })[]> {
  if (centreIds.length === 0) return [];
  const rows = await db
    .selectFrom('children as c')
    .select([
      'c.id',
      'c.center_id',
      'c.enrolled_on',
      'c.birth_date',
      'c.status',
      'c.updated_at',
      sql<string | null>`case when c.status <> 'active' then (select max(s.since) from child_status_changes s where s.child_id = c.id and s.status = c.status) end`.as('inactive_from'),
    ])
    .where('c.center_id', 'in', centreIds)
    .execute();
  return rows.map((c) => ({ id: c.id, centerId: c.center_id, enrolledOn: c.enrolled_on, birthDate: c.birth_date, atSchool: false, inactiveFrom: c.status === 'active' ? null : (c.inactive_from ?? shanghaiDate(new Date(c.updated_at))) }));
}

/** A centre's month as published: withheld whole (no count under management, no coverage) when small. */
export interface CoverageCell extends Omit<CentreCoverage, 'underManagement'> {
  underManagement: number | null;
  withheld: boolean;
}

/**
 * Coverage by month for `months` months to today: per centre with a population (a centre's month is
 * withheld with the indicators' rule when it is about fewer than 5 children), the district's, and
 * which centres' latest month is under the district's.
 */
export async function coverageReport(deps: Deps, ctx: RequestContext, q: { months: number }) {
  assertTrainingManager(actorOf(ctx));
  const data = await coverageData(deps, q);
  await auditRead(deps.db, deps.clock, ctx, { action: 'read', entity: 'coverage' });
  return data;
}

/** The coverage figures, for whichever report or indicator reads them (the caller checks and audits). */
export async function coverageData(deps: Pick<Deps, 'db' | 'clock'>, q: { months: number }) {
  const day = today(deps.clock);
  const prevalence = await prevalenceInForce(deps.db);
  const centres = await communityCentres(deps.db);
  const populations = await deps.db.selectFrom('centre_populations').selectAll().execute();
  const withPopulation = centres.filter((c) => populations.some((p) => p.center_id === c.id));
  const children = await childRecords(
    deps.db,
    withPopulation.map((c) => c.id),
  );
  const months = monthEnds(addMonths(day, -(q.months - 1)), day);
  const series = months.map(({ month, end }) => {
    const raw = withPopulation.map((c): CentreCoverage => {
      const population = populationFor(
        populations.filter((p) => p.center_id === c.id),
        Number(end.slice(0, 4)),
      )!;
      const underManagement = children.filter((k) => k.centerId === c.id && activeOn(k, end)).length;
      const expected = expectedChildren(population, prevalence.percent);
      return { centerId: c.id, underManagement, expected, value: coverageOf(underManagement, expected) };
    });
    const withheld = withheldCells(raw.map((r) => r.underManagement));
    return {
      month,
      end,
      district: districtCoverage(raw),
      centres: raw.map((r, i): CoverageCell => (withheld[i] ? { centerId: r.centerId, underManagement: null, expected: r.expected, value: null, withheld: true } : { ...r, withheld: false })),
    };
  });
  const latest = series[series.length - 1]!;
  return {
    date: day,
    prevalence,
    months: series,
    centres: centres.map((c) => {
      const cell = latest.centres.find((x) => x.centerId === c.id) ?? null;
      const pop = populations.filter((p) => p.center_id === c.id).sort((a, b) => b.year - a.year)[0] ?? null;
      return {
        centerId: c.id,
        name: { zh: c.name, en: c.name_en },
        population: pop ? { year: pop.year, population: pop.population, source: pop.source } : null,
        latest: cell,
        belowDistrict: cell !== null && !cell.withheld && belowDistrict(cell.value, latest.district.value),
      };
    }),
  };
}

const OUTCOMES = ['on_time_follow_ups', 'well_controlled', 'action_plan'] as const;

/** One centre's outcome figures for a window, each withheld whole when about fewer than 5 children. */
async function outcomesFor(deps: Deps, centerId: string, p: { from: IsoDate; to: IsoDate }) {
  const ctx = { asOf: today(deps.clock), asOfInstant: nowIso(deps.clock), calendar: await loadCalendar(deps.db, p), limits: responseLimits(deps.config) };
  const figures = childFigures(await loadCentre(deps.db, centerId, p), p, ctx);
  return Object.fromEntries(
    OUTCOMES.map((id) => {
      const f = figures[id]!;
      return [id, isSmall(f.group) ? { withheld: true, numerator: null, denominator: null, value: null } : { withheld: false, numerator: f.numerator, denominator: f.denominator, value: f.value }];
    }),
  );
}

/**
 * Per centre whose clinicians have trained: the outcome indicators in the 6 months before its first
 * passed competency check and from then on. Descriptive only: not a controlled comparison.
 */
export async function beforeAfterReport(deps: Deps, ctx: RequestContext) {
  assertTrainingManager(actorOf(ctx));
  const day = today(deps.clock);
  const centres = await communityCentres(deps.db);
  const records = await trainingRecords(deps.db);
  const clinicians = await deps.db.selectFrom('users').select(['id', 'center_id']).where('role', '=', 'clinician').where('active', '=', 1).execute();
  const readiness = centreReadiness(
    clinicians.filter((c) => c.center_id).map((c) => ({ id: c.id, centerId: c.center_id! })),
    records,
    day,
  );
  const rows = [];
  for (const c of centres) {
    const trainedOn = readiness.find((r) => r.centerId === c.id)?.firstTrainedOn;
    if (!trainedOn) continue;
    const w = beforeAfterWindows(trainedOn, day);
    rows.push({
      centerId: c.id,
      name: { zh: c.name, en: c.name_en },
      trainedOn,
      before: { ...w.before, figures: await outcomesFor(deps, c.id, w.before) },
      after: w.after ? { ...w.after, figures: await outcomesFor(deps, c.id, w.after) } : null,
    });
  }
  await auditRead(deps.db, deps.clock, ctx, { action: 'read', entity: 'training_outcomes' });
  return { date: day, indicators: [...OUTCOMES], controlled: false, centres: rows };
}
