// Edges of the follow-up rules that mutation testing (issue 38) found unpinned: each case names
// the clause of docs/clinical-rules.md it checks, with the expected dates counted by hand.
import { describe, expect, it } from 'vitest';
import {
  checkDiaryDate,
  diaryAlerts,
  exacerbationsInLast12Months,
  ginaFromDiary,
  nextDue,
  pefReference,
  referralSuggested,
  resolveInstrument,
  stepDownEligible,
  type AssessedFollowUp,
  type DiaryEntry,
  type GinaLevel,
  type PromptReviewEvent,
  type ScheduleInput,
} from '../../../../server/followups/rules';

const none = { ocsCourses: 0, edVisits: 0, admissions: 0 };
const fu = (date: string, ginaLevel: GinaLevel, extra: Partial<AssessedFollowUp> = {}): AssessedFollowUp => ({ date, ginaLevel, treatmentChanged: false, exacerbations: none, ...extra });
const schedule = (input: Partial<ScheduleInput>) => nextDue({ status: 'active', enrolmentDate: '2025-01-01', followUps: [], events: [], today: '2026-03-02', ...input });
const ev = (date: string, kind: PromptReviewEvent['kind']): PromptReviewEvent => ({ date, kind });

/** The violation's code and details, or null when the call passes. */
function violation(f: () => unknown) {
  try {
    f();
    return null;
  } catch (e) {
    const v = e as { code: string; details: unknown };
    return { code: v.code, details: v.details };
  }
}

describe('R3 sustained control (two well follow-ups >= 84 days apart, nothing in between)', () => {
  // 2025-09-01 + 91 days = 2025-12-01; R3 due 168 days later: 2026-05-18; R2 well 84 days: 2026-02-23.
  const pair = (a: GinaLevel, b: GinaLevel, extra: Partial<AssessedFollowUp> = {}) => [fu('2025-09-01', a), fu('2025-12-01', b, extra)];

  it('needs both follow-ups well', () => {
    expect(schedule({ followUps: pair('well', 'well') })).toMatchObject({ reason: 'R3', date: '2026-05-18' });
    expect(schedule({ followUps: pair('partly', 'well') })).toMatchObject({ reason: 'R2', date: '2026-02-23' });
    // And the later one: partly at 2025-12-01 is R2 partly, 28 days: 2025-12-29.
    expect(schedule({ followUps: pair('well', 'partly') })).toMatchObject({ reason: 'R2', date: '2025-12-29' });
  });

  it('is broken by any one kind of exacerbation recorded at the later follow-up', () => {
    for (const counts of [
      { ...none, edVisits: 1 },
      { ...none, admissions: 1 },
      { ...none, ocsCourses: 1 },
      { ocsCourses: 0, edVisits: 1, admissions: 1 },
    ]) {
      expect(schedule({ followUps: pair('well', 'well', { exacerbations: counts }) })).toMatchObject({ reason: 'R2', date: '2026-02-23' });
    }
  });

  it('is broken by an exacerbation on either follow-up date, not by one before the first', () => {
    expect(schedule({ followUps: pair('well', 'well'), events: [ev('2025-09-01', 'red_zone')] })).toMatchObject({ reason: 'R2' });
    expect(schedule({ followUps: pair('well', 'well'), events: [ev('2025-12-01', 'ocs_started')] })).toMatchObject({ reason: 'R2', date: '2026-02-23' });
    expect(schedule({ followUps: pair('well', 'well'), events: [ev('2025-08-31', 'admission')] })).toMatchObject({ reason: 'R3', date: '2026-05-18' });
  });

  it('stands when an exacerbation comes after its own due date (the review is already due)', () => {
    // Red zone on 2026-05-25, after the R3 date 2026-05-18: its R4 date (06-01) is later, so R3 stays.
    expect(schedule({ followUps: pair('well', 'well'), events: [ev('2026-05-25', 'red_zone')], today: '2026-05-26' })).toMatchObject({ reason: 'R3', date: '2026-05-18', overdue: true });
  });
});

describe('R4 ties', () => {
  it('on the same review date, the exacerbation is the reason shown, with its stricter grace', () => {
    // Both 7 days after 2026-02-20: a downward referral's acceptance (grace 7), a red-zone day (grace 2).
    const due = schedule({ followUps: [fu('2026-02-01', 'partly')], events: [ev('2026-02-20', 'downward_referral_accepted'), ev('2026-02-20', 'red_zone')] });
    expect(due).toMatchObject({ reason: 'R4', date: '2026-02-27', detail: { kind: 'red_zone', on: '2026-02-20' }, graceDays: 2 });
  });
});

describe('step down (well at every follow-up of a run of >= 90 days, no exacerbation since it began)', () => {
  it('measures the run to its latest follow-up, not its second', () => {
    // 2025-10-01 to 2025-11-01 is 31 days; to 2026-01-05 is 96.
    expect(stepDownEligible([fu('2025-10-01', 'well'), fu('2025-11-01', 'well'), fu('2026-01-05', 'well')], [])).toBe(true);
  });

  it('is refused by an exacerbation recorded at any later follow-up of the run', () => {
    const run = [fu('2025-10-01', 'well'), fu('2025-11-01', 'well', { exacerbations: { ...none, ocsCourses: 1 } }), fu('2026-01-05', 'well')];
    expect(stepDownEligible(run, [])).toBe(false);
  });

  it('is refused by an exacerbation on the day the run began', () => {
    const run = [fu('2025-10-01', 'well'), fu('2026-01-05', 'well')];
    expect(stepDownEligible(run, [ev('2025-10-01', 'red_zone')])).toBe(false);
    expect(stepDownEligible(run, [ev('2025-09-30', 'red_zone')])).toBe(true);
  });
});

