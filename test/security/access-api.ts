// The access matrix's JSON API rows (split from access-matrix.test.ts, which runs them and explains
// the columns: anon admin manager clinicA clinicB hospital nurse1 nurse2 parent1 parent2).
import { ids, PASSWORD } from '../helpers/world';
import { childBody, followUpBody } from '../server/children/fixtures';
import { upBody } from '../server/referrals/fixtures';
import { planBody } from '../server/family-app/fixtures';
import { MARK, assessmentBody, checkBody, diaryBody, enrolAs, kitBody, subscriptionBody, trainingBody, useBody } from './fixtures';
import { A, articleBody, diaryBase, fhirClientBody, freshAction, freshPush, freshSubscription, planOf, publishedArticle, pushBody, r, referral, type Row } from './access-rows';
import { TRAINING_API } from './access-training';

// ---- the JSON API --------------------------------------------------------------------------------
//                                                                 anon adm  mgr  cliA cliB hosp nur1 nur2 par1 par2
export const API: Record<string, Row[]> = {
  auth: [
    r('POST /api/v1/auth/login', '200  200  200  200  200  200  200  200  200  200', { body: () => ({ username: 'manager', password: PASSWORD }) }),
    r('POST /api/v1/auth/logout', '401  200  200  200  200  200  200  200  200  200', { freshSession: true }),
    r('GET /api/v1/me', '401  200  200  200  200  200  200  200  200  200'),
  ],
  users: [
    r('GET /api/v1/users', '401  200  403  403  403  403  403  403  403  403'),
    r('POST /api/v1/users', '401  201  403  403  403  403  403  403  403  403', { body: ({ as, n }) => ({ username: `u-${as}-${n}`, password: PASSWORD, displayName: 'x', role: 'parent' }) }),
    r('POST /api/v1/users/:id/password', '401  200  403  403  403  403  403  403  403  403', { at: A('victim'), body: () => ({ password: PASSWORD }) }),
    r('POST /api/v1/users/:id/active', '401  200  403  403  403  403  403  403  403  403', { at: A('victim'), body: () => ({ active: true }) }),
    r('POST /api/v1/users/:id/tokens', '401  201  403  403  403  403  403  403  403  403', { at: A('victim'), body: () => ({ label: 'matrix' }) }),
    r('POST /api/v1/tokens/:id/revoke', '401  200  403  403  403  403  403  403  403  403', { fresh: async ({ w, o }) => ({ id: (await w.call('admin', 'POST', `/api/v1/users/${o.victim}/tokens`, { label: 'x' })).body.id }) }),
    r('GET /api/v1/audit', '401  200  403  403  403  403  403  403  403  403'),
  ],
  reference: [
    r('GET /api/v1/centers', '401  200  200  200  200  200  200  200  200  200'),
    r('GET /api/v1/schools', '401  200  200  200  200  200  200  200  200  200'),
    r('POST /api/v1/centers', '401  201  403  403  403  403  403  403  403  403', { body: ({ as, n }) => ({ name: `矩阵中心${as}${n}`, nameEn: `Matrix ${as} ${n}`, kind: 'community', district: 'pudong' }) }),
    r('POST /api/v1/schools', '401  201  403  403  403  403  403  403  403  403', { body: ({ as, n }) => ({ name: `矩阵学校${as}${n}`, kind: 'primary', district: 'pudong', pupils: 500 }) }),
    r('GET /api/v1/calendar', '401  200  200  200  200  200  403  403  403  403'),
    r('PUT /api/v1/calendar/:date', '401  200  403  403  403  403  403  403  403  403', { at: { date: { literal: '2026-10-01' } }, body: () => ({ kind: 'holiday', name: '国庆节' }) }),
    r('DELETE /api/v1/calendar/:date', '401  200  403  403  403  403  403  403  403  403', { at: { date: { literal: '2026-10-02' } } }),
    r('GET /api/v1/openapi.json', '200  200  200  200  200  200  200  200  200  200'),
  ],
  children: [
    // Another centre's clinician is told which field is wrong (centerId: own centre only).
    r('POST /api/v1/children', '401  201  403  201  400  400  403  403  403  403', { body: ({ w }) => childBody(w, { centerId: ids.centreA }) }),
    r('GET /api/v1/children', '401  200  403  200  200  200  403  403  200  200', { note: 'managers see children only as aggregates' }),
    r('GET /api/v1/children', '401  200  403  200  200  200  403  403  200  200', { query: `?centerId=${ids.centreA}&status=all` }),
    r('GET /api/v1/children', '401  200  403  200  200  200  403  403  200  200', { query: '?q=138' }),
    r('GET /api/v1/children/:id', '401  200  403  200  404  404  403  403  200  404', { at: A('childA') }),
    r('GET /api/v1/children/:id', '401  200  403  404  200  404  403  403  404  200', { at: A('childB') }),
    r('GET /api/v1/children/:id', '401  200  403  200  404  200  403  403  404  404', { at: A('referredA'), note: 'an open referral lets the hospital see the child' }),
    r('PATCH /api/v1/children/:id', '401  200  403  200  404  404  403  403  403  403', { at: A('childA'), body: () => ({ heightCm: 131 }) }),
    r('POST /api/v1/children/:id/guardians', '401  200  403  200  404  404  403  403  403  403', { at: A('childA'), body: ({ w }) => ({ userId: w.userIds.parent1 }) }),
    r('GET /api/v1/children/:id/export', '401  200  403  200  404  404  403  403  200  404', { at: A('childA') }),
  ],
  followUps: [
    r('POST /api/v1/children/:id/events', '401  201  403  201  404  404  403  403  403  403', { at: A('childA'), body: () => ({ kind: 'ed', date: '2026-03-01', source: 'hospital' }) }),
    r('POST /api/v1/children/:id/follow-ups', '401  201  403  201  404  404  403  403  403  403', { at: A('childA'), body: () => followUpBody() }),
    r('GET /api/v1/children/:id/follow-ups', '401  200  403  200  404  404  403  403  200  404', { at: A('childA') }),
    r('GET /api/v1/follow-ups/worklist', '401  200  403  200  200  200  403  403  403  403', { query: `?centerId=${ids.centreA}` }),
  ],
  diary: [
    r('PUT /api/v1/children/:id/diary/:date', '401  200  403  200  404  404  403  403  200  404', { at: { id: 'childA', date: { literal: '2026-03-01' } }, body: () => diaryBody('matrix') }),
    r('GET /api/v1/children/:id/diary', '401  200  403  200  404  404  403  403  200  404', { at: A('childA') }),
    r('GET /api/v1/children/:id/diary', '401  200  403  404  200  404  403  403  404  200', { at: A('childB') }),
    r('POST /api/v1/alerts/:id/acknowledge', '401  200  403  200  404  404  403  403  403  403', { at: A('alertA') }),
  ],
  referrals: [
    r('POST /api/v1/referrals', '401  403  403  201  404  404  403  403  403  403', { fresh: async ({ w }) => ({ child: await enrolAs(w, 'clinicA', { name: '新转诊', schoolId: null }) }), body: ({ w, p }) => upBody(w, p.child!) }),
    r('GET /api/v1/referrals', '401  200  403  200  200  200  403  403  403  403'),
    r('GET /api/v1/referrals/indicators', '401  200  200  200  200  200  403  403  403  403'),
    r('GET /api/v1/referrals/:id', '401  200  403  200  404  200  403  403  403  403', { at: A('referralA') }),
    r('GET /api/v1/referrals/:id', '401  200  403  404  200  200  403  403  403  403', { at: A('referralB') }),
    r('POST /api/v1/referrals/:id/accept', '401  403  403  403  404  200  403  403  403  403', { fresh: referral('requested'), body: () => ({}) }),
    r('POST /api/v1/referrals/:id/reject', '401  403  403  403  404  200  403  403  403  403', { fresh: referral('requested'), body: () => ({ reason: '不符合指征' }) }),
    r('POST /api/v1/referrals/:id/start', '401  403  403  403  404  200  403  403  403  403', { fresh: referral('accepted'), body: () => ({}) }),
    r('POST /api/v1/referrals/:id/fail', '401  403  403  403  404  200  403  403  403  403', { fresh: referral('accepted'), body: () => ({ reason: '未就诊' }) }),
    r('POST /api/v1/referrals/:id/complete', '401  403  403  403  404  200  403  403  403  403', { fresh: referral('in-progress'), body: () => ({ outcome: '已评估，建议回社区随访' }) }),
    r('POST /api/v1/referrals/:id/cancel', '401  403  403  200  404  403  403  403  403  403', { fresh: referral('requested'), body: () => ({ reason: '家长改变主意' }) }),
  ],
  schools: [
    r('GET /api/v1/schools/overview', '401  200  200  403  403  403  200  200  403  403'),
    r('GET /api/v1/schools/:id/summary', '401  200  200  403  403  403  200  404  403  403', { at: { id: { literal: ids.school1 } } }),
    r('POST /api/v1/schools/:id/assessments', '401  201  403  403  403  403  201  404  403  403', { at: { id: { literal: ids.school1 } }, body: () => assessmentBody() }),
    r('GET /api/v1/schools/:id/assessments', '401  200  200  403  403  403  200  404  403  403', { at: { id: { literal: ids.school1 } } }),
    r('GET /api/v1/schools/:id/assessment-prefill', '401  200  200  403  403  403  200  404  403  403', { at: { id: { literal: ids.school1 } } }),
    r('GET /api/v1/assessments/:id', '401  200  200  403  403  403  200  404  403  403', { at: A('assessmentA') }),
    r('PATCH /api/v1/actions/:id', '401  200  403  403  403  403  200  404  403  403', { fresh: freshAction, body: () => ({ status: 'done', note: '已补充急救包' }) }),
    r('GET /api/v1/actions', '401  200  200  403  403  403  200  200  403  403'),
    r('POST /api/v1/trainings', '401  201  403  403  403  403  201  404  403  403', { body: () => trainingBody(ids.school1) }),
    r('GET /api/v1/trainings', '401  200  200  403  403  403  200  200  403  403'),
  ],
  kits: [
    r('GET /api/v1/kits/alerts', '401  200  200  403  403  403  200  200  403  403'),
    r('GET /api/v1/schools/:id/kits', '401  200  200  403  403  403  200  404  403  403', { at: { id: { literal: ids.school1 } } }),
    r('POST /api/v1/schools/:id/kits', '401  201  403  403  403  403  201  404  403  403', { at: { id: { literal: ids.school1 } }, body: ({ n }) => kitBody(`matrix-${n}`) }),
    r('GET /api/v1/kits/:id', '401  200  200  403  403  403  200  404  403  403', { at: A('kitA') }),
    r('GET /api/v1/kits/:id', '401  200  200  403  403  403  404  200  403  403', { at: A('kitB') }),
    r('PATCH /api/v1/kits/:id', '401  200  403  403  403  403  200  404  403  403', { at: A('kitA'), body: () => ({ spacers: 3 }) }),
    r('POST /api/v1/kits/:id/mdis', '401  201  403  403  403  403  201  404  403  403', { at: A('kitA'), body: ({ n }) => ({ batch: `M${n}`, expiry: '2027-06' }) }),
    r('PATCH /api/v1/mdis/:id', '401  200  403  403  403  403  200  404  403  403', { at: A('mdiA'), body: () => ({ counterReading: 30 }) }),
    r('POST /api/v1/kits/:id/checks', '401  201  403  403  403  403  201  404  403  403', { at: A('kitA'), body: () => checkBody() }),
    r('POST /api/v1/kits/:id/uses', '401  201  403  403  403  403  201  404  403  403', { at: A('kitA'), body: () => ({ ...useBody(), mdiBatch: `${MARK.kitA}-B1` }) }),
    r('PATCH /api/v1/kit-uses/:id', '401  200  403  403  403  403  200  404  403  403', { at: A('useA'), body: () => ({ parentToldAt: '2026-03-02T01:30:00Z', parentToldHow: 'phone' }) }),
  ],
  asthmaIndex: [
    r('GET /api/v1/asthma-index', '404  404  404  404  404  404  404  404  404  404', { query: '?district=pudong&date=2026-03-02', note: 'public; nothing computed in this world' }),
    r('GET /api/v1/asthma-index/range', '200  200  200  200  200  200  200  200  200  200', { query: '?district=pudong&from=2026-02-01&to=2026-03-02' }),
    r('GET /api/v1/districts', '200  200  200  200  200  200  200  200  200  200'),
    r('POST /api/v1/subscriptions', '401  403  403  403  403  403  403  403  201  201', { body: ({ n }) => subscriptionBody(1000 + n) }),
    r('GET /api/v1/subscriptions', '401  403  403  403  403  403  403  403  200  200'),
    r('DELETE /api/v1/subscriptions/:id', '401  403  403  403  403  403  403  403  200  404', { fresh: freshSubscription }),
    r('POST /api/v1/jobs/:name/run', '401  202  403  403  403  403  403  403  403  403', { at: { name: { literal: 'asthma-index' } }, body: () => ({ offline: true }) }),
    r('GET /api/v1/jobs/runs', '401  200  403  403  403  403  403  403  403  403'),
  ],
  indicators: [
    // A clinician sees their own centre's figures (another centre's: 403); managers see all.
    r('GET /api/v1/indicators', '401  200  200  200  200  200  403  403  403  403'),
    r('GET /api/v1/indicators', '401  200  200  200  403  403  403  403  403  403', { query: `?centerId=${ids.centreA}` }),
    r('GET /api/v1/indicators.csv', '401  200  200  200  200  200  403  403  403  403'),
    r('GET /api/v1/indicators/trends', '401  200  200  200  200  200  403  403  403  403'),
    r('GET /api/v1/indicators/centres', '401  200  200  403  403  403  403  403  403  403'),
    r('GET /api/v1/indicators/index-validation', '401  200  200  200  200  200  403  403  403  403'),
  ],
  familyApp: [
    // The plan: clinicians of the managing centre write; the family reads; the child's school nurse reads the summary.
    r('GET /api/v1/children/:id/action-plan', '401  200  403  200  404  404  200  404  200  404', { at: A('childA'), fresh: planOf('A') }),
    r('PUT /api/v1/children/:id/action-plan', '401  200  403  200  404  404  403  403  403  403', { at: A('childA'), body: () => planBody() }),
    r('GET /api/v1/children/:id/action-plan/versions', '401  200  403  200  404  404  403  403  200  404', { at: A('childA') }),
    r('GET /api/v1/action-plans/school', '401  403  403  403  403  403  200  200  403  403'),
    r('GET /api/v1/articles', '200  200  200  200  200  200  200  200  200  200'),
    r('GET /api/v1/articles/:slug', '200  200  200  200  200  200  200  200  200  200', { fresh: publishedArticle }),
    r('POST /api/v1/articles', '401  201  403  201  201  201  403  403  403  403', { body: ({ as, n }) => ({ slug: `matrix-${as.toLowerCase()}-${n}`, ...articleBody('draft') }) }),
    r('PUT /api/v1/articles/:slug', '401  200  403  200  200  200  403  403  403  403', { fresh: publishedArticle, body: () => articleBody('published') }),
    r('POST /api/v1/children/:id/articles', '401  201  403  201  404  404  403  403  403  403', { fresh: async (c) => ({ ...(await publishedArticle(c)), id: c.o.childA }), body: ({ p }) => ({ slug: p.slug }) }),
    r('GET /api/v1/education/reach', '401  200  200  200  200  200  403  403  403  403', { query: '?from=2026-01-01&to=2026-03-02' }),
    r('POST /api/v1/children/:id/diary/:date/sync', '401  200  403  200  404  404  403  403  200  404', { fresh: diaryBase, body: ({ as, n, p }) => ({ ...diaryBody('sync'), clientId: `matrix-${as}-${n}`, baseUpdatedAt: p.base || null }) }),
    r('GET /api/v1/push/public-key', '200  200  200  200  200  200  200  200  200  200'),
    r('POST /api/v1/push/subscriptions', '401  403  403  403  403  403  403  403  201  201', { body: ({ as, n }) => pushBody(`${as}-${n}`) }),
    r('GET /api/v1/push/subscriptions', '401  403  403  403  403  403  403  403  200  200'),
    r('POST /api/v1/push/unsubscribe', '401  403  403  403  403  403  403  403  200  404', { fresh: freshPush, body: ({ p }) => ({ endpoint: p.endpoint }) }),
    r('DELETE /api/v1/push/subscriptions/:id', '401  403  403  403  403  403  403  403  200  404', { fresh: freshPush }),
  ],
  // Parents reached by WeChat and SMS (issue 34).
  notifications: [
    r('GET /api/v1/notifications/settings', '401  403  403  403  403  403  403  403  200  200'),
    r('PUT /api/v1/notifications/children/:id', '401  403  403  403  403  403  403  403  200  404', {
      at: A('childA'),
      body: () => ({ wechat: false, sms: false, kinds: { index: true, diary: true, followup: true, urgent: true }, minLevel: 3, quietFrom: '21:00', quietUntil: '07:00' }),
    }),
    r('PUT /api/v1/notifications/children/:id/sms-consent', '401  403  403  403  403  403  403  403  200  404', { at: A('childA') }),
    r('DELETE /api/v1/notifications/children/:id/sms-consent', '401  403  403  403  403  403  403  403  200  404', { at: A('childA') }),
    r('POST /api/v1/notifications/wechat/code', '401  403  403  403  403  403  403  403  201  201'),
    r('DELETE /api/v1/notifications/wechat', '401  403  403  403  403  403  403  403  200  200'),
    r('GET /api/v1/notifications/outbox', '401  200  403  403  403  403  403  403  403  403'),
    r('GET /api/v1/notifications/reach', '401  200  200  403  403  403  403  403  403  403', { query: '?from=2026-01-01&to=2026-03-02' }),
  ],
  // The FHIR R4 interface (issue 35; its own matrix of roles and client scopes: test/server/fhir/access.test.ts).
  fhir: [
    r('GET /fhir/r4/metadata', '200  200  200  200  200  200  200  200  200  200'),
    r('GET /fhir/r4/.well-known/smart-configuration', '200  200  200  200  200  200  200  200  200  200'),
    r('POST /fhir/r4/auth/token', '400  400  400  400  400  400  400  400  400  400', { note: 'a form with a signed client assertion, never a session' }),
    r('POST /fhir/r4/_admin/clients', '401  201  403  403  403  403  403  403  403  403', { body: () => fhirClientBody() }),
    r('GET /fhir/r4/_admin/unmatched', '401  200  403  200  200  200  403  403  403  403'),
    r('POST /fhir/r4/_admin/unmatched/:id/resolve', '401  404  403  404  404  404  403  403  403  403', { at: { id: { literal: '00000000-0000-4000-8000-00000000fe01' } }, body: ({ o }) => ({ childId: o.childA }) }),
    r('GET /fhir/r4/bulk/:job', '401  404  404  404  404  404  404  404  404  404', { at: { job: { literal: '00000000-0000-4000-8000-00000000fe02' } }, note: "an export is only its requester's" }),
    r('GET /fhir/r4/bulk/:job/:file', '401  404  404  404  404  404  404  404  404  404', { at: { job: { literal: '00000000-0000-4000-8000-00000000fe02' }, file: { literal: 'Patient.ndjson' } } }),
    r('DELETE /fhir/r4/bulk/:job', '401  404  404  404  404  404  404  404  404  404', { at: { job: { literal: '00000000-0000-4000-8000-00000000fe02' } } }),
    r('GET /fhir/r4/Group/:id/:operation', '401  400  403  400  404  404  403  403  403  403', {
      at: { id: { literal: ids.centreA }, operation: { literal: '$export' } },
      note: 'allowed callers get 400 here for want of Prefer: respond-async',
    }),
    r('POST /fhir/r4', '401  400  400  400  400  400  400  400  400  400', { note: 'an empty Bundle is refused before any service is asked' }),
    r('POST /fhir/r4/:type', '401  400  403  400  400  400  403  403  403  403', { at: { type: { literal: 'Encounter' } }, note: 'an empty Encounter, from a role that may record hospital notices' }),
    r('PUT /fhir/r4/:type/:id', '401  200  403  200  404  200  403  403  403  403', { fresh: async (c) => ({ ...(await referral('requested')(c)), type: 'Task' }), body: () => ({ resourceType: 'Task', status: 'requested' }) }),
    r('PATCH /fhir/r4/:type/:id', '401  415  403  415  404  415  403  403  403  403', { at: { type: { literal: 'Task' }, id: 'referralA' }, note: 'JSON Patch only' }),
    r('GET /fhir/r4/:type/:id', '401  200  403  200  404  404  403  403  200  404', { at: { type: { literal: 'Patient' }, id: 'childA' } }),
    r('GET /fhir/r4/:type/:id', '401  200  403  200  404  200  403  403  403  403', { at: { type: { literal: 'Task' }, id: 'referralA' } }),
    r('GET /fhir/r4/:type', '401  200  403  200  200  200  403  403  200  200', { at: { type: { literal: 'Patient' } } }),
  ],
  // Clinicians' training and treatment coverage (issue 36).
  training: TRAINING_API,
};
