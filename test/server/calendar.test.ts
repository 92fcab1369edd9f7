import { describe, expect, it } from 'vitest';
import { addDays, addMonths, ageInYears, daysBetween, isIsoDate, lastDayOfMonth, shanghaiDate } from '../../server/calendar';

describe('calendar', () => {
  it('rejects impossible dates', () => {
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-2-3')).toBe(false);
  });
  it('accepts exactly what the regular expression and Date.UTC accepted, full-width digits refused', () => {
    const byDate = (value: string) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      if (!m) return false;
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const t = new Date(Date.UTC(y, mo - 1, d));
      return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
    };
    const candidates: string[] = [
      '',
      '2026-02-3',
      '2026-02-030',
      '2026/02/03',
      '2026-00-10',
      '2026-13-01',
      '2026-01-00',
      '0000-01-01',
      '0099-12-31',
      '0100-01-01',
      '9999-12-31',
      '２０２６-０２-０３',
      '2026-0２-03',
      '+026-02-03',
      '-026-02-03',
      ' 2026-02-03',
      '2026-02-03 ',
      '2026-1a-03',
    ];
    for (let y = 1896; y <= 2104; y += 4) for (let mo = 0; mo <= 13; mo++) for (let d = 0; d <= 32; d++) candidates.push(`${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    for (const y of [1900, 2000, 2100, 2023]) for (const d of [28, 29, 30]) candidates.push(`${y}-02-${d}`);
    const differ = candidates.filter((c) => isIsoDate(c) !== byDate(c));
    expect(differ).toEqual([]);
    expect(candidates.filter(isIsoDate).length).toBeGreaterThan(10_000);
  });
  it('adds days across month and year ends', () => {
    expect(addDays('2026-03-02', 14)).toBe('2026-03-16');
    expect(addDays('2025-12-25', 10)).toBe('2026-01-04');
    expect(daysBetween('2025-10-15', '2026-10-15')).toBe(365);
  });
  it('counts completed years', () => {
    expect(ageInYears('2020-03-03', '2026-03-02')).toBe(5);
    expect(ageInYears('2020-03-02', '2026-03-02')).toBe(6);
  });
  it('knows month ends and clamps month arithmetic', () => {
    expect(lastDayOfMonth('2026-08')).toBe('2026-08-31');
    expect(lastDayOfMonth('2024-02')).toBe('2024-02-29');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
  });
  it('takes the Shanghai date of an instant', () => {
    expect(shanghaiDate(new Date('2026-03-01T16:30:00Z'))).toBe('2026-03-02');
    expect(shanghaiDate(new Date('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
  });
  it('agrees with Date on every day from 1900 to 2100 (the arithmetic replaced toISOString)', () => {
    const DAY = 86_400_000;
    const wrong: string[] = [];
    for (let ms = Date.UTC(1900, 0, 1); ms <= Date.UTC(2100, 11, 31); ms += DAY) {
      const iso = new Date(ms).toISOString().slice(0, 10);
      // shanghaiDate adds 8 hours: both ends of the Shanghai day map to it.
      if (shanghaiDate(new Date(ms - 8 * 3_600_000)) !== iso || shanghaiDate(new Date(ms + 16 * 3_600_000 - 1)) !== iso) wrong.push(iso);
    }
    expect(wrong).toEqual([]);
    expect(addDays('1999-12-31', 1)).toBe('2000-01-01');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(daysBetween('1900-01-01', '2100-12-31')).toBe(73_413);
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2026-13-01', 1)).toThrow(RangeError);
    expect(() => daysBetween('2026-1-01', '2026-01-02')).toThrow(RangeError);
  });
  it('reads dates as Date does, every day from 1900 to 2100, and refuses what is not one (arithmetic replaced the regular expression)', () => {
    const DAY = 86_400_000;
    const wrong: string[] = [];
    for (let ms = Date.UTC(1900, 0, 1); ms <= Date.UTC(2100, 11, 31); ms += DAY) {
      const iso = new Date(ms).toISOString().slice(0, 10);
      if (daysBetween('1970-01-01', iso) !== ms / DAY || addDays(iso, 1) !== new Date(ms + DAY).toISOString().slice(0, 10)) wrong.push(iso);
    }
    expect(wrong).toEqual([]);
    for (const bad of ['2026-0a-01', '２０２６-01-01', ' 2026-01-01', '2026-01-011', '2026/01/01', '2026-00-10', '2026-01-00', '2025-02-29', '', '2026-01-1']) {
      expect(() => addDays(bad, 0), bad).toThrow(RangeError);
    }
    expect(ageInYears('2016-02-29', '2026-02-28')).toBe(9);
    expect(ageInYears('2016-02-29', '2026-03-01')).toBe(10);
  });
  it('adds months as the calendar does, across years and both ways', () => {
    // Reference: Date's own month arithmetic, clamped to the target month's last day.
    const reference = (date: string, months: number) => {
      const [y, m, d] = date.split('-').map(Number) as [number, number, number];
      const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
      return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
    };
    for (const date of ['2024-01-31', '2024-02-29', '2025-03-31', '2025-12-15', '2026-08-31', '2000-02-29', '1999-11-30']) {
      const got = Array.from({ length: 123 }, (_, i) => addMonths(date, i - 61));
      expect(got).toEqual(Array.from({ length: 123 }, (_, i) => reference(date, i - 61)));
    }
    expect(addMonths('2026-11-27', -12)).toBe('2025-11-27');
    expect(lastDayOfMonth('2100-02')).toBe('2100-02-28');
    expect(lastDayOfMonth('2000-02')).toBe('2000-02-29');
  });
});
