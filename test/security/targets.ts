// One valid request per JSON write endpoint, shared by the suites that mutate them (hostile input,
// typed text). A new write endpoint fails the hostile-input suite until it has a row here.
import { createECDH, randomBytes } from 'node:crypto';
import { planBody } from '../server/family-app/fixtures';
import { ids, PASSWORD, type World } from '../helpers/world';
import { childBody, followUpBody } from '../server/children/fixtures';
import { upBody } from '../server/referrals/fixtures';
import { assessmentBody, checkBody, diaryBody, kitBody, securityWorld, seedObjects, newReferral, subscriptionBody, trainingBody, useBody, type Objects } from './fixtures';

export interface Target {
  as: string;
  params?: (o: Objects) => Record<string, string>;
  valid: (o: Objects) => unknown;
  /**
   * Params naming an object made now in a state that accepts the valid body, for an endpoint that
   * takes it once (a referral's move, a subscription's end): the hostile-input suite sends the
   * valid body there first. Without it, `params` are used.
   */
  fresh?: (w: World, o: Objects) => Promise<Record<string, string>>;
  /** Tables a refused request may write by design (a failed login is counted and audited). */
  mayWrite?: string[];
}

/** `world()` is read when a body is made, so the suites may build their world in beforeAll. */
export function writeTargets(world: () => World): Record<string, Target> {
  return {
    'POST /auth/login': { as: 'admin', valid: () => ({ username: 'nurse1', password: PASSWORD }), mayWrite: ['login_failures', 'login_attempts', 'audit_log', 'sessions'] },
    'POST /auth/logout': { as: 'fresh', valid: () => ({}) },
    'POST /users': { as: 'admin', valid: () => ({ username: `fz${Math.random().toString(36).slice(2, 10)}`, password: PASSWORD, displayName: '模糊', role: 'parent' }) },
    'POST /users/:id/password': { as: 'admin', params: (o) => ({ id: o.victim }), valid: () => ({ password: PASSWORD }) },
    'POST /users/:id/active': { as: 'admin', params: (o) => ({ id: o.victim }), valid: () => ({ active: true }) },
    'POST /users/:id/tokens': { as: 'admin', params: (o) => ({ id: o.victim }), valid: () => ({ label: 'fuzz' }) },
    'POST /tokens/:id/revoke': { as: 'admin', params: (o) => ({ id: o.tokenOfVictim }), valid: () => ({}) },
    'POST /centers': { as: 'admin', valid: () => ({ name: `模糊中心${Math.random().toString(36).slice(2, 8)}`, nameEn: 'Fuzz centre', kind: 'community', district: 'pudong' }) },
    'POST /schools': { as: 'admin', valid: () => ({ name: `模糊学校${Math.random().toString(36).slice(2, 8)}`, kind: 'primary', district: 'pudong', pupils: 300 }) },
    'PUT /calendar/:date': { as: 'admin', params: () => ({ date: '2026-10-01' }), valid: () => ({ kind: 'holiday', name: '国庆节' }) },
    'DELETE /calendar/:date': { as: 'admin', params: () => ({ date: '2026-10-03' }), valid: () => ({}) },
    'POST /children': { as: 'clinicA', valid: () => childBody(world()) },
    'PATCH /children/:id': { as: 'clinicA', params: (o) => ({ id: o.childA }), valid: () => ({ heightCm: 132 }) },
    'POST /children/:id/guardians': { as: 'clinicA', params: (o) => ({ id: o.childA }), valid: () => ({ userId: world().userIds.parent1 }) },
    'POST /children/:id/events': { as: 'clinicA', params: (o) => ({ id: o.childA }), valid: () => ({ kind: 'discharged', date: '2026-03-01', source: 'hospital', note: '出院' }) },
    'POST /children/:id/follow-ups': { as: 'clinicA', params: (o) => ({ id: o.childA }), valid: () => followUpBody() },
    'PUT /children/:id/diary/:date': { as: 'parent1', params: (o) => ({ id: o.childA, date: '2026-03-01' }), valid: () => diaryBody('fuzz') },
    'POST /alerts/:id/acknowledge': { as: 'clinicA', params: (o) => ({ id: o.alertA }), valid: () => ({}) },
    'POST /referrals': { as: 'clinicA', valid: (o) => upBody(world(), o.childA) },
    'POST /referrals/:id/accept': { as: 'hospital', params: (o) => ({ id: o.referralA }), fresh: (w) => referralAfter(w, []), valid: () => ({}) },
    'POST /referrals/:id/reject': { as: 'hospital', params: (o) => ({ id: o.referralB }), fresh: (w) => referralAfter(w, []), valid: () => ({ reason: '不符合' }) },
    'POST /referrals/:id/start': { as: 'hospital', params: (o) => ({ id: o.referralA }), fresh: (w) => referralAfter(w, ['accept']), valid: () => ({}) },
    'POST /referrals/:id/fail': { as: 'hospital', params: (o) => ({ id: o.referralA }), fresh: (w) => referralAfter(w, ['accept']), valid: () => ({ reason: '未到' }) },
    'POST /referrals/:id/complete': { as: 'hospital', params: (o) => ({ id: o.referralA }), fresh: (w) => referralAfter(w, ['accept', 'start']), valid: () => ({ outcome: '完成' }) },
    'POST /referrals/:id/cancel': { as: 'clinicA', params: (o) => ({ id: o.referralA }), fresh: (w) => referralAfter(w, []), valid: () => ({ reason: '取消' }) },
    'POST /schools/:id/assessments': { as: 'nurse1', params: () => ({ id: ids.school1 }), valid: () => assessmentBody() },
    'PATCH /actions/:id': { as: 'nurse1', params: (o) => ({ id: o.actionA }), valid: () => ({ status: 'done', note: '完成' }) },
    'POST /schools/:id/kits': { as: 'nurse1', params: () => ({ id: ids.school1 }), valid: () => kitBody('fuzz') },
    'PATCH /kits/:id': { as: 'nurse1', params: (o) => ({ id: o.kitA }), valid: () => ({ spacers: 4 }) },
    'POST /kits/:id/mdis': { as: 'nurse1', params: (o) => ({ id: o.kitA }), valid: () => ({ batch: 'FZ', expiry: '2027-01' }) },
    'PATCH /mdis/:id': { as: 'nurse1', params: (o) => ({ id: o.mdiA }), valid: () => ({ counterReading: 40 }) },
    'POST /kits/:id/checks': { as: 'nurse1', params: (o) => ({ id: o.kitA }), valid: () => checkBody() },
    'POST /kits/:id/uses': { as: 'nurse1', params: (o) => ({ id: o.kitA }), valid: () => useBody() },
    'PATCH /kit-uses/:id': { as: 'nurse1', params: (o) => ({ id: o.useA }), valid: () => ({ parentToldAt: '2026-03-02T01:30:00Z', parentToldHow: 'phone' }) },
    'POST /trainings': { as: 'nurse1', valid: () => trainingBody() },
    'POST /subscriptions': { as: 'parent2', valid: () => subscriptionBody(Math.floor(Math.random() * 1e9)) },
    'DELETE /subscriptions/:id': { as: 'parent1', params: (o) => ({ id: o.subscriptionA }), valid: () => ({}) },
    'POST /jobs/:name/run': { as: 'admin', params: () => ({ name: 'asthma-index' }), valid: () => ({ offline: true }) },
    'PUT /children/:id/action-plan': { as: 'clinicA', params: (o) => ({ id: o.childA }), valid: () => planBody() },
    'POST /articles': { as: 'clinicA', valid: () => ({ slug: `fz-${Math.random().toString(36).slice(2, 10)}`, topic: 'basics', title: { zh: '模糊', en: 'Fuzz' }, body: { zh: '正文', en: 'Body' }, status: 'draft' }) },
    'PUT /articles/:slug': { as: 'clinicA', params: () => ({ slug: 'fuzz-article' }), valid: () => ({ topic: 'basics', title: { zh: '模糊', en: 'Fuzz' }, body: { zh: '正文', en: 'Body' }, status: 'draft' }) },
    'POST /children/:id/articles': {
      as: 'clinicA',
      params: (o) => ({ id: o.childA }),
      valid: () => ({ slug: 'fuzz-article' }),
      // Published again: the fuzz of PUT /articles/:slug may have left it a draft.
      fresh: async (w, o) => {
        await must(w.call('clinicA', 'PUT', '/api/v1/articles/fuzz-article', { topic: 'basics', title: { zh: '模糊', en: 'Fuzz' }, body: { zh: '正文', en: 'Body' }, status: 'published' }), 'publish fuzz-article');
        return { id: o.childA };
      },
    },
    'POST /children/:id/diary/:date/sync': { as: 'parent1', params: (o) => ({ id: o.childA, date: '2026-02-27' }), valid: () => ({ ...diaryBody('sync'), clientId: `fz-${Math.random().toString(36).slice(2, 10)}`, baseUpdatedAt: null }) },
    'POST /push/subscriptions': { as: 'parent1', valid: () => pushBody() },
    'POST /push/unsubscribe': {
      as: 'parent1',
      valid: () => ({ endpoint: 'https://push.example.org/send/none' }),
      fresh: async (w) => {
        await must(w.call('parent1', 'POST', '/api/v1/push/subscriptions', { subscription: { ...pushBody().subscription, endpoint: 'https://push.example.org/send/none' } }), 'push subscription');
        return {};
      },
    },
    'PUT /notifications/children/:id': {
      as: 'parent1',
      params: (o) => ({ id: o.childA }),
      valid: () => ({ wechat: false, sms: false, kinds: { index: true, diary: true, followup: false, urgent: true }, minLevel: 3, quietFrom: '21:00', quietUntil: '07:00' }),
    },
    'PUT /notifications/children/:id/sms-consent': { as: 'parent1', params: (o) => ({ id: o.childA }), valid: () => ({}) },
    'DELETE /notifications/children/:id/sms-consent': { as: 'parent1', params: (o) => ({ id: o.childA }), valid: () => ({}) },
    'POST /notifications/wechat/code': { as: 'parent1', valid: () => ({}) },
    'DELETE /notifications/wechat': { as: 'parent1', valid: () => ({}) },
    // Clinicians' training (issue 36): the course and sessions targetsWorld made.
    'POST /training/courses': { as: 'manager', valid: () => ({ title: '模糊课程', topic: 'gina_assessment', hours: 2, format: 'lecture' }) },
    'POST /training/courses/:id/sessions': { as: 'manager', params: () => ({ id: training.course }), valid: () => ({ date: '2026-03-10', place: '会议室', trainerId: world().userIds.hospital }) },
    'POST /training/enrolments': { as: 'manager', valid: () => ({ sessionId: training.ahead, clinicianId: world().userIds.clinicB }) },
    'POST /training/attendance': { as: 'hospital', valid: () => ({ sessionId: training.today, clinicianId: world().userIds.clinicA, attended: true }) },
    'POST /training/competency': { as: 'hospital', valid: () => ({ sessionId: training.today, clinicianId: world().userIds.clinicA, result: 'pass', checklist: ['pef_measured'] }) },
    'PUT /coverage/populations/:id': { as: 'admin', params: () => ({ id: ids.centreA }), valid: () => ({ year: 2025, population: 30000, source: '统计年鉴' }) },
    'PUT /coverage/prevalence': { as: 'admin', valid: () => ({ percent: 5.28, source: 'survey' }) },
    'DELETE /push/subscriptions/:id': {
      as: 'parent1',
      params: () => ({ id: '00000000-0000-4000-a000-0000000000aa' }),
      valid: () => ({}),
      fresh: async (w) => ({ id: (await must(w.call('parent1', 'POST', '/api/v1/push/subscriptions', pushBody()), 'push subscription')).id }),
    },
  };
}

