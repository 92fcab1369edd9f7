import { describe, expect, it } from 'vitest';
import { isMdiExpired, isMdiExpiry, isTrainingValid, kitsRequired, mdiExpiryDate, replacementDueDate, trainedRequired, validlyTrainedCount } from '../../../../server/schools/rules';

describe('kitsRequired', () => {
  it('"kitsRequired(300) = 2, kitsRequired(301) = 3"', () => {
    expect(kitsRequired(300)).toBe(2);
    expect(kitsRequired(301)).toBe(3);
  });
  it('never asks for fewer than 2, one more per 300 pupils, one more per extra campus', () => {
    expect(kitsRequired(0)).toBe(2);
    expect(kitsRequired(600)).toBe(3);
    expect(kitsRequired(1200)).toBe(5);
    expect(kitsRequired(300, 2)).toBe(3);
    expect(kitsRequired(1200, 3)).toBe(7);
  });
});

describe('trainedRequired', () => {
  it('"trainedRequired(450) = 2, trainedRequired(451) = 3"', () => {
    expect(trainedRequired(450)).toBe(2);
    expect(trainedRequired(451)).toBe(3);
  });
  it('never fewer than 2; 1 per 225 pupils', () => {
    expect(trainedRequired(0)).toBe(2);
    expect(trainedRequired(1200)).toBe(6);
  });
});

describe('MDI expiry', () => {
  it('reads a month-only expiry as its last day', () => {
    expect(mdiExpiryDate('2026-08')).toBe('2026-08-31');
    expect(mdiExpiryDate('2026-02')).toBe('2026-02-28');
    expect(mdiExpiryDate('2024-02')).toBe('2024-02-29');
    expect(mdiExpiryDate('2026-08-15')).toBe('2026-08-15');
  });
  it('accepts only a month or a real date', () => {
    expect(isMdiExpiry('2026-08')).toBe(true);
    expect(isMdiExpiry('2026-13')).toBe(false);
    expect(isMdiExpiry('2026-02-30')).toBe(false);
    expect(() => mdiExpiryDate('Aug 2026')).toThrow(RangeError);
  });
  it('"An MDI whose expiry is on or before the assessment date is expired"', () => {
    expect(isMdiExpired('2025-10-15', '2025-10-15')).toBe(true);
    expect(isMdiExpired('2025-10-14', '2025-10-15')).toBe(true);
    expect(isMdiExpired('2025-10-16', '2025-10-15')).toBe(false);
  });
  it('a month-only expiry stays in date until the month is over', () => {
    expect(isMdiExpired('2025-10', '2025-10-30')).toBe(false);
    expect(isMdiExpired('2025-10', '2025-10-31')).toBe(true);
    expect(isMdiExpired('2025-09', '2025-10-15')).toBe(true);
  });
  it('orders a replacement 7 days before expiry, never before today', () => {
    expect(replacementDueDate('2025-11-05', '2025-10-15')).toBe('2025-10-29');
    expect(replacementDueDate('2025-10', '2025-10-15')).toBe('2025-10-24');
    expect(replacementDueDate('2025-10-18', '2025-10-15')).toBe('2025-10-15');
  });
});

describe('training validity', () => {
  const on = '2025-10-15';
  it('"valid when pass and date within 365 days (365 valid, 366 not)"', () => {
    expect(isTrainingValid({ name: 'Li', date: '2024-10-15', pass: true }, on)).toBe(true);
    expect(isTrainingValid({ name: 'Li', date: '2024-10-14', pass: true }, on)).toBe(false);
  });
  it('needs a pass and cannot lie in the future', () => {
    expect(isTrainingValid({ name: 'Li', date: '2025-03-10', pass: false }, on)).toBe(false);
    expect(isTrainingValid({ name: 'Li', date: '2025-10-15', pass: true }, on)).toBe(true);
    expect(isTrainingValid({ name: 'Li', date: '2025-10-16', pass: true }, on)).toBe(false);
  });
  it('counts people, not certificates', () => {
    const records = [
      { name: 'Wang Fang', date: '2025-03-10', pass: true },
      { name: 'wang fang ', date: '2025-09-01', pass: true },
      { name: 'Zhao Lei', date: '2025-03-10', pass: false },
      { name: 'Chen Jie', date: '2024-10-14', pass: true },
    ];
    expect(validlyTrainedCount(records, on)).toBe(1);
  });
});
