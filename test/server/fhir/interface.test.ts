// The FHIR R4 interface end to end (issue 35): every resource it answers validates against the R4
// JSON schema and Medplum's validator; inbound Encounters, the referral round trip and errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/world';
import { readFixture } from '../../fixtures/paths';
import { enrol, followUpBody } from '../children/fixtures';
import { planBody } from '../family-app/fixtures';
import { fhir, registerClient, resourcesIn, tokenFor, validationProblems } from './helpers';

let w: World;
let child: string;
let highRisk: string;
beforeAll(async () => {
  // Friday 2026-12-04, 14:00 in Shanghai: the worked example of docs/clinical-safety.md 8.4.
  w = await createWorld({ now: '2026-12-04T06:00:00Z' });
  child = await enrol(w, { birthDate: '2017-06-01', diagnosisDate: '2025-01-10' });
  const fu = await w.call('clinicA', 'POST', `/api/v1/children/${child}/follow-ups`, followUpBody({ date: '2026-12-01', pef: 260, inhalerTechniqueOk: true, adherenceOk: true }));
  expect(fu.status, fu.text).toBe(201);
  const day = await w.call('clinicA', 'PUT', `/api/v1/children/${child}/diary/2026-12-03`, {
    daytimeSymptoms: 'moderate',
    nightWaking: true,
    nightCough: true,
    activityLimited: true,
    relieverUses: 3,
    pefAm: 180,
    pefPm: 200,
    dangerSigns: ['hard_to_speak'],
    ocsStarted: true,
  });
  expect(day.status, day.text).toBe(200);
  const plan = await w.call('clinicA', 'PUT', `/api/v1/children/${child}/action-plan`, planBody());
  expect(plan.status, plan.text).toBeLessThan(300);
  const risky = await enrol(w, { name: '高危儿童', riskHistory: { ocsCourses12m: 2, edVisits12m: 1, admissions12m: 1, everIcuOrIntubated: true } });
  highRisk = risky;
}, 60_000);
afterAll(async () => {
  await w?.close();
});

const expectValid = (body: unknown) => {
  for (const r of resourcesIn(body)) expect(validationProblems(r), JSON.stringify(r).slice(0, 300)).toEqual([]);
};

