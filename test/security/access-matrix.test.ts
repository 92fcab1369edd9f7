// The authorization matrix (issue 9): every API route and every page, for anonymous and each role,
// against objects on the caller's side (centre A / school 1 / parent1) and the other side.
// The route list comes from the running app, so a new route without a row here fails the test.
//
// Columns, always in this order:
//   anon  admin  manager  clinicA  clinicB  hospital  nurse1  nurse2  parent1  parent2
// clinicA, nurse1 and parent1 are "own" for side-A objects (childA, kitA, referralA, ...);
// clinicB, nurse2 and parent2 are the other organisation / family. The hospital receives
// referralA and referralB (and sees the referred children while the referral is open).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids, PASSWORD, type World } from '../helpers/world';
import { MARK, TODAY, securityWorld, seedObjects, type Objects } from './fixtures';
import { ACTORS, A, freshAction, freshSubscription, kitForm, planOf, publishedArticle, r, referral, type ActorName, type Ctx, type Params, type Row } from './access-rows';
import { API } from './access-api';
import { TRAINING_PAGES } from './access-training';

// ---- pages ---------------------------------------------------------------------------------------
// Anonymous callers are sent to /login (303); a role that may not use a page gets the 403 page; an
// object outside the caller's scope is the 404 page. A form post with an empty form shows the form
// again with its errors (400) once the caller is allowed; a valid post redirects (303).
//                                                                 anon adm  mgr  cliA cliB hosp nur1 nur2 par1 par2
const PAGES: Record<string, Row[]> = {
  public: [
    r('GET /static/*', '200  200  200  200  200  200  200  200  200  200', { at: { '*': { literal: 'app.css' } } }),
    r('GET /healthz', '200  200  200  200  200  200  200  200  200  200'),
    r('GET /lang/:lang', '303  303  303  303  303  303  303  303  303  303', { at: { lang: { literal: 'en' } } }),
    r('GET /favicon.ico', '204  204  204  204  204  204  204  204  204  204'),
    r('GET /login', '200  200  200  200  200  200  200  200  200  200'),
    r('POST /login', '303  303  303  303  303  303  303  303  303  303', { form: () => ({ username: 'manager', password: PASSWORD }) }),
    r('POST /logout', '303  303  303  303  303  303  303  303  303  303', { freshSession: true }),
    r('GET /', '200  200  200  200  200  200  200  200  200  200', { note: "anonymous: the front door, today's index and sign-in" }),
    r('GET /index', '200  200  200  200  200  200  200  200  200  200'),
    r('POST /index/district', '303  303  303  303  303  303  303  303  303  303', { form: () => ({ district: 'pudong' }) }),
  ],
  children: [
    r('GET /children', '303  200  403  200  200  200  403  403  403  403', { note: 'managers use the aggregated pages' }),
    r('GET /children/new', '303  200  403  200  200  200  403  403  403  403'),
    r('POST /children/new', '303  400  403  400  400  400  403  403  403  403', { form: () => ({}) }),
    r('GET /children/:id', '303  200  403  200  404  404  403  403  200  404', { at: A('childA') }),
    r('GET /children/:id', '303  200  403  404  200  404  403  403  404  200', { at: A('childB') }),
    r('GET /children/:id/follow-ups/new', '303  200  403  200  404  404  403  403  403  403', { at: A('childA') }),
    r('POST /children/:id/follow-ups/new', '303  400  403  400  404  404  403  403  403  403', { at: A('childA'), form: () => ({}) }),
    r('POST /children/:id/alerts/:alertId/acknowledge', '303  303  403  303  404  404  403  403  403  403', { at: { id: 'childA', alertId: 'alertA' }, form: () => ({}) }),
    r('POST /children/:id/alerts/acknowledge-kind', '303  303  403  303  404  404  403  403  403  403', { at: A('childA'), form: () => ({ kind: 'red_zone', back: '/worklist' }) }),
    r('GET /worklist', '303  403  403  200  200  200  403  403  403  403', { note: 'a worklist belongs to a centre; admin has none' }),
  ],
  diary: [
    r('GET /diary', '303  403  403  403  403  403  403  403  303  303', { note: "a parent is sent to the child's diary" }),
    r('GET /diary/:id', '303  200  403  200  404  404  403  403  200  404', { at: A('childA') }),
    r('GET /diary/:id', '303  200  403  404  200  404  403  403  404  200', { at: A('childB') }),
    r('POST /diary/:id', '303  400  403  400  404  404  403  403  400  404', { at: A('childA'), form: () => ({}) }),
  ],
  admin: [
    r('GET /admin/users', '303  200  403  403  403  403  403  403  403  403'),
    r('POST /admin/users', '303  400  403  403  403  403  403  403  403  403', { form: () => ({}) }),
    r('GET /admin/audit', '303  200  403  403  403  403  403  403  403  403'),
    r('GET /admin/calendar', '303  200  403  403  403  403  403  403  403  403'),
    r('POST /admin/calendar', '303  400  403  403  403  403  403  403  403  403', { form: () => ({}) }),
    r('GET /admin/calendar/:date/delete', '303  303  403  403  403  403  403  403  403  403', { at: { date: { literal: '2026-10-05' } } }),
    r('POST /admin/calendar/:date/delete', '303  303  403  403  403  403  403  403  403  403', { at: { date: { literal: '2026-10-05' } }, form: () => ({}) }),
    r('GET /admin/jobs', '303  200  403  403  403  403  403  403  403  403'),
    r('POST /admin/jobs/run', '303  303  403  403  403  403  403  403  403  403', { form: () => ({ offline: 'on' }) }),
  ],
  referrals: [
    r('GET /referrals', '303  200  403  200  200  200  403  403  403  403'),
    r('GET /referrals/new', '303  403  403  200  200  200  403  403  403  403'),
    r('POST /referrals/new', '303  403  403  400  400  400  403  403  403  403', { form: () => ({}) }),
    r('GET /referrals/:id', '303  200  403  200  404  200  403  403  403  403', { at: A('referralA') }),
    r('GET /referrals/:id', '303  200  403  404  200  200  403  403  403  403', { at: A('referralB') }),
    r('POST /referrals/:id/:action', '303  403  403  403  404  303  403  403  403  403', { fresh: referral('requested'), at: { action: { literal: 'accept' } }, form: () => ({}) }),
  ],
  schools: [
    r('GET /schools', '303  200  200  403  403  403  303  303  403  403', { note: 'a nurse is sent to her school' }),
    r('GET /schools/:id', '303  200  200  403  403  403  200  404  403  403', { at: { id: { literal: ids.school1 } } }),
    r('GET /schools/:id/kits', '303  200  200  403  403  403  200  404  403  403', { at: { id: { literal: ids.school1 } } }),
    r('GET /schools/:id/kits/new', '303  200  403  403  403  403  200  404  403  403', { at: { id: { literal: ids.school1 } } }),
    // The scope is checked before the form: another school's nurse gets the 404 page either way.
    r('POST /schools/:id/kits/new', '303  400  403  403  403  403  400  404  403  403', { at: { id: { literal: ids.school1 } }, form: () => ({}) }),
    r('POST /schools/:id/kits/new', '303  303  403  403  403  403  303  404  403  403', { at: { id: { literal: ids.school1 } }, form: ({ n }) => kitForm(`page-${n}`) }),
    r('GET /schools/:id/trainings', '303  200  200  403  403  403  200  404  403  403', { at: { id: { literal: ids.school1 } } }),
    r('GET /schools/:id/trainings/new', '303  200  403  403  403  403  200  404  403  403', { at: { id: { literal: ids.school1 } } }),
    r('POST /schools/:id/trainings/new', '303  400  403  403  403  403  400  404  403  403', { at: { id: { literal: ids.school1 } }, form: () => ({}) }),
    r('GET /schools/:id/assessments/new', '303  200  403  403  403  403  200  404  403  403', { at: { id: { literal: ids.school1 } } }),
    r('POST /schools/:id/assessments/new', '303  400  403  403  403  403  400  404  403  403', { at: { id: { literal: ids.school1 } }, form: () => ({}) }),
    r('GET /assessments/:id', '303  200  200  403  403  403  200  404  403  403', { at: A('assessmentA') }),
    r('POST /school-actions/:id', '303  303  403  403  403  403  303  303  403  403', { at: A('actionA'), form: () => ({}), note: 'an invalid form goes back with the error' }),
    r('POST /school-actions/:id', '303  303  403  403  403  403  303  404  403  403', { fresh: freshAction, form: () => ({ status: 'done', note: '已补充急救包', back: '/schools' }) }),
  ],
  kits: [
    r('GET /kits/:id', '303  200  200  403  403  403  200  404  403  403', { at: A('kitA') }),
    r('GET /kits/:id', '303  200  200  403  403  403  404  200  403  403', { at: A('kitB') }),
    r('GET /kits/:id/edit', '303  200  403  403  403  403  200  404  403  403', { at: A('kitA') }),
    r('POST /kits/:id/edit', '303  400  403  403  403  403  400  404  403  403', { at: A('kitA'), form: () => ({}) }),
    r('POST /kits/:id/edit', '303  303  403  403  403  403  303  404  403  403', { at: A('kitA'), form: () => kitForm(MARK.kitA) }),
    r('GET /kits/:id/mdis/new', '303  200  403  403  403  403  200  404  403  403', { at: A('kitA') }),
    r('POST /kits/:id/mdis/new', '303  400  403  403  403  403  400  404  403  403', { at: A('kitA'), form: () => ({}) }),
    r('GET /kits/:id/check', '303  200  403  403  403  403  200  404  403  403', { at: A('kitA') }),
    r('POST /kits/:id/check', '303  400  403  403  403  403  400  404  403  403', { at: A('kitA'), form: () => ({}) }),
    r('GET /kits/:id/retire', '303  200  403  403  403  403  200  404  403  403', { at: A('kitA') }),
    r('POST /kits/:id/status', '303  400  403  403  403  403  400  404  403  403', { at: A('kitA'), form: () => ({}) }),
    r('POST /kits/:id/status', '303  303  403  403  403  403  303  404  403  403', { at: A('kitA'), form: () => ({ status: 'active' }) }),
    r('GET /kits/:id/uses/:useId/parent-told', '303  200  403  403  403  403  200  404  403  403', { at: { id: 'kitA', useId: 'useA' } }),
    r('POST /kits/:id/uses/:useId/parent-told', '303  400  403  403  403  403  400  404  403  403', { at: { id: 'kitA', useId: 'useA' }, form: () => ({}) }),
    r('POST /kits/:id/uses/:useId/parent-told', '303  303  403  403  403  403  303  404  403  403', { at: { id: 'kitA', useId: 'useA' }, form: () => ({ parentToldAt: '2026-03-02T09:30', parentToldHow: 'wechat' }) }),
    r('GET /kits/:id/use', '303  200  403  403  403  403  200  404  403  403', { at: A('kitA') }),
    r('POST /kits/:id/use', '303  400  403  403  403  403  400  404  403  403', { at: A('kitA'), form: () => ({}) }),
  ],
  dashboard: [r('GET /dashboard', '303  200  200  200  200  200  403  403  403  403'), r('GET /dashboard/centres.csv', '303  200  200  403  403  403  403  403  403  403')],
  familyApp: [
    r('GET /sw.js', '200  200  200  200  200  200  200  200  200  200'),
    r('GET /manifest.webmanifest', '200  200  200  200  200  200  200  200  200  200'),
    r('GET /app/:icon{icon-[0-9]+\\.png}', '200  200  200  200  200  200  200  200  200  200', { at: { icon: { literal: 'icon-192.png' } } }),
    r('GET /app', '303  303  303  303  303  303  303  303  200  200', { note: 'the family app; staff are sent to their own pages' }),
    r('GET /app/offline', '200  200  200  200  200  200  200  200  200  200'),
    r('GET /app/articles', '200  200  200  200  200  200  200  200  200  200'),
    r('GET /app/articles/:slug', '200  200  200  200  200  200  200  200  200  200', { fresh: publishedArticle }),
    r('GET /app/plan/:id', '303  200  403  200  404  404  200  404  200  404', { at: A('childA'), fresh: planOf('A') }),
    r('GET /app/plan/:id/edit', '303  200  403  200  404  404  403  403  403  403', { at: A('childA') }),
    r('POST /app/plan/:id/edit', '303  400  403  400  404  404  403  403  403  403', { at: A('childA'), form: () => ({}) }),
    r('GET /app/plans', '303  403  403  403  403  403  200  200  403  403'),
    r('GET /app/diary/:id', '303  403  403  403  403  403  403  403  200  404', { at: A('childA'), note: "the offline diary is the family's" }),
    r('GET /app/notifications', '303  403  403  403  403  403  403  403  200  200'),
    r('POST /app/notifications', '303  403  403  403  403  403  403  403  200  200', { form: () => ({}), note: 'every choice is optional' }),
    r('GET /app/editor', '303  200  403  200  200  200  403  403  403  403'),
    r('GET /app/editor/new', '303  200  403  200  200  200  403  403  403  403'),
    r('POST /app/editor/new', '303  400  403  400  400  400  403  403  403  403', { form: () => ({}) }),
    r('GET /app/editor/:slug', '303  200  403  200  200  200  403  403  403  403', { fresh: publishedArticle }),
    r('POST /app/editor/:slug', '303  400  403  400  400  400  403  403  403  403', { fresh: publishedArticle, form: () => ({}) }),
    r('POST /app/children/:id/send-article', '303  303  403  303  404  404  403  403  403  403', { fresh: async (c) => ({ ...(await publishedArticle(c)), id: c.o.childA }), form: ({ p }) => ({ slug: p.slug! }) }),
  ],
  subscriptions: [
    r('GET /app/notifications/channels', '303  403  403  403  403  403  403  403  200  200', { note: 'issue 34: WeChat and SMS, per child' }),
    r('POST /app/notifications/channels/child/:id', '303  403  403  403  403  403  403  403  200  404', { at: A('childA'), form: () => ({ kind_index: 'on', minLevel: '3', quietFrom: '21:00', quietUntil: '07:00' }) }),
    r('POST /app/notifications/channels/child/:id/sms-consent', '303  403  403  403  403  403  403  403  200  404', { at: A('childA'), form: () => ({}) }),
    r('POST /app/notifications/channels/child/:id/sms-consent/withdraw', '303  403  403  403  403  403  403  403  200  404', { at: A('childA'), form: () => ({}) }),
    r('POST /app/notifications/channels/code', '303  403  403  403  403  403  403  403  200  200', { form: () => ({}) }),
    r('POST /app/notifications/channels/unbind', '303  403  403  403  403  403  403  403  200  200', { form: () => ({}) }),
    r('GET /app/notifications/channels/wechat', '303  403  403  403  403  403  403  403  400  400', { note: "without a code and this session's state" }),
    r('POST /app/notifications/channels/wechat', '303  403  403  403  403  403  403  403  400  400', { form: () => ({ code: 'x', state: 'forged' }) }),
    r('GET /admin/integrations', '303  200  200  403  403  403  403  403  403  403', { note: 'issue 34: the manager sees reach counts only' }),
    r('POST /admin/integrations/webhooks', '303  201  403  403  403  403  403  403  403  403', { form: ({ as, n }) => ({ district: 'pudong', minLevel: '3', target: `https://hooks.example.org/${as}/${n}` }) }),
    r('POST /admin/integrations/webhooks/:id/end', '303  200  403  403  403  403  403  403  403  403', { form: () => ({}), fresh: freshSubscription }),
    r('GET /wechat/callback', '403  403  403  403  403  403  403  403  403  403', { note: 'WeChat signs each call with WECHAT_CALLBACK_TOKEN (issue 34); unsigned: 403' }),
    r('POST /wechat/callback', '403  403  403  403  403  403  403  403  403  403', { form: () => ({}) }),
    r('GET /index/subscriptions', '303  403  403  403  403  403  403  403  303  303', { note: 'the webhook page is gone (API only); a parent goes to /app/notifications' }),
  ],
  training: TRAINING_PAGES,
};

// ---- the run ------------------------------------------------------------------------------------

let w: World;
let o: Objects;
beforeAll(async () => {
  w = await securityWorld();
  o = await seedObjects(w);
}, 60_000);
afterAll(async () => {
  await w?.close();
});

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

interface Outcome {
  status: number;
  text: string;
  location: string | null;
  path: string;
}

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
  it("child lists, diaries and kit lists hold only the caller's side", async () => {
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
