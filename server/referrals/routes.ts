import { defineRoute, requestContext, type Api } from '../http/route';
import { REFERRAL_ACTIONS } from './rules';
import { indicatorsQuery, referralCreateBody, referralListQuery, referralParams, transitionBody } from './schemas';
import { createReferral, getReferral, moveReferral } from './service';
import { listReferrals } from './inbox';
import { referralIndicatorsReport } from '../indicators/service';

const staff = { action: 'referrals.read' } as const;

const actionSummary = {
  accept: 'Accept a requested referral (receiving centre); a downward one moves the child here',
  reject: 'Reject a requested referral with a reason (receiving centre)',
  start: 'Record that the child attended (receiving centre)',
  fail: 'Record that the child did not attend in time (receiving centre)',
  complete: 'Complete with an outcome summary, the feedback to the referring centre (receiving centre)',
  cancel: 'Cancel with a reason (referring centre)',
} as const;

export function registerReferralRoutes(api: Api): void {
  defineRoute(
    api,
    { method: 'post', path: '/referrals', summary: 'Refer a child up (centre -> hospital) or down (hospital -> centre, with a care plan)', tag: 'referrals', access: { action: 'referrals.write' }, body: referralCreateBody, status: 201 },
    async (c, { body }) => c.json(await createReferral(c.get('deps'), requestContext(c), body), 201),
  );
  defineRoute(api, { method: 'get', path: '/referrals', summary: "The caller's centre's incoming or outgoing referrals, overdue first", tag: 'referrals', access: staff, query: referralListQuery }, async (c, { query }) =>
    c.json(await listReferrals(c.get('deps'), requestContext(c), query)),
  );
  // Before /referrals/:id, which would otherwise take "indicators" for an id.
  defineRoute(
    api,
    { method: 'get', path: '/referrals/indicators', summary: 'Referral indicators for referrals created in a period (clinician: own centre)', tag: 'referrals', access: { action: 'referrals.indicators' }, query: indicatorsQuery },
    async (c, { query }) => c.json(await referralIndicatorsReport(c.get('deps'), requestContext(c), query)),
  );
  defineRoute(api, { method: 'get', path: '/referrals/:id', summary: 'A referral with its history and overdue flag', tag: 'referrals', access: staff, params: referralParams }, async (c, { params }) =>
    c.json(await getReferral(c.get('deps'), requestContext(c), params.id)),
  );
  for (const action of REFERRAL_ACTIONS) {
    defineRoute(api, { method: 'post', path: `/referrals/:id/${action}`, summary: actionSummary[action], tag: 'referrals', access: { action: 'referrals.write' }, params: referralParams, body: transitionBody }, async (c, { params, body }) =>
      c.json(await moveReferral(c.get('deps'), requestContext(c), params.id, action, body)),
    );
  }
}
