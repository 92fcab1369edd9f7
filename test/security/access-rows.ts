// The access matrix's row type and the helpers its rows share (split from access-matrix.test.ts,
// which runs them): the columns, fresh objects per cell, and bodies that need real keys.
import { createECDH, generateKeyPairSync, randomBytes } from 'node:crypto';
import { ids, type World } from '../helpers/world';
import { planBody } from '../server/family-app/fixtures';
import { assessmentBody, newReferral, subscriptionBody, type Objects } from './fixtures';

export const ACTORS = ['anon', 'admin', 'manager', 'clinicA', 'clinicB', 'hospital', 'nurse1', 'nurse2', 'parent1', 'parent2'] as const;
export type ActorName = (typeof ACTORS)[number];

export interface Ctx {
  w: World;
  o: Objects;
  as: ActorName;
  n: number;
}
export type Params = Record<string, string>;

export interface Row {
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

export const r = (route: string, expect: string, opts: Omit<Row, 'route' | 'expect'> = {}): Row => ({ route, expect, ...opts });
export const A = (key: keyof Objects) => ({ id: key });

/** A plan in force for the side's child, so reads have something to show. */
export function planOf(side: 'A' | 'B') {
  return async ({ w, o }: Ctx): Promise<Params> => {
    const id = side === 'A' ? o.childA : o.childB;
    const res = await w.call(side === 'A' ? 'clinicA' : 'clinicB', 'PUT', `/api/v1/children/${id}/action-plan`, planBody());
    if (res.status !== 200 && res.status !== 201) throw new Error(`plan: ${res.status} ${res.text}`);
    return { id };
  };
}

export const articleBody = (status: 'draft' | 'published') => ({ topic: 'basics', title: { zh: '矩阵测试', en: 'Matrix test' }, body: { zh: '## 标题\n\n正文', en: '## Title\n\nBody' }, status });

/** Child A's diary day 02-28 as the phone last saw it (the sync refuses a stale base with 409). */
export async function diaryBase({ w, o }: Ctx): Promise<Params> {
  const res = await w.call('admin', 'GET', `/api/v1/children/${o.childA}/diary?from=2026-02-28&to=2026-02-28`);
  return { id: o.childA, date: '2026-02-28', base: res.body.items[0]?.updatedAt ?? '' };
}

/** A fresh published article. */
export async function publishedArticle({ w, n, as }: Ctx): Promise<Params> {
  const slug = `matrix-pub-${as.toLowerCase()}-${n}`;
  const res = await w.call('admin', 'POST', '/api/v1/articles', { slug, ...articleBody('published') });
  if (res.status !== 201) throw new Error(`article: ${res.status} ${res.text}`);
  return { slug };
}

/** A Web Push subscription body with a real P-256 key, as a browser would send. */
export function pushBody(tag: string) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { subscription: { endpoint: `https://push.example.org/send/${tag}`, expirationTime: null, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') } } };
}

/** A fresh push subscription of parent1. */
export async function freshPush({ w, n, as }: Ctx): Promise<Params> {
  const body = pushBody(`fresh-${as}-${n}`);
  const res = await w.call('parent1', 'POST', '/api/v1/push/subscriptions', body);
  if (res.status !== 201 && res.status !== 200) throw new Error(`push: ${res.status} ${res.text}`);
  return { id: res.body.id, endpoint: body.subscription.endpoint };
}

/** A FHIR backend client's registration with a real P-384 public key. */
export function fhirClientBody() {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  return { name: 'matrix client', centerId: null, scopes: 'system/*.rs', jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'matrix' }] } };
}

/** A fresh referral from centre A to the hospital, moved to `status` by the hospital. */
export function referral(status: 'requested' | 'accepted' | 'in-progress') {
  return async ({ w }: Ctx): Promise<Params> => {
    const { id } = await newReferral(w, 'A');
    if (status !== 'requested') await w.call('hospital', 'POST', `/api/v1/referrals/${id}/accept`, {});
    if (status === 'in-progress') await w.call('hospital', 'POST', `/api/v1/referrals/${id}/start`, {});
    return { id };
  };
}

/** A fresh corrective action of school 1. */
export async function freshAction({ w }: Ctx): Promise<Params> {
  const res = await w.call('nurse1', 'POST', `/api/v1/schools/${ids.school1}/assessments`, assessmentBody());
  return { id: res.body.actions[0].id };
}

/** A fresh subscription of parent1 (older fresh ones ended first: a parent has at most 10). */
export async function freshSubscription({ w, o, n }: Ctx): Promise<Params> {
  await w.db.updateTable('subscriptions').set({ active: 0, deactivated_at: '2026-03-01T00:00:00Z' }).where('id', '!=', o.subscriptionA).where('active', '=', 1).execute();
  const res = await w.call('parent1', 'POST', '/api/v1/subscriptions', subscriptionBody(5000 + n));
  if (res.status !== 201) throw new Error(`subscription: ${res.status} ${res.text}`);
  return { id: res.body.id };
}

export const kitForm = (label: string): Record<string, string> => ({
  label,
  kind: 'fixed',
  location: '保健室',
  spacers: '2',
  storageOk: 'on',
  'documents.instructionCard': 'on',
  'documents.leaflet': 'on',
  'documents.checkCard': 'on',
  'documents.adminRecord': 'on',
  'documents.replacementNote': 'on',
});
