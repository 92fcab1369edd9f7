import { describe, expect, it } from 'vitest';
import { addMonths, daysBetween } from '../../../../server/calendar';
import { addWorkingDays, isOverdue, isWorkingDay, NO_CALENDAR, nextDue, type FollowUpRecord, type GinaLevel, type PromptReviewEvent, type ScheduleInput } from '../../../../server/followups/rules';

const today = '2026-03-02';
const none = { ocsCourses: 0, edVisits: 0, admissions: 0 };

function followUp(date: string, ginaLevel: GinaLevel, extra: Partial<FollowUpRecord> = {}): FollowUpRecord {
  return { date, ginaLevel, treatmentChanged: false, exacerbations: none, ...extra };
}

function schedule(input: Partial<ScheduleInput>) {
  return nextDue({ status: 'active', enrolmentDate: '2025-06-01', followUps: [], events: [], today, ...input });
}

describe('spec §3 worked examples (today = 2026-03-02)', () => {
  it('enrolled 2026-03-02, no follow-up yet -> due 2026-03-30 (R1)', () => {
    expect(schedule({ enrolmentDate: '2026-03-02' })).toEqual({
      date: '2026-03-30',
      reason: 'R1',
      detail: { kind: 'enrolment', on: '2026-03-02' },
      overdue: false,
      graceDays: 7,
    });
  });
  it('follow-up 2026-03-02, GINA 3 yes, no change -> due 2026-03-16 (R2 uncontrolled)', () => {
    expect(schedule({ followUps: [followUp('2026-03-02', 'uncontrolled')] })).toMatchObject({
      date: '2026-03-16',
      reason: 'R2',
      detail: { kind: 'uncontrolled', on: '2026-03-02' },
    });
  });
  it('follow-up 2026-03-02, GINA 1 yes -> due 2026-03-30 (R2 partly)', () => {
    expect(schedule({ followUps: [followUp('2026-03-02', 'partly')] })).toMatchObject({
      date: '2026-03-30',
      reason: 'R2',
      detail: { kind: 'partly' },
    });
  });
  it('follow-ups 2025-12-01 and 2026-03-02 both GINA 0, no change, no exacerbation -> due 2026-08-17 (R3)', () => {
    expect(schedule({ followUps: [followUp('2025-12-01', 'well'), followUp('2026-03-02', 'well')] })).toEqual({
      date: '2026-08-17',
      reason: 'R3',
      detail: { kind: 'well_sustained', on: '2026-03-02', since: '2025-12-01' },
      overdue: false,
      graceDays: 7,
    });
  });
  it('follow-up 2026-03-02 GINA 0, then diary red zone on 2026-03-05 -> due 2026-03-12 (R4)', () => {
    expect(schedule({ followUps: [followUp('2026-03-02', 'well')], events: [{ date: '2026-03-05', kind: 'red_zone' }] })).toEqual({
      date: '2026-03-12',
      reason: 'R4',
      detail: { kind: 'red_zone', on: '2026-03-05' },
      overdue: false,
      graceDays: 2,
    });
  });
  it('due 2026-03-16 routine, today 2026-03-23 -> not overdue; today 2026-03-24 -> overdue', () => {
    const followUps = [followUp('2026-03-02', 'uncontrolled')];
    expect(schedule({ followUps, today: '2026-03-23' })).toMatchObject({ date: '2026-03-16', overdue: false });
    expect(schedule({ followUps, today: '2026-03-24' })).toMatchObject({ date: '2026-03-16', overdue: true });
  });
});

describe('R1 and R2', () => {
  it('a follow-up recording a treatment change is due in 4 weeks, whatever the control level', () => {
    expect(schedule({ followUps: [followUp('2026-03-02', 'uncontrolled', { treatmentChanged: true })] })).toMatchObject({
      date: '2026-03-30',
      reason: 'R1',
      detail: { kind: 'treatment_changed', on: '2026-03-02' },
    });
  });
  it('well controlled once -> 12 weeks', () => {
    expect(schedule({ followUps: [followUp('2026-03-02', 'well')] })).toMatchObject({ date: '2026-05-25', reason: 'R2' });
  });
  it('uses the latest follow-up whatever the input order', () => {
    const followUps = [followUp('2026-03-02', 'partly'), followUp('2026-01-05', 'uncontrolled')];
    expect(schedule({ followUps })).toMatchObject({ date: '2026-03-30', detail: { kind: 'partly', on: '2026-03-02' } });
  });
});

