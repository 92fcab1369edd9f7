// The authorization matrix (issue 9): every API route and every page, for anonymous and each role,
// against objects on the caller's side (centre A / school 1 / parent1) and the other side.
// The route list comes from the running app, so a new route without a row here fails the test.
//
// Columns, always in this order:
//   anon  admin  manager  clinicA  clinicB  hospital  nurse1  nurse2  parent1  parent2
// clinicA, nurse1 and parent1 are "own" for side-A objects (childA, kitA, referralA, ...);
// clinicB, nurse2 and parent2 are the other organisation / family. The hospital receives
// referralA and referralB (and sees the referred children while the referral is open).
import { createECDH, generateKeyPairSync, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids, PASSWORD, type World } from '../helpers/world';
import { childBody, followUpBody } from '../server/children/fixtures';
import { upBody } from '../server/referrals/fixtures';
import { planBody } from '../server/family-app/fixtures';
import {
  MARK, TODAY, assessmentBody, checkBody, diaryBody, enrolAs, kitBody, newReferral, securityWorld, seedObjects,
  subscriptionBody, trainingBody, useBody, type Objects,
} from './fixtures';

const ACTORS = ['anon', 'admin', 'manager', 'clinicA', 'clinicB', 'hospital', 'nurse1', 'nurse2', 'parent1', 'parent2'] as const;
type ActorName = (typeof ACTORS)[number];

interface Ctx { w: World; o: Objects; as: ActorName; n: number }
type Params = Record<string, string>;

interface Row {
  /** "METHOD /path" exactly as the app declares it. */
  route: string;
  /** Objects for the path params: a key of Objects, or a literal value. */
  at?: Record<string, keyof Objects | { literal: string }>;
  /** Fresh objects per cell, for writes that consume state (transitions, deletes, logout). */
  fresh?: (c: Ctx) => Promise<Params>;
  query?: string;
  body?: (c: Ctx & { p: Params }) => unknown;
  /** Pages: send a form (urlencoded) instead of JSON. */
  form?: (c: Ctx & { p: Params }) => Record<string, string>;
  /** Log in afresh for this cell (the row ends the session). */
  freshSession?: boolean;
  /** Ten expected statuses, one per column. */
  expect: string;
  note?: string;
}

const r = (route: string, expect: string, opts: Omit<Row, 'route' | 'expect'> = {}): Row => ({ route, expect, ...opts });
const A = (key: keyof Objects) => ({ id: key });

