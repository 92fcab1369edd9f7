import { describe, expect, it } from 'vitest';
import { exacerbationsInLast12Months, referralSuggested, stepDownEligible, controlCallsForMore, maxGinaStep, stepUpPrompt, type AssessedFollowUp, type GinaLevel, type PromptReviewEvent } from '../../../../server/followups/rules';

const today = '2026-03-02';
const none = { ocsCourses: 0, edVisits: 0, admissions: 0 };

function followUp(date: string, ginaLevel: GinaLevel, extra: Partial<AssessedFollowUp> = {}): AssessedFollowUp {
  return { date, ginaLevel, treatmentChanged: false, exacerbations: none, ...extra };
}

describe('controlCallsForMore (the condition behind the step-up prompt)', () => {
  it('`stepUpSuggested` when uncontrolled', () => {
    expect(controlCallsForMore([followUp('2026-03-02', 'uncontrolled')])).toBe(true);
    expect(controlCallsForMore([followUp('2026-03-02', 'uncontrolled'), followUp('2026-02-01', 'well')])).toBe(true);
  });
  it('or partly controlled at two consecutive follow-ups', () => {
    expect(controlCallsForMore([followUp('2026-02-01', 'partly'), followUp('2026-03-02', 'partly')])).toBe(true);
  });
  it('not for a single partly-controlled follow-up, nor once control returns', () => {
    expect(controlCallsForMore([followUp('2026-03-02', 'partly')])).toBe(false);
    expect(controlCallsForMore([followUp('2026-02-01', 'partly'), followUp('2026-03-02', 'well')])).toBe(false);
    expect(controlCallsForMore([followUp('2026-01-01', 'partly'), followUp('2026-02-01', 'well'), followUp('2026-03-02', 'partly')])).toBe(false);
    expect(controlCallsForMore([])).toBe(false);
  });
});
describe('8.9: the step-up prompt needs technique and adherence checked and fine', () => {
  const ok = { inhalerTechniqueOk: true, adherenceOk: true };
  it('uncontrolled with both checked and fine: consider stepping up', () => {
    expect(stepUpPrompt([followUp('2026-03-02', 'uncontrolled', ok)])).toBe('stepUpSuggested');
  });
  it('otherwise: correct technique and adherence first (not checked, or either found wanting)', () => {
    expect(stepUpPrompt([followUp('2026-03-02', 'uncontrolled')])).toBe('checkTechniqueFirst');
    expect(stepUpPrompt([followUp('2026-03-02', 'uncontrolled', { ...ok, adherenceOk: false })])).toBe('checkTechniqueFirst');
    expect(stepUpPrompt([followUp('2026-02-01', 'partly', ok), followUp('2026-03-02', 'partly', { inhalerTechniqueOk: false, adherenceOk: true })])).toBe('checkTechniqueFirst');
  });
  it('no prompt when control is good enough', () => {
    expect(stepUpPrompt([followUp('2026-03-02', 'partly', ok)])).toBeNull();
    expect(stepUpPrompt([])).toBeNull();
  });
  it('GINA steps 1-4 at 5 and under, 1-5 from 6', () => {
    expect([maxGinaStep(4), maxGinaStep(5), maxGinaStep(6), maxGinaStep(12)]).toEqual([4, 4, 5, 5]);
  });
});

describe('stepDownEligible', () => {
  it('`stepDownEligible` when well controlled at every follow-up over at least 90 days with no exacerbation', () => {
    expect(stepDownEligible([followUp('2025-12-02', 'well'), followUp('2026-03-02', 'well')], [])).toBe(true);
    expect(stepDownEligible([followUp('2025-12-03', 'well'), followUp('2026-03-02', 'well')], [])).toBe(false);
  });
  it('a single follow-up spans no time', () => {
    expect(stepDownEligible([followUp('2026-03-02', 'well')], [])).toBe(false);
  });
  it('a follow-up that was not well restarts the count', () => {
    const history = [followUp('2025-09-01', 'well'), followUp('2025-12-01', 'partly'), followUp('2026-03-02', 'well')];
    expect(stepDownEligible(history, [])).toBe(false);
  });
  it('an exacerbation recorded within the well run blocks it; one recorded at its first follow-up predates it', () => {
    const course = { ...none, ocsCourses: 1 };
    expect(stepDownEligible([followUp('2025-12-01', 'well'), followUp('2026-03-02', 'well', { exacerbations: course })], [])).toBe(false);
    expect(stepDownEligible([followUp('2025-12-01', 'well', { exacerbations: course }), followUp('2026-03-02', 'well')], [])).toBe(true);
  });
  it('an exacerbation reported since the run began blocks it', () => {
    const history = [followUp('2025-12-01', 'well'), followUp('2026-03-02', 'well')];
    const during: PromptReviewEvent[] = [{ date: '2026-01-15', kind: 'red_zone' }];
    const before: PromptReviewEvent[] = [{ date: '2025-11-15', kind: 'admission' }];
    const handover: PromptReviewEvent[] = [{ date: '2026-01-15', kind: 'downward_referral_accepted' }];
    expect(stepDownEligible(history, during)).toBe(false);
    expect(stepDownEligible(history, before)).toBe(true);
    expect(stepDownEligible(history, handover)).toBe(true);
  });
});

