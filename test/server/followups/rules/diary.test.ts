import { describe, expect, it } from 'vitest';
import { addDays } from '../../../../server/calendar';
import { RuleViolation, checkDiaryDate, diaryAlerts, diaryReminderDue, ginaFromDiary, type DiaryEntry } from '../../../../server/followups/rules';

const today = '2026-03-05';
const best = 300; // personal best: green >= 240, yellow 150-239, red < 150

function day(date: string, extra: Partial<DiaryEntry> = {}): DiaryEntry {
  return {
    date,
    daytimeSymptoms: 'none',
    nightWaking: false,
    nightCough: false,
    activityLimited: false,
    relieverUses: 0,
    ...extra,
  };
}

function codeOf(run: () => void): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof RuleViolation) return error.code;
    throw error;
  }
  return undefined;
}

describe('diary date (spec §4: at most 3 days back, never in the future)', () => {
  it('today and up to 3 days back are fine', () => {
    expect(codeOf(() => checkDiaryDate('2026-03-05', today))).toBeUndefined();
    expect(codeOf(() => checkDiaryDate('2026-03-02', today))).toBeUndefined();
  });
  it('at most 3 days back (older is a 400)', () => {
    expect(codeOf(() => checkDiaryDate('2026-03-01', today))).toBe('diary_date_out_of_range');
  });
  it('never in the future', () => {
    expect(codeOf(() => checkDiaryDate('2026-03-06', today))).toBe('diary_date_out_of_range');
  });
  it('a malformed date is a validation failure on the date path', () => {
    expect(codeOf(() => checkDiaryDate('2026-02-30', today))).toBe('validation_failed');
  });
});

describe('alerts (spec §4)', () => {
  it('red zone, ED, admission or oral steroid start -> urgent alert', () => {
    expect(diaryAlerts(day(today, { pefAm: 280, pefPm: 140 }), [], best)).toEqual([{ kind: 'red_zone', level: 'urgent' }]);
    expect(diaryAlerts(day(today, { unscheduledCare: 'ed' }), [], best)).toEqual([{ kind: 'ed_visit', level: 'urgent' }]);
    expect(diaryAlerts(day(today, { unscheduledCare: 'admitted', ocsStarted: true }), [], best)).toEqual([
      { kind: 'admission', level: 'urgent' },
      { kind: 'ocs_started', level: 'urgent' },
    ]);
  });
  it('a clinic visit, green zone, or a day without a reference raises nothing', () => {
    expect(diaryAlerts(day(today, { unscheduledCare: 'clinic', pefAm: 250 }), [], best)).toEqual([]);
    expect(diaryAlerts(day(today, { pefAm: 100 }), [], null)).toEqual([]);
  });
  it('yellow zone two days running -> nurse alert', () => {
    const yesterday = day('2026-03-04', { pefAm: 200 });
    expect(diaryAlerts(day(today, { pefPm: 200 }), [yesterday], best)).toEqual([{ kind: 'yellow_zone_two_days', level: 'nurse' }]);
  });
  it('one yellow day, or yellow days with a gap, is not two days running', () => {
    expect(diaryAlerts(day(today, { pefAm: 200 }), [day('2026-03-04', { pefAm: 260 })], best)).toEqual([]);
    expect(diaryAlerts(day(today, { pefAm: 200 }), [day('2026-03-03', { pefAm: 200 })], best)).toEqual([]);
  });
  it('a back-filled yellow day before a yellow day also makes two running', () => {
    const logged = day('2026-03-05', { pefAm: 200 });
    expect(diaryAlerts(day('2026-03-04', { pefAm: 210 }), [logged], best)).toContainEqual({
      kind: 'yellow_zone_two_days',
      level: 'nurse',
    });
  });
  it('yellow after a red day is still two days out of the green', () => {
    expect(diaryAlerts(day(today, { pefAm: 200 }), [day('2026-03-04', { pefAm: 100 })], best)).toEqual([{ kind: 'yellow_zone_two_days', level: 'nurse' }]);
  });
  it('reliever on more than 2 of the last 7 days -> nurse alert; on exactly 2 not', () => {
    const twoEarlier = [day('2026-02-27', { relieverUses: 1 }), day('2026-03-03', { relieverUses: 2 })];
    expect(diaryAlerts(day(today, { relieverUses: 1 }), twoEarlier, best)).toEqual([{ kind: 'reliever_frequent', level: 'nurse' }]);
    expect(diaryAlerts(day(today, { relieverUses: 1 }), twoEarlier.slice(1), best)).toEqual([]);
  });
  it('raises the reliever alert exactly when some 7-day window holding the day has more than 2 reliever days (400 random fortnights)', () => {
    let seed = 11;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 400; run++) {
      const used = new Map<string, boolean>();
      for (let offset = -8; offset <= 8; offset++) if (offset !== 0 && rand() < 0.25) used.set(addDays(today, offset), true);
      used.set(today, true);
      // Brute force: every window [start, start + 6] that contains today.
      let expected = false;
      for (let start = -6; start <= 0; start++) {
        let days = 0;
        for (let k = start; k < start + 7; k++) if (used.get(addDays(today, k))) days++;
        if (days > 2) expected = true;
      }
      const recent = [...used.keys()].filter((d) => d !== today).map((d) => day(d, { relieverUses: 1 }));
      const alerts = diaryAlerts(day(today, { relieverUses: 1 }), recent, best);
      expect(alerts.some((a) => a.kind === 'reliever_frequent')).toBe(expected);
    }
  });
  it('a reliever day 7 days back is outside the week', () => {
    const earlier = [day('2026-02-26', { relieverUses: 1 }), day('2026-03-03', { relieverUses: 1 })];
    expect(diaryAlerts(day(today, { relieverUses: 1 }), earlier, best)).toEqual([]);
  });
  it('a day without reliever use does not re-raise the reliever alert', () => {
    const three = ['2026-03-01', '2026-03-02', '2026-03-03'].map((d) => day(d, { relieverUses: 1 }));
    expect(diaryAlerts(day(today), three, best)).toEqual([]);
  });
  it('a second entry for a date replaces the first, so the date counts once', () => {
    const recent = [day(today, { relieverUses: 1 }), day('2026-03-03', { relieverUses: 1 })];
    expect(diaryAlerts(day(today, { relieverUses: 2 }), recent, best)).toEqual([]);
  });
});