// ---- the JSON API --------------------------------------------------------------------------------
//                                                                 anon adm  mgr  cliA cliB hosp nur1 nur2 par1 par2
const API: Record<string, Row[]> = {
  auth: [
    r('POST /api/v1/auth/login',                                   '200  200  200  200  200  200  200  200  200  200', { body: () => ({ username: 'manager', password: PASSWORD }) }),
    r('POST /api/v1/auth/logout',                                  '401  200  200  200  200  200  200  200  200  200', { freshSession: true }),
    r('GET /api/v1/me',                                            '401  200  200  200  200  200  200  200  200  200'),
  ],
  users: [
    r('GET /api/v1/users',                                         '401  200  403  403  403  403  403  403  403  403'),
    r('POST /api/v1/users',                                        '401  201  403  403  403  403  403  403  403  403', { body: ({ as, n }) => ({ username: `u-${as}-${n}`, password: PASSWORD, displayName: 'x', role: 'parent' }) }),
    r('POST /api/v1/users/:id/password',                           '401  200  403  403  403  403  403  403  403  403', { at: A('victim'), body: () => ({ password: PASSWORD }) }),
    r('POST /api/v1/users/:id/active',                             '401  200  403  403  403  403  403  403  403  403', { at: A('victim'), body: () => ({ active: true }) }),
    r('POST /api/v1/users/:id/tokens',                             '401  201  403  403  403  403  403  403  403  403', { at: A('victim'), body: () => ({ label: 'matrix' }) }),
    r('POST /api/v1/tokens/:id/revoke',                            '401  200  403  403  403  403  403  403  403  403', { fresh: async ({ w, o }) => ({ id: (await w.call('admin', 'POST', `/api/v1/users/${o.victim}/tokens`, { label: 'x' })).body.id }) }),
    r('GET /api/v1/audit',                                         '401  200  403  403  403  403  403  403  403  403'),
  ],
  reference: [
    r('GET /api/v1/centers',                                       '401  200  200  200  200  200  200  200  200  200'),
    r('GET /api/v1/schools',                                       '401  200  200  200  200  200  200  200  200  200'),
    r('POST /api/v1/centers',                                      '401  201  403  403  403  403  403  403  403  403', { body: ({ as, n }) => ({ name: `矩阵中心${as}${n}`, nameEn: `Matrix ${as} ${n}`, kind: 'community', district: 'pudong' }) }),
    r('POST /api/v1/schools',                                      '401  201  403  403  403  403  403  403  403  403', { body: ({ as, n }) => ({ name: `矩阵学校${as}${n}`, kind: 'primary', district: 'pudong', pupils: 500 }) }),
    r('GET /api/v1/calendar',                                      '401  200  200  200  200  200  403  403  403  403'),
    r('PUT /api/v1/calendar/:date',                                '401  200  403  403  403  403  403  403  403  403', { at: { date: { literal: '2026-10-01' } }, body: () => ({ kind: 'holiday', name: '国庆节' }) }),
    r('DELETE /api/v1/calendar/:date',                             '401  200  403  403  403  403  403  403  403  403', { at: { date: { literal: '2026-10-02' } } }),
    r('GET /api/v1/openapi.json',                                  '200  200  200  200  200  200  200  200  200  200'),
  ],
  children: [
    // Another centre's clinician is told which field is wrong (centerId: own centre only).
    r('POST /api/v1/children',                                     '401  201  403  201  400  400  403  403  403  403', { body: ({ w }) => childBody(w, { centerId: ids.centreA }) }),
    r('GET /api/v1/children',                                      '401  200  403  200  200  200  403  403  200  200', { note: 'managers see children only as aggregates' }),
    r('GET /api/v1/children',                                      '401  200  403  200  200  200  403  403  200  200', { query: `?centerId=${ids.centreA}&status=all` }),
    r('GET /api/v1/children',                                      '401  200  403  200  200  200  403  403  200  200', { query: '?q=138' }),
    r('GET /api/v1/children/:id',                                  '401  200  403  200  404  404  403  403  200  404', { at: A('childA') }),
    r('GET /api/v1/children/:id',                                  '401  200  403  404  200  404  403  403  404  200', { at: A('childB') }),
    r('GET /api/v1/children/:id',                                  '401  200  403  200  404  200  403  403  404  404', { at: A('referredA'), note: 'an open referral lets the hospital see the child' }),
    r('PATCH /api/v1/children/:id',                                '401  200  403  200  404  404  403  403  403  403', { at: A('childA'), body: () => ({ heightCm: 131 }) }),
    r('POST /api/v1/children/:id/guardians',                       '401  200  403  200  404  404  403  403  403  403', { at: A('childA'), body: ({ w }) => ({ userId: w.userIds.parent1 }) }),
    r('GET /api/v1/children/:id/export',                           '401  200  403  200  404  404  403  403  200  404', { at: A('childA') }),
  ],
  followUps: [
    r('POST /api/v1/children/:id/events',                          '401  201  403  201  404  404  403  403  403  403', { at: A('childA'), body: () => ({ kind: 'ed', date: '2026-03-01', source: 'hospital' }) }),
    r('POST /api/v1/children/:id/follow-ups',                      '401  201  403  201  404  404  403  403  403  403', { at: A('childA'), body: () => followUpBody() }),
    r('GET /api/v1/children/:id/follow-ups',                       '401  200  403  200  404  404  403  403  200  404', { at: A('childA') }),
    r('GET /api/v1/follow-ups/worklist',                           '401  200  403  200  200  200  403  403  403  403', { query: `?centerId=${ids.centreA}` }),
  ],
  diary: [
    r('PUT /api/v1/children/:id/diary/:date',                      '401  200  403  200  404  404  403  403  200  404', { at: { id: 'childA', date: { literal: '2026-03-01' } }, body: () => diaryBody('matrix') }),
    r('GET /api/v1/children/:id/diary',                            '401  200  403  200  404  404  403  403  200  404', { at: A('childA') }),
    r('GET /api/v1/children/:id/diary',                            '401  200  403  404  200  404  403  403  404  200', { at: A('childB') }),
    r('POST /api/v1/alerts/:id/acknowledge',                       '401  200  403  200  404  404  403  403  403  403', { at: A('alertA') }),
  ],
  referrals: [
    r('POST /api/v1/referrals',                                    '401  403  403  201  404  404  403  403  403  403', { fresh: async ({ w }) => ({ child: await enrolAs(w, 'clinicA', { name: '新转诊', schoolId: null }) }), body: ({ w, p }) => upBody(w, p.child!) }),
    r('GET /api/v1/referrals',                                     '401  200  403  200  200  200  403  403  403  403'),
    r('GET /api/v1/referrals/indicators',                          '401  200  200  200  200  200  403  403  403  403'),
    r('GET /api/v1/referrals/:id',                                 '401  200  403  200  404  200  403  403  403  403', { at: A('referralA') }),
    r('GET /api/v1/referrals/:id',                                 '401  200  403  404  200  200  403  403  403  403', { at: A('referralB') }),
    r('POST /api/v1/referrals/:id/accept',                         '401  403  403  403  404  200  403  403  403  403', { fresh: referral('requested'), body: () => ({}) }),
    r('POST /api/v1/referrals/:id/reject',                         '401  403  403  403  404  200  403  403  403  403', { fresh: referral('requested'), body: () => ({ reason: '不符合指征' }) }),
    r('POST /api/v1/referrals/:id/start',                          '401  403  403  403  404  200  403  403  403  403', { fresh: referral('accepted'), body: () => ({}) }),
    r('POST /api/v1/referrals/:id/fail',                           '401  403  403  403  404  200  403  403  403  403', { fresh: referral('accepted'), body: () => ({ reason: '未就诊' }) }),
    r('POST /api/v1/referrals/:id/complete',                       '401  403  403  403  404  200  403  403  403  403', { fresh: referral('in-progress'), body: () => ({ outcome: '已评估，建议回社区随访' }) }),
    r('POST /api/v1/referrals/:id/cancel',                         '401  403  403  200  404  403  403  403  403  403', { fresh: referral('requested'), body: () => ({ reason: '家长改变主意' }) }),
  ],
  schools: [
    r('GET /api/v1/schools/overview',                              '401  200  200  403  403  403  200  200  403  403'),
    r('GET /api/v1/schools/:id/summary',                           '401  200  200  403  403  403  200  404  403  403', { at: { id: { literal: ids.school1 } } }),
    r('POST /api/v1/schools/:id/assessments',                      '401  201  403  403  403  403  201  404  403  403', { at: { id: { literal: ids.school1 } }, body: () => assessmentBody() }),
    r('GET /api/v1/schools/:id/assessments',                       '401  200  200  403  403  403  200  404  403  403', { at: { id: { literal: ids.school1 } } }),
    r('GET /api/v1/schools/:id/assessment-prefill',                '401  200  200  403  403  403  200  404  403  403', { at: { id: { literal: ids.school1 } } }),
    r('GET /api/v1/assessments/:id',                               '401  200  200  403  403  403  200  404  403  403', { at: A('assessmentA') }),
    r('PATCH /api/v1/actions/:id',                                 '401  200  403  403  403  403  200  404  403  403', { fresh: freshAction, body: () => ({ status: 'done', note: '已补充急救包' }) }),
    r('GET /api/v1/actions',                                       '401  200  200  403  403  403  200  200  403  403'),
    r('POST /api/v1/trainings',                                    '401  201  403  403  403  403  201  404  403  403', { body: () => trainingBody(ids.school1) }),
    r('GET /api/v1/trainings',                                     '401  200  200  403  403  403  200  200  403  403'),
  ],
  kits: [
    r('GET /api/v1/kits/alerts',                                   '401  200  200  403  403  403  200  200  403  403'),
    r('GET /api/v1/schools/:id/kits',                              '401  200  200  403  403  403  200  404  403  403', { at: { id: { literal: ids.school1 } } }),
    r('POST /api/v1/schools/:id/kits',                             '401  201  403  403  403  403  201  404  403  403', { at: { id: { literal: ids.school1 } }, body: ({ n }) => kitBody(`matrix-${n}`) }),
    r('GET /api/v1/kits/:id',                                      '401  200  200  403  403  403  200  404  403  403', { at: A('kitA') }),
    r('GET /api/v1/kits/:id',                                      '401  200  200  403  403  403  404  200  403  403', { at: A('kitB') }),
    r('PATCH /api/v1/kits/:id',                                    '401  200  403  403  403  403  200  404  403  403', { at: A('kitA'), body: () => ({ spacers: 3 }) }),
    r('POST /api/v1/kits/:id/mdis',                                '401  201  403  403  403  403  201  404  403  403', { at: A('kitA'), body: ({ n }) => ({ batch: `M${n}`, expiry: '2027-06' }) }),
    r('PATCH /api/v1/mdis/:id',                                    '401  200  403  403  403  403  200  404  403  403', { at: A('mdiA'), body: () => ({ counterReading: 30 }) }),
    r('POST /api/v1/kits/:id/checks',                              '401  201  403  403  403  403  201  404  403  403', { at: A('kitA'), body: () => checkBody() }),
    r('POST /api/v1/kits/:id/uses',                                '401  201  403  403  403  403  201  404  403  403', { at: A('kitA'), body: () => ({ ...useBody(), mdiBatch: `${MARK.kitA}-B1` }) }),
    r('PATCH /api/v1/kit-uses/:id',                                '401  200  403  403  403  403  200  404  403  403', { at: A('useA'), body: () => ({ parentToldAt: '2026-03-02T01:30:00Z', parentToldHow: 'phone' }) }),
  ],
  asthmaIndex: [
    r('GET /api/v1/asthma-index',                                  '404  404  404  404  404  404  404  404  404  404', { query: '?district=pudong&date=2026-03-02', note: 'public; nothing computed in this world' }),
    r('GET /api/v1/asthma-index/range',                            '200  200  200  200  200  200  200  200  200  200', { query: '?district=pudong&from=2026-02-01&to=2026-03-02' }),
    r('GET /api/v1/districts',                                     '200  200  200  200  200  200  200  200  200  200'),
    r('POST /api/v1/subscriptions',                                '401  403  403  403  403  403  403  403  201  201', { body: ({ n }) => subscriptionBody(1000 + n) }),
    r('GET /api/v1/subscriptions',                                 '401  403  403  403  403  403  403  403  200  200'),
    r('DELETE /api/v1/subscriptions/:id',                          '401  403  403  403  403  403  403  403  200  404', { fresh: freshSubscription }),
    r('POST /api/v1/jobs/:name/run',                               '401  202  403  403  403  403  403  403  403  403', { at: { name: { literal: 'asthma-index' } }, body: () => ({ offline: true }) }),
    r('GET /api/v1/jobs/runs',                                     '401  200  403  403  403  403  403  403  403  403'),
  ],
  indicators: [
    // A clinician sees their own centre's figures (another centre's: 403); managers see all.
    r('GET /api/v1/indicators',                                    '401  200  200  200  200  200  403  403  403  403'),
    r('GET /api/v1/indicators',                                    '401  200  200  200  403  403  403  403  403  403', { query: `?centerId=${ids.centreA}` }),
    r('GET /api/v1/indicators.csv',                                '401  200  200  200  200  200  403  403  403  403'),
    r('GET /api/v1/indicators/trends',                             '401  200  200  200  200  200  403  403  403  403'),
    r('GET /api/v1/indicators/centres',                            '401  200  200  403  403  403  403  403  403  403'),
    r('GET /api/v1/indicators/index-validation',                   '401  200  200  200  200  200  403  403  403  403'),
  ],
  familyApp: [
    // The plan: clinicians of the managing centre write; the family reads; the child's school nurse reads the summary.
    r('GET /api/v1/children/:id/action-plan',                      '401  200  403  200  404  404  200  404  200  404', { at: A('childA'), fresh: planOf('A') }),
    r('PUT /api/v1/children/:id/action-plan',                      '401  200  403  200  404  404  403  403  403  403', { at: A('childA'), body: () => planBody() }),
    r('GET /api/v1/children/:id/action-plan/versions',             '401  200  403  200  404  404  403  403  200  404', { at: A('childA') }),
    r('GET /api/v1/action-plans/school',                           '401  403  403  403  403  403  200  200  403  403'),
    r('GET /api/v1/articles',                                      '200  200  200  200  200  200  200  200  200  200'),
    r('GET /api/v1/articles/:slug',                                '200  200  200  200  200  200  200  200  200  200', { fresh: publishedArticle }),
    r('POST /api/v1/articles',                                     '401  201  403  201  201  201  403  403  403  403', { body: ({ as, n }) => ({ slug: `matrix-${as.toLowerCase()}-${n}`, ...articleBody('draft') }) }),
    r('PUT /api/v1/articles/:slug',                                '401  200  403  200  200  200  403  403  403  403', { fresh: publishedArticle, body: () => articleBody('published') }),
    r('POST /api/v1/children/:id/articles',                        '401  201  403  201  404  404  403  403  403  403', { fresh: async (c) => ({ ...(await publishedArticle(c)), id: c.o.childA }), body: ({ p }) => ({ slug: p.slug }) }),
    r('GET /api/v1/education/reach',                               '401  200  200  200  200  200  403  403  403  403', { query: '?from=2026-01-01&to=2026-03-02' }),
    r('POST /api/v1/children/:id/diary/:date/sync',                '401  200  403  200  404  404  403  403  200  404', { fresh: diaryBase, body: ({ as, n, p }) => ({ ...diaryBody('sync'), clientId: `matrix-${as}-${n}`, baseUpdatedAt: p.base || null }) }),
    r('GET /api/v1/push/public-key',                               '200  200  200  200  200  200  200  200  200  200'),
    r('POST /api/v1/push/subscriptions',                           '401  403  403  403  403  403  403  403  201  201', { body: ({ as, n }) => pushBody(`${as}-${n}`) }),
    r('GET /api/v1/push/subscriptions',                            '401  403  403  403  403  403  403  403  200  200'),
    r('POST /api/v1/push/unsubscribe',                             '401  403  403  403  403  403  403  403  200  404', { fresh: freshPush, body: ({ p }) => ({ endpoint: p.endpoint }) }),
    r('DELETE /api/v1/push/subscriptions/:id',                     '401  403  403  403  403  403  403  403  200  404', { fresh: freshPush }),
  ],
  // Parents reached by WeChat and SMS (issue 34).
  notifications: [
    r('GET /api/v1/notifications/settings',                        '401  403  403  403  403  403  403  403  200  200'),
    r('PUT /api/v1/notifications/children/:id',                    '401  403  403  403  403  403  403  403  200  404', { at: A('childA'), body: () => ({ wechat: false, sms: false, kinds: { index: true, diary: true, followup: true, urgent: true }, minLevel: 3, quietFrom: '21:00', quietUntil: '07:00' }) }),
    r('PUT /api/v1/notifications/children/:id/sms-consent',        '401  403  403  403  403  403  403  403  200  404', { at: A('childA') }),
    r('DELETE /api/v1/notifications/children/:id/sms-consent',     '401  403  403  403  403  403  403  403  200  404', { at: A('childA') }),
    r('POST /api/v1/notifications/wechat/code',                    '401  403  403  403  403  403  403  403  201  201'),
    r('DELETE /api/v1/notifications/wechat',                       '401  403  403  403  403  403  403  403  200  200'),
    r('GET /api/v1/notifications/outbox',                          '401  200  403  403  403  403  403  403  403  403'),
    r('GET /api/v1/notifications/reach',                           '401  200  200  403  403  403  403  403  403  403', { query: '?from=2026-01-01&to=2026-03-02' }),
  ],
  // The FHIR R4 interface (issue 35; its own matrix of roles and client scopes: test/server/fhir/access.test.ts).
  fhir: [
    r('GET /fhir/r4/metadata',                                     '200  200  200  200  200  200  200  200  200  200'),
    r('GET /fhir/r4/.well-known/smart-configuration',              '200  200  200  200  200  200  200  200  200  200'),
    r('POST /fhir/r4/auth/token',                                  '400  400  400  400  400  400  400  400  400  400', { note: 'a form with a signed client assertion, never a session' }),
    r('POST /fhir/r4/_admin/clients',                              '401  201  403  403  403  403  403  403  403  403', { body: () => fhirClientBody() }),
    r('GET /fhir/r4/_admin/unmatched',                             '401  200  403  200  200  200  403  403  403  403'),
    r('POST /fhir/r4/_admin/unmatched/:id/resolve',                '401  404  403  404  404  404  403  403  403  403', { at: { id: { literal: '00000000-0000-4000-8000-00000000fe01' } }, body: ({ o }) => ({ childId: o.childA }) }),
    r('GET /fhir/r4/bulk/:job',                                    '401  404  404  404  404  404  404  404  404  404', { at: { job: { literal: '00000000-0000-4000-8000-00000000fe02' } }, note: 'an export is only its requester\'s' }),
    r('GET /fhir/r4/bulk/:job/:file',                              '401  404  404  404  404  404  404  404  404  404', { at: { job: { literal: '00000000-0000-4000-8000-00000000fe02' }, file: { literal: 'Patient.ndjson' } } }),
    r('DELETE /fhir/r4/bulk/:job',                                 '401  404  404  404  404  404  404  404  404  404', { at: { job: { literal: '00000000-0000-4000-8000-00000000fe02' } } }),
    r('GET /fhir/r4/Group/:id/:operation',                         '401  400  403  400  404  404  403  403  403  403', { at: { id: { literal: ids.centreA }, operation: { literal: '$export' } }, note: 'allowed callers get 400 here for want of Prefer: respond-async' }),
    r('POST /fhir/r4',                                             '401  400  400  400  400  400  400  400  400  400', { note: 'an empty Bundle is refused before any service is asked' }),
    r('POST /fhir/r4/:type',                                       '401  400  403  400  400  400  403  403  403  403', { at: { type: { literal: 'Encounter' } }, note: 'an empty Encounter, from a role that may record hospital notices' }),
    r('PUT /fhir/r4/:type/:id',                                    '401  200  403  200  404  200  403  403  403  403', { fresh: async (c) => ({ ...(await referral('requested')(c)), type: 'Task' }), body: () => ({ resourceType: 'Task', status: 'requested' }) }),
    r('PATCH /fhir/r4/:type/:id',                                  '401  415  403  415  404  415  403  403  403  403', { at: { type: { literal: 'Task' }, id: 'referralA' }, note: 'JSON Patch only' }),
    r('GET /fhir/r4/:type/:id',                                    '401  200  403  200  404  404  403  403  200  404', { at: { type: { literal: 'Patient' }, id: 'childA' } }),
    r('GET /fhir/r4/:type/:id',                                    '401  200  403  200  404  200  403  403  403  403', { at: { type: { literal: 'Task' }, id: 'referralA' } }),
    r('GET /fhir/r4/:type',                                        '401  200  403  200  200  200  403  403  200  200', { at: { type: { literal: 'Patient' } } }),
  ],
};

