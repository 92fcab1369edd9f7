// Worked due-date histories for on-time follow-up and overdue (v2), checkable by hand.
import { describe, expect, it } from 'vitest';
import { dueOutcomes, onTimeFollowUp, overdueAtEnd, type DueChange } from '../../../../server/indicators/v2/on-time';
import type { ChildRecord } from '../../../../server/indicators/v2/model';

let seq = 0;
const change = (childId: string, since: string, dueDate: string | null, reason: string | null = 'R2', graceDays: number | null = reason === 'R4' ? 2 : 7): DueChange => ({
  childId,
  since,
  seq: ++seq,
  dueDate,
  graceDays: dueDate ? graceDays : null,
  reason,
});
const visits = (entries: Record<string, string[]>) => new Map(Object.entries(entries));
const P = { from: '2026-03-01', to: '2026-03-31' };
const child = (id: string, o: Partial<ChildRecord> = {}): ChildRecord => ({ id, enrolledOn: '2025-06-01', inactiveFrom: null, birthDate: '2017-05-01', atSchool: false, ...o });

describe('on-time follow-up from the history of due dates', () => {
  it('a review brought forward by R4 is measured, the routine one it replaced is not', () => {
    // Seen 03-02 (due 03-30, R2); red-zone diary 03-05 -> due 03-12 (R4, grace 2); seen 03-13 (<= 03-14): met.
    const changes = [change('ann', '2026-03-02', '2026-03-30'), change('ann', '2026-03-05', '2026-03-12', 'R4'), change('ann', '2026-03-13', '2026-06-05')];
    const o = dueOutcomes(changes, visits({ ann: ['2026-03-02', '2026-03-13'] }), '2026-04-20');
    expect(o.map((x) => [x.dueDate, x.outcome])).toEqual([
      ['2026-03-30', 'replaced'],
      ['2026-03-12', 'met'],
      ['2026-06-05', 'open'],
    ]);
    expect(onTimeFollowUp(changes, visits({ ann: ['2026-03-02', '2026-03-13'] }), P, '2026-04-20')).toMatchObject({ numerator: 1, denominator: 1 });
  });

  it('an R4 review seen too late is missed, even though a routine date would have been met', () => {
    const changes = [change('bo', '2026-03-02', '2026-03-30'), change('bo', '2026-03-05', '2026-03-12', 'R4'), change('bo', '2026-03-20', '2026-06-12')];
    expect(onTimeFollowUp(changes, visits({ bo: ['2026-03-02', '2026-03-20'] }), P, '2026-04-20')).toMatchObject({ numerator: 0, denominator: 1 });
  });

  it('a child with no follow-up misses once the deadline has passed; before that it is left out', () => {
    const changes = [change('cy', '2026-02-01', '2026-03-01', 'R1')];
    expect(onTimeFollowUp(changes, new Map(), P, '2026-03-08')).toMatchObject({ numerator: 0, denominator: 0 }); // 03-01 + 7 = 03-08: not passed
    expect(onTimeFollowUp(changes, new Map(), P, '2026-03-09')).toMatchObject({ numerator: 0, denominator: 1 });
  });

  it('a follow-up on the day an exacerbation was recorded answers the due date in force that day', () => {
    const changes = [change('di', '2026-01-05', '2026-03-30', 'R2'), change('di', '2026-03-10', '2026-03-17', 'R4'), change('di', '2026-03-10', '2026-06-02')];
    const o = dueOutcomes(changes, visits({ di: ['2026-03-10'] }), '2026-04-20');
    expect(o.map((x) => x.outcome)).toEqual(['met', 'replaced', 'open']);
  });

  it('a withdrawal before the deadline takes the due date out; after it, the due date stays missed', () => {
    const before = [change('ed', '2026-02-01', '2026-03-10'), change('ed', '2026-03-05', null, null)];
    expect(dueOutcomes(before, new Map(), '2026-04-20').map((x) => x.outcome)).toEqual(['replaced']);
    const after = [change('fi', '2026-02-01', '2026-03-10'), change('fi', '2026-03-20', null, null)];
    expect(dueOutcomes(after, new Map(), '2026-04-20').map((x) => x.outcome)).toEqual(['missed']);
  });
});

describe('overdue at the period end', () => {
  it('uses the due date in force at the end and the grace stored with it (as the worklist)', () => {
    const changes = [
      change('a', '2026-03-01', '2026-03-20'), // 03-20 + 7 = 03-27 < 03-31, no visit: overdue
      change('b', '2026-03-01', '2026-03-27', 'R4', 0), // hospital review, grace 0: 03-27 < 03-31: overdue
      change('c', '2026-03-01', '2026-03-28'), // 03-28 + 7 = 04-04: not yet
      change('d', '2026-03-01', '2026-03-10'),
      change('d', '2026-03-09', '2026-06-01'), // seen 03-09: a new due date
      change('e', '2026-03-01', '2026-03-10'), // withdrawn: not counted
    ];
    const children = ['a', 'b', 'c', 'd'].map((id) => child(id)).concat(child('e', { inactiveFrom: '2026-03-15' }));
    expect(overdueAtEnd(children, changes, visits({ d: ['2026-03-09'] }), P)).toMatchObject({ numerator: 2, denominator: null, value: 2 });
  });
});
