import { describe, expect, it } from 'vitest';
import { GINA_LEVEL_LABELS, GINA_QUESTIONS, ginaAgeBand, ginaControlLevel, isHighRisk, type GinaAnswers } from '../../../../server/followups/rules';

const none = { ocsCourses: 0, edVisits: 0, admissions: 0 };

function answers(yes: number): GinaAnswers {
  return { q1: yes > 0, q2: yes > 1, q3: yes > 2, q4: yes > 3 };
}

describe('GINA symptom control (spec §2)', () => {
  it('Count the "yes" answers: 0 -> well controlled (良好控制), 1-2 -> partly controlled (部分控制), 3-4 -> uncontrolled (未控制)', () => {
    expect([0, 1, 2, 3, 4].map((yes) => ginaControlLevel(answers(yes)))).toEqual(['well', 'partly', 'partly', 'uncontrolled', 'uncontrolled']);
    expect(GINA_LEVEL_LABELS.well.zh).toBe('良好控制');
    expect(GINA_LEVEL_LABELS.partly.zh).toBe('部分控制');
    expect(GINA_LEVEL_LABELS.uncontrolled.zh).toBe('未控制');
  });
  it('counts answers, not which questions', () => {
    expect(ginaControlLevel({ q1: false, q2: false, q3: false, q4: true })).toBe('partly');
    expect(ginaControlLevel({ q1: false, q2: true, q3: true, q4: true })).toBe('uncontrolled');
  });
});

describe('question wording by age band', () => {
  it('6 y and over vs 5 y and under', () => {
    expect(ginaAgeBand(5)).toBe('5_and_under');
    expect(ginaAgeBand(6)).toBe('6_and_over');
    expect(ginaAgeBand(0)).toBe('5_and_under');
  });
  it('has zh and en text for all four questions in both bands', () => {
    for (const band of Object.values(GINA_QUESTIONS)) {
      expect(Object.keys(band)).toEqual(['q1', 'q2', 'q3', 'q4']);
      for (const text of Object.values(band)) {
        expect(text.zh.length).toBeGreaterThan(0);
        expect(text.en.length).toBeGreaterThan(0);
      }
    }
  });
  it('follows the table: for 5 and under Q2 is activity and Q4 night waking or coughing', () => {
    expect(GINA_QUESTIONS['6_and_over'].q2.en).toMatch(/night waking/);
    expect(GINA_QUESTIONS['6_and_over'].q3.en).toMatch(/more than twice a week/);
    expect(GINA_QUESTIONS['5_and_under'].q2.en).toMatch(/activity limitation/);
    expect(GINA_QUESTIONS['5_and_under'].q3.en).toMatch(/more than once a week/);
    expect(GINA_QUESTIONS['5_and_under'].q4.en).toMatch(/night coughing/);
  });
});

describe('highRisk (design)', () => {
  it('highRisk when the child is uncontrolled', () => {
    expect(isHighRisk({ ginaLevel: 'uncontrolled', exacerbationsLast12Months: none })).toBe(true);
  });
  it('or had a severe exacerbation (oral steroid course, emergency visit or admission) in the last 12 months', () => {
    expect(isHighRisk({ ginaLevel: 'well', exacerbationsLast12Months: { ...none, ocsCourses: 1 } })).toBe(true);
    expect(isHighRisk({ ginaLevel: 'well', exacerbationsLast12Months: { ...none, edVisits: 1 } })).toBe(true);
    expect(isHighRisk({ ginaLevel: 'partly', exacerbationsLast12Months: { ...none, admissions: 1 } })).toBe(true);
  });
  it('or ever needed intensive care for asthma', () => {
    expect(isHighRisk({ ginaLevel: 'well', exacerbationsLast12Months: none, everIntensiveCare: true })).toBe(true);
  });
  it('otherwise not, even when partly controlled', () => {
    expect(isHighRisk({ ginaLevel: 'partly', exacerbationsLast12Months: none, everIntensiveCare: false })).toBe(false);
    expect(isHighRisk({ ginaLevel: 'well', exacerbationsLast12Months: none })).toBe(false);
  });
});
