// What a school page and the district list show: latest grade, score history, open actions, alerts.
import type { Db } from '../../db/connection';
import type { Deps, RequestContext } from '../context';
import { compareDates } from '../calendar';
import { today } from '../clock';
import { alertsOf, bySeverity, type AlertView } from './alerts';
import { actionFlags } from './assessments';
import { districtCached } from './district-cache';
import { loadKits } from './kits';
import { kitsRequired, trainedRequired, validlyTrainedCount, type AssessmentInput } from './rules';
import { listScope, reachSchool } from './scope';
import { actorOf } from '../auth/actor';
import { actionView, parseJson } from './views';

const HISTORY_LENGTH = 20;

export async function schoolSummary(deps: Deps, ctx: RequestContext, schoolId: string) {
  const actor = actorOf(ctx);
  const onDate = today(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    const school = await reachSchool(trx, actor, schoolId, 'read');
    const assessments = await trx
      .selectFrom('assessments')
      .select(['id', 'date', 'score', 'grade', 'band', 'reassess_by', 'input'])
      .where('school_id', '=', schoolId)
      .orderBy('date', 'desc')
      .orderBy('created_at', 'desc')
      .limit(HISTORY_LENGTH)
      .execute();
    const latest = assessments[0];
    const open = await trx.selectFrom('assessment_actions').selectAll().where('school_id', '=', schoolId).where('status', '=', 'open').orderBy('priority').orderBy('due_date').execute();
    const kits = await loadKits(trx, [schoolId]);
    const latestInput = latest ? parseJson<AssessmentInput>(latest.input) : null;
    return {
      school: { id: school.id, name: school.name, kind: school.kind, pupils: school.pupils, campuses: school.campuses },
      date: onDate,
      latest: latest ? { id: latest.id, date: latest.date, score: latest.score, band: latest.band, grade: latest.grade, reassessBy: latest.reassess_by, reassessOverdue: compareDates(latest.reassess_by, onDate) < 0 } : null,
      history: assessments.map((a) => ({ id: a.id, date: a.date, score: a.score, grade: a.grade })).reverse(),
      openActions: open.map((a) => actionView(a, actionFlags(a, onDate))),
      alerts: alertsOf(kits, onDate).sort(bySeverity),
      kits: kits.length,
      kitsRequired: kitsRequired(school.pupils, school.campuses),
      trainedAtLastAssessment: latestInput ? validlyTrainedCount(latestInput.staffTraining, latestInput.date) : null,
      trainedRequired: trainedRequired(school.pupils),
    };
  });
}
export type SchoolSummary = Awaited<ReturnType<typeof schoolSummary>>;

export interface SchoolOverviewRow {
  id: string;
  name: string;
  kind: string;
  district: string;
  pupils: number;
  latest: { id: string; date: string; score: number; grade: string; reassessBy: string } | null;
  reassessOverdue: boolean;
  alerts: { expired: number; expiring: number; lowDoses: number; checkOverdue: number };
  openActions: number;
  escalated: number;
  /** Sorts schools needing attention first: grade D, escalations, expired MDIs, overdue reassessment. */
  attention: number;
}

function countAlerts(alerts: AlertView[]) {
  return {
    expired: alerts.filter((a) => a.level === 'expired').length,
    expiring: alerts.filter((a) => a.kind === 'mdiExpiry' && a.level !== 'expired').length,
    lowDoses: alerts.filter((a) => a.kind === 'mdiPuffs').length,
    checkOverdue: alerts.filter((a) => a.kind === 'kitCheck' && a.level === 'overdue').length,
  };
}

/** Every school the caller may see (all for the district, her own for a nurse), most in need first. */
export async function schoolsOverview(deps: Deps, ctx: RequestContext): Promise<{ date: string; items: readonly SchoolOverviewRow[] }> {
  const scope = listScope(actorOf(ctx));
  const onDate = today(deps.clock);
  if (scope) return { date: onDate, items: await computeOverview(deps.db, [scope], onDate) };
  return { date: onDate, items: await districtOverview(deps.db, onDate) };
}

// The whole district's from memory (district-cache.ts), frozen: every view shares the rows. After a
// change, only the changed schools' rows are recomputed and put back in their place.
const districtOverview = (db: Db, onDate: string): Promise<readonly SchoolOverviewRow[]> =>
  districtCached(db, onDate, `overview ${onDate}`, {
    all: async () => Object.freeze((await computeOverview(db, null, onDate)).map(freezeRow)),
    patch: async (previous, changed) => {
      const fresh = (await computeOverview(db, [...changed], onDate)).map(freezeRow);
      const gone = new Set(changed);
      const rows = previous.filter((r) => !gone.has(r.id));
      for (const row of fresh) rows.splice(sortedIndex(rows, row), 0, row);
      return Object.freeze(rows);
    },
  });

