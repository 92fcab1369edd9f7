// A broken domain rule (wrong instrument for the age, diary date out of range, bad answers).
// Rules stay free of HTTP; the HTTP layer maps a RuleViolation to 400 with the same code and details.

export interface RuleProblem {
  /** Where in the request body, dotted like zod paths: 'answers.3' is the fourth answer. */
  path: string;
  message: string;
}

export class RuleViolation extends Error {
  override readonly name = 'RuleViolation';

  constructor(
    readonly code: string,
    readonly details: RuleProblem[],
    message = details[0]?.message ?? code,
  ) {
    super(message);
  }
}
