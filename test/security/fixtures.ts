// Objects on both sides of every organisational boundary, for the matrix and the fuzzing:
// side A (centre A, school 1, parent1) and side B (centre B, school 2, parent2).
import { createWorld, ids, PASSWORD, type World } from '../helpers/world';
import { childBody, followUpBody } from '../server/children/fixtures';
import { upBody } from '../server/referrals/fixtures';
import { assessment, kit, trainedStaff } from '../server/schools/rules/school-fixture';
import type { Config } from '../../server/config';
import type { Logger } from '../../server/log';

// 2026-03-02 10:00 in Shanghai.
export const NOW = '2026-03-02T02:00:00Z';
export const TODAY = '2026-03-02';

/** Markers that must never cross a boundary: a side-A caller may not see any side-B marker, and back. */
export const MARK = {
  childA: 'AlphaKid甲',
  childB: 'BetaKid乙',
  kitA: 'KitAlpha',
  kitB: 'KitBeta',
  diaryA: 'diary-alpha-私',
  diaryB: 'diary-beta-私',
};

export const docs = { instructionCard: true, leaflet: true, checkCard: true, adminRecord: true, replacementNote: true };
export const kitBody = (label: string) => ({ label, kind: 'fixed', location: '保健室', locked: false, storageOk: true, spacers: 2, documents: docs, mdis: [{ batch: `${label}-B1`, expiry: '2027-06', counterReading: 20 }] });
export const checkBody = () => ({ date: TODAY, mdiPresent: true, mdiInDate: true, dosesOk: true, spacers: 2, documents: docs, unlocked: true, storageOk: true, poster: true, registerReachable: true });
export const useBody = () => ({ usedAt: '2026-03-02T01:00:00Z', place: '操场', symptoms: ['wheeze'], puffs: 2, spacerUsed: true, givenBy: '王老师', called120: false, outcome: 'backToClass', mdiBatch: 'B1' });
export const trainingBody = (schoolId?: string) => ({
  ...(schoolId ? { schoolId } : {}),
  date: '2026-02-20',
  durationMinutes: 60,
  kind: 'initial',
  trainer: '李医生',
  organisation: '区疾控',
  topics: ['recognise'],
  attendees: [{ name: '张老师', role: 'teacher', competency: 'pass', competencyDate: '2026-02-20' }],
});
// A school with too few kits: the rubric raises corrective actions.
export const assessmentBody = () =>
  assessment({ date: '2026-02-25', lastDrill: '2025-11-20', enrolment: 450, kits: [kit('Kit 1', [['2027-08-31', 196]])], staffTraining: trainedStaff(3, '2025-12-01'), registered: 4, plansValid: 4, consents: 4 });
export const diaryBody = (note: string) => ({ daytimeSymptoms: 'mild', nightWaking: false, nightCough: true, activityLimited: false, relieverUses: 1, pefAm: 100, note });
export const subscriptionBody = (n = 1) => ({ district: 'pudong', minLevel: 3, channel: 'webhook', target: `https://example.org/hook/${n}` });

export interface Objects {
  childA: string;
  childB: string;
  referredA: string;
  referredB: string;
  referralA: string;
  referralB: string;
  kitA: string;
  kitB: string;
  useA: string;
  useB: string;
  mdiA: string;
  mdiB: string;
  assessmentA: string;
  assessmentB: string;
  actionA: string;
  actionB: string;
  alertA: string;
  alertB: string;
  subscriptionA: string;
  victim: string;
  tokenOfVictim: string;
}

