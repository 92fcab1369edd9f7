// Two-way referral (双向转诊) status rules, docs/referrals.md. Pure: the caller loads the referral,
// asks here whether a move is allowed, then records who, when, from, to and reason itself.
// Statuses are the FHIR Task subset named in the spec.

export const REFERRAL_STATUSES = ['requested', 'accepted', 'rejected', 'cancelled', 'in-progress', 'failed', 'completed'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const REFERRAL_ACTIONS = ['accept', 'reject', 'start', 'fail', 'complete', 'cancel'] as const;
export type ReferralAction = (typeof REFERRAL_ACTIONS)[number];

export type ReferralDirection = 'up' | 'down';

/** Which organisation may make a move: the one the child is sent to, or the one sending. */
export type ReferralSide = 'receiving' | 'referring';

/** Free text the move must carry: a reason (reject, cancel) or the outcome that closes the loop. */
export type RequiredText = 'reason' | 'outcome';

export interface ReferralTransition {
  action: ReferralAction;
  from: ReferralStatus;
  to: ReferralStatus;
  by: ReferralSide;
  requires?: RequiredText;
}

/** The whole table from the spec; any move not listed here is illegal. */
export const REFERRAL_TRANSITIONS: readonly ReferralTransition[] = [
  { action: 'accept', from: 'requested', to: 'accepted', by: 'receiving' },
  { action: 'reject', from: 'requested', to: 'rejected', by: 'receiving', requires: 'reason' },
  { action: 'cancel', from: 'requested', to: 'cancelled', by: 'referring', requires: 'reason' },
  // start = the child attended the receiving organisation
  { action: 'start', from: 'accepted', to: 'in-progress', by: 'receiving' },
  // fail = the child did not attend within the validity window
  { action: 'fail', from: 'accepted', to: 'failed', by: 'receiving' },
  { action: 'cancel', from: 'accepted', to: 'cancelled', by: 'referring', requires: 'reason' },
  // the outcome summary is the feedback that closes the loop to the referring side
  { action: 'complete', from: 'in-progress', to: 'completed', by: 'receiving', requires: 'outcome' },
];

/** Who may take each action, whatever the current status. */
export const REFERRAL_ACTION_SIDE: Readonly<Record<ReferralAction, ReferralSide>> = {
  accept: 'receiving',
  reject: 'receiving',
  start: 'receiving',
  fail: 'receiving',
  complete: 'receiving',
  cancel: 'referring',
};

/** No move leaves these; a re-referral is a new referral linked to the old one. */
export const TERMINAL_REFERRAL_STATUSES: readonly ReferralStatus[] = ['rejected', 'cancelled', 'failed', 'completed'];

export function isTerminalStatus(status: ReferralStatus): boolean {
  return TERMINAL_REFERRAL_STATUSES.includes(status);
}

export interface ReferralParties {
  status: ReferralStatus;
  direction: ReferralDirection;
  fromCenterId: string;
  toCenterId: string;
}

export interface ReferralActor {
  centerId: string;
}

export interface TransitionInput {
  reason?: string | null;
  outcome?: string | null;
}

export interface ValidationDetail {
  path: string;
  message: string;
}

export type TransitionResult = { ok: true; to: ReferralStatus } | { ok: false; code: 'illegal_transition' | 'forbidden' | 'validation_failed'; details?: ValidationDetail[] };

/** The sides an actor's centre plays in this referral (none for a third centre). */
export function sidesOf(referral: ReferralParties, actor: ReferralActor): ReferralSide[] {
  const sides: ReferralSide[] = [];
  if (actor.centerId === referral.toCenterId) sides.push('receiving');
  if (actor.centerId === referral.fromCenterId) sides.push('referring');
  return sides;
}

function findTransition(status: ReferralStatus, action: ReferralAction): ReferralTransition | undefined {
  return REFERRAL_TRANSITIONS.find((t) => t.from === status && t.action === action);
}

function isBlank(text: string | null | undefined): boolean {
  return text === undefined || text === null || text.trim() === '';
}

const REQUIRED_TEXT_MESSAGE: Record<RequiredText, string> = {
  reason: 'a reason is required',
  outcome: 'an outcome summary is required to close the loop',
};

/**
 * Decides one move. Checks run in the order: side (forbidden), then status
 * (illegal_transition), then the body (validation_failed) — who may act does not depend on the
 * status, and a body is only worth checking for a move that could happen.
 */
export function transition(referral: ReferralParties, action: ReferralAction, actor: ReferralActor, input: TransitionInput = {}): TransitionResult {
  if (!sidesOf(referral, actor).includes(REFERRAL_ACTION_SIDE[action])) {
    return { ok: false, code: 'forbidden' };
  }
  const move = findTransition(referral.status, action);
  if (!move) {
    return {
      ok: false,
      code: 'illegal_transition',
      details: [{ path: 'status', message: `cannot ${action} a referral that is ${referral.status}` }],
    };
  }
  if (move.requires && isBlank(input[move.requires])) {
    return {
      ok: false,
      code: 'validation_failed',
      details: [{ path: move.requires, message: REQUIRED_TEXT_MESSAGE[move.requires] }],
    };
  }
  return { ok: true, to: move.to };
}

/** The actions this actor may take now, in table order (for the buttons in an inbox). */
export function allowedActions(referral: ReferralParties, actor: ReferralActor): ReferralAction[] {
  const sides = sidesOf(referral, actor);
  return REFERRAL_TRANSITIONS.filter((t) => t.from === referral.status && sides.includes(t.by)).map((t) => t.action);
}
