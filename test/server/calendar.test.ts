import { describe, expect, it } from 'vitest';
import { addDays, addMonths, ageInYears, daysBetween, isIsoDate, lastDayOfMonth, shanghaiDate } from '../../server/calendar';

describe('calendar', () => {
  it('rejects impossible dates', () => {
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-2-3')).toBe(false);
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
});