// ---- pages ---------------------------------------------------------------------------------------
// Anonymous callers are sent to /login (303); a role that may not use a page gets the 403 page; an
// object outside the caller's scope is the 404 page. A form post with an empty form shows the form
// again with its errors (400) once the caller is allowed; a valid post redirects (303).
//                                                                 anon adm  mgr  cliA cliB hosp nur1 nur2 par1 par2
const PAGES: Record<string, Row[]> = {
  public: [
    r('GET /static/*',                                             '200  200  200  200  200  200  200  200  200  200', { at: { '*': { literal: 'app.css' } } }),
    r('GET /healthz',                                              '200  200  200  200  200  200  200  200  200  200'),
    r('GET /lang/:lang',                                           '303  303  303  303  303  303  303  303  303  303', { at: { lang: { literal: 'en' } } }),
    r('GET /favicon.ico',                                          '204  204  204  204  204  204  204  204  204  204'),
    r('GET /login',                                                '200  200  200  200  200  200  200  200  200  200'),
    r('POST /login',                                               '303  303  303  303  303  303  303  303  303  303', { form: () => ({ username: 'manager', password: PASSWORD }) }),
    r('POST /logout',                                              '303  303  303  303  303  303  303  303  303  303', { freshSession: true }),
    r('GET /',                                                     '200  200  200  200  200  200  200  200  200  200', { note: 'anonymous: the front door, today\'s index and sign-in' }),
    r('GET /index',                                                '200  200  200  200  200  200  200  200  200  200'),
    r('POST /index/district',                                      '303  303  303  303  303  303  303  303  303  303', { form: () => ({ district: 'pudong' }) }),
  ],
  children: [
    r('GET /children',                                             '303  200  403  200  200  200  403  403  403  403', { note: 'managers use the aggregated pages' }),
    r('GET /children/new',                                         '303  200  403  200  200  200  403  403  403  403'),
    r('POST /children/new',                                        '303  400  403  400  400  400  403  403  403  403', { form: () => ({}) }),
    r('GET /children/:id',                                         '303  200  403  200  404  404  403  403  200  404', { at: A('childA') }),
    r('GET /children/:id',                                         '303  200  403  404  200  404  403  403  404  200', { at: A('childB') }),
    r('GET /children/:id/follow-ups/new',                          '303  200  403  200  404  404  403  403  403  403', { at: A('childA') }),
    r('POST /children/:id/follow-ups/new',                         '303  400  403  400  404  404  403  403  403  403', { at: A('childA'), form: () => ({}) }),
    r('POST /children/:id/alerts/:alertId/acknowledge',            '303  303  403  303  404  404  403  403  403  403', { at: { id: 'childA', alertId: 'alertA' }, form: () => ({}) }),
    r('POST /children/:id/alerts/acknowledge-kind',                '303  303  403  303  404  404  403  403  403  403', { at: A('childA'), form: () => ({ kind: 'red_zone', back: '/worklist' }) }),
    r('GET /worklist',                                             '303  403  403  200  200  200  403  403  403  403', { note: 'a worklist belongs to a centre; admin has none' }),
  ],
  diary: [
    r('GET /diary',                                                '303  403  403  403  403  403  403  403  303  303', { note: 'a parent is sent to the child\'s diary' }),
    r('GET /diary/:id',                                            '303  200  403  200  404  404  403  403  200  404', { at: A('childA') }),
    r('GET /diary/:id',                                            '303  200  403  404  200  404  403  403  404  200', { at: A('childB') }),
    r('POST /diary/:id',                                           '303  400  403  400  404  404  403  403  400  404', { at: A('childA'), form: () => ({}) }),
  ],
  admin: [
    r('GET /admin/users',                                          '303  200  403  403  403  403  403  403  403  403'),
    r('POST /admin/users',                                         '303  400  403  403  403  403  403  403  403  403', { form: () => ({}) }),
    r('GET /admin/audit',                                          '303  200  403  403  403  403  403  403  403  403'),
    r('GET /admin/calendar',                                       '303  200  403  403  403  403  403  403  403  403'),
    r('POST /admin/calendar',                                      '303  400  403  403  403  403  403  403  403  403', { form: () => ({}) }),
    r('GET /admin/calendar/:date/delete',                          '303  303  403  403  403  403  403  403  403  403', { at: { date: { literal: '2026-10-05' } } }),
    r('POST /admin/calendar/:date/delete',                         '303  303  403  403  403  403  403  403  403  403', { at: { date: { literal: '2026-10-05' } }, form: () => ({}) }),
    r('GET /admin/jobs',                                           '303  200  403  403  403  403  403  403  403  403'),
    r('POST /admin/jobs/run',                                      '303  303  403  403  403  403  403  403  403  403', { form: () => ({ offline: 'on' }) }),
  ],
  referrals: [
    r('GET /referrals',                                            '303  200  403  200  200  200  403  403  403  403'),
    r('GET /referrals/new',                                        '303  403  403  200  200  200  403  403  403  403'),
    r('POST /referrals/new',                                       '303  403  403  400  400  400  403  403  403  403', { form: () => ({}) }),
    r('GET /referrals/:id',                                        '303  200  403  200  404  200  403  403  403  403', { at: A('referralA') }),
    r('GET /referrals/:id',                                        '303  200  403  404  200  200  403  403  403  403', { at: A('referralB') }),
    r('POST /referrals/:id/:action',                               '303  403  403  403  404  303  403  403  403  403', { fresh: referral('requested'), at: { action: { literal: 'accept' } }, form: () => ({}) }),
  ],
  schools: [
    r('GET /schools',                                              '303  200  200  403  403  403  303  303  403  403', { note: 'a nurse is sent to her school' }),
    r('GET /schools/:id',                                          '303  200  200  403  403  403  200  404  403  403', { at: { id: { literal: ids.school1 } } }),
    r('GET /schools/:id/kits',                                     '303  200  200  403  403  403  200  404  403  403', { at: { id: { literal: ids.school1 } } }),
    r('GET /schools/:id/kits/new',                                 '303  200  403  403  403  403  200  404  403  403', { at: { id: { literal: ids.school1 } } }),
    // The scope is checked before the form: another school's nurse gets the 404 page either way.
    r('POST /schools/:id/kits/new',                                '303  400  403  403  403  403  400  404  403  403', { at: { id: { literal: ids.school1 } }, form: () => ({}) }),
    r('POST /schools/:id/kits/new',                                '303  303  403  403  403  403  303  404  403  403', { at: { id: { literal: ids.school1 } }, form: ({ n }) => kitForm(`page-${n}`) }),
    r('GET /schools/:id/trainings',                                '303  200  200  403  403  403  200  404  403  403', { at: { id: { literal: ids.school1 } } }),
    r('GET /schools/:id/trainings/new',                            '303  200  403  403  403  403  200  404  403  403', { at: { id: { literal: ids.school1 } } }),
    r('POST /schools/:id/trainings/new',                           '303  400  403  403  403  403  400  404  403  403', { at: { id: { literal: ids.school1 } }, form: () => ({}) }),
    r('GET /schools/:id/assessments/new',                          '303  200  403  403  403  403  200  404  403  403', { at: { id: { literal: ids.school1 } } }),
    r('POST /schools/:id/assessments/new',                         '303  400  403  403  403  403  400  404  403  403', { at: { id: { literal: ids.school1 } }, form: () => ({}) }),
    r('GET /assessments/:id',                                      '303  200  200  403  403  403  200  404  403  403', { at: A('assessmentA') }),
    r('POST /school-actions/:id',                                  '303  303  403  403  403  403  303  303  403  403', { at: A('actionA'), form: () => ({}), note: 'an invalid form goes back with the error' }),
    r('POST /school-actions/:id',                                  '303  303  403  403  403  403  303  404  403  403', { fresh: freshAction, form: () => ({ status: 'done', note: '已补充急救包', back: '/schools' }) }),
  ],
  kits: [
    r('GET /kits/:id',                                             '303  200  200  403  403  403  200  404  403  403', { at: A('kitA') }),
    r('GET /kits/:id',                                             '303  200  200  403  403  403  404  200  403  403', { at: A('kitB') }),
    r('GET /kits/:id/edit',                                        '303  200  403  403  403  403  200  404  403  403', { at: A('kitA') }),
    r('POST /kits/:id/edit',                                       '303  400  403  403  403  403  400  404  403  403', { at: A('kitA'), form: () => ({}) }),
    r('POST /kits/:id/edit',                                       '303  303  403  403  403  403  303  404  403  403', { at: A('kitA'), form: () => kitForm(MARK.kitA) }),
    r('GET /kits/:id/mdis/new',                                    '303  200  403  403  403  403  200  404  403  403', { at: A('kitA') }),
    r('POST /kits/:id/mdis/new',                                   '303  400  403  403  403  403  400  404  403  403', { at: A('kitA'), form: () => ({}) }),
    r('GET /kits/:id/check',                                       '303  200  403  403  403  403  200  404  403  403', { at: A('kitA') }),
    r('POST /kits/:id/check',                                      '303  400  403  403  403  403  400  404  403  403', { at: A('kitA'), form: () => ({}) }),
    r('GET /kits/:id/retire',                                      '303  200  403  403  403  403  200  404  403  403', { at: A('kitA') }),
    r('POST /kits/:id/status',                                     '303  400  403  403  403  403  400  404  403  403', { at: A('kitA'), form: () => ({}) }),
    r('POST /kits/:id/status',                                     '303  303  403  403  403  403  303  404  403  403', { at: A('kitA'), form: () => ({ status: 'active' }) }),
    r('GET /kits/:id/uses/:useId/parent-told',                     '303  200  403  403  403  403  200  404  403  403', { at: { id: 'kitA', useId: 'useA' } }),
    r('POST /kits/:id/uses/:useId/parent-told',                    '303  400  403  403  403  403  400  404  403  403', { at: { id: 'kitA', useId: 'useA' }, form: () => ({}) }),
    r('POST /kits/:id/uses/:useId/parent-told',                    '303  303  403  403  403  403  303  404  403  403', { at: { id: 'kitA', useId: 'useA' }, form: () => ({ parentToldAt: '2026-03-02T09:30', parentToldHow: 'wechat' }) }),
    r('GET /kits/:id/use',                                         '303  200  403  403  403  403  200  404  403  403', { at: A('kitA') }),
    r('POST /kits/:id/use',                                        '303  400  403  403  403  403  400  404  403  403', { at: A('kitA'), form: () => ({}) }),
  ],
  dashboard: [
    r('GET /dashboard',                                            '303  200  200  200  200  200  403  403  403  403'),
    r('GET /dashboard/centres.csv',                                '303  200  200  403  403  403  403  403  403  403'),
  ],
  familyApp: [
    r('GET /sw.js',                                                '200  200  200  200  200  200  200  200  200  200'),
    r('GET /manifest.webmanifest',                                 '200  200  200  200  200  200  200  200  200  200'),
    r('GET /app/:icon{icon-[0-9]+\\.png}',                          '200  200  200  200  200  200  200  200  200  200', { at: { icon: { literal: 'icon-192.png' } } }),
    r('GET /app',                                                  '303  303  303  303  303  303  303  303  200  200', { note: 'the family app; staff are sent to their own pages' }),
    r('GET /app/offline',                                          '200  200  200  200  200  200  200  200  200  200'),
    r('GET /app/articles',                                         '200  200  200  200  200  200  200  200  200  200'),
    r('GET /app/articles/:slug',                                   '200  200  200  200  200  200  200  200  200  200', { fresh: publishedArticle }),
    r('GET /app/plan/:id',                                         '303  200  403  200  404  404  200  404  200  404', { at: A('childA'), fresh: planOf('A') }),
    r('GET /app/plan/:id/edit',                                    '303  200  403  200  404  404  403  403  403  403', { at: A('childA') }),
    r('POST /app/plan/:id/edit',                                   '303  400  403  400  404  404  403  403  403  403', { at: A('childA'), form: () => ({}) }),
    r('GET /app/plans',                                            '303  403  403  403  403  403  200  200  403  403'),
    r('GET /app/diary/:id',                                        '303  403  403  403  403  403  403  403  200  404', { at: A('childA'), note: 'the offline diary is the family\'s' }),
    r('GET /app/notifications',                                    '303  403  403  403  403  403  403  403  200  200'),
    r('POST /app/notifications',                                   '303  403  403  403  403  403  403  403  200  200', { form: () => ({}), note: 'every choice is optional' }),
    r('GET /app/editor',                                           '303  200  403  200  200  200  403  403  403  403'),
    r('GET /app/editor/new',                                       '303  200  403  200  200  200  403  403  403  403'),
    r('POST /app/editor/new',                                      '303  400  403  400  400  400  403  403  403  403', { form: () => ({}) }),
    r('GET /app/editor/:slug',                                     '303  200  403  200  200  200  403  403  403  403', { fresh: publishedArticle }),
    r('POST /app/editor/:slug',                                    '303  400  403  400  400  400  403  403  403  403', { fresh: publishedArticle, form: () => ({}) }),
    r('POST /app/children/:id/send-article',                       '303  303  403  303  404  404  403  403  403  403', { fresh: async (c) => ({ ...(await publishedArticle(c)), id: c.o.childA }), form: ({ p }) => ({ slug: p.slug! }) }),
  ],
  subscriptions: [
    r('GET /app/notifications/channels',                           '303  403  403  403  403  403  403  403  200  200', { note: 'issue 34: WeChat and SMS, per child' }),
    r('POST /app/notifications/channels/child/:id',                '303  403  403  403  403  403  403  403  200  404', { at: A('childA'), form: () => ({ kind_index: 'on', minLevel: '3', quietFrom: '21:00', quietUntil: '07:00' }) }),
    r('POST /app/notifications/channels/child/:id/sms-consent',    '303  403  403  403  403  403  403  403  200  404', { at: A('childA'), form: () => ({}) }),
    r('POST /app/notifications/channels/child/:id/sms-consent/withdraw', '303  403  403  403  403  403  403  403  200  404', { at: A('childA'), form: () => ({}) }),
    r('POST /app/notifications/channels/code',                     '303  403  403  403  403  403  403  403  200  200', { form: () => ({}) }),
    r('POST /app/notifications/channels/unbind',                   '303  403  403  403  403  403  403  403  200  200', { form: () => ({}) }),
    r('GET /app/notifications/channels/wechat',                    '303  403  403  403  403  403  403  403  400  400', { note: 'without a code and this session\'s state' }),
    r('POST /app/notifications/channels/wechat',                   '303  403  403  403  403  403  403  403  400  400', { form: () => ({ code: 'x', state: 'forged' }) }),
    r('GET /admin/integrations',                                   '303  200  200  403  403  403  403  403  403  403', { note: 'issue 34: the manager sees reach counts only' }),
    r('POST /admin/integrations/webhooks',                         '303  201  403  403  403  403  403  403  403  403', { form: ({ as, n }) => ({ district: 'pudong', minLevel: '3', target: `https://hooks.example.org/${as}/${n}` }) }),
    r('POST /admin/integrations/webhooks/:id/end',                 '303  200  403  403  403  403  403  403  403  403', { form: () => ({}), fresh: freshSubscription }),
    r('GET /wechat/callback',                                      '403  403  403  403  403  403  403  403  403  403', { note: 'WeChat signs each call with WECHAT_CALLBACK_TOKEN (issue 34); unsigned: 403' }),
    r('POST /wechat/callback',                                     '403  403  403  403  403  403  403  403  403  403', { form: () => ({}) }),
    r('GET /index/subscriptions',                                  '303  403  403  403  403  403  403  403  303  303', { note: 'the webhook page is gone (API only); a parent goes to /app/notifications' }),
  ],
};

