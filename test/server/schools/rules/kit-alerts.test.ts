import { describe, expect, it } from 'vitest';
import { kitAlerts, puffsRemaining, type InventoryMdi } from '../../../../server/schools/rules';

const today = '2025-10-15';
const mdi = (expiry: string, remaining = 200): InventoryMdi => ({ batch: 'B1', expiry, labelledDoses: 200, remaining });
const alertsFor = (m: InventoryMdi, on = today) => kitAlerts([{ id: 'kit-1', mdis: [m], lastCheckDate: '2025-10-01' }], on);

describe('MDI expiry alerts', () => {
  it('within 60 days (60 yes, 61 no), to be reordered 7 days before expiry', () => {
    expect(alertsFor(mdi('2025-12-14'))).toEqual([{ kitId: 'kit-1', mdiBatch: 'B1', kind: 'mdiExpiry', level: 'within60', dueDate: '2025-12-07' }]);
    expect(alertsFor(mdi('2025-12-15'))).toEqual([]);
  });
  it('within 30 days (30 yes, 31 is still the 60-day alert)', () => {
    expect(alertsFor(mdi('2025-11-14')).map((a) => a.level)).toEqual(['within30']);
    expect(alertsFor(mdi('2025-11-15')).map((a) => a.level)).toEqual(['within60']);
  });
  it('within 7 days (7 yes, 8 is the 30-day alert); the reorder date is never before today', () => {
    expect(alertsFor(mdi('2025-10-22'))).toEqual([{ kitId: 'kit-1', mdiBatch: 'B1', kind: 'mdiExpiry', level: 'within7', dueDate: '2025-10-15' }]);
    expect(alertsFor(mdi('2025-10-23')).map((a) => a.level)).toEqual(['within30']);
  });
  it('expired on its expiry date, and a month-only expiry after the month ends', () => {
    expect(alertsFor(mdi('2025-10-15'))).toEqual([{ kitId: 'kit-1', mdiBatch: 'B1', kind: 'mdiExpiry', level: 'expired' }]);
    expect(alertsFor(mdi('2025-09')).map((a) => a.level)).toEqual(['expired']);
    expect(alertsFor(mdi('2025-10')).map((a) => a.level)).toEqual(['within30']);
  });
  it('an expired MDI gets one alert whatever its count', () => {
    expect(alertsFor(mdi('2025-10-01', 5)).map((a) => a.level)).toEqual(['expired']);
  });
});

describe('MDI puff alerts', () => {
  it('below 40 puffs (39 yes, 40 no) and below 20 (19 yes, 20 is below 40)', () => {
    expect(alertsFor(mdi('2026-08', 40))).toEqual([]);
    expect(alertsFor(mdi('2026-08', 39))).toEqual([{ kitId: 'kit-1', mdiBatch: 'B1', kind: 'mdiPuffs', level: 'below40' }]);
    expect(alertsFor(mdi('2026-08', 20)).map((a) => a.level)).toEqual(['below40']);
    expect(alertsFor(mdi('2026-08', 19)).map((a) => a.level)).toEqual(['below20']);
  });
  it('reads the counter or the puffs used', () => {
    expect(puffsRemaining({ batch: 'B1', expiry: '2026-08', labelledDoses: 200, puffsUsed: 185 })).toBe(15);
    expect(puffsRemaining({ batch: 'B1', expiry: '2026-08', labelledDoses: 200, remaining: 120 })).toBe(120);
    expect(puffsRemaining({ batch: 'B1', expiry: '2026-08', labelledDoses: 200, puffsUsed: 230 })).toBe(0);
    expect(alertsFor({ batch: 'B1', expiry: '2026-08', labelledDoses: 200, puffsUsed: 185 }).map((a) => a.level)).toEqual(['below20']);
  });
  it('an MDI can be both near expiry and low', () => {
    expect(alertsFor(mdi('2025-11-01', 30)).map((a) => `${a.kind}:${a.level}`)).toEqual(['mdiExpiry:within30', 'mdiPuffs:below40']);
  });
});

describe('monthly kit check', () => {
  const kit = (lastCheckDate: string | null) => ({ id: 'kit-1', mdis: [], lastCheckDate });
  it('reminds from the 1st when the kit has no check this calendar month', () => {
    expect(kitAlerts([kit('2025-09-28')], '2025-10-01')).toEqual([{ kitId: 'kit-1', kind: 'kitCheck', level: 'reminder', dueDate: '2025-10-09' }]);
    expect(kitAlerts([kit('2025-09-28')], '2025-10-09').map((a) => a.level)).toEqual(['reminder']);
  });
  it('is overdue from the 10th', () => {
    expect(kitAlerts([kit('2025-09-28')], '2025-10-10').map((a) => a.level)).toEqual(['overdue']);
    expect(kitAlerts([kit(null)], '2025-10-31').map((a) => a.level)).toEqual(['overdue']);
  });
  it('is quiet once the kit has been checked this month', () => {
    expect(kitAlerts([kit('2025-10-01')], '2025-10-10')).toEqual([]);
    expect(kitAlerts([kit('2025-10-01')], '2025-10-31')).toEqual([]);
  });
  it('lists alerts kit by kit', () => {
    const kits = [
      { id: 'kit-1', mdis: [mdi('2025-10-01')], lastCheckDate: '2025-10-02' },
      { id: 'kit-2', mdis: [mdi('2026-08')], lastCheckDate: '2025-09-30' },
    ];
    expect(kitAlerts(kits, '2025-10-12').map((a) => `${a.kitId} ${a.kind} ${a.level}`)).toEqual(['kit-1 mdiExpiry expired', 'kit-2 kitCheck overdue']);
  });
});
