import type { Deps, Lang, RequestContext } from '../context';
import { t } from '../../web/i18n';
import { toCsv } from './csv';
import { centreComparison, indicatorsFor, type IndicatorQuery } from './service';
import type { Unit } from './v2/figures';

const WITHHELD = '<5';

export const formatNumber = (value: number | null, unit: Unit) => (value === null ? '' : unit === 'percent' ? (100 * value).toFixed(1) : Number.isInteger(value) ? String(value) : value.toFixed(1));

/** Shanghai wall-clock time of an ISO instant, "YYYY-MM-DD HH:mm" (UTC+8, no daylight saving). */
export const shanghaiTime = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/** A file name that says what it holds: the kind, the scope and the period. */
export async function csvFileName(deps: Deps, kind: 'indicators' | 'centres', centerId: string | null, from: string, to: string): Promise<string> {
  let scope = 'pudong';
  if (centerId) {
    const c = await deps.db.selectFrom('centers').select('name_en').where('id', '=', centerId).executeTakeFirst();
    scope =
      (c?.name_en ?? centerId)
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'centre';
  }
  return `${kind}-${scope}-${from}_${to}.csv`;
}

/** The indicator table as the dashboard shows it, one row per indicator, in the user's language. */
export async function indicatorsCsv(deps: Deps, ctx: RequestContext, q: IndicatorQuery, lang: Lang) {
  const r = await indicatorsFor(deps, ctx, q);
  const head = ['ind', 'id', 'version', 'numerator', 'denominator', 'value', 'unit', 'coverage', 'from', 'to', 'asOf'].map((k) => t(lang, `dash.csv.${k}`));
  const unitLabel = (u: Unit) => (u === 'count' ? '' : t(lang, `dash.unit.${u}`));
  const rows = r.items.map((i) =>
    i.withheld
      ? [i.label[lang], i.id, i.version, WITHHELD, WITHHELD, WITHHELD, unitLabel(i.unit), WITHHELD, r.from, r.to, shanghaiTime(r.asOf)]
      : [
          i.label[lang],
          i.id,
          i.version,
          Number(i.numerator!.toFixed(2)),
          i.denominator === null ? '' : Number(i.denominator.toFixed(2)),
          formatNumber(i.value, i.unit),
          unitLabel(i.unit),
          i.coverage?.value == null ? '' : (100 * i.coverage.value).toFixed(1),
          r.from,
          r.to,
          shanghaiTime(r.asOf),
        ],
  );
  return { csv: toCsv([head, ...rows]), name: await csvFileName(deps, 'indicators', r.centerId, r.from, r.to) };
}

export async function centresCsv(deps: Deps, ctx: RequestContext, q: IndicatorQuery, lang: Lang) {
  const r = await centreComparison(deps, ctx, q);
  const head = [t(lang, 'dash.centre'), ...r.columns.map((col) => col.label[lang])];
  const rows = r.rows.map((row) => [row.name[lang], ...row.values.map((v) => (v.withheld ? WITHHELD : formatNumber(v.value, v.unit)))]);
  return { csv: toCsv([head, ...rows, [], [t(lang, 'dash.csv.asOf'), shanghaiTime(r.asOf)]]), name: await csvFileName(deps, 'centres', null, r.from, r.to) };
}
