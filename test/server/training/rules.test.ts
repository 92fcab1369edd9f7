// The readiness and coverage rules on a population small enough to check by hand.
import { describe, expect, it } from 'vitest';
import { beforeAfterWindows, belowDistrict, coverageOf, DEFAULT_PREVALENCE, districtCoverage, expectedChildren, monthEnds, populationFor } from '../../../server/training/rules/coverage';
import { centreReadiness, certificateExpiry, clinicianStatus, DEFAULT_VALID_MONTHS, type TrainingRecord } from '../../../server/training/rules/readiness';

const TODAY = '2026-03-02';
const rec = (clinicianId: string, centerId: string, over: Partial<TrainingRecord> = {}): TrainingRecord => ({
  clinicianId,
  centerId,
  format: 'workshop',
  attended: true,
  competency: 'pass',
  competencyDate: '2025-06-01',
  validMonths: DEFAULT_VALID_MONTHS,
  ...over,
});

describe('certificates', () => {
  it("expire after the course's period, two years by default", () => {
    expect(DEFAULT_VALID_MONTHS).toBe(24);
    expect(certificateExpiry('2025-06-01', 24)).toBe('2027-06-01');
    expect(certificateExpiry('2024-02-29', 12)).toBe('2025-02-28');
  });

  it('need attendance and a passed check; the latest-expiring one decides', () => {
    expect(clinicianStatus([], TODAY).status).toBe('untrained');
    expect(clinicianStatus([rec('a', 'A', { competency: 'fail' })], TODAY).status).toBe('untrained');
    expect(clinicianStatus([rec('a', 'A', { attended: false })], TODAY).status).toBe('untrained');
    expect(clinicianStatus([rec('a', 'A')], TODAY)).toEqual({ status: 'trained', expiresOn: '2027-06-01', trainedSince: '2025-06-01' });
    // Passed 2024-03-02: expires today, so lapsed today; a renewal the same year makes it valid again.
    expect(clinicianStatus([rec('a', 'A', { competencyDate: '2024-03-02' })], TODAY).status).toBe('lapsed');
    expect(clinicianStatus([rec('a', 'A', { competencyDate: '2024-03-02' }), rec('a', 'A', { competencyDate: '2026-01-10' })], TODAY)).toEqual({ status: 'trained', expiresOn: '2028-01-10', trainedSince: '2024-03-02' });
  });

  it('are due for renewal within 90 days of expiry, and still count as trained', () => {
    // Expires 2026-05-31 (90 days after 2026-03-02): due. 2026-06-01: not yet.
    expect(clinicianStatus([rec('a', 'A', { competencyDate: '2024-05-31' })], TODAY).status).toBe('due');
    expect(clinicianStatus([rec('a', 'A', { competencyDate: '2024-06-01' })], TODAY).status).toBe('trained');
  });
});

describe("a centre's readiness", () => {
  // Centre A: 4 clinicians. a1 trained; a2 due (expires 2026-04-15); a3 lapsed; a4 failed.
  // a1 also did a placement; a3's old placement counts too. Centre B: 1 clinician, never trained.
  const clinicians = [
    { id: 'a1', centerId: 'A' },
    { id: 'a2', centerId: 'A' },
    { id: 'a3', centerId: 'A' },
    { id: 'a4', centerId: 'A' },
    { id: 'b1', centerId: 'B' },
  ];
  const records = [
    rec('a1', 'A'),
    rec('a1', 'A', { format: 'placement', competency: null, competencyDate: null }),
    rec('a2', 'A', { competencyDate: '2024-04-15' }),
    rec('a3', 'A', { competencyDate: '2023-09-01', format: 'placement' }),
    rec('a4', 'A', { competency: 'fail' }),
    rec('b1', 'B', { attended: false, competency: null, competencyDate: null, format: 'placement' }),
  ];
  it('counts trained (due included), due soon, lapsed and placements', () => {
    const rows = centreReadiness(clinicians, records, TODAY);
    expect(rows.find((r) => r.centerId === 'A')).toEqual({ centerId: 'A', clinicians: 4, trained: 2, dueSoon: 1, lapsed: 1, placements: 2, firstTrainedOn: '2023-09-01' });
    expect(rows.find((r) => r.centerId === 'B')).toEqual({ centerId: 'B', clinicians: 1, trained: 0, dueSoon: 0, lapsed: 0, placements: 0, firstTrainedOn: null });
  });
  it('changes when one more clinician passes', () => {
    const rows = centreReadiness(clinicians, [...records, rec('b1', 'B', { competencyDate: TODAY })], TODAY);
    expect(rows.find((r) => r.centerId === 'B')!.trained).toBe(1);
  });
});

describe('treatment coverage', () => {
  // Centre A: 20 000 children 0-14 × 5 % = 1 000 expected; 250 managed: 25 %.
  // Centre B: 8 000 × 5 % = 400 expected; 200 managed: 50 %. District: 450 / 1 400 = 32.1 %.
  const a = { centerId: 'A', underManagement: 250, expected: expectedChildren(20_000, 5), value: coverageOf(250, 1000) };
  const b = { centerId: 'B', underManagement: 200, expected: expectedChildren(8_000, 5), value: coverageOf(200, 400) };
  const none = { centerId: 'C', underManagement: 30, expected: 0, value: coverageOf(30, 0) };

  it('is children under management over population × prevalence', () => {
    expect(a.expected).toBe(1000);
    expect(a.value).toBe(0.25);
    expect(b.value).toBe(0.5);
    expect(none.value).toBeNull();
  });

  it('sums the centres with a population before dividing, and marks those below it', () => {
    const d = districtCoverage([a, b, none]);
    expect(d).toEqual({ centerId: 'district', underManagement: 450, expected: 1400, value: 450 / 1400 });
    expect(belowDistrict(a.value, d.value)).toBe(true);
    expect(belowDistrict(b.value, d.value)).toBe(false);
    expect(belowDistrict(null, d.value)).toBe(false);
  });

  it('defaults to the Shanghai figure of the national survey, and uses the population of the year or the one before', () => {
    expect(DEFAULT_PREVALENCE.percent).toBe(5.28);
    expect(DEFAULT_PREVALENCE.source).toMatch(/Shanghai/);
    const rows = [
      { year: 2024, population: 100 },
      { year: 2026, population: 120 },
    ];
    expect(populationFor(rows, 2025)).toBe(100);
    expect(populationFor(rows, 2026)).toBe(120);
    expect(populationFor(rows, 2023)).toBe(100);
    expect(populationFor([], 2026)).toBeNull();
  });

  it('runs month by month, the current month to today', () => {
    expect(monthEnds('2025-12-15', TODAY)).toEqual([
      { month: '2025-12', end: '2025-12-31' },
      { month: '2026-01', end: '2026-01-31' },
      { month: '2026-02', end: '2026-02-28' },
      { month: '2026-03', end: TODAY },
    ]);
  });

  it('compares six months before the first training with up to six months after', () => {
    expect(beforeAfterWindows('2025-10-01', TODAY)).toEqual({ before: { from: '2025-04-01', to: '2025-09-30' }, after: { from: '2025-10-01', to: TODAY } });
    expect(beforeAfterWindows('2025-06-01', TODAY).after).toEqual({ from: '2025-06-01', to: '2025-11-30' });
    expect(beforeAfterWindows(TODAY, TODAY).after).toBeNull();
  });
});