/** A plan in force for the side's child, so reads have something to show. */
function planOf(side: 'A' | 'B') {
  return async ({ w, o }: Ctx): Promise<Params> => {
    const id = side === 'A' ? o.childA : o.childB;
    const res = await w.call(side === 'A' ? 'clinicA' : 'clinicB', 'PUT', `/api/v1/children/${id}/action-plan`, planBody());
    if (res.status !== 200 && res.status !== 201) throw new Error(`plan: ${res.status} ${res.text}`);
    return { id };
  };
}

const articleBody = (status: 'draft' | 'published') => ({ topic: 'basics', title: { zh: '矩阵测试', en: 'Matrix test' }, body: { zh: '## 标题\n\n正文', en: '## Title\n\nBody' }, status });

/** Child A's diary day 02-28 as the phone last saw it (the sync refuses a stale base with 409). */
async function diaryBase({ w, o }: Ctx): Promise<Params> {
  const res = await w.call('admin', 'GET', `/api/v1/children/${o.childA}/diary?from=2026-02-28&to=2026-02-28`);
  return { id: o.childA, date: '2026-02-28', base: res.body.items[0]?.updatedAt ?? '' };
}

/** A fresh published article. */
async function publishedArticle({ w, n, as }: Ctx): Promise<Params> {
  const slug = `matrix-pub-${as.toLowerCase()}-${n}`;
  const res = await w.call('admin', 'POST', '/api/v1/articles', { slug, ...articleBody('published') });
  if (res.status !== 201) throw new Error(`article: ${res.status} ${res.text}`);
  return { slug };
}

