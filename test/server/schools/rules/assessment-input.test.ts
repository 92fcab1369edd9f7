import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { assessmentInputSchema, type AssessmentInput } from '../../../../server/schools/rules';
import { exemplarySchool, kit } from './school-fixture';

function issues(input: unknown) {
  const parsed = assessmentInputSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
}

describe('assessment input schema', () => {
  it('describes exactly the AssessmentInput type', () => {
    expectTypeOf<z.infer<typeof assessmentInputSchema>>().toEqualTypeOf<AssessmentInput>();
  });
  it('accepts the worked example, with month-only and full-date expiries', () => {
    const input = exemplarySchool({ kits: [kit('Kit 1', [['2026-08', 200]]), kit('Kit 2', [['2026-08-31', 200]])] });
    expect(assessmentInputSchema.parse(input)).toEqual(input);
  });
  it('rejects dates that are not on the calendar', () => {
    expect(issues(exemplarySchool({ date: '2026-02-30' }))).toEqual(['date']);
    expect(issues(exemplarySchool({ lastDrill: '2025-13-01' }))).toEqual(['lastDrill']);
    expect(issues(exemplarySchool({ kits: [kit('Kit 1', [['2026-13', 200]])] }))).toEqual(['kits.0.mdis.0.expiry']);
  });
  it('requires counts to be non-negative integers and shares within range', () => {
    expect(issues(exemplarySchool({ enrolment: -1 }))).toEqual(['enrolment']);
    expect(issues(exemplarySchool({ registered: 14.5 }))).toEqual(['registered']);
    expect(issues(exemplarySchool({ staffBriefedPct: 1.2 }))).toEqual(['staffBriefedPct']);
    expect(issues(exemplarySchool({ staffKnewLocation: 3 }))).toEqual(['staffKnewLocation']);
    expect(issues(exemplarySchool({ monthlyChecksLast3: 4 }))).toEqual(['monthlyChecksLast3']);
    expect(issues(exemplarySchool({ campuses: 0 }))).toEqual(['campuses']);
    expect(issues(exemplarySchool({ kits: [kit('Kit 1', [['2026-08', -5]], { spacers: 1.5 })] }))).toEqual(['kits.0.spacers', 'kits.0.mdis.0.remaining']);
  });
  it('reports inconsistent counts on the part that is too large', () => {
    expect(issues(exemplarySchool({ plansValid: 15 }))).toEqual(['plansValid']);
    expect(issues(exemplarySchool({ consents: 15 }))).toEqual(['consents']);
    expect(issues(exemplarySchool({ usesLoggedComplete: 3, usesParentNotified: 3 }))).toEqual(['usesLoggedComplete', 'usesParentNotified']);
  });
  it('rejects a training or drill dated after the assessment', () => {
    const late = { name: 'Wang Fang', date: '2025-10-16', pass: true };
    expect(issues(exemplarySchool({ staffTraining: [late] }))).toEqual(['staffTraining.0.date']);
    expect(issues(exemplarySchool({ lastDrill: '2025-10-16' }))).toEqual(['lastDrill']);
  });
});
