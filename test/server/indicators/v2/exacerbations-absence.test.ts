// Worked populations for severe exacerbations and school absence (v2), checkable by hand.
import { describe, expect, it } from 'vitest';
import type { ChildRecord } from '../../../../server/indicators/v2/model';
import type { FollowUpRow } from '../../../../server/indicators/v2/control';
import { severeExacerbations } from '../../../../server/indicators/v2/exacerbations';
import { schoolAbsence, schoolDayCounter } from '../../../../server/indicators/v2/absence';
import { NO_CALENDAR } from '../../../../server/followups/rules/working-days';

const P = { from: '2026-01-01', to: '2026-03-31' }; // 90 days
const child = (id: string, o: Partial<ChildRecord> = {}): ChildRecord => ({ id, enrolledOn: '2025-06-01', inactiveFrom: null, birthDate: '2017-05-01', atSchool: true, ...o });
const fu = (childId: string, date: string, o: Partial<FollowUpRow> = {}): FollowUpRow => ({ childId, date, savedAt: `${date}T02:00:00Z`, gina: 'well', band: null, ocs: 0, ed: 0, admissions: 0, techniqueChecked: false, ...o });

describe('severe exacerbations: one attack counts once', () => {
  const ann = child('ann'); // 90 days
  const bo = child('bo', { inactiveFrom: '2026-02-15' }); // withdrawn mid-period: 1 Jan - 14 Feb, 45 days
  const cy = child('cy'); // no follow-up, no diary: 90 days
  const children = [ann, bo, cy];

  it('an attack with a steroid course, an ED visit and an admission is one episode', () => {
    const f = severeExacerbations([ann], [fu('ann', '2026-02-01', { ocs: 1, ed: 1, admissions: 1 })], [], new Set(), P);
    expect(f.perChildYears.numerator).toBe(1); // v1 counted 3
  });

  it('an attack in the diary and reported at the next follow-up counts once', () => {
    // Ann: follow-ups 2025-12-20 and 2026-02-10 (reports 1 ED); diary ED 2026-01-20 lies in (12-20, 02-10]: covered.
    // Diary OCS 2026-03-01 and 03-03 after the last follow-up: not covered, 2 days apart: one episode.
    const rows = [fu('ann', '2025-12-20'), fu('ann', '2026-02-10', { ed: 1 })];
    const diary = [
      { childId: 'ann', date: '2026-01-20' },
      { childId: 'ann', date: '2026-03-01' },
      { childId: 'ann', date: '2026-03-03' },
    ];
    const f = severeExacerbations([ann], rows, diary, new Set(['ann']), P);
    expect(f.perChildYears.numerator).toBe(2);
    expect(f.perChildYears.denominator).toBeCloseTo(90 / 365.25, 10);
    expect(f.perChildYears.value).toBeCloseTo(200 / (90 / 365.25), 6);
  });

  it('counts a withdrawn child only while active, and a child with nothing recorded in the denominator and against coverage', () => {
    // Bo: diary ED on 02-01 (active) counts; diary ED on 03-01 after withdrawal does not.
    const diary = [
      { childId: 'bo', date: '2026-02-01' },
      { childId: 'bo', date: '2026-03-01' },
    ];
    const f = severeExacerbations(children, [], diary, new Set(['bo']), P);
    expect(f.perChildYears.numerator).toBe(1);
    expect(f.perChildYears.denominator).toBeCloseTo((90 + 45 + 90) / 365.25, 10); // 225 child-days
    expect(f.childrenWithOne).toMatchObject({ numerator: 1, denominator: 3 });
    expect(f.perChildYears.coverage).toEqual({ numerator: 1, denominator: 3 }); // only Bo reported anything
  });

  it('diary event days 7 or more days apart are separate attacks', () => {
    const diary = [
      { childId: 'cy', date: '2026-01-01' },
      { childId: 'cy', date: '2026-01-07' },
      { childId: 'cy', date: '2026-01-14' },
    ];
    expect(severeExacerbations([cy], [], diary, new Set(['cy']), P).perChildYears.numerator).toBe(2); // 01-01 and 01-07 one; 01-14 another
  });
});

describe('school absence per 100 child-school-days, with diary coverage', () => {
  const P2 = { from: '2026-03-02', to: '2026-03-13' }; // Mon 2 - Fri 13 March: 10 school days
  it('counts working days', () => {
    expect(schoolDayCounter(P2, NO_CALENDAR)('2026-03-02', '2026-03-13')).toBe(10);
    expect(schoolDayCounter(P2, { holidays: new Set(['2026-03-04']), workdays: new Set(['2026-03-07']) })('2026-03-02', '2026-03-08')).toBe(5);
  });
  it('absent / answered school days × 100; coverage answered / expected', () => {
    const ann = child('ann');
    const bo = child('bo', { enrolledOn: '2026-03-09' }); // 5 school days
    const cy = child('cy', { atSchool: false }); // not a pupil: not counted
    const diaries = [
      { childId: 'ann', answered: 8, absent: 2 },
      { childId: 'bo', answered: 2, absent: 0 },
      { childId: 'cy', answered: 5, absent: 5 },
    ];
    const f = schoolAbsence([ann, bo, cy], diaries, P2, NO_CALENDAR);
    expect(f).toMatchObject({ numerator: 2, denominator: 10, value: 20, group: 2, coverage: { numerator: 10, denominator: 15 } });
  });
});
