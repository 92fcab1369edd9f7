import { describe, expect, it } from 'vitest';
import { ageInYears } from '../../../../server/calendar';
import { RuleViolation, answerProblems, instrumentForAge, resolveInstrument, scoreBand, scoreInstrument, type Instrument } from '../../../../server/followups/rules';

function violation(run: () => unknown): RuleViolation {
  try {
    run();
  } catch (error) {
    if (error instanceof RuleViolation) return error;
    throw error;
  }
  throw new Error('expected a RuleViolation');
}

describe('spec §1 worked examples', () => {
  it('C-ACT answers [3,3,3,3,5,5,5] -> 27, well controlled', () => {
    expect(scoreInstrument('C-ACT', [3, 3, 3, 3, 5, 5, 5])).toEqual({ instrument: 'C-ACT', score: 27, scoreBand: 'well' });
  });
  it('C-ACT [2,2,2,2,4,4,3] -> 19, not well controlled (19 is not well: the cut-off is "<=19")', () => {
    expect(scoreInstrument('C-ACT', [2, 2, 2, 2, 4, 4, 3])).toMatchObject({ score: 19, scoreBand: 'not_well' });
  });
  it('C-ACT [1,1,1,1,3,3,2] -> 12, very poorly controlled', () => {
    expect(scoreInstrument('C-ACT', [1, 1, 1, 1, 3, 3, 2])).toMatchObject({ score: 12, scoreBand: 'very_poor' });
  });
  it('C-ACT [2,2,2,2,4,4,4] -> 20, well controlled', () => {
    expect(scoreInstrument('C-ACT', [2, 2, 2, 2, 4, 4, 4])).toMatchObject({ score: 20, scoreBand: 'well' });
  });
  it('ACT [4,4,4,4,4] -> 20, well; ACT [4,4,4,4,3] -> 19, not well; ACT [3,3,3,3,3] -> 15, very poorly', () => {
    expect(scoreInstrument('ACT', [4, 4, 4, 4, 4])).toMatchObject({ score: 20, scoreBand: 'well' });
    expect(scoreInstrument('ACT', [4, 4, 4, 4, 3])).toMatchObject({ score: 19, scoreBand: 'not_well' });
    expect(scoreInstrument('ACT', [3, 3, 3, 3, 3])).toMatchObject({ score: 15, scoreBand: 'very_poor' });
  });
  it('TRACK [20,20,20,15,5] -> 80, well; TRACK [20,20,15,15,5] -> 75, not well', () => {
    expect(scoreInstrument('TRACK', [20, 20, 20, 15, 5])).toMatchObject({ score: 80, scoreBand: 'well' });
    expect(scoreInstrument('TRACK', [20, 20, 15, 15, 5])).toMatchObject({ score: 75, scoreBand: 'not_well' });
  });
  it('TRACK item value 12 -> 400', () => {
    const error = violation(() => scoreInstrument('TRACK', [20, 20, 12, 15, 5]));
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([{ path: 'answers.2', message: 'TRACK item 3 must be one of 0, 5, 10, 15, 20' }]);
  });
});

describe('score bands at the cut-offs', () => {
  it.each<[Instrument, number, string]>([
    ['C-ACT', 12, 'very_poor'],
    ['C-ACT', 13, 'not_well'],
    ['C-ACT', 19, 'not_well'],
    ['C-ACT', 20, 'well'],
    ['ACT', 15, 'very_poor'],
    ['ACT', 16, 'not_well'],
    ['ACT', 19, 'not_well'],
    ['ACT', 20, 'well'],
    ['TRACK', 75, 'not_well'],
    ['TRACK', 80, 'well'],
    ['TRACK', 0, 'not_well'],
  ])('%s %i -> %s', (instrument, score, band) => {
    expect(scoreBand(instrument, score)).toBe(band);
  });
});

describe('answer checks (400 with details[].path)', () => {
  it('accepts the extremes of every item', () => {
    expect(answerProblems('C-ACT', [0, 0, 0, 0, 0, 0, 0])).toEqual([]);
    expect(answerProblems('ACT', [1, 1, 1, 1, 1])).toEqual([]);
    expect(scoreInstrument('ACT', [5, 5, 5, 5, 5]).score).toBe(25);
    expect(scoreInstrument('TRACK', [20, 20, 20, 20, 20]).score).toBe(100);
  });
  it('C-ACT child items stop at 3, caregiver items at 5', () => {
    expect(answerProblems('C-ACT', [4, 3, 3, 3, 5, 5, 5]).map((p) => p.path)).toEqual(['answers.0']);
    expect(answerProblems('C-ACT', [3, 3, 3, 3, 6, 5, 5]).map((p) => p.path)).toEqual(['answers.4']);
    expect(answerProblems('C-ACT', [3, 3, 3, -1, 5, 5, 5]).map((p) => p.path)).toEqual(['answers.3']);
  });
  it('ACT items run 1-5, so 0 is out of range', () => {
    expect(answerProblems('ACT', [0, 4, 4, 4, 4]).map((p) => p.path)).toEqual(['answers.0']);
  });
  it('rejects fractions and non-numbers', () => {
    expect(answerProblems('C-ACT', [2.5, 3, 3, 3, 5, 5, 5]).map((p) => p.path)).toEqual(['answers.0']);
    expect(answerProblems('ACT', ['4', 4, 4, 4, 4]).map((p) => p.path)).toEqual(['answers.0']);
  });
  it('reports a missing item and the wrong number of items', () => {
    expect(answerProblems('ACT', [4, null, 4, 4, 4])).toEqual([{ path: 'answers.1', message: 'ACT item 2 is missing' }]);
    expect(answerProblems('ACT', [4, 4, 4, 4])).toEqual([{ path: 'answers', message: 'ACT has 5 items; got 4' }]);
    expect(answerProblems('TRACK', [20, 20, 20, 20, 20, 20]).map((p) => p.path)).toEqual(['answers']);
  });
  it('lists every bad item at once', () => {
    const error = violation(() => scoreInstrument('C-ACT', [9, 3, 3, 3, 5, 5, 9]));
    expect(error.details.map((p) => p.path)).toEqual(['answers.0', 'answers.6']);
    expect(error.message).toBe('Invalid C-ACT answers');
  });
});

describe('instrument by completed age', () => {
  it.each([
    [0, 'TRACK'],
    [4, 'TRACK'],
    [5, 'C-ACT'],
    [11, 'C-ACT'],
    [12, 'ACT'],
    [17, 'ACT'],
  ])('age %i -> %s', (age, instrument) => {
    expect(instrumentForAge(age)).toBe(instrument);
    expect(resolveInstrument(age)).toBe(instrument);
  });
  it('uses completed years on the assessment date (the day before the 5th birthday is still TRACK)', () => {
    expect(instrumentForAge(ageInYears('2021-03-03', '2026-03-02'))).toBe('TRACK');
    expect(instrumentForAge(ageInYears('2021-03-02', '2026-03-02'))).toBe('C-ACT');
  });
  it('a caller may choose C-ACT at age 4', () => {
    expect(resolveInstrument(4, 'C-ACT')).toBe('C-ACT');
  });
  it.each<[number, Instrument]>([
    [3, 'C-ACT'],
    [4, 'ACT'],
    [5, 'TRACK'],
    [11, 'ACT'],
    [12, 'C-ACT'],
    [12, 'TRACK'],
  ])('any other instrument outside its range is instrument_age_mismatch: age %i with %s', (age, requested) => {
    const error = violation(() => resolveInstrument(age, requested));
    expect(error.code).toBe('instrument_age_mismatch');
    expect(error.details[0]?.path).toBe('instrument');
  });
});
