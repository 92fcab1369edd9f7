// Worked populations for the v2 definitions: a handful of children each, checkable by hand.
import { describe, expect, it } from 'vitest';
import { activeDays, underManagement, activeAtEnd, type ChildRecord } from '../../../../server/indicators/v2/model';
import { actionPlanCoverage, questionnaireWell, wellControlled, type FollowUpRow } from '../../../../server/indicators/v2/control';
import { withheldCells, publish } from '../../../../server/indicators/v2/suppression';

const P = { from: '2026-01-01', to: '2026-03-31' }; // 90 days
const child = (id: string, o: Partial<ChildRecord> = {}): ChildRecord => ({ id, enrolledOn: '2025-06-01', inactiveFrom: null, birthDate: '2017-05-01', atSchool: true, ...o });
const fu = (childId: string, date: string, o: Partial<FollowUpRow> = {}): FollowUpRow => ({ childId, date, savedAt: `${date}T02:00:00Z`, gina: 'well', band: null, ocs: 0, ed: 0, admissions: 0, techniqueChecked: false, ...o });

// Ann active throughout; Bo enrolled 03-01; Cy withdrawn from 02-01 (last active day 01-31); Di withdrawn before the period.
const ann = child('ann');
const bo = child('bo', { enrolledOn: '2026-03-01' });
const cy = child('cy', { inactiveFrom: '2026-02-01' });
const di = child('di', { inactiveFrom: '2025-12-01' });
const children = [ann, bo, cy, di];

describe('population and person-time', () => {
  it('counts only the days each child was active', () => {
    expect(activeDays(ann, P)).toBe(90);
    expect(activeDays(bo, P)).toBe(31);
    expect(activeDays(cy, P)).toBe(31); // 1-31 January
    expect(activeDays(di, P)).toBe(0);
  });
  it('under management at any time in the period: Ann, Bo and Cy; active at the end: Ann and Bo', () => {
    expect(underManagement(children, P).map((c) => c.id)).toEqual(['ann', 'bo', 'cy']);
    expect(activeAtEnd(children, P).map((c) => c.id)).toEqual(['ann', 'bo']);
  });
});

describe("control: each child's latest assessment in the period, among children active at the end", () => {
  it('takes the latest, not every visit, leaves out the withdrawn child, and states coverage', () => {
    const rows = [
      fu('ann', '2026-01-10', { gina: 'uncontrolled' }),
      fu('ann', '2026-03-05', { gina: 'well' }), // latest well
      fu('cy', '2026-01-15', { gina: 'well' }), // withdrawn by the end: not counted
      // Bo: no follow-up -> not assessed, lowers coverage only
    ];
    const f = wellControlled(children, rows, P);
    expect(f).toMatchObject({ numerator: 1, denominator: 1, value: 1, group: 1, coverage: { numerator: 1, denominator: 2 } });
  });
  it('breaks a same-day tie by the later save', () => {
    const rows = [fu('ann', '2026-03-05', { gina: 'well', savedAt: '2026-03-05T01:00:00Z' }), fu('ann', '2026-03-05', { gina: 'partly', savedAt: '2026-03-05T05:00:00Z' })];
    expect(wellControlled([ann], rows, P).numerator).toBe(0);
  });
  it('age bands by completed years on the period end', () => {
    const young = child('y', { birthDate: '2020-04-01' }); // 5 on 2026-03-31
    const rows = [fu('y', '2026-02-01'), fu('ann', '2026-02-01')];
    expect(wellControlled([young, ann], rows, P, 'under6').denominator).toBe(1);
    expect(wellControlled([young, ann], rows, P, '6to11').denominator).toBe(1);
    expect(wellControlled([young, ann], rows, P, '12plus').denominator).toBe(0);
  });
  it("questionnaire: each child's latest band, children not visits", () => {
    const rows = [fu('ann', '2026-01-10', { band: 'well' }), fu('ann', '2026-02-10', { band: 'well' }), fu('ann', '2026-03-10', { band: 'not_well' }), fu('bo', '2026-03-10', { band: 'well' }), fu('bo', '2026-03-20')];
    // Ann's latest band not well, Bo's latest band (03-10) well: 1 of 2 children (v1 counted 3 of 4 visits).
    expect(questionnaireWell(children, rows, P)).toMatchObject({ numerator: 1, denominator: 2, coverage: { numerator: 2, denominator: 2 } });
  });
});

describe('action plan: from the plans themselves, dated in the 12 months to the end', () => {
  it('counts a version saved in the last 12 months, not an older one', () => {
    const plans = [
      { childId: 'ann', date: '2025-04-01' },
      { childId: 'bo', date: '2026-03-01' },
      { childId: 'cy', date: '2026-01-05' },
    ];
    // The window is 2025-04-01 to 2026-03-31: Ann's and Bo's plans count; Cy is withdrawn by the end.
    expect(actionPlanCoverage(children, plans, P)).toMatchObject({ numerator: 2, denominator: 2 });
    expect(actionPlanCoverage(children, [{ childId: 'ann', date: '2025-03-31' }], P)).toMatchObject({ numerator: 0, denominator: 2 });
  });
});

describe('small numbers', () => {
  it('withholds small groups, and the smallest published one when only one centre is withheld', () => {
    expect(withheldCells([12, 3, 40])).toEqual([true, true, false]);
    expect(withheldCells([12, 3, 2, 40])).toEqual([false, true, true, false]); // 3 + 2 = 5 children over two centres
    expect(withheldCells([12, 1, 2, 40])).toEqual([true, true, true, false]); // 1 + 2 < 5: one more
    expect(withheldCells([12, 0, 40])).toEqual([false, true, false]); // a centre with no children hides nobody
    expect(withheldCells([12, 30])).toEqual([false, false]);
  });
  it('withholds numerator, denominator, value and coverage together', () => {
    expect(publish({ numerator: 1, denominator: 3, value: 1 / 3, group: 3, coverage: { numerator: 3, denominator: 9 } }, true)).toEqual({ withheld: true, numerator: null, denominator: null, value: null, coverage: null });
  });
});