describe('exacerbations in the last 12 months', () => {
  it('counts follow-ups and reports dated after the same day a year ago', () => {
    const followUps = [followUp('2025-03-02', 'partly', { exacerbations: { ...none, ocsCourses: 1 } }), followUp('2025-03-03', 'partly', { exacerbations: { ocsCourses: 1, edVisits: 1, admissions: 0 } })];
    expect(exacerbationsInLast12Months(followUps, [], today)).toEqual({ ocsCourses: 1, edVisits: 1, admissions: 0 });
  });
  it('takes the larger of diary and follow-up counts, since one course is often in both', () => {
    const followUps = [followUp('2026-02-01', 'partly', { exacerbations: { ...none, ocsCourses: 1 } })];
    const oneCourse: PromptReviewEvent[] = [{ date: '2026-01-20', kind: 'ocs_started' }];
    const twoCourses: PromptReviewEvent[] = [...oneCourse, { date: '2026-02-20', kind: 'ocs_started' }];
    expect(exacerbationsInLast12Months(followUps, oneCourse, today).ocsCourses).toBe(1);
    expect(exacerbationsInLast12Months(followUps, twoCourses, today).ocsCourses).toBe(2);
  });
});

describe('referralSuggested', () => {
  const checked = { inhalerTechniqueOk: true, adherenceOk: true };

  it('U5 uncontrolled at two consecutive follow-ups at least 4 weeks apart despite checked technique and adherence', () => {
    const history = [followUp('2026-02-02', 'uncontrolled'), followUp('2026-03-02', 'uncontrolled', checked)];
    expect(referralSuggested({ followUps: history, events: [], today })).toEqual({ suggested: true, criteria: ['U5'] });
  });
  it('U5 not when the two are less than 4 weeks apart', () => {
    const history = [followUp('2026-02-03', 'uncontrolled'), followUp('2026-03-02', 'uncontrolled', checked)];
    expect(referralSuggested({ followUps: history, events: [], today })).toEqual({ suggested: false, criteria: [] });
  });
  it('U5 not until technique and adherence were checked OK', () => {
    for (const check of [{}, { inhalerTechniqueOk: false, adherenceOk: true }, { inhalerTechniqueOk: true, adherenceOk: null }]) {
      const history = [followUp('2026-01-05', 'uncontrolled', checked), followUp('2026-03-02', 'uncontrolled', check)];
      expect(referralSuggested({ followUps: history, events: [], today }).criteria).toEqual([]);
    }
  });
  it('U5 not when the earlier follow-up was only partly controlled', () => {
    const history = [followUp('2026-01-05', 'partly'), followUp('2026-03-02', 'uncontrolled', checked)];
    expect(referralSuggested({ followUps: history, events: [], today }).suggested).toBe(false);
  });
  it('U6 two or more oral steroid courses, or any admission, in 12 months, or ever in intensive care', () => {
    const twoCourses = [followUp('2025-10-01', 'partly', { exacerbations: { ...none, ocsCourses: 2 } })];
    const oneCourse = [followUp('2025-10-01', 'partly', { exacerbations: { ...none, ocsCourses: 1 } })];
    const admitted: PromptReviewEvent[] = [{ date: '2026-02-10', kind: 'admission' }];
    expect(referralSuggested({ followUps: twoCourses, events: [], today }).criteria).toEqual(['U6']);
    expect(referralSuggested({ followUps: oneCourse, events: [], today }).criteria).toEqual([]);
    expect(referralSuggested({ followUps: oneCourse, events: admitted, today }).criteria).toEqual(['U6']);
    const icu = { ocsCourses12m: 0, edVisits12m: 0, admissions12m: 0, everIcuOrIntubated: true, recordedOn: '2020-01-01' };
    expect(referralSuggested({ followUps: [], events: [], today, riskHistory: icu }).criteria).toEqual(['U6']);
  });
  it('8.8: the risk history taken at enrolment counts from day one, for 12 months after it was recorded', () => {
    const history = (over: object) => ({ ocsCourses12m: 0, edVisits12m: 0, admissions12m: 0, everIcuOrIntubated: false, recordedOn: today, ...over });
    expect(referralSuggested({ followUps: [], events: [], today, riskHistory: history({ ocsCourses12m: 2 }) }).criteria).toEqual(['U6']);
    expect(referralSuggested({ followUps: [], events: [], today, riskHistory: history({ admissions12m: 1 }) }).criteria).toEqual(['U6']);
    expect(referralSuggested({ followUps: [], events: [], today, riskHistory: history({ ocsCourses12m: 1, edVisits12m: 3 }) }).criteria).toEqual([]);
    // One course reported at enrolment and one since (a follow-up's count): two in the year.
    const oneSince = [followUp('2026-02-01', 'partly', { exacerbations: { ...none, ocsCourses: 1 } })];
    expect(referralSuggested({ followUps: oneSince, events: [], today, riskHistory: history({ ocsCourses12m: 1 }) }).criteria).toEqual(['U6']);
    // Recorded more than 12 months ago: no longer counted.
    expect(referralSuggested({ followUps: [], events: [], today, riskHistory: history({ admissions12m: 1, recordedOn: '2025-03-01' }) }).criteria).toEqual([]);
  });
  it('U6 ignores courses more than 12 months ago', () => {
    const old = [followUp('2025-02-01', 'partly', { exacerbations: { ocsCourses: 3, edVisits: 0, admissions: 1 } })];
    expect(referralSuggested({ followUps: old, events: [], today }).suggested).toBe(false);
  });
  it('lists both criteria when both hold', () => {
    const history = [followUp('2026-01-05', 'uncontrolled', { exacerbations: { ...none, admissions: 1 } }), followUp('2026-03-02', 'uncontrolled', checked)];
    expect(referralSuggested({ followUps: history, events: [], today })).toEqual({ suggested: true, criteria: ['U5', 'U6'] });
  });
});
