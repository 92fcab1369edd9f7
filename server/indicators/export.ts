import type { Deps, Lang, RequestContext } from '../context';
import { toCsv } from './csv';
import { centreComparison, indicatorsFor, suppressed, type IndicatorQuery } from './service';

const format = (value: number | null, unit: string) =>
  value === null ? '' : unit === 'percent' ? (100 * value).toFixed(1) : Number.isInteger(value) ? String(value) : value.toFixed(1);

/** The indicator table as the dashboard shows it, one row per indicator, in the user's language. */
export async function indicatorsCsv(deps: Deps, ctx: RequestContext, q: IndicatorQuery, lang: Lang): Promise<string> {
  const r = await indicatorsFor(deps, ctx, q);
  const head = lang === 'zh' ? ['指标', '编号', '版本', '分子', '分母', '数值', '单位', '期间起', '期间止', '数据截至'] : ['indicator', 'id', 'version', 'numerator', 'denominator', 'value', 'unit', 'from', 'to', 'data as of'];
  const unitLabel = (u: string) => (u === 'percent' ? '%' : u === 'per100childYears' ? (lang === 'zh' ? '每百儿童年' : 'per 100 child-years') : '');
  return toCsv([head, ...r.items.map((i) => [i.label[lang], i.id, i.version, Number(i.numerator.toFixed(2)), Number(i.denominator.toFixed(2)), format(i.value, i.unit), unitLabel(i.unit), r.from, r.to, r.asOf])]);
}

export async function centresCsv(deps: Deps, ctx: RequestContext, q: IndicatorQuery, lang: Lang): Promise<string> {
  const r = await centreComparison(deps, ctx, q);
  const head = [lang === 'zh' ? '中心' : 'centre', ...r.columns.map((col) => col.label[lang])];
  const rows = r.rows.map((row) => [row.name[lang], ...row.values.map((v) => (suppressed(v, v.unit) ? '<5' : format(v.value, v.unit)))]);
  return toCsv([head, ...rows, [], [lang === 'zh' ? '数据截至' : 'data as of', r.asOf]]);
}