describe('R3 needs every condition', () => {
  const earlier = followUp('2025-12-01', 'well');
  const later = followUp('2026-03-02', 'well');
  it('not when the two are less than 12 weeks apart', () => {
    expect(schedule({ followUps: [followUp('2025-12-09', 'well'), later] })).toMatchObject({ reason: 'R2' });
    expect(schedule({ followUps: [followUp('2025-12-08', 'well'), later] })).toMatchObject({ reason: 'R3' });
  });
  it('not when the earlier one was not well controlled', () => {
    expect(schedule({ followUps: [followUp('2025-12-01', 'partly'), later] })).toMatchObject({ reason: 'R2' });
  });
  it('not when treatment changed at the earlier one (control on the current treatment is not yet shown twice)', () => {
    const changed = followUp('2025-12-01', 'well', { treatmentChanged: true });
    expect(schedule({ followUps: [changed, later] })).toMatchObject({ reason: 'R2', date: '2026-05-25' });
  });
  it('not after an exacerbation recorded at the later follow-up', () => {
    const withCourse = followUp('2026-03-02', 'well', { exacerbations: { ...none, ocsCourses: 1 } });
    expect(schedule({ followUps: [earlier, withCourse] })).toMatchObject({ reason: 'R2' });
  });
  it('not after an exacerbation reported between them', () => {
    const events: PromptReviewEvent[] = [{ date: '2026-01-20', kind: 'ed_visit' }];
    expect(schedule({ followUps: [earlier, later], events })).toMatchObject({ reason: 'R2', graceDays: 7 });
  });
  it('a downward referral between them is no exacerbation', () => {
    const events: PromptReviewEvent[] = [{ date: '2026-01-20', kind: 'downward_referral_accepted' }];
    expect(schedule({ followUps: [earlier, later], events })).toMatchObject({ reason: 'R3' });
  });
});

describe('R4', () => {
  const latest = followUp('2026-03-02', 'well');
  it('ignores events on or before the latest follow-up (it reviewed them)', () => {
    const events: PromptReviewEvent[] = [
      { date: '2026-03-02', kind: 'admission' },
      { date: '2026-02-20', kind: 'ocs_started' },
    ];
    expect(schedule({ followUps: [latest], events })).toMatchObject({ reason: 'R2', date: '2026-05-25', graceDays: 7 });
  });
  it('takes the earliest review the events after the latest follow-up ask for', () => {
    // Safety rules v2 (8.4) replace section 3 here: an admission is reviewed within 2 working
    // days (Tue 03-10 -> Thu 03-12), before the steroid course's 7 days (03-06 -> 03-13).
    const events: PromptReviewEvent[] = [
      { date: '2026-03-10', kind: 'admission' },
      { date: '2026-03-06', kind: 'ocs_started' },
    ];
    expect(schedule({ followUps: [latest], events })).toMatchObject({
      reason: 'R4',
      date: '2026-03-12',
      detail: { kind: 'admission', on: '2026-03-10' },
      graceDays: 0,
    });
    expect(schedule({ followUps: [latest], events: [events[1]!] })).toMatchObject({
      reason: 'R4',
      date: '2026-03-13',
      detail: { kind: 'ocs_started', on: '2026-03-06' },
      graceDays: 2,
    });
  });
  it('an emergency visit on Thursday is due on Monday with no grace, even when that ties a routine date', () => {
    const followUps = [followUp('2026-03-02', 'uncontrolled')];
    const events: PromptReviewEvent[] = [{ date: '2026-03-12', kind: 'ed_visit' }];
    expect(schedule({ followUps, events, today: '2026-03-16' })).toMatchObject({ reason: 'R4', date: '2026-03-16', graceDays: 0, overdue: false });
    expect(schedule({ followUps, events, today: '2026-03-17' })).toMatchObject({ overdue: true });
  });
  it('does not replace an earlier routine date, but the exacerbation still shortens the grace to 2 days', () => {
    const followUps = [followUp('2026-03-02', 'uncontrolled')];
    const events: PromptReviewEvent[] = [{ date: '2026-03-12', kind: 'ocs_started' }];
    expect(schedule({ followUps, events, today: '2026-03-18' })).toMatchObject({
      reason: 'R2',
      date: '2026-03-16',
      graceDays: 2,
      overdue: false,
    });
    expect(schedule({ followUps, events, today: '2026-03-19' })).toMatchObject({ overdue: true });
  });
  it('an accepted downward referral makes the child due within 7 days, with routine grace', () => {
    const events: PromptReviewEvent[] = [{ date: '2026-03-04', kind: 'downward_referral_accepted' }];
    expect(schedule({ followUps: [latest], events })).toMatchObject({
      reason: 'R4',
      date: '2026-03-11',
      detail: { kind: 'downward_referral_accepted', on: '2026-03-04' },
      graceDays: 7,
    });
  });
  it('with no follow-up yet, counts events from enrolment on', () => {
    const events: PromptReviewEvent[] = [{ date: '2026-03-02', kind: 'downward_referral_accepted' }];
    expect(schedule({ enrolmentDate: '2026-03-02', events })).toMatchObject({ reason: 'R4', date: '2026-03-09' });
    expect(schedule({ enrolmentDate: '2026-03-02', events: [{ date: '2026-03-01', kind: 'red_zone' }] })).toMatchObject({ reason: 'R1' });
  });
  it('after an exacerbation the child is overdue once today is past due + 2 days', () => {
    const events: PromptReviewEvent[] = [{ date: '2026-03-05', kind: 'red_zone' }];
    expect(schedule({ followUps: [latest], events, today: '2026-03-14' })).toMatchObject({ overdue: false });
    expect(schedule({ followUps: [latest], events, today: '2026-03-15' })).toMatchObject({ overdue: true });
  });
});

