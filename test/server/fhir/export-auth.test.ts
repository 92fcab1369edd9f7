// Bulk export of a centre (validated line by line, compared with golden NDJSON) and SMART Backend
// Services token issue: signature, audience, expiry, replay and scopes.
import { existsSync, writeFileSync } from 'node:fs';
import { fixturePath, readFixture } from '../../fixtures/paths';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { UNTIL_HANG } from '../../helpers/poll';
import { enrol, followUpBody } from '../children/fixtures';
import { assertion, fhir, registerClient, tokenFor, tokenRequest, validationProblems, type Client } from './helpers';

let w: World;
let client: Client;
let token: { token: string };
let childA: string;
let childB: string;
beforeAll(async () => {
  w = await createWorld();
  childA = await enrol(w, { name: '导出儿童', birthDate: '2017-06-01' });
  childB = await enrol(w, { name: '另一中心', centerId: w.ids.centreB }, 'clinicB');
  await w.call('clinicA', 'POST', `/api/v1/children/${childA}/follow-ups`, followUpBody({ pef: 250 }));
  const d = await w.call('clinicA', 'PUT', `/api/v1/children/${childA}/diary/2026-03-01`, { daytimeSymptoms: 'mild', nightWaking: false, nightCough: true, activityLimited: false, relieverUses: 1, pefAm: 240 });
  expect(d.status, d.text).toBe(200);
  client = await registerClient(w, { centerId: w.ids.centreA, scopes: 'system/*.rs' });
  token = { token: await tokenFor(w, client, 'system/*.rs') };
}, 60_000);
afterAll(async () => {
  await w?.close();
});

/** Ids and instants vary per run: numbered placeholders in order of appearance make the golden file stable. */
function normalise(ndjson: string): string {
  const seen = new Map<string, string>();
  return ndjson.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => {
    if (!seen.has(id)) seen.set(id, `<id${seen.size + 1}>`);
    return seen.get(id)!;
  });
}