// Rows shared between views: frozen, so no caller can change another's answer.
function freezeRow(row: SchoolOverviewRow): SchoolOverviewRow {
  if (row.latest) Object.freeze(row.latest);
  Object.freeze(row.alerts);
  return Object.freeze(row);
}

// Most in need first, then by name as a Chinese reader sorts; ties (names the collator deems equal)
// by code point and id, so a row put back after a change lands where a full sort puts it.
const overviewOrder = (x: SchoolOverviewRow, y: SchoolOverviewRow): number =>
  y.attention - x.attention || byChineseName.compare(x.name, y.name) || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

function sortedIndex(rows: readonly SchoolOverviewRow[], row: SchoolOverviewRow): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (overviewOrder(rows[mid]!, row) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The rows of these schools (null: every school). */
async function computeOverview(db: Db, schoolIds: string[] | null, onDate: string): Promise<SchoolOverviewRow[]> {
  let sq = db.selectFrom('schools').select(['id', 'name', 'kind', 'district', 'pupils']);
  if (schoolIds) sq = sq.where('id', 'in', schoolIds);
  const schools = await sq.execute();
  if (schools.length === 0) return [];
  // A list of schools, or every school (no list of ids: SQLite binds at most 32,766 values).
  const assessments = await db
    .selectFrom('assessments')
    .select(['id', 'school_id', 'date', 'score', 'grade', 'reassess_by', 'created_at'])
    .$if(schoolIds !== null, (q) => q.where('school_id', 'in', schoolIds!))
    .orderBy('date', 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const open = await db
    .selectFrom('assessment_actions')
    .select(['school_id', 'status', 'due_date', 'priority', 'kind'])
    .$if(schoolIds !== null, (q) => q.where('school_id', 'in', schoolIds!))
    .where('status', '=', 'open')
    .execute();
  const alerts = alertsOf(await loadKits(db, schoolIds), onDate);
  // Grouped once by school: with every school of the city, a search per school was quadratic (~2 s).
  const latestOf = new Map<string, (typeof assessments)[number]>();
  for (const a of assessments) if (!latestOf.has(a.school_id)) latestOf.set(a.school_id, a);
  const openOf = groupBy(open, (x) => x.school_id);
  const alertsOfSchool = groupBy(alerts, (x) => x.schoolId);
  const items = schools.map((s): SchoolOverviewRow => {
    const a = latestOf.get(s.id);
    const mine = openOf.get(s.id) ?? [];
    const counts = countAlerts(alertsOfSchool.get(s.id) ?? []);
    const escalated = mine.filter((x) => actionFlags(x, onDate).escalated).length;
    const reassessOverdue = a ? compareDates(a.reassess_by, onDate) < 0 : true;
    const attention = (a?.grade === 'D' ? 8 : a?.grade === 'C' ? 2 : 0) + escalated * 4 + counts.expired * 3 + (reassessOverdue ? 1 : 0) + counts.checkOverdue;
    return {
      id: s.id,
      name: s.name,
      kind: s.kind,
      district: s.district,
      pupils: s.pupils,
      latest: a ? { id: a.id, date: a.date, score: a.score, grade: a.grade, reassessBy: a.reassess_by } : null,
      reassessOverdue,
      alerts: counts,
      openActions: mine.filter((x) => x.kind === 'action').length,
      escalated,
      attention,
    };
  });
  items.sort(overviewOrder);
  return items;
}

/**
 * The overview's schools in a district and whose name contains `q` (any case), for the grade chart;
 * and of those, the ones with the chosen latest grade ('none': not assessed yet), for the table.
 */
export function filterSchoolsOverview<T extends Pick<SchoolOverviewRow, 'name' | 'district' | 'latest'>>(items: readonly T[], filter: { q?: string; district?: string; grade?: string }): { inArea: T[]; shown: T[] } {
  const needle = filter.q?.toLocaleLowerCase();
  const inArea = items.filter((s) => (!filter.district || s.district === filter.district) && (!needle || s.name.toLocaleLowerCase().includes(needle)));
  const shown = filter.grade ? inArea.filter((s) => (s.latest?.grade ?? 'none') === filter.grade) : inArea;
  return { inArea, shown };
}

// One collator: localeCompare with a locale builds one per call.
const byChineseName = new Intl.Collator('zh');

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