/** A Web Push subscription body with a real P-256 key, as a browser would send. */
function pushBody(tag: string) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { subscription: { endpoint: `https://push.example.org/send/${tag}`, expirationTime: null, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') } } };
}

/** A fresh push subscription of parent1. */
async function freshPush({ w, n, as }: Ctx): Promise<Params> {
  const body = pushBody(`fresh-${as}-${n}`);
  const res = await w.call('parent1', 'POST', '/api/v1/push/subscriptions', body);
  if (res.status !== 201 && res.status !== 200) throw new Error(`push: ${res.status} ${res.text}`);
  return { id: res.body.id, endpoint: body.subscription.endpoint };
}

/** A FHIR backend client's registration with a real P-384 public key. */
function fhirClientBody() {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  return { name: 'matrix client', centerId: null, scopes: 'system/*.rs', jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'matrix' }] } };
}

/** A fresh referral from centre A to the hospital, moved to `status` by the hospital. */
function referral(status: 'requested' | 'accepted' | 'in-progress') {
  return async ({ w }: Ctx): Promise<Params> => {
    const { id } = await newReferral(w, 'A');
    if (status !== 'requested') await w.call('hospital', 'POST', `/api/v1/referrals/${id}/accept`, {});
    if (status === 'in-progress') await w.call('hospital', 'POST', `/api/v1/referrals/${id}/start`, {});
    return { id };
  };
}

