// Programme calendar dates ("YYYY-MM-DD", Asia/Shanghai). Pure: no clock; callers pass dates in.
// Arithmetic runs in UTC so daylight-saving rules elsewhere can never shift a day.

export type IsoDate = string;

const DAY_MS = 86_400_000;

/**
 * True for a real calendar date in YYYY-MM-DD form (rejects 2026-02-30), from year 0100: the
 * Date.UTC check it replaced read years 0-99 as 1900-1999, so those never passed. By character
 * codes: every dated request validates its dates, and the regular expression and Date showed in
 * the dashboard's profile.
 */
export function isIsoDate(value: string): boolean {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  const y = digitsAt(value, 0, 4);
  const mo = digitsAt(value, 5, 2);
  const d = digitsAt(value, 8, 2);
  return y >= 100 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** The number in date[start, start + length) if every character there is an ASCII digit, else NaN. */
function digitsAt(date: string, start: number, length: number): number {
  let n = 0;
  for (let i = start; i < start + length; i++) {
    const c = date.charCodeAt(i) - 48;
    if (!(c >= 0 && c <= 9)) return NaN;
    n = n * 10 + c;
  }
  return n;
}

/**
 * By character codes and days_from_civil (H. Hinnant), not a regular expression and Date.UTC: the
 * diary's rules compare ~20 dates a write, and this showed in its profile.
 */
function toUtcMs(date: IsoDate): number {
  const ok = date.length === 10 && date.charCodeAt(4) === 45 && date.charCodeAt(7) === 45;
  const y = ok ? digitsAt(date, 0, 4) : NaN;
  const mo = ok ? digitsAt(date, 5, 2) : NaN;
  const d = ok ? digitsAt(date, 8, 2) : NaN;
  if (!(y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo))) throw new RangeError(`not a calendar date: ${date}`);
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return (era * 146_097 + doe - 719_468) * DAY_MS;
}

const daysInMonth = (y: number, m: number): number => (m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * The date of a UTC instant, by arithmetic (H. Hinnant's civil_from_days) rather than
 * Date#toISOString: every request computes a few dates, and toISOString showed in the profile.
 * Years 0000-9999.
 */
function fromUtcMs(ms: number): IsoDate {
  const z = Math.floor(ms / DAY_MS) + 719_468; // days since 0000-03-01
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** Completed years of age on `onDate`. */
export function ageInYears(birthDate: IsoDate, onDate: IsoDate): number {
  const [by, bm, bd] = [digitsAt(birthDate, 0, 4), digitsAt(birthDate, 5, 2), digitsAt(birthDate, 8, 2)];
  const [y, m, d] = [digitsAt(onDate, 0, 4), digitsAt(onDate, 5, 2), digitsAt(onDate, 8, 2)];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export function lastDayOfMonth(yearMonth: string): IsoDate {
  const [y, m] = yearMonth.split('-').map(Number) as [number, number];
  return `${yearMonth}-${daysInMonth(y, m)}`;
}

/** Adds calendar months, clamping to the month's last day (01-31 + 1 month -> 02-28). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = [digitsAt(date, 0, 4), digitsAt(date, 5, 2), digitsAt(date, 8, 2)];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(Math.min(d, daysInMonth(year, month)))}`;
}

/** The Asia/Shanghai calendar date of an instant (UTC+8 all year, no daylight saving). */
export function shanghaiDate(instant: Date): IsoDate {
  return fromUtcMs(instant.getTime() + 8 * 3_600_000);
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