/** A new referral from centre A to the hospital, moved by the hospital through `moves`: its id. */
async function referralAfter(w: World, moves: string[]): Promise<Record<string, string>> {
  const { id } = await newReferral(w, 'A');
  for (const move of moves) await must(w.call('hospital', 'POST', `/api/v1/referrals/${id}/${move}`, {}), `referral ${move}`);
  return { id };
}

async function must(call: Promise<{ status: number; text: string; body: any }>, what: string): Promise<any> {
  const res = await call;
  if (res.status >= 300) throw new Error(`${what} failed: ${res.status} ${res.text}`);
  return res.body;
}

/** A Web Push subscription body with a real P-256 key, as a browser would send. */
export function pushBody() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    subscription: { endpoint: `https://push.example.org/send/${Math.random().toString(36).slice(2, 10)}`, expirationTime: null, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') } },
  };
}

/** The training targets' course, a session ahead, and today's session with clinicA enrolled and attended. */
const training = { course: '', ahead: '', today: '' };

async function seedTraining(w: World): Promise<void> {
  training.course = (await must(w.call('manager', 'POST', '/api/v1/training/courses', { title: '模糊', topic: 'spirometry_pef', hours: 1, format: 'workshop' }), 'course')).id;
  const session = async (date: string) => (await must(w.call('manager', 'POST', `/api/v1/training/courses/${training.course}/sessions`, { date, place: '会议室', trainerId: w.userIds.hospital }), 'session')).id;
  training.ahead = await session('2026-03-10');
  training.today = await session('2026-03-02');
  await must(w.call('manager', 'POST', '/api/v1/training/enrolments', { sessionId: training.today, clinicianId: w.userIds.clinicA }), 'enrol');
  await must(w.call('hospital', 'POST', '/api/v1/training/attendance', { sessionId: training.today, clinicianId: w.userIds.clinicA, attended: true }), 'attendance');
}

/** The world both target suites mutate: seeded objects, an article, and everyone signed in first (a sign-in inside a fingerprint window would count as a change). */
export async function targetsWorld(): Promise<{ w: World; o: Objects }> {
  const w = await securityWorld();
  const o = await seedObjects(w);
  await w.call('admin', 'POST', '/api/v1/articles', { slug: 'fuzz-article', topic: 'basics', title: { zh: '模糊', en: 'Fuzz' }, body: { zh: '正文', en: 'Body' }, status: 'published' });
  await seedTraining(w);
  for (const as of ['admin', 'clinicA', 'hospital', 'nurse1', 'parent1', 'parent2', 'manager']) await w.cookieFor(as);
  return { w, o };
}