/** A fresh corrective action of school 1. */
async function freshAction({ w }: Ctx): Promise<Params> {
  const res = await w.call('nurse1', 'POST', `/api/v1/schools/${ids.school1}/assessments`, assessmentBody());
  return { id: res.body.actions[0].id };
}

/** A fresh subscription of parent1 (older fresh ones ended first: a parent has at most 10). */
async function freshSubscription({ w, o, n }: Ctx): Promise<Params> {
  await w.db.updateTable('subscriptions').set({ active: 0, deactivated_at: '2026-03-01T00:00:00Z' }).where('id', '!=', o.subscriptionA).where('active', '=', 1).execute();
  const res = await w.call('parent1', 'POST', '/api/v1/subscriptions', subscriptionBody(5000 + n));
  if (res.status !== 201) throw new Error(`subscription: ${res.status} ${res.text}`);
  return { id: res.body.id };
}

const kitForm = (label: string): Record<string, string> => ({
  label, kind: 'fixed', location: '保健室', spacers: '2', storageOk: 'on',
  'documents.instructionCard': 'on', 'documents.leaflet': 'on', 'documents.checkCard': 'on', 'documents.adminRecord': 'on', 'documents.replacementNote': 'on',
});

// ---- the run ------------------------------------------------------------------------------------

