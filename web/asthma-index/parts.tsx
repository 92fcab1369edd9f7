// Small pieces shared by the index pages: the level badge, local times, the chart data block.
import { z } from 'zod';
import type { Lang } from '../../server/context';
import { INDEX_LEVELS } from '../../server/asthma-index/rules/advice';
import { DISTRICT_CODES, DISTRICTS, findDistrict, isDistrictCode, type DistrictCode } from '../../server/asthma-index/rules/districts';
import type { IndexLevel } from '../../server/asthma-index/rules/params-v0.1';
import { t } from '../i18n';

/** The same colours as app.css --l1..--l5, for chart.js (which cannot read CSS variables from JSON). */
export const LEVEL_HEX: Readonly<Record<IndexLevel, string>> = { 1: '#2e7d32', 2: '#1565c0', 3: '#f2c200', 4: '#ef6c00', 5: '#c62828' };

export const DISTRICT_COOKIE = 'index_district';
export const DEFAULT_DISTRICT: DistrictCode = 'pudong';

export const districtName = (code: string, lang: Lang) => findDistrict(code)?.name[lang] ?? code;

/** A level as a coloured badge with its number and name. */
export function LevelBadge(props: { level: number; lang: Lang; big?: boolean }) {
  const level = props.level as IndexLevel;
  return (
    <span class={`level level-${level}${props.big ? ' level-big' : ''}`}>
      {t(props.lang, 'index.levelN', { level })} · {INDEX_LEVELS[level].label[props.lang]}
    </span>
  );
}

/** An instant in Shanghai local time, "YYYY-MM-DD HH:mm". */
export function localTime(iso: string | null): string {
  if (!iso) return '';
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function DistrictOptions(props: { lang: Lang; selected?: string; includeEmpty?: string }) {
  return (
    <>
      {props.includeEmpty !== undefined ? <option value="">{props.includeEmpty}</option> : null}
      {DISTRICTS.map((d) => (
        <option value={d.code} selected={d.code === props.selected}>
          {d.name[props.lang]}
        </option>
      ))}
    </>
  );
}

export const pickDistrict = (...candidates: (string | undefined)[]): DistrictCode => (candidates.find((c) => c !== undefined && isDistrictCode(c)) as DistrictCode | undefined) ?? DEFAULT_DISTRICT;

/** A district typed into an address by hand or shared: its code in any case. */
const districtParam = z.string().trim().toLowerCase().pipe(z.enum(DISTRICT_CODES));

export interface DistrictChoice {
  district: DistrictCode;
  /** The address named a district we do not know: the page says so and shows `district`. */
  unknown: boolean;
  /** The address named this district (so it is the one to remember). */
  fromAddress: boolean;
}

export function parseDistrict(value: unknown): DistrictCode | null {
  const parsed = districtParam.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The address's district (?district=xuhui), else the remembered one, else Pudong. */
export function chooseDistrict(query: string | undefined, remembered: string | undefined): DistrictChoice {
  const fallback = pickDistrict(remembered);
  if (query === undefined || query.trim() === '') return { district: fallback, unknown: false, fromAddress: false };
  const asked = parseDistrict(query);
  return asked ? { district: asked, unknown: false, fromAddress: true } : { district: fallback, unknown: true, fromAddress: false };
}

/** A chart.js config as a JSON data block (the CSP forbids inline script; "<" is escaped so it cannot close the tag). */
export function ChartData(props: { id: string; config: unknown }) {
  const json = JSON.stringify(props.config).replace(/</g, '\\u003c');
  return <script type="application/json" id={props.id} dangerouslySetInnerHTML={{ __html: json }}></script>;
}