describe('Group/{centre}/$export', () => {
  it('is asynchronous (202, Content-Location, poll), gives NDJSON per type that validates line by line and matches the golden files', async () => {
    token = { token: await tokenFor(w, client, 'system/*.rs') }; // another test moves the clock past the first token
    const kick = await w.app.request(`/fhir/r4/Group/${w.ids.centreA}/$export?_type=Patient,Observation,Encounter,QuestionnaireResponse,Condition`, {
      headers: { authorization: `Bearer ${token.token}`, prefer: 'respond-async', accept: 'application/fhir+json' },
    });
    expect(kick.status, await kick.clone().text()).toBe(202);
    const status = kick.headers.get('content-location')!;
    expect(status).toMatch(/\/fhir\/r4\/bulk\//);
    let manifest: any;
    await expect
      .poll(async () => {
        const res = await fhir(w, token, 'GET', new URL(status).pathname);
        manifest = res.body;
        return res.status;
      }, UNTIL_HANG)
      .toBe(200);
    expect(manifest.output.map((o: any) => o.type)).toEqual(['Condition', 'Encounter', 'Observation', 'Patient', 'QuestionnaireResponse']);
    for (const out of manifest.output) {
      const file = await fhir(w, token, 'GET', new URL(out.url).pathname);
      expect(file.headers.get('content-type')).toContain('application/fhir+ndjson');
      const lines = file.text.trimEnd().split('\n');
      expect(lines).toHaveLength(out.count);
      for (const line of lines) {
        const resource = JSON.parse(line);
        expect(resource.resourceType).toBe(out.type);
        expect(validationProblems(resource), line.slice(0, 200)).toEqual([]);
      }
      expect(file.text).not.toContain(childB);
      const golden = fixturePath(`fhir/export-centre-a.${out.type}.ndjson`);
      // UPDATE_GOLDEN=1 rewrites them after a deliberate change of the mapping; review the diff.
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, normalise(file.text));
      expect(existsSync(golden), golden).toBe(true);
      expect(normalise(file.text)).toBe(readFixture(`fhir/export-centre-a.${out.type}.ndjson`));
    }
    const audited = await w.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'fhir_export').where('request_id', '=', kick.headers.get('x-request-id')).execute();
    expect(audited.map((a) => a.entity_id)).toEqual([childA]);
    expect((await fhir(w, token, 'DELETE', new URL(status).pathname)).status).toBe(202);
    expect((await fhir(w, token, 'GET', new URL(status).pathname)).status).toBe(404);
  });

  it('the default export (every type) of a district client validates line by line, referrals and plans included', async () => {
    const district = await registerClient(w, { centerId: null, scopes: 'system/*.rs' });
    const dtoken = { token: await tokenFor(w, district, 'system/*.rs') };
    // At centre B, so centre A's export (golden files) stays as it is in any test order.
    const other = await enrol(w, { name: '全量导出', centerId: w.ids.centreB, riskHistory: { ocsCourses12m: 2, edVisits12m: 1, admissions12m: 1, everIcuOrIntubated: true } }, 'clinicB');
    const ref = await w.call('clinicB', 'POST', '/api/v1/referrals', { childId: other, direction: 'up', toCenterId: w.ids.hospital, urgency: 'routine', reasons: ['U5'], summary: '连续两次随访未控制' });
    expect(ref.status, ref.text).toBe(201);
    const kick = await w.app.request(`/fhir/r4/Group/${w.ids.centreB}/$export`, { headers: { authorization: `Bearer ${dtoken.token}`, prefer: 'respond-async' } });
    expect(kick.status).toBe(202);
    const status = new URL(kick.headers.get('content-location')!).pathname;
    let manifest: any;
    await expect
      .poll(async () => {
        const res = await fhir(w, dtoken, 'GET', status);
        manifest = res.body;
        return res.status;
      }, UNTIL_HANG)
      .toBe(200);
    expect(manifest.output.map((o: any) => o.type)).toEqual(expect.arrayContaining(['Patient', 'RelatedPerson', 'Condition', 'Consent', 'Flag', 'ServiceRequest', 'Task', 'Observation']));
    let lines = 0;
    for (const out of manifest.output) {
      const file = await fhir(w, dtoken, 'GET', new URL(out.url).pathname);
      for (const line of file.text.trimEnd().split('\n')) {
        lines++;
        expect(validationProblems(JSON.parse(line)), line.slice(0, 200)).toEqual([]);
      }
    }
    expect(lines).toBeGreaterThan(10);
    // The centre client's token cannot read the district client's export.
    token = { token: await tokenFor(w, client, 'system/*.rs') };
    expect((await fhir(w, token, 'GET', status)).status).toBe(404);
  });

  it('_since keeps only what changed since then (the nightly pull)', async () => {
    const district = await registerClient(w, { centerId: null, scopes: 'system/*.rs' });
    const x = await enrol(w, { name: '增量', centerId: w.ids.centreB }, 'clinicB');
    const early = await w.call('clinicB', 'POST', `/api/v1/children/${x}/follow-ups`, followUpBody({ date: '2026-03-01' }));
    expect(early.status, early.text).toBe(201);
    w.clock.advance(3600_000); // within the sessions' idle limit
    const since = new Date(w.clock.now().getTime() - 1800_000).toISOString();
    const late = await w.call('clinicB', 'POST', `/api/v1/children/${x}/follow-ups`, followUpBody());
    expect(late.status, late.text).toBe(201);
    const dtoken = { token: await tokenFor(w, district, 'system/*.rs') };
    const kick = await w.app.request(`/fhir/r4/Group/${w.ids.centreB}/$export?_type=Encounter&_since=${encodeURIComponent(since)}`, { headers: { authorization: `Bearer ${dtoken.token}`, prefer: 'respond-async' } });
    expect(kick.status).toBe(202);
    const status = new URL(kick.headers.get('content-location')!).pathname;
    let manifest: any;
    await expect
      .poll(async () => {
        const res = await fhir(w, dtoken, 'GET', status);
        manifest = res.body;
        return res.status;
      }, UNTIL_HANG)
      .toBe(200);
    const file = await fhir(w, dtoken, 'GET', new URL(manifest.output[0].url).pathname);
    const ids = file.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l).id);
    expect(ids).toContain(late.body.id);
    expect(ids).not.toContain(early.body.id);
  });

  it("another centre's group is 404 for a centre client; Prefer: respond-async is required; an unknown _type is 400", async () => {
    token = { token: await tokenFor(w, client, 'system/*.rs') };
    const call = (path: string, prefer = true) => w.app.request(path, { headers: { authorization: `Bearer ${token.token}`, ...(prefer ? { prefer: 'respond-async' } : {}) } });
    expect((await call(`/fhir/r4/Group/${w.ids.centreB}/$export`)).status).toBe(404);
    expect((await call(`/fhir/r4/Group/${w.ids.centreA}/$export`, false)).status).toBe(400);
    expect((await call(`/fhir/r4/Group/${w.ids.centreA}/$export?_type=Medication`)).status).toBe(400);
    expect((await call(`/fhir/r4/Group/${w.ids.centreA}/$export?_since=yesterday`)).status).toBe(400);
  });
});

