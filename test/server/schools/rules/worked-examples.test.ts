// The four worked examples of docs/school-rubric.md, assessment date 2025-10-15, reproduced exactly.
import { describe, expect, it } from 'vitest';
import { rubricV1, scoreAssessment, type AssessmentResult } from '../../../../server/schools/rules';
import { assessment, exemplarySchool, kit, trainedStaff } from './school-fixture';

const brief = (result: AssessmentResult) => result.actions.map((a) => `${a.item} ${a.priority} ${a.dueDate}`);

describe('worked examples (docs/school-rubric.md)', () => {
  it('1. "450 pupils; 3 kits ...; 3 trained; 14 registered, 14 plans, 14 consents; 2 uses -> score 100.0, grade A, no actions"', () => {
    const result = scoreAssessment(exemplarySchool(), rubricV1);
    expect(result.score).toBe(100);
    expect(result.band).toBe('A');
    expect(result.grade).toBe('A');
    expect(result.gradeLabel).toEqual({ zh: '优秀', en: 'Excellent' });
    expect(result.caps).toEqual([]);
    expect(result.notApplicable).toEqual([]);
    expect(Object.values(result.fractions).length).toBeGreaterThan(0);
    expect(Object.values(result.fractions).every((f) => f === 1)).toBe(true);
    expect(result.actions).toEqual([]);
    expect(result.alerts).toEqual([]);
    expect(result.reassessBy).toBe('2026-04-15');
    expect(result.rubricVersion).toBe('v1');
  });

  it('2. "1200 pupils; 4 kits ...; 4 trained; 60 % briefed ... -> score 88.9, grade B" with its seven actions', () => {
    const input = assessment({
      enrolment: 1200,
      kits: [kit('Kit 1', [['2026-06-30', 150]]), kit('Kit 2', [['2026-06-30', 170]]), kit('Kit 3', [['2026-06-30', 190]]), kit('Kit 4', [['2026-06-30', 200]], { spacers: 1 })],
      staffTraining: trainedStaff(4),
      staffBriefedPct: 0.6,
      registered: 40,
      plansValid: 28,
      consents: 30,
      uses: 5,
      usesLoggedComplete: 5,
      usesParentNotified: 4,
    });
    const result = scoreAssessment(input, rubricV1);
    const f = result.fractions;
    expect(f.A1).toBe(0.8);
    expect(f.A5).toBe(0.75);
    expect(f.C1).toBeCloseTo(0.667, 3);
    expect(f.C1).toBe(4 / 6); // exact, rounded only for display
    expect(f.C3).toBeCloseTo(0.75, 12);
    expect(f.D2).toBe(0.7);
    expect(f.D3).toBe(0.75);
    expect(f.F3).toBe(0.8);
    const others = Object.entries(f).filter(([id]) => !['A1', 'A5', 'C1', 'C3', 'D2', 'D3', 'F3'].includes(id));
    expect(others.length).toBeGreaterThan(0);
    expect(others.every(([, value]) => value === 1)).toBe(true);
    expect(result.score).toBe(88.9);
    expect(result.grade).toBe('B');
    expect(result.gradeLabel).toEqual({ zh: '达标', en: 'Meets standard' });
    expect(result.caps).toEqual([]);
    expect(brief(result)).toEqual(['A1 P2 2025-10-29', 'A5 P3 2025-10-29', 'C1 P3 2025-11-14', 'C3 P3 2025-11-14', 'D2 P3 2025-11-14', 'D3 P3 2025-11-14', 'F3 P2 2025-10-22']);
    expect(result.actions[0]?.text.en).toBe('Bring the number of kits up to 5');
    expect(result.actions[2]?.text.en).toBe('Bring trained staff up to 6');
    expect(result.alerts).toEqual([]);
    expect(result.reassessBy).toBe('2026-04-15');
  });

  it('3. "600 pupils; 3 kits; kit 1\'s MDI expired 2025-09-30 ... -> score 95.1 (band A) but capped: grade C"', () => {
    const input = assessment({
      enrolment: 600,
      kits: [kit('Kit 1', [['2025-09-30', 200]]), kit('Kit 2', [['2026-05-31', 200]]), kit('Kit 3', [['2026-05-31', 200]])],
      staffTraining: trainedStaff(3),
      registered: 20,
      plansValid: 20,
      consents: 19,
      uses: 1,
      usesLoggedComplete: 1,
      usesParentNotified: 1,
      monthlyChecksLast3: 1,
    });
    const result = scoreAssessment(input, rubricV1);
    expect(result.fractions.A2).toBe(1); // the expired MDI is still an MDI in the kit
    expect(result.fractions.A3).toBe(2 / 3);
    expect(result.score).toBe(95.1);
    expect(result.band).toBe('A');
    expect(result.caps).toEqual(['kitWithoutInDateMdi']);
    expect(result.grade).toBe('C');
    expect(result.gradeLabel).toEqual({ zh: '基本达标', en: 'Basically meets' });
    expect(result.reassessBy).toBe('2025-12-14');
    expect(brief(result)).toEqual(['A3 P2 2025-10-22', 'D3 P3 2025-11-14', 'F1 P3 2025-11-14']);
    expect(result.alerts).toEqual([]);
  });

  it('4. "180 pupils; 2 kits, kit 1\'s MDI expires 2025-11-05 ... -> score 100.0, grade A, one alert ... by 2025-10-29"', () => {
    const input = assessment({
      enrolment: 180,
      kits: [kit('Kit 1', [['2025-11-05', 200]]), kit('Kit 2', [['2026-09-30', 200]])],
      staffTraining: trainedStaff(2),
    });
    const result = scoreAssessment(input, rubricV1);
    expect(result.notApplicable).toEqual(['D2', 'D3', 'F2', 'F3']);
    expect(Object.keys(result.fractions)).not.toContain('D2');
    expect(result.score).toBe(100);
    expect(result.grade).toBe('A');
    expect(result.actions).toEqual([]);
    expect(result.alerts).toEqual([
      {
        kind: 'alert',
        item: 'A3',
        trigger: 'mdiExpiringSoon',
        priority: 'P2',
        dueDate: '2025-10-29',
        owner: 'nurse',
        text: { zh: '为Kit 1的气雾剂（批号 Kit 1-B1）订购替换', en: 'Order a replacement for the MDI in Kit 1 (batch Kit 1-B1)' },
        kitLabel: 'Kit 1',
        mdiBatch: 'Kit 1-B1',
      },
    ]);
  });
});