describe('exacerbations in the last 12 months (2025-03-02, 2026-03-02]', () => {
  const today = '2026-03-02';
  it('counts events of each kind only as that kind, only within the window', () => {
    const events = [ev('2025-06-01', 'ed_visit'), ev('2025-07-01', 'ed_visit'), ev('2025-08-01', 'admission'), ev('2025-03-02', 'ocs_started'), ev('2026-03-03', 'ocs_started'), ev('2025-09-01', 'red_zone')];
    expect(exacerbationsInLast12Months([], events, today)).toEqual({ ocsCourses: 0, edVisits: 2, admissions: 1 });
  });

  it('adds the enrolment history to the larger of diary and follow-ups, per kind', () => {
    const history = { ocsCourses12m: 1, edVisits12m: 2, admissions12m: 3, everIcuOrIntubated: false, recordedOn: '2025-12-01' };
    const followUps = [fu('2026-01-10', 'partly', { exacerbations: { ocsCourses: 0, edVisits: 1, admissions: 0 } })];
    expect(exacerbationsInLast12Months(followUps, [ev('2026-01-05', 'ocs_started')], today, history)).toEqual({ ocsCourses: 2, edVisits: 3, admissions: 3 });
  });
});

describe('U5 (uncontrolled at the latest two follow-ups >= 28 days apart, technique and adherence OK)', () => {
  const checked = { inhalerTechniqueOk: true, adherenceOk: true };
  it('looks at the latest two of three', () => {
    const three = [fu('2025-11-01', 'well'), fu('2026-01-01', 'uncontrolled'), fu('2026-02-01', 'uncontrolled', checked)];
    expect(referralSuggested({ followUps: three, events: [], today: '2026-03-02' })).toEqual({ suggested: true, criteria: ['U5'] });
  });

  it('needs the latest uncontrolled, not only the one before', () => {
    const two = [fu('2026-01-01', 'uncontrolled'), fu('2026-02-01', 'partly', checked)];
    expect(referralSuggested({ followUps: two, events: [], today: '2026-03-02' })).toEqual({ suggested: false, criteria: [] });
  });
});

describe('PEF reference and instruments', () => {
  it('a personal best of 0 is no personal best: the prediction is used', () => {
    // Boy, 130 cm, 8 y: 4.39 * 130 - 300.48 = 270.22 -> 270.2.
    expect(pefReference({ personalBest: 0, sex: 'M', heightCm: 130, ageYears: 8 })).toEqual({ value: 270.2, basis: 'predicted' });
    expect(pefReference({ personalBest: 1, sex: 'M', heightCm: 130, ageYears: 8 })).toEqual({ value: 1, basis: 'personal_best' });
  });

  it('takes the instrument asked for when it is the age default, and names the right one when it is not', () => {
    expect(resolveInstrument(12, 'ACT')).toBe('ACT');
    expect(resolveInstrument(3, 'TRACK')).toBe('TRACK');
    expect(violation(() => resolveInstrument(8, 'ACT'))).toEqual({ code: 'instrument_age_mismatch', details: [{ path: 'instrument', message: 'ACT does not fit age 8; use C-ACT' }] });
  });
});

describe('diary dates and alerts', () => {
  const day = (date: string, extra: Partial<DiaryEntry> = {}): DiaryEntry => ({ date, daytimeSymptoms: 'none', nightWaking: false, nightCough: false, activityLimited: false, relieverUses: 0, ...extra });

  it('says which way a date is out of range, on the date field', () => {
    expect(violation(() => checkDiaryDate('2026-03-03', '2026-03-02'))).toEqual({ code: 'diary_date_out_of_range', details: [{ path: 'date', message: 'a diary date cannot be in the future' }] });
    expect(violation(() => checkDiaryDate('2026-02-26', '2026-03-02'))).toEqual({ code: 'diary_date_out_of_range', details: [{ path: 'date', message: 'a diary entry may be at most 3 days back' }] });
    expect(violation(() => checkDiaryDate('2026-3-2', '2026-03-02'))).toEqual({ code: 'validation_failed', details: [{ path: 'date', message: 'date must be YYYY-MM-DD' }] });
  });

  it('a red day next to a yellow day raises the urgent alert only, not the two-yellow-days one', () => {
    const yesterday = day('2026-03-01', { nightWaking: true });
    expect(diaryAlerts(day('2026-03-02', { daytimeSymptoms: 'severe' }), [yesterday], null)).toEqual([{ kind: 'red_zone', level: 'urgent' }]);
  });

  it('5 and under: Q4 stays no without night waking or night cough', () => {
    // 21 calm days logged up to today.
    const days = Array.from({ length: 21 }, (_, i) => day(`2026-02-${String(i + 8).padStart(2, '0')}`));
    expect(ginaFromDiary(days, 4, '2026-02-28')?.answers).toEqual({ q1: false, q2: false, q3: false, q4: false });
    expect(ginaFromDiary([...days.slice(0, -1), day('2026-02-28', { nightCough: true })], 4, '2026-02-28')?.answers.q4).toBe(true);
  });
});