describe('R5 and the limits', () => {
  it('overdue only when today > due date + grace', () => {
    expect(isOverdue('2026-03-16', 7, '2026-03-23')).toBe(false);
    expect(isOverdue('2026-03-16', 7, '2026-03-24')).toBe(true);
    expect(isOverdue('2026-03-16', 2, '2026-03-18')).toBe(false);
    expect(isOverdue('2026-03-16', 2, '2026-03-19')).toBe(true);
  });
  it('withdrawn or transferred children have no due date', () => {
    const followUps = [followUp('2026-03-02', 'uncontrolled')];
    expect(schedule({ status: 'withdrawn', followUps })).toBeNull();
    expect(schedule({ status: 'transferred', followUps })).toBeNull();
  });
  it('a child never goes more than 12 months without a due date, even long overdue', () => {
    const histories: FollowUpRecord[][] = [[], [followUp('2024-01-10', 'well')], [followUp('2023-06-01', 'well'), followUp('2024-01-10', 'well')], [followUp('2024-01-10', 'partly', { treatmentChanged: true })]];
    for (const followUps of histories) {
      const due = schedule({ enrolmentDate: '2023-01-01', followUps });
      expect(due).not.toBeNull();
      const anchor = followUps.at(-1)?.date ?? '2023-01-01';
      expect(due!.date <= addMonths(anchor, 12)).toBe(true);
      expect(daysBetween(anchor, due!.date)).toBeLessThanOrEqual(168);
      expect(due!.overdue).toBe(true);
    }
  });
});

describe('8.4: review within 2 working days of an emergency visit or admission', () => {
  const cal = (holidays: string[], workdays: string[] = []) => ({ holidays: new Set(holidays), workdays: new Set(workdays) });
  it('the worked example: an ED visit on Friday 2026-12-04 is due on Tuesday 2026-12-08, grace 0', () => {
    const due = nextDue({ status: 'active', enrolmentDate: '2026-12-01', followUps: [], events: [{ date: '2026-12-04', kind: 'ed_visit' }], today: '2026-12-05' });
    expect(due).toMatchObject({ reason: 'R4', date: '2026-12-08', graceDays: 0, overdue: false });
    expect(nextDue({ status: 'active', enrolmentDate: '2026-12-01', followUps: [], events: [{ date: '2026-12-04', kind: 'ed_visit' }], today: '2026-12-09' })?.overdue).toBe(true);
  });
  it('skips public holidays and counts make-up working days', () => {
    // National Day 2026: Thu 10-01 to Wed 10-07 off; Sat 10-10 worked (illustrative).
    const c = cal(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'], ['2026-10-10']);
    expect(addWorkingDays('2026-09-30', 2, c)).toBe('2026-10-09');
    expect(addWorkingDays('2026-10-08', 2, c)).toBe('2026-10-10');
    expect(isWorkingDay('2026-10-10', c)).toBe(true);
    expect(isWorkingDay('2026-10-05', c)).toBe(false);
    expect(addWorkingDays('2026-12-04', 2, NO_CALENDAR)).toBe('2026-12-08');
    const due = nextDue({ status: 'active', enrolmentDate: '2026-09-29', followUps: [], events: [{ date: '2026-09-30', kind: 'admission' }], today: '2026-10-01', calendar: c });
    expect(due).toMatchObject({ date: '2026-10-09', graceDays: 0 });
  });
  it('a discharge is reviewed within 2 working days too; a red zone day keeps 7 days and grace 2', () => {
    expect(nextDue({ status: 'active', enrolmentDate: '2026-12-01', followUps: [], events: [{ date: '2026-12-07', kind: 'discharged' }], today: '2026-12-07' })).toMatchObject({ date: '2026-12-09', graceDays: 0 });
    expect(nextDue({ status: 'active', enrolmentDate: '2026-12-01', followUps: [], events: [{ date: '2026-12-04', kind: 'red_zone' }], today: '2026-12-05' })).toMatchObject({ date: '2026-12-11', graceDays: 2 });
  });
});
