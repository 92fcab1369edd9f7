// What the referral pages need besides the referrals themselves: the new-referral form's choices
// and the child page's referral block. Read-only; scope as in service.ts.
import { today } from '../clock';
import type { Deps, RequestContext } from '../context';
import { forbidden } from '../errors';
import { auditRead } from '../audit/audit';
import { childInScope } from '../children/service';
import { referredInTo } from '../children/scope';
import { loadClinicalHistory, suggestionsFor } from '../followups/clinical-history';
import { listReferrals } from './inbox';
import { OPEN_STATUSES, latestClinicalSummary } from './service';
import { actorOf } from '../auth/actor';
import type { CentreRef, ClinicalSummary, ReferralView } from './views';
import { assertMay } from '../auth/policy';

export interface ReferralFormOptions {
  direction: 'up' | 'down';
  /** Centres the referral may go to: the hospital(s) up, community centres down. */
  targets: CentreRef[];
  /** Children this centre may refer in that direction, for the chooser. */
  children: { id: string; name: string; birthDate: string; centerId: string }[];
  child: { id: string; name: string; birthDate: string; centerId: string } | null;
  clinicalSummary: ClinicalSummary | null;
}

/** A community centre refers up, the hospital down; the form follows from the caller's centre. */
export async function referralFormOptions(deps: Deps, ctx: RequestContext, childId: string | undefined): Promise<ReferralFormOptions> {
  const actor = actorOf(ctx);
  assertMay(actor, 'referrals.write');
  if (!actor.centerId) throw forbidden();
  const centreId = actor.centerId;
  const own = await deps.db.selectFrom('centers').select('kind').where('id', '=', centreId).executeTakeFirstOrThrow();
  const direction = own.kind === 'hospital' ? 'down' : 'up';
  const targetRows = await deps.db
    .selectFrom('centers')
    .select(['id', 'name', 'name_en'])
    .where('kind', '=', direction === 'up' ? 'hospital' : 'community')
    .where('id', '!=', centreId)
    .orderBy('name')
    .execute();
  let children = deps.db.selectFrom('children').select(['id', 'name', 'birth_date', 'center_id']).where('status', '=', 'active');
  children =
    direction === 'up'
      ? children.where('center_id', '=', centreId)
      : // The hospital refers down the children it sees: its own, and those referred in to it (the
        // completed ones too, until their downward referral is accepted).
        children.where((eb) => eb.or([eb('children.center_id', '=', centreId), referredInTo(eb, centreId)]));
  const choices = (await children.orderBy('name').limit(500).execute()).map((c) => ({ id: c.id, name: c.name, birthDate: c.birth_date, centerId: c.center_id }));
  const found = childId ? await childInScope(deps.db, actor, childId) : null;
  // The form lists children by name: a search of the registry, audited as the list API's is.
  await auditRead(deps.db, deps.clock, ctx, { action: 'search', entity: 'child', entityId: null });
  if (found) await auditRead(deps.db, deps.clock, ctx, { action: 'read', entity: 'child', entityId: found.id });
  return {
    direction,
    targets: targetRows.map((c) => ({ id: c.id, name: c.name, nameEn: c.name_en })),
    children: choices,
    child: found ? { id: found.id, name: found.name, birthDate: found.birth_date, centerId: found.center_id } : null,
    clinicalSummary: found ? await latestClinicalSummary(deps.db, found.id) : null,
  };
}

export interface ChildReferrals {
  referrals: ReferralView[];
  /** Criteria (U5, U6) when the latest follow-ups suggest referral and this centre may refer up now. */
  suggestion: { criteria: string[] } | null;
  canReferUp: boolean;
}

/** The child page's block: this centre's referrals of the child and, when due, the one-click "refer up". */
export async function childReferrals(deps: Deps, ctx: RequestContext, childId: string): Promise<ChildReferrals> {
  const actor = actorOf(ctx);
  const child = await childInScope(deps.db, actor, childId);
  const { items } = await listReferrals(deps, ctx, { childId, limit: 100 });
  let canReferUp = false;
  if (actor.role === 'clinician' && child.center_id === actor.centerId && child.status === 'active') {
    const centre = await deps.db.selectFrom('centers').select('kind').where('id', '=', child.center_id).executeTakeFirst();
    canReferUp = centre?.kind === 'community' && !items.some((r) => r.direction === 'up' && (OPEN_STATUSES as readonly string[]).includes(r.status));
  }
  let suggestion: ChildReferrals['suggestion'] = null;
  if (canReferUp) {
    const s = suggestionsFor(await loadClinicalHistory(deps.db, childId), today(deps.clock));
    if (s.referralSuggested) suggestion = { criteria: s.referralCriteria };
  }
  return { referrals: items, suggestion, canReferUp };
}
