// Edges of the school rules that mutation testing (issue 38) found unpinned. Expected values come
// from docs/school-rubric.md: a check with nothing to satisfy it fails (fraction 0, not "n/a"), a
// drill counts from its own day, an unreadable expiry is refused by name, and the assessment form
// refuses a training or drill dated after the assessment (the same day is fine) with the i18n key.
import { describe, expect, it } from 'vitest';
import { assessmentInputSchema, kitAlerts, mdiExpiryDate, rubricV1, scoreAssessment } from '../../../../server/schools/rules';
import { ASSESSMENT_DATE, exemplarySchool, trainedStaff } from './school-fixture';

describe('scoreAssessment edges', () => {
  it('a school without kits scores 0 on the kit checks rather than failing to score', () => {
    const result = scoreAssessment(exemplarySchool({ kits: [] }), rubricV1);
    expect(result.fractions.A3).toBe(0);
    expect(result.fractions.A4).toBe(0);
    expect(Number.isFinite(result.score)).toBe(true);
  });

  it('a drill on the assessment day counts as recent; one dated after it does not', () => {
    expect(scoreAssessment(exemplarySchool({ lastDrill: ASSESSMENT_DATE }), rubricV1).fractions.E3).toBe(1);
    expect(scoreAssessment(exemplarySchool({ lastDrill: '2025-10-16' }), rubricV1).fractions.E3).toBe(0);
  });
});

describe('mdiExpiryDate', () => {
  it('reads a month as its last day and refuses anything else by name', () => {
    expect(mdiExpiryDate('2026-02')).toBe('2026-02-28');
    expect(() => mdiExpiryDate('02/2026')).toThrow(new RangeError('not an MDI expiry: 02/2026'));
  });
});

describe('assessmentInputSchema dates and counts', () => {
  const issues = (over: Parameters<typeof exemplarySchool>[0]) => {
    const r = assessmentInputSchema.safeParse(exemplarySchool(over));
    return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  };

  it('takes a training and a drill on the assessment day', () => {
    expect(issues({ staffTraining: trainedStaff(3, ASSESSMENT_DATE), lastDrill: ASSESSMENT_DATE })).toEqual([]);
  });

  it('refuses a training or a drill after the assessment day, and a part larger than its whole', () => {
    expect(issues({ staffTraining: [...trainedStaff(1), { name: 'Late', date: '2025-10-16', pass: true }] })).toEqual([{ path: 'staffTraining.1.date', message: 'v.school.afterAssessment' }]);
    expect(issues({ lastDrill: '2025-10-16' })).toEqual([{ path: 'lastDrill', message: 'v.school.afterAssessment' }]);
    expect(issues({ uses: 1, usesLoggedComplete: 2, usesParentNotified: 1 })).toEqual([{ path: 'usesLoggedComplete', message: 'v.school.notMoreThan' }]);
  });
});

describe('kitAlerts', () => {
  it("carries the stored MDI's id into its alerts, and only the batch when there is no id", () => {
    // Expired in September 2025, checked on 2025-10-02: an expiry alert for each MDI.
    const kit = {
      id: 'k1',
      lastCheckDate: '2025-10-02',
      mdis: [
        { id: 'm1', batch: 'B1', expiry: '2025-09', labelledDoses: 200, remaining: 150 },
        { batch: 'B2', expiry: '2025-09', labelledDoses: 200, remaining: 150 },
      ],
    };
    const alerts = kitAlerts([kit], '2025-10-15');
    expect(alerts).toEqual([
      { kitId: 'k1', mdiId: 'm1', mdiBatch: 'B1', kind: 'mdiExpiry', level: 'expired' },
      { kitId: 'k1', mdiBatch: 'B2', kind: 'mdiExpiry', level: 'expired' },
    ]);
    expect('mdiId' in alerts[1]!).toBe(false);
  });
});