let w: World;
let o: Objects;
beforeAll(async () => {
  w = await securityWorld();
  o = await seedObjects(w);
}, 60_000);
afterAll(async () => { await w?.close(); });

const allRows = (table: Record<string, Row[]>) => Object.values(table).flat();

/** Every route the app serves, as "METHOD /path" (middleware, registered for ALL methods, aside). */
function servedRoutes(): string[] {
  const keys = new Set<string>();
  for (const route of w.api.routes) keys.add(`${route.method.toUpperCase()} /api/v1${route.path}`);
  for (const route of w.app.routes) if (route.method !== 'ALL') keys.add(`${route.method} ${route.path}`);
  return [...keys].sort();
}

function fillPath(path: string, p: Params): string {
  // A param may carry a pattern (":icon{icon-[0-9]+\\.png}"): the value replaces both.
  return path.replace(/:(\w+)(?:\{[^}]*\})?|\*/g, (whole, name: string | undefined) => {
    const value = p[name ?? '*'];
    if (value === undefined) throw new Error(`no value for ${whole} in ${path}`);
    return encodeURIComponent(value);
  });
}

const sessions = new Map<string, string>();
async function login(username: string): Promise<string> {
  const res = await w.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}
async function cookieOf(as: ActorName, fresh: boolean): Promise<string | null> {
  if (as === 'anon') return null;
  if (fresh) return login(as);
  if (!sessions.has(as)) sessions.set(as, await login(as));
  return sessions.get(as)!;
}

