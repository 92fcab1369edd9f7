// Working days in mainland China (safety rules v2, review after an emergency visit or admission):
// Monday to Friday, less the public holidays, plus the make-up working days (调休) the State
// Council announces each year. Pure: the calendar comes in as data the admin keeps.
import { addDays, type IsoDate } from '../../calendar';

export interface WorkingCalendar {
  /** Public holidays that fall on a weekday (or any day: a weekend holiday is no working day anyway). */
  holidays: ReadonlySet<IsoDate>;
  /** Weekend days that are worked (make-up days). */
  workdays: ReadonlySet<IsoDate>;
}

export const NO_CALENDAR: WorkingCalendar = { holidays: new Set(), workdays: new Set() };

export function isWorkingDay(date: IsoDate, cal: WorkingCalendar): boolean {
  if (cal.workdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The n-th working day after `date` (the date itself does not count). */
export function addWorkingDays(date: IsoDate, n: number, cal: WorkingCalendar): IsoDate {
  let d = date;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (isWorkingDay(d, cal)) left -= 1;
  }
  return d;
}