describe('SMART Backend Services tokens', () => {
  const form = async (overrides: Record<string, string> = {}, a?: Promise<string>) => ({
    grant_type: 'client_credentials',
    scope: 'system/Patient.rs',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: await (a ?? assertion(w, client)),
    ...overrides,
  });
  it('grants only registered scopes, for 5 minutes', async () => {
    const ok = await tokenRequest(w, await form());
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: 'bearer', expires_in: 300, scope: 'system/Patient.rs' });
    expect((await tokenRequest(w, await form({ scope: 'system/Task.u' }))).body.error).toBe('invalid_scope');
    const narrow = { token: ok.body.access_token! };
    expect((await fhir(w, narrow, 'GET', `Patient/${childA}`)).status).toBe(200);
    expect((await fhir(w, narrow, 'GET', `Observation?patient=${childA}`)).status).toBe(403);
    w.clock.advance(301_000);
    expect((await fhir(w, narrow, 'GET', `Patient/${childA}`)).status).toBe(401);
  });
  it('refuses a replayed jti, a wrong audience, a far expiry, another key and a wrong grant', async () => {
    const once = await assertion(w, client, { jti: 'replay-me' });
    expect((await tokenRequest(w, await form({}, Promise.resolve(once)))).status).toBe(200);
    expect((await tokenRequest(w, await form({}, Promise.resolve(once)))).status).toBe(401);
    expect((await tokenRequest(w, await form({}, assertion(w, client, { aud: 'https://elsewhere/token' })))).body.error).toBe('invalid_client');
    expect((await tokenRequest(w, await form({}, assertion(w, client, { expIn: 3600 })))).body.error).toBe('invalid_client');
    const other = await registerClient(w, { centerId: w.ids.centreA, scopes: 'system/*.rs' });
    expect((await tokenRequest(w, await form({}, assertion(w, { ...other, clientId: client.clientId })))).status).toBe(401);
    expect((await tokenRequest(w, await form({ grant_type: 'password' }))).body.error).toBe('unsupported_grant_type');
  });
  it("a centre client sees exactly what that centre's clinician sees", async () => {
    token = { token: await tokenFor(w, client, 'system/*.rs') };
    const asClient = await fhir(w, token, 'GET', 'Patient?_count=500');
    const asClinician = await fhir(w, 'clinicA', 'GET', 'Patient?_count=500');
    expect(asClient.body.entry.map((e: any) => e.resource.id)).toEqual(asClinician.body.entry.map((e: any) => e.resource.id));
    expect(asClient.text).not.toContain(childB);
    expect((await fhir(w, token, 'GET', `Patient/${childB}`)).status).toBe(404);
  });
});

describe('users on /fhir/r4', () => {
  it("a platform API token acts with its account's role and scope; a bad one is a 401 OperationOutcome", async () => {
    const issued = await w.call('admin', 'POST', `/api/v1/users/${w.userIds.clinicA}/tokens`, { label: 'fhir' });
    expect(issued.status, issued.text).toBe(201);
    const api = { token: issued.body.token as string };
    expect((await fhir(w, api, 'GET', `Patient/${childA}`)).status).toBe(200);
    expect((await fhir(w, api, 'GET', `Patient/${childB}`)).status).toBe(404);
    const bad = await fhir(w, { token: 'not-a-token' }, 'GET', `Patient/${childA}`);
    expect(bad.status).toBe(401);
    expect(bad.body.resourceType).toBe('OperationOutcome');
  });
  it('pages a Patient search with total and a next link', async () => {
    // At centre B, so centre A's export (golden files) stays as it is in any test order.
    await enrol(w, { name: '第二个', centerId: w.ids.centreB }, 'clinicB');
    const first = await fhir(w, 'clinicB', 'GET', 'Patient?_count=1');
    const total = first.body.total as number;
    expect(total).toBeGreaterThanOrEqual(2);
    expect(first.body.entry).toHaveLength(1);
    const next = first.body.link.find((l: any) => l.relation === 'next').url as string;
    const second = await fhir(w, 'clinicB', 'GET', new URL(next).pathname + new URL(next).search);
    expect(second.body.entry).toHaveLength(1);
    expect(second.body.entry[0].resource.id).not.toBe(first.body.entry[0].resource.id);
    const last = await fhir(w, 'clinicB', 'GET', `Patient?_count=1&_offset=${total - 1}`);
    expect(last.body.entry).toHaveLength(1);
    expect(last.body.link.some((l: any) => l.relation === 'next')).toBe(false);
  });
});
