// Control questionnaires (docs/clinical-rules.md): which one fits the child's age, answer checks, score and band.
import { RuleViolation, type RuleProblem } from '../../rule-violation';

export const INSTRUMENTS = ['TRACK', 'C-ACT', 'ACT'] as const;
export type Instrument = (typeof INSTRUMENTS)[number];

/** Higher score = better control; TRACK has no very_poor band. */
export type ScoreBand = 'well' | 'not_well' | 'very_poor';

export interface InstrumentScore {
  instrument: Instrument;
  score: number;
  scoreBand: ScoreBand;
}

/** The allowed answer values of each item, in item order. */
const C_ACT_CHILD = [0, 1, 2, 3];
const C_ACT_CAREGIVER = [0, 1, 2, 3, 4, 5];
const ACT_ITEM = [1, 2, 3, 4, 5];
const TRACK_ITEM = [0, 5, 10, 15, 20];

const ITEMS: Record<Instrument, readonly (readonly number[])[]> = {
  'C-ACT': [C_ACT_CHILD, C_ACT_CHILD, C_ACT_CHILD, C_ACT_CHILD, C_ACT_CAREGIVER, C_ACT_CAREGIVER, C_ACT_CAREGIVER],
  ACT: [ACT_ITEM, ACT_ITEM, ACT_ITEM, ACT_ITEM, ACT_ITEM],
  TRACK: [TRACK_ITEM, TRACK_ITEM, TRACK_ITEM, TRACK_ITEM, TRACK_ITEM],
};

/** Each item's allowed answers, in item order (the form offers exactly these). */
export const itemValues = (instrument: Instrument): readonly (readonly number[])[] => ITEMS[instrument];

/** The instrument for a completed age in years: under 5 TRACK, 5-11 C-ACT, 12 and over ACT. */
export function instrumentForAge(ageYears: number): Instrument {
  if (ageYears < 5) return 'TRACK';
  return ageYears <= 11 ? 'C-ACT' : 'ACT';
}

/**
 * The instrument to use: the age default, or the caller's choice when it fits the age
 * (C-ACT is also validated at 4). Anything else is `instrument_age_mismatch`.
 */
export function resolveInstrument(ageYears: number, requested?: Instrument): Instrument {
  const fitting = instrumentForAge(ageYears);
  if (requested === undefined || requested === fitting) return fitting;
  if (requested === 'C-ACT' && ageYears === 4) return requested;
  throw new RuleViolation('instrument_age_mismatch', [{ path: 'instrument', message: `${requested} does not fit age ${ageYears}; use ${fitting}` }]);
}

/** Every problem with a set of answers; empty when they can be scored. */
export function answerProblems(instrument: Instrument, answers: readonly unknown[]): RuleProblem[] {
  const items = ITEMS[instrument];
  const problems: RuleProblem[] = [];
  if (answers.length !== items.length) {
    problems.push({ path: 'answers', message: `${instrument} has ${items.length} items; got ${answers.length}` });
  }
  items.forEach((allowed, i) => {
    const answer = answers[i];
    const item = `${instrument} item ${i + 1}`;
    if (answer === undefined || answer === null) {
      if (i < answers.length) problems.push({ path: `answers.${i}`, message: `${item} is missing` });
    } else if (typeof answer !== 'number' || !allowed.includes(answer)) {
      problems.push({ path: `answers.${i}`, message: `${item} must be one of ${allowed.join(', ')}` });
    }
  });
  return problems;
}

export function scoreBand(instrument: Instrument, score: number): ScoreBand {
  switch (instrument) {
    case 'C-ACT': // Liu 2007/2010: >19 well, 13-19 not well, <=12 very poor
      return score > 19 ? 'well' : score > 12 ? 'not_well' : 'very_poor';
    case 'ACT': // Nathan 2004: 20-25 well, 16-19 not well, <=15 very poor
      return score >= 20 ? 'well' : score >= 16 ? 'not_well' : 'very_poor';
    case 'TRACK': // Murphy 2009: one cut-off at 80
      return score >= 80 ? 'well' : 'not_well';
  }
}

/** Scores a complete answer set; throws `validation_failed` with per-item paths otherwise. */
export function scoreInstrument(instrument: Instrument, answers: readonly unknown[]): InstrumentScore {
  const problems = answerProblems(instrument, answers);
  if (problems.length > 0) throw new RuleViolation('validation_failed', problems, `Invalid ${instrument} answers`);
  const score = (answers as number[]).reduce((sum, a) => sum + a, 0);
  return { instrument, score, scoreBand: scoreBand(instrument, score) };
}
