// Who may see which child: the one place that decides it (api.md "Roles and scope").
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DB } from '../../db/schema';
import type { Actor } from '../context';
import { forbidden } from '../errors';

// Referrals that give the receiving centre (usually the hospital) sight of a child from another centre.
const OPEN_REFERRAL = ['requested', 'accepted', 'in-progress'] as const;

/** Rows of `children` the actor may read as clinical records. */
export function visibleChildren(actor: Actor) {
  return (eb: ExpressionBuilder<DB, 'children'>): Expression<SqlBool> => {
    switch (actor.role) {
      case 'admin':
        return sql<SqlBool>`1 = 1`;
      case 'clinician':
        return eb.or([
          eb('children.center_id', '=', actor.centerId ?? ''),
          eb(
            'children.id',
            'in',
            eb.selectFrom('referrals').select('referrals.child_id').where('referrals.to_center_id', '=', actor.centerId ?? '').where('referrals.status', 'in', [...OPEN_REFERRAL]),
          ),
        ]);
      case 'parent':
        return eb('children.id', 'in', eb.selectFrom('guardianships').select('guardianships.child_id').where('guardianships.user_id', '=', actor.id));
      default:
        return sql<SqlBool>`1 = 0`;
    }
  };
}

/** Roles that read clinical records at all; a nurse sees only action-plan summaries, a manager aggregates. */
export function assertClinicalReader(actor: Actor): void {
  if (!['admin', 'clinician', 'parent'].includes(actor.role)) throw forbidden();
}

/** Roles that change a child's clinical record (parents write only the diary). */
export function assertClinicalWriter(actor: Actor): void {
  if (!['admin', 'clinician'].includes(actor.role)) throw forbidden();
}