describe('reads validate against both validators', () => {
  it('metadata is a valid CapabilityStatement, public', async () => {
    const res = await fhir(w, null, 'GET', 'metadata');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/fhir+json');
    expect(res.body.fhirVersion).toBe('4.0.1');
    expectValid(res.body);
  });

  it('a clinician reads the child as Patient, Condition, Consent, RelatedPerson ', async () => {
    const p = await fhir(w, 'clinicA', 'GET', `Patient/${child}`);
    expect(p.status, p.text).toBe(200);
    expect(p.body.identifier[0]).toEqual({ use: 'official', system: 'https://pudong-child-asthma.example/fhir/sid/child-id', value: child });
    expect(p.body.gender).toBe('male');
    expectValid(p.body);
    const cond = await fhir(w, 'clinicA', 'GET', `Condition/${child}-asthma`);
    expect(cond.body.code.coding.map((c: any) => c.code)).toEqual(['195967001', 'J45.9']);
    expect(cond.body.onsetDateTime).toBe('2025-01-10');
    expectValid(cond.body);
    for (const path of [`Consent/${child}-consent`, `RelatedPerson/${child}-guardian`]) {
      const res = await fhir(w, 'clinicA', 'GET', path);
      expect(res.status, path).toBe(200);
      expectValid(res.body);
    }
    expect((await fhir(w, 'clinicA', 'GET', `Flag/${child}-nothing`)).status).toBe(404);
  });

  it('a follow-up is an Encounter, a QuestionnaireResponse with its total as an Observation derivedFrom it, PEF and GINA answers', async () => {
    const enc = await fhir(w, 'clinicA', 'GET', `Encounter?patient=${child}`);
    expect(enc.status, enc.text).toBe(200);
    expectValid(enc.body);
    expect(enc.body.entry[0].resource.class.code).toBe('AMB');
    const qr = await fhir(w, 'clinicA', 'GET', `QuestionnaireResponse?patient=Patient/${child}`);
    expectValid(qr.body);
    const response = qr.body.entry[0].resource;
    expect(response.questionnaire).toBe('https://pudong-child-asthma.example/fhir/Questionnaire/c-act');
    expect(response.item.map((i: any) => i.answer[0].valueInteger)).toEqual([3, 3, 3, 3, 5, 5, 5, 27]);
    const total = await fhir(w, 'clinicA', 'GET', `Observation?patient=${child}&code=https://pudong-child-asthma.example/fhir/CodeSystem/instrument-scores|c-act-total`);
    expect(total.body.total).toBe(1);
    expect(total.body.entry[0].resource.valueInteger).toBe(27);
    expect(total.body.entry[0].resource.derivedFrom).toEqual([{ reference: `QuestionnaireResponse/${response.id}` }]);
    const pef = await fhir(w, 'clinicA', 'GET', `Observation?patient=${child}&code=http://loinc.org|19935-6`);
    expectValid(pef.body);
    expect(pef.body.entry.map((e: any) => e.resource.valueQuantity.value)).toContain(260);
    const best = await fhir(w, 'clinicA', 'GET', `Observation/${child}-personal-best`);
    expect(best.body.code.coding[0].code).toBe('83368-1');
    expect(best.body.valueQuantity).toEqual({ value: 300, unit: 'L/min', system: 'http://unitsofmeasure.org', code: 'L/min' });
    const all = await fhir(w, 'clinicA', 'GET', `Observation?patient=${child}&_count=500`);
    expectValid(all.body);
  });

  it('a diary day gives its symptoms, peak flows, zone, danger sign and steroid course; the plan is a CarePlan; high risk a Flag', async () => {
    const diary = await fhir(w, 'clinicA', 'GET', `Observation?patient=${child}&date=2026-12-03&_count=100`);
    expectValid(diary.body);
    const codes = diary.body.entry.map((e: any) => e.resource.code.coding[0].code);
    expect(codes).toEqual(expect.arrayContaining(['daytime-symptoms', 'night-waking', 'reliever-uses', 'danger-sign', 'day-zone', 'ocs-started', '19935-6']));
    const danger = diary.body.entry.find((e: any) => e.resource.code.coding[0].code === 'danger-sign').resource;
    expect(danger.valueCodeableConcept.coding[0]).toEqual({ system: 'https://pudong-child-asthma.example/fhir/CodeSystem/diary', code: 'hard_to_speak' });
    expect(diary.body.entry.find((e: any) => e.resource.code.coding[0].code === 'day-zone').resource.valueString).toBe('red');
    expect((await fhir(w, 'clinicB', 'GET', `CarePlan?patient=${child}`)).status).toBe(404);
    const staffPlans = await fhir(w, 'clinicA', 'GET', `CarePlan?patient=${child}`);
    expect(staffPlans.body.entry.map((e: any) => e.resource.status)).toEqual(['active']);
    const activities = staffPlans.body.entry[0].resource.activity.map((a: any) => a.detail);
    expect(activities.some((d: any) => d.kind === 'MedicationRequest' && d.reasonCode[0].text.startsWith('red zone') && /puffs every/.test(d.description))).toBe(true);
    expect(activities.some((d: any) => d.description.startsWith('Call 120 when'))).toBe(true);
    expectValid(staffPlans.body);
    const flag = await fhir(w, 'clinicA', 'GET', `Flag?patient=${highRisk}`);
    expect(flag.body.entry[0].resource.code.coding[0].code).toBe('high-risk');
    expectValid(flag.body);
  });

  it("each guardian's consent is a Consent: the one at enrolment and a later guardian's own", async () => {
    // The first account linked is the guardian who consented at enrolment; the next gives their own.
    expect((await w.call('clinicA', 'POST', `/api/v1/children/${child}/guardians`, { userId: w.userIds.parent1 })).status).toBe(200);
    const linked = await w.call('clinicA', 'POST', `/api/v1/children/${child}/guardians`, { userId: w.userIds.parent2, relation: '父亲', consent: { date: '2026-12-02', noticeVersion: 'v2' } });
    expect(linked.status, linked.text).toBe(200);
    const consents = await fhir(w, 'clinicA', 'GET', `Consent?patient=${child}`);
    expect(consents.body.entry.map((e: any) => [e.resource.id.slice(37), e.resource.dateTime])).toEqual([
      ['consent', '2026-03-01'],
      ['consent-2', '2026-12-02'],
    ]);
    expect(consents.body.entry[1].resource.policy[0].uri).toMatch(/privacy-notice\/v2$/);
    expectValid(consents.body);
  });

  it('Questionnaires, CodeSystems, Organizations and Locations validate', async () => {
    for (const type of ['Questionnaire', 'CodeSystem', 'Organization', 'Location']) {
      const res = await fhir(w, 'clinicA', 'GET', type);
      expect(res.status, type).toBe(200);
      expect(res.body.total).toBeGreaterThan(0);
      expectValid(res.body);
    }
    const act = await fhir(w, 'clinicA', 'GET', 'Questionnaire/act');
    expect(act.body.code[0].code).toBe('82674-3');
    expect(act.body.item.at(-1).code[0].code).toBe('82668-5');
  });
});