interface Outcome { status: number; text: string; location: string | null; path: string }

let counter = 0;
async function runCell(row: Row, as: ActorName): Promise<Outcome> {
  const n = ++counter;
  const [method, template] = row.route.split(' ') as [string, string];
  const ctx: Ctx = { w, o, as, n };
  const p: Params = {};
  for (const [name, ref] of Object.entries(row.at ?? {})) p[name] = typeof ref === 'string' ? o[ref] : ref.literal;
  if (row.fresh) Object.assign(p, await row.fresh(ctx));
  const path = fillPath(template, p) + (row.query ?? '');
  const headers: Record<string, string> = { accept: template.startsWith('/api/') ? 'application/json' : 'text/html' };
  const cookie = await cookieOf(as, !!row.freshSession);
  if (cookie) headers.cookie = cookie;
  let body: string | undefined;
  if (row.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers.origin = 'http://localhost';
    body = new URLSearchParams(row.form({ ...ctx, p })).toString();
  } else if (method !== 'GET') {
    headers['content-type'] = 'application/json';
    headers.origin = 'http://localhost';
    body = JSON.stringify(row.body ? row.body({ ...ctx, p }) : {});
  }
  const res = await w.app.request(path, { method, headers, body });
  return { status: res.status, text: await res.text(), location: res.headers.get('location'), path };
}

// What a side-A caller must never see, and what a side-B caller must never see.
const SIDE: Partial<Record<ActorName, 'A' | 'B'>> = { clinicA: 'A', nurse1: 'A', parent1: 'A', clinicB: 'B', nurse2: 'B', parent2: 'B' };
function forbiddenMarkers(as: ActorName): string[] {
  const side = SIDE[as];
  if (!side) return [];
  const other = side === 'A' ? 'B' : 'A';
  const keys = [`child${other}`, `kit${other}`, `diary${other}`] as const;
  const objs = [o[`child${other}`], o[`kit${other}`], o[`referral${other}`], o[`referred${other}`]];
  return [...keys.map((k) => MARK[k as keyof typeof MARK]), ...objs];
}

function checkTable(name: string, table: Record<string, Row[]>, publicFeature = '') {
  describe(name, () => {
    for (const [feature, rows] of Object.entries(table)) {
      it(feature, async () => {
        const mismatches: string[] = [];
        for (const row of rows) {
          const expected = row.expect.trim().split(/\s+/);
          expect(expected, `${row.route}: the expectation needs ${ACTORS.length} columns`).toHaveLength(ACTORS.length);
          for (const [i, as] of ACTORS.entries()) {
            const out = await runCell(row, as);
            const want = expected[i]!;
            if (String(out.status) !== want) mismatches.push(`${row.route} [${out.path}] as ${as}: expected ${want}, got ${out.status} ${out.text.slice(0, 160).replace(/\s+/g, ' ')}`);
            if (out.status >= 500) mismatches.push(`${row.route} as ${as}: server error`);
            if (want === '303' && as === 'anon' && feature !== publicFeature && !out.location?.startsWith('/login')) mismatches.push(`${row.route} as anon: redirect to ${out.location}, not /login`);
            if (out.status < 300) {
              for (const marker of forbiddenMarkers(as)) {
                if (out.text.includes(marker) && !out.path.includes(marker)) mismatches.push(`${row.route} [${out.path}] as ${as}: LEAK of ${marker}`);
              }
            }
          }
        }
        expect(mismatches, mismatches.join('\n')).toEqual([]);
      }, 60_000);
    }
  });
}

describe('the matrix covers every route', () => {
  it('every served route has a row, and every row names a served route', () => {
    const tabled = new Set([...allRows(API), ...allRows(PAGES)].map((row) => row.route));
    const served = servedRoutes();
    const missing = served.filter((route) => !tabled.has(route));
    const stale = [...tabled].filter((route) => !served.includes(route));
    expect(missing, `Add a row for each of these routes to test/security/access-matrix.test.ts: ${missing.join(', ')}`).toEqual([]);
    expect(stale, `These rows name routes the app no longer serves: ${stale.join(', ')}`).toEqual([]);
  });
});

checkTable('API', API);
checkTable('pages', PAGES, 'public');

describe('lists never cross the boundary', () => {
  it('child lists, diaries and kit lists hold only the caller\'s side', async () => {
    const names = async (as: string, path: string) => JSON.stringify((await w.call(as, 'GET', path)).body);
    expect(await names('clinicA', '/api/v1/children?limit=500')).not.toContain(o.childB);
    expect(await names('clinicB', '/api/v1/children?limit=500')).not.toContain(o.childA);
    expect(await names('parent1', '/api/v1/children?limit=500')).toContain(o.childA);
    expect(await names('parent1', '/api/v1/children?limit=500')).not.toContain(o.childB);
    expect(await names('parent2', '/api/v1/children?limit=500')).not.toContain(o.childA);
    expect(await names('nurse1', '/api/v1/kits/alerts')).not.toContain(o.kitB);
    expect(await names('nurse1', '/api/v1/actions')).not.toContain(o.actionB);
    expect(await names('nurse2', '/api/v1/trainings')).not.toContain(ids.school1);
    expect((await w.call('clinicA', 'GET', `/api/v1/children?centerId=${ids.centreB}`)).body?.items ?? []).toEqual([]);
    expect(TODAY).toBe('2026-03-02');
  });
});