describe('parent reminder', () => {
  it('No entry for 3 days -> reminder to the parent', () => {
    expect(diaryReminderDue('2026-03-01', '2026-03-03')).toBe(false);
    expect(diaryReminderDue('2026-03-01', '2026-03-04')).toBe(true);
    expect(diaryReminderDue('2026-03-04', '2026-03-04')).toBe(false);
  });
});

describe('GINA answers from the diary', () => {
  const lastDays = (n: number, extra: (i: number) => Partial<DiaryEntry> = () => ({})) => Array.from({ length: n }, (_, i) => day(addDays(today, -i), extra(i)));

  it('needs at least 21 of the last 28 days logged', () => {
    expect(ginaFromDiary(lastDays(20), 8, today)).toBeNull();
    expect(ginaFromDiary(lastDays(21), 8, today)).toEqual({
      answers: { q1: false, q2: false, q3: false, q4: false },
      ageBand: '6_and_over',
      daysLogged: 21,
    });
  });
  it('days outside the 28-day window and future days do not count', () => {
    const entries = [...lastDays(20), day(addDays(today, -28)), day(addDays(today, 1))];
    expect(ginaFromDiary(entries, 8, today)).toBeNull();
  });
  it('6+: daytime symptoms and reliever more than twice a week on average', () => {
    expect(
      ginaFromDiary(
        lastDays(28, (i) => (i < 8 ? { daytimeSymptoms: 'mild' } : {})),
        8,
        today,
      )?.answers.q1,
    ).toBe(false);
    expect(
      ginaFromDiary(
        lastDays(28, (i) => (i < 9 ? { daytimeSymptoms: 'mild' } : {})),
        8,
        today,
      )?.answers.q1,
    ).toBe(true);
    // 7 reliever days over 21 logged = 2.33 a week.
    expect(
      ginaFromDiary(
        lastDays(21, (i) => (i < 7 ? { relieverUses: 2 } : {})),
        8,
        today,
      )?.answers.q3,
    ).toBe(true);
    expect(
      ginaFromDiary(
        lastDays(21, (i) => (i < 6 ? { relieverUses: 2 } : {})),
        8,
        today,
      )?.answers.q3,
    ).toBe(false);
  });
  it('6+: any night waking (not night cough) and any activity limitation', () => {
    const answers = ginaFromDiary(
      lastDays(28, (i) => (i === 3 ? { nightCough: true, activityLimited: true } : {})),
      8,
      today,
    )?.answers;
    expect(answers).toEqual({ q1: false, q2: false, q3: false, q4: true });
    expect(
      ginaFromDiary(
        lastDays(28, (i) => (i === 3 ? { nightWaking: true } : {})),
        6,
        today,
      )?.answers.q2,
    ).toBe(true);
  });
  it('5 and under: symptoms over a few minutes and reliever more than once a week; activity Q2; night waking or cough Q4', () => {
    const longSymptoms = lastDays(28, (i) => (i < 5 ? { daytimeSymptoms: 'mild', symptomsOverFewMinutes: true } : {}));
    expect(ginaFromDiary(longSymptoms, 5, today)).toMatchObject({ ageBand: '5_and_under', answers: { q1: true } });
    const brief = lastDays(28, (i) => (i < 5 ? { daytimeSymptoms: 'mild', symptomsOverFewMinutes: false } : {}));
    expect(ginaFromDiary(brief, 5, today)?.answers.q1).toBe(false);
    const fourDays = lastDays(28, (i) => (i < 4 ? { relieverUses: 1 } : {}));
    expect(ginaFromDiary(fourDays, 3, today)?.answers.q3).toBe(false);
    const cough = lastDays(28, (i) => (i === 0 ? { nightCough: true, activityLimited: true } : {}));
    expect(ginaFromDiary(cough, 3, today)?.answers).toEqual({ q1: false, q2: true, q3: false, q4: true });
  });
  it('5 and under: when "more than a few minutes" was not asked, any daytime symptom counts', () => {
    const unasked = lastDays(28, (i) => (i < 5 ? { daytimeSymptoms: 'moderate' } : {}));
    expect(ginaFromDiary(unasked, 4, today)?.answers.q1).toBe(true);
  });
});