describe('errors are OperationOutcomes with the right status', () => {
  it('unknown search parameters are refused, not ignored', async () => {
    const res = await fhir(w, 'clinicA', 'GET', `Observation?patient=${child}&value-quantity=gt100`);
    expect(res.status).toBe(400);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(res.body.issue[0].expression).toEqual(['value-quantity']);
    expectValid(res.body);
  });
  it("a search of a child's resources needs the patient; another centre's child is 404; a nurse 403; nobody 401", async () => {
    expect((await fhir(w, 'clinicA', 'GET', 'Observation')).status).toBe(400);
    const other = await fhir(w, 'clinicB', 'GET', `Patient/${child}`);
    expect(other.status).toBe(404);
    expectValid(other.body);
    expect((await fhir(w, 'nurse1', 'GET', `Patient/${child}`)).status).toBe(403);
    expect((await fhir(w, null, 'GET', `Patient/${child}`)).status).toBe(401);
    expect((await fhir(w, 'clinicA', 'GET', 'Medication/x')).status).toBe(404);
    expect((await fhir(w, 'clinicA', 'POST', 'Patient', { resourceType: 'Patient' })).status).toBe(405);
  });
  it('every FHIR read of a child is audited with the child id', async () => {
    await fhir(w, 'clinicA', 'GET', `Patient/${child}`);
    await fhir(w, 'clinicA', 'GET', `Observation?patient=${child}`);
    const rows = await w.db.selectFrom('audit_log').select(['action', 'entity', 'entity_id']).where('entity_id', '=', child).where('action', 'like', 'fhir_%').execute();
    expect(rows.some((r) => r.action === 'fhir_read' && r.entity === 'child')).toBe(true);
    expect(rows.some((r) => r.action === 'fhir_search')).toBe(true);
  });
});

