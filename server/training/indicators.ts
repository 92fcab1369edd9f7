// Readiness and coverage as indicators (issue 36), in the item shape of GET /api/v1/indicators: for
// the district or one community centre. Coverage is about children and goes through the indicators'
// small-number rule (coverageData); the readiness counts are of staff and are published whole.
import type { Deps, RequestContext } from '../context';
import { auditRead } from '../audit/audit';
import { actorOf } from '../auth/actor';
import { forbidden, notFound } from '../errors';
import { t } from '../../web/i18n';
import { assertTrainingManager } from './access';
import { coverageData, readinessData } from './coverage';

export const TRAINING_INDICATORS_VERSION = '1';
const both = (key: string) => ({ zh: t('zh', key), en: t('en', key) });

interface Item {
  id: string;
  version: string;
  unit: 'count' | 'percent';
  label: { zh: string; en: string };
  definition: { zh: string; en: string };
  withheld: boolean;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}
const item = (id: string, unit: Item['unit'], f: Pick<Item, 'withheld' | 'numerator' | 'denominator' | 'value'>): Item => ({
  id,
  version: TRAINING_INDICATORS_VERSION,
  unit,
  label: both(`ind.${id}`),
  definition: both(`ind.${id}.def`),
  ...f,
});
const count = (n: number) => ({ withheld: false, numerator: n, denominator: null, value: n });

/** Managers and admins: the district or any community centre; a clinician: their own centre only. */
export async function trainingIndicators(deps: Deps, ctx: RequestContext, q: { centerId?: string }) {
  const actor = actorOf(ctx);
  let centerId = q.centerId ?? null;
  if (actor.role === 'clinician') {
    if (centerId && centerId !== actor.centerId) throw forbidden('A clinician sees the indicators of their own centre');
    centerId = actor.centerId;
  } else assertTrainingManager(actor);
  const readiness = await readinessData(deps);
  const coverage = await coverageData(deps, { months: 1 });
  if (centerId && !readiness.centres.some((c) => c.centerId === centerId)) throw notFound('No such community centre');
  const rows = readiness.centres.filter((c) => !centerId || c.centerId === centerId);
  const sum = (k: 'trained' | 'dueSoon' | 'lapsed' | 'placements') => rows.reduce((a, c) => a + c[k], 0);
  const month = coverage.months[coverage.months.length - 1]!;
  const cell = centerId ? month.centres.find((c) => c.centerId === centerId) : { ...month.district, withheld: false };
  const covered = !cell
    ? { withheld: false, numerator: null, denominator: null, value: null }
    : cell.withheld
      ? { withheld: true, numerator: null, denominator: null, value: null }
      : { withheld: false, numerator: cell.underManagement, denominator: cell.expected, value: cell.value };
  await auditRead(deps.db, deps.clock, ctx, { action: 'read', entity: 'training_indicators', entityId: centerId });
  return {
    version: TRAINING_INDICATORS_VERSION,
    date: readiness.date,
    centerId,
    prevalence: coverage.prevalence,
    items: [
      item('trained_clinicians', 'count', count(sum('trained'))),
      item('clinicians_due_for_renewal', 'count', count(sum('dueSoon') + sum('lapsed'))),
      item('placements_completed', 'count', count(sum('placements'))),
      item('treatment_coverage', 'percent', covered),
    ],
  };
}