function must<T = any>(res: { status: number; text: string; body: any }, status: number, what: string): T {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${res.text.slice(0, 300)}`);
  return res.body as T;
}

export async function enrolAs(w: World, as: string, overrides: Record<string, unknown>): Promise<string> {
  return must(await w.call(as, 'POST', '/api/v1/children', childBody(w, overrides)), 201, `enrol as ${as}`).id;
}

export async function newReferral(w: World, side: 'A' | 'B'): Promise<{ childId: string; id: string }> {
  const as = side === 'A' ? 'clinicA' : 'clinicB';
  const childId = await enrolAs(w, as, { name: `转诊${side}`, centerId: side === 'A' ? ids.centreA : ids.centreB, schoolId: null });
  const id = must(await w.call(as, 'POST', '/api/v1/referrals', upBody(w, childId)), 201, 'referral').id;
  return { childId, id };
}

export async function newKit(w: World, side: 'A' | 'B', label = side === 'A' ? MARK.kitA : MARK.kitB) {
  const nurse = side === 'A' ? 'nurse1' : 'nurse2';
  const school = side === 'A' ? ids.school1 : ids.school2;
  const body = must(await w.call(nurse, 'POST', `/api/v1/schools/${school}/kits`, kitBody(label)), 201, 'kit');
  return { kitId: body.id as string, mdiId: (body.mdis?.[0]?.id ?? '') as string };
}

export async function seedObjects(w: World): Promise<Objects> {
  const childA = await enrolAs(w, 'clinicA', { name: MARK.childA, centerId: ids.centreA, schoolId: ids.school1 });
  const childB = await enrolAs(w, 'clinicB', { name: MARK.childB, centerId: ids.centreB, schoolId: ids.school2 });
  must(await w.call('clinicA', 'POST', `/api/v1/children/${childA}/guardians`, { userId: w.userIds.parent1 }), 200, 'guardian A');
  must(await w.call('clinicB', 'POST', `/api/v1/children/${childB}/guardians`, { userId: w.userIds.parent2 }), 200, 'guardian B');
  must(await w.call('clinicA', 'POST', `/api/v1/children/${childA}/follow-ups`, followUpBody()), 201, 'follow-up A');
  must(await w.call('clinicB', 'POST', `/api/v1/children/${childB}/follow-ups`, followUpBody()), 201, 'follow-up B');
  // A PEF of 100 against a personal best of 300 is the red zone: the entry raises an alert.
  const dA = must(await w.call('parent1', 'PUT', `/api/v1/children/${childA}/diary/${TODAY}`, diaryBody(MARK.diaryA)), 200, 'diary A');
  const dB = must(await w.call('parent2', 'PUT', `/api/v1/children/${childB}/diary/${TODAY}`, diaryBody(MARK.diaryB)), 200, 'diary B');
  void dA;
  void dB;
  const alertRow = async (childId: string) => (await w.db.selectFrom('clinical_alerts').select('id').where('child_id', '=', childId).executeTakeFirstOrThrow()).id;
  const rA = await newReferral(w, 'A');
  const rB = await newReferral(w, 'B');
  const kA = await newKit(w, 'A');
  const kB = await newKit(w, 'B');
  const useA = must(await w.call('nurse1', 'POST', `/api/v1/kits/${kA.kitId}/uses`, useBody()), 201, 'use A').id;
  const useB = must(await w.call('nurse2', 'POST', `/api/v1/kits/${kB.kitId}/uses`, useBody()), 201, 'use B').id;
  const aA = must(await w.call('nurse1', 'POST', `/api/v1/schools/${ids.school1}/assessments`, assessmentBody()), 201, 'assessment A');
  const aB = must(await w.call('nurse2', 'POST', `/api/v1/schools/${ids.school2}/assessments`, assessmentBody()), 201, 'assessment B');
  const subscriptionA = must(await w.call('parent1', 'POST', '/api/v1/subscriptions', subscriptionBody()), 201, 'subscription').id;
  const victim = must(await w.call('admin', 'POST', '/api/v1/users', { username: 'victim', password: PASSWORD, displayName: 'Victim', role: 'parent' }), 201, 'victim').id;
  const tokenOfVictim = must(await w.call('admin', 'POST', `/api/v1/users/${victim}/tokens`, { label: 'fixture' }), 201, 'token').id;
  return {
    childA,
    childB,
    referredA: rA.childId,
    referredB: rB.childId,
    referralA: rA.id,
    referralB: rB.id,
    kitA: kA.kitId,
    kitB: kB.kitId,
    mdiA: kA.mdiId,
    mdiB: kB.mdiId,
    useA,
    useB,
    assessmentA: aA.id,
    assessmentB: aB.id,
    actionA: aA.actions[0].id,
    actionB: aB.actions[0].id,
    alertA: await alertRow(childA),
    alertB: await alertRow(childB),
    subscriptionA,
    victim,
    tokenOfVictim,
  };
}

/** A world whose index job never reaches the network, optionally with a capturing logger. */
export function securityWorld(opts: { config?: Partial<Config>; log?: Logger } = {}) {
  return createWorld({
    now: NOW,
    config: { WEATHER_URL: 'http://127.0.0.1:9/weather', AIR_QUALITY_URL: 'http://127.0.0.1:9/air', PROVIDER_TIMEOUT_MS: 500, ...opts.config },
  }).then((w) => {
    if (opts.log) w.deps.log = opts.log;
    return w;
  });
}