describe('inbound Encounter from the hospital (recorded example)', () => {
  it('a registered district client posts it: unknown MRN is held, a clinician matches it, the next one matches at once with the urgent alert and the review 2 working days later', async () => {
    const client = await registerClient(w, { centerId: null, scopes: 'system/Encounter.c system/Patient.rs', name: 'SCMC interface engine' });
    const token = { token: await tokenFor(w, client, 'system/Encounter.c') };
    const recorded = JSON.parse(readFixture('fhir/inbound-encounter-ed.json'));
    expectValid(recorded);
    const held = await fhir(w, token, 'POST', '/fhir/r4', recorded);
    expect(held.status, held.text).toBe(200);
    expect(held.body.entry[0].response.status).toBe('202 Accepted');
    expectValid(held.body);
    const list = await w.call('admin', 'GET', '/fhir/r4/_admin/unmatched');
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ kind: 'ed', date: '2026-12-04', identifier: { value: 'SCMC-0042917' } });
    const resolved = await w.call('admin', 'POST', `/fhir/r4/_admin/unmatched/${list.body.items[0].id}/resolve`, { childId: child });
    expect(resolved.status, resolved.text).toBe(200);
    expect(resolved.body.events[0].nextDue).toMatchObject({ date: '2026-12-08', graceDays: 0 });
    const page = await w.call('clinicA', 'GET', `/api/v1/children/${child}`);
    expect(page.body.flags).toContain('urgentAlert');
    expect(page.body.nextDue.date).toBe('2026-12-08');
    expect((await w.call('admin', 'GET', '/fhir/r4/_admin/unmatched')).body.items).toEqual([]);
    // The identifier is remembered: the same MRN now matches directly.
    const again = await fhir(w, token, 'POST', 'Encounter', {
      ...recorded.entry[1].resource,
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
      period: { start: '2026-12-04T15:00:00+08:00' },
      status: 'in-progress',
    });
    expect(again.status, again.text).toBe(201);
    expect(again.body.class.code).toBe('IMP');
    expect(again.headers.get('location')).toMatch(/\/fhir\/r4\/Encounter\//);
    expectValid(again.body);
    const alerts = await w.db.selectFrom('clinical_alerts').select(['kind', 'level']).where('child_id', '=', child).where('kind', 'in', ['ed_visit', 'admission']).execute();
    expect(alerts.map((a) => `${a.kind}:${a.level}`).sort()).toEqual(['admission:urgent', 'ed_visit:urgent']);
    expect((await fhir(w, 'clinicA', 'GET', `Patient/${child}`)).body.identifier[1]).toEqual({ use: 'secondary', system: 'urn:oid:1.2.156.112636.1.1.2', value: 'SCMC-0042917' });
  });

  it("a hospital-bound client matches only children the hospital sees; others are held for the hospital's clinicians", async () => {
    const client = await registerClient(w, { centerId: w.ids.hospital, scopes: 'system/Encounter.c' });
    const token = { token: await tokenFor(w, client, 'system/Encounter.c') };
    const referred = await enrol(w, { name: '已转诊' });
    expect((await w.call('clinicA', 'POST', '/api/v1/referrals', { childId: referred, direction: 'up', toCenterId: w.ids.hospital, urgency: 'routine', reasons: ['U5'], summary: '连续两次随访未控制' })).status).toBe(201);
    const notReferred = await enrol(w, { name: '未转诊' });
    const ed = (id: string) => ({
      resourceType: 'Encounter',
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'EMER' },
      subject: { reference: `Patient/${id}` },
      period: { start: '2026-12-04T08:00:00+08:00' },
    });
    expect((await fhir(w, token, 'POST', 'Encounter', ed(referred))).status).toBe(201);
    const held = await fhir(w, token, 'POST', 'Encounter', ed(notReferred));
    expect(held.status).toBe(202);
    expect(held.body.resourceType).toBe('OperationOutcome');
    const forHospital = await w.call('hospital', 'GET', '/fhir/r4/_admin/unmatched');
    expect(forHospital.body.items.map((i: any) => i.identifier.value)).toContain(notReferred);
    expect((await w.call('clinicB', 'GET', '/fhir/r4/_admin/unmatched')).body.items).toEqual([]);
    // The hospital cannot attach it to a child it does not see (404); an admin can, once.
    const id = forHospital.body.items.find((i: any) => i.identifier.value === notReferred).id;
    expect((await w.call('hospital', 'POST', `/fhir/r4/_admin/unmatched/${id}/resolve`, { childId: notReferred })).status).toBe(404);
    expect((await w.call('admin', 'POST', `/fhir/r4/_admin/unmatched/${id}/resolve`, { childId: notReferred })).status).toBe(200);
    expect((await w.call('admin', 'POST', `/fhir/r4/_admin/unmatched/${id}/resolve`, { childId: notReferred })).status).toBe(404);
  });

  it('an Encounter that is not emergency or inpatient, or without the child, is refused (400)', async () => {
    const client = await registerClient(w, { centerId: null, scopes: 'system/Encounter.c' });
    const token = { token: await tokenFor(w, client, 'system/Encounter.c') };
    const amb = await fhir(w, token, 'POST', 'Encounter', {
      resourceType: 'Encounter',
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
      subject: { reference: `Patient/${child}` },
      period: { start: '2026-12-04' },
    });
    expect(amb.status).toBe(400);
    expectValid(amb.body);
    const none = await fhir(w, token, 'POST', 'Encounter', {
      resourceType: 'Encounter',
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'EMER' },
      subject: {},
      period: { start: '2026-12-04' },
    });
    expect(none.status).toBe(400);
  });
});
