// Who may see which child: the one place that decides it (docs/api.md "Roles and scope").
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { ChildTable, DB, Role } from '../../db/schema';
import { prepareQuery } from '../../db/prepared';
import type { Actor } from '../context';
import { assertMay } from '../auth/policy';

// Referrals that give the receiving centre (usually the hospital) sight of a child from another centre.
const OPEN_REFERRAL = ['requested', 'accepted', 'in-progress'] as const;

/**
 * Children referred in to `centreId`: by a referral still open, or by an upward referral it
 * completed, until the child's downward referral from it, made after that, is accepted. The
 * hospital completes a referral and then refers the child back down (双向转诊): it must still see
 * the child to write the care plan (issue 30). Two uncorrelated lists, so SQLite starts a
 * clinician's list from the centre's own children and these index ranges (referrals_to_status).
 */
export function referredInTo(eb: ExpressionBuilder<DB, 'children'>, centreId: string): Expression<SqlBool> {
  const open = eb
    .selectFrom('referrals')
    .select('referrals.child_id')
    .where('referrals.to_center_id', '=', centreId)
    .where('referrals.status', 'in', [...OPEN_REFERRAL]);
  const completedNotHandedBack = eb
    .selectFrom('referrals')
    .select('referrals.child_id')
    .where('referrals.to_center_id', '=', centreId)
    .where('referrals.status', '=', 'completed')
    .where('referrals.direction', '=', 'up')
    .where((r) =>
      r.not(
        r.exists(
          r
            .selectFrom('referrals as down')
            .select('down.id')
            .whereRef('down.child_id', '=', 'referrals.child_id')
            .where('down.direction', '=', 'down')
            .where('down.from_center_id', '=', centreId)
            .where('down.accepted_at', 'is not', null)
            .whereRef('down.created_at', '>=', 'referrals.completed_at'),
        ),
      ),
    );
  return eb.or([eb('children.id', 'in', open), eb('children.id', 'in', completedNotHandedBack)]);
}

/** Rows of `children` the actor may read as clinical records. */
export function visibleChildren(actor: Actor) {
  return (eb: ExpressionBuilder<DB, 'children'>): Expression<SqlBool> => {
    switch (actor.role) {
      case 'admin':
        return sql<SqlBool>`1 = 1`;
      case 'clinician':
        return eb.or([eb('children.center_id', '=', actor.centerId ?? ''), referredInTo(eb, actor.centerId ?? '')]);
      case 'parent':
        return eb('children.id', 'in', eb.selectFrom('guardianships').select('guardianships.child_id').where('guardianships.user_id', '=', actor.id));
      default:
        return sql<SqlBool>`1 = 0`;
    }
  };
}

const asRole = (role: Role, id: string, centerId: string | null): Actor => ({ id, username: '', displayName: '', role, centerId, schoolId: null, sessionId: null });

// The child by id within what the actor sees, asked on every request about a child: built once
// per role (db/prepared.ts), each from visibleChildren above.
const childFor = {
  admin: prepareQuery((db, childId: string) =>
    db
      .selectFrom('children')
      .selectAll()
      .where('id', '=', childId)
      .where(visibleChildren(asRole('admin', '', null))),
  ),
  clinician: prepareQuery((db, childId: string, centerId: string) =>
    db
      .selectFrom('children')
      .selectAll()
      .where('id', '=', childId)
      .where(visibleChildren(asRole('clinician', '', centerId))),
  ),
  parent: prepareQuery((db, childId: string, userId: string) =>
    db
      .selectFrom('children')
      .selectAll()
      .where('id', '=', childId)
      .where(visibleChildren(asRole('parent', userId, null))),
  ),
};

// The same decision, for reads that need little of the row (a child's follow-ups, diary): a whole
// row of children is 26 columns, ~20 µs more to read and convert than these.
const BRIEF = ['id', 'center_id', 'status', 'birth_date'] as const;
export type ChildBrief = Pick<ChildTable, (typeof BRIEF)[number]>;
const briefFor = {
  admin: prepareQuery((db, childId: string) =>
    db
      .selectFrom('children')
      .select(BRIEF)
      .where('id', '=', childId)
      .where(visibleChildren(asRole('admin', '', null))),
  ),
  clinician: prepareQuery((db, childId: string, centerId: string) =>
    db
      .selectFrom('children')
      .select(BRIEF)
      .where('id', '=', childId)
      .where(visibleChildren(asRole('clinician', '', centerId))),
  ),
  parent: prepareQuery((db, childId: string, userId: string) =>
    db
      .selectFrom('children')
      .select(BRIEF)
      .where('id', '=', childId)
      .where(visibleChildren(asRole('parent', userId, null))),
  ),
};

/** The child if the actor sees it (any role, as visibleChildren decides); undefined otherwise. */
export async function visibleChildById(db: Kysely<DB>, actor: Actor, childId: string): Promise<ChildTable | undefined> {
  switch (actor.role) {
    case 'admin':
      return (await childFor.admin(db, childId))[0];
    case 'clinician':
      return (await childFor.clinician(db, childId, actor.centerId ?? ''))[0];
    case 'parent':
      return (await childFor.parent(db, childId, actor.id))[0];
    default:
      return undefined;
  }
}

/** As visibleChildById, with only the child's id, centre, status and birth date. */
export async function visibleChildBrief(db: Kysely<DB>, actor: Actor, childId: string): Promise<ChildBrief | undefined> {
  switch (actor.role) {
    case 'admin':
      return (await briefFor.admin(db, childId))[0];
    case 'clinician':
      return (await briefFor.clinician(db, childId, actor.centerId ?? ''))[0];
    case 'parent':
      return (await briefFor.parent(db, childId, actor.id))[0];
    default:
      return undefined;
  }
}

/** Roles that read clinical records at all; a nurse sees only action-plan summaries, a manager aggregates. */
export function assertClinicalReader(actor: Actor): void {
  assertMay(actor, 'children.read');
}

/** Roles that change a child's clinical record (parents write only the diary). */
export function assertClinicalWriter(actor: Actor): void {
  assertMay(actor, 'children.manage');
}
