// Builds assessment inputs with the worked examples' stated defaults (docs/school-rubric.md).
import type { AssessmentInput, KitObservation, StaffTraining } from '../../../../server/schools/rules';

export const ASSESSMENT_DATE = '2025-10-15';

/** A kit with the defaults: unlocked, stored well, all 5 documents, 2 spacers; one MDI per [expiry, puffs]. */
export function kit(label: string, mdis: [expiry: string, remaining: number][], overrides: Partial<KitObservation> = {}): KitObservation {
  return {
    label,
    spacers: 2,
    unlocked: true,
    storageOk: true,
    docs: { instructionCard: true, leaflet: true, checkCard: true, adminRecord: true, replacementNote: true },
    mdis: mdis.map(([expiry, remaining], i) => ({ batch: `${label}-B${i + 1}`, expiry, remaining })),
    ...overrides,
  };
}

/** `count` staff trained on 2025-03-10 and passed, the examples' default. */
export function trainedStaff(count: number, date = '2025-03-10'): StaffTraining[] {
  return Array.from({ length: count }, (_, i) => ({ name: `Teacher ${i + 1}`, date, pass: true }));
}

export function assessment(overrides: Partial<AssessmentInput>): AssessmentInput {
  return {
    date: ASSESSMENT_DATE,
    enrolment: 450,
    campuses: 1,
    kits: [],
    staffKnewLocation: 2,
    healthStaffOk: true,
    staffBriefedPct: 0.9,
    staffTraining: [],
    registerUpdatedThisTerm: true,
    registerAccessible: true,
    registered: 0,
    plansValid: 0,
    consents: 0,
    procedure: true,
    postersAllKitLocations: true,
    lastDrill: '2025-05-20',
    monthlyChecksLast3: 3,
    uses: 0,
    usesLoggedComplete: 0,
    usesParentNotified: 0,
    ...overrides,
  };
}

/** Example 1's school: everything in order, score 100.0, grade A. */
export function exemplarySchool(overrides: Partial<AssessmentInput> = {}): AssessmentInput {
  return assessment({
    enrolment: 450,
    kits: [kit('Kit 1', [['2026-08-31', 196]]), kit('Kit 2', [['2026-08-31', 200]]), kit('Kit 3', [['2026-11-30', 200]])],
    staffTraining: trainedStaff(3),
    registered: 14,
    plansValid: 14,
    consents: 14,
    uses: 2,
    usesLoggedComplete: 2,
    usesParentNotified: 2,
    ...overrides,
  });
}
