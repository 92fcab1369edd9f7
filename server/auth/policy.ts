// Who may do what: the one table of role × action (issue 32). API routes (`access: { action }`),
// pages (`pageActor(c, action)`), menus and home sections, and services (`assertMay`) all ask it.
// Which rows an allowed role reaches is the scope modules' question (server/children/scope.ts,
// server/schools/scope.ts, the referral scope): a clinician may read children, but only those of
// their centre and those referred to it. The access matrix (test/security/access-matrix.test.ts)
// checks every route and page against this table's answers.
import type { Role } from '../../db/schema';
import type { Actor } from '../context';
import { forbidden } from '../errors';

export const POLICY = {
  // Accounts, and the record of who did what.
  'users.manage': ['admin'],
  'audit.read': ['admin'],
  // Centres, schools and the programme calendar.
  'reference.manage': ['admin'],
  'calendar.read': ['admin', 'clinician', 'manager'],
  // Children's records: a parent reads their own; clinicians enrol, list and record.
  'children.read': ['admin', 'clinician', 'parent'],
  'children.manage': ['admin', 'clinician'],
  'diary.keep': ['parent', 'clinician', 'admin'],
  'worklist.read': ['admin', 'clinician'],
  /** The worklist page: a clinician's own centre (an admin asks the API for a centre). */
  'worklist.own': ['clinician'],
  // Two-way referral: clinicians of the centres concerned (the hospital's are clinicians too).
  'referrals.read': ['admin', 'clinician'],
  'referrals.write': ['clinician'],
  'referrals.indicators': ['admin', 'manager', 'clinician'],
  // Action plans and education. A nurse reads the plan's summary for her pupils.
  'plans.read': ['admin', 'clinician', 'parent', 'nurse'],
  'plans.history': ['admin', 'clinician', 'parent'],
  'plans.write': ['admin', 'clinician'],
  'plans.school': ['nurse'],
  'articles.edit': ['admin', 'clinician'],
  'education.reach': ['admin', 'manager', 'clinician'],
  /** A parent's own app: home, notification choices, index subscriptions, Web Push. */
  'family.own': ['parent'],
  // The programme's figures.
  'indicators.read': ['admin', 'manager', 'clinician'],
  'indicators.compare': ['admin', 'manager'],
  'notifications.reach': ['admin', 'manager'],
  // Integrations (webhooks, the delivery outbox, FHIR clients) and the jobs.
  'integrations.manage': ['admin'],
  'jobs.run': ['admin'],
  // Community clinicians' training and treatment coverage (issue 36). The managers run courses and
  // sessions; a session's trainer (a clinician) records it; populations and prevalence are the admin's.
  'training.read': ['admin', 'manager', 'clinician'],
  'training.manage': ['admin', 'manager'],
  'training.record': ['admin', 'clinician'],
  'training.own': ['clinician'],
  'coverage.manage': ['admin'],
  // Schools: the district's staff read, the school's nurse and the admin write.
  'schools.read': ['admin', 'manager', 'nurse'],
  'schools.write': ['admin', 'nurse'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof POLICY;

/** The roles allowed this action. */
export const rolesFor = (action: Action): readonly Role[] => POLICY[action];

/** Whether the actor's role is allowed this action (scope is decided elsewhere). */
export const may = (actor: Pick<Actor, 'role'>, action: Action): boolean => (POLICY[action] as readonly Role[]).includes(actor.role);

/** 403 unless the actor's role is allowed this action. */
export function assertMay(actor: Pick<Actor, 'role'>, action: Action, message?: string): void {
  if (!may(actor, action)) throw forbidden(message);
}
