// Pure mappers (row -> resource, no I/O, no clock) for the child and the people and places
// around them: Patient, RelatedPerson, Condition, Consent, Flag, Organization, Location.
import type { CenterTable, ChildTable, SchoolTable } from '../../../db/schema';
import { ASTHMA, BASE, LOINC, SYS } from '../codes';

export const ref = (type: string, id: string) => ({ reference: `${type}/${id}` });
export const patientRef = (childId: string) => ref('Patient', childId);

/** FHIR ids allow [A-Za-z0-9-.] only: platform codes with '_' become '-'. */
export const idPart = (code: string) => code.replace(/_/g, '-');

export interface ExtraIdentifier {
  system: string;
  value: string;
}

export function toPatient(c: ChildTable, extra: ExtraIdentifier[] = []) {
  return {
    resourceType: 'Patient' as const,
    id: c.id,
    meta: { lastUpdated: c.updated_at },
    identifier: [{ use: 'official' as const, system: SYS.childId, value: c.id }, ...extra.map((i) => ({ use: (i.system === SYS.residentId ? 'official' : 'secondary') as 'official' | 'secondary', system: i.system, value: i.value }))],
    // Withdrawn or transferred out: the record is kept, processing has stopped.
    active: c.status === 'active',
    name: [{ text: c.name }],
    gender: c.sex === 'M' ? ('male' as const) : ('female' as const),
    birthDate: c.birth_date,
    managingOrganization: ref('Organization', c.center_id),
  };
}

/** The guardian named at enrolment; `withContact` false for a later guardian who does not share. */
export function toRelatedPerson(c: ChildTable, withContact: boolean) {
  return {
    resourceType: 'RelatedPerson' as const,
    id: `${c.id}-guardian`,
    active: c.status === 'active',
    patient: patientRef(c.id),
    relationship: [{ text: c.guardian_relation }],
    ...(withContact ? { name: [{ text: c.guardian_name }], telecom: [{ system: 'phone' as const, value: c.guardian_phone, use: 'mobile' as const }] } : {}),
  };
}

export function toCondition(c: ChildTable) {
  return {
    resourceType: 'Condition' as const,
    id: `${c.id}-asthma`,
    clinicalStatus: { coding: [{ system: SYS.conditionClinical, code: 'active' }] },
    verificationStatus: { coding: [{ system: SYS.conditionVerification, code: 'confirmed' }] },
    category: [{ coding: [{ system: SYS.conditionCategory, code: 'problem-list-item' }] }],
    code: { coding: [ASTHMA.snomed, ASTHMA.icd10], text: '哮喘 Asthma' },
    subject: patientRef(c.id),
    ...(c.diagnosis_date ? { onsetDateTime: c.diagnosis_date } : {}),
    recordedDate: c.enrolled_on,
  };
}

export function toConsent(c: ChildTable) {
  return {
    resourceType: 'Consent' as const,
    id: `${c.id}-consent`,
    status: c.status === 'active' ? ('active' as const) : ('inactive' as const),
    scope: { coding: [{ system: SYS.consentScope, code: 'patient-privacy' }] },
    category: [{ coding: [LOINC.consent] }],
    patient: patientRef(c.id),
    dateTime: c.consent_date,
    performer: [{ ...ref('RelatedPerson', `${c.id}-guardian`), display: c.consent_given_by }],
    organization: [ref('Organization', c.center_id)],
    policy: [{ uri: `${BASE}/privacy-notice/${encodeURIComponent(c.consent_notice_version)}` }],
  };
}

/** A later guardian's own consent (n = 2, 3, ... in the order they were linked). */
export function toGuardianConsent(c: ChildTable, g: { relation: string | null; consent_date: string; consent_notice_version: string | null }, n: number) {
  return {
    resourceType: 'Consent' as const,
    id: `${c.id}-consent-${n}`,
    status: c.status === 'active' ? ('active' as const) : ('inactive' as const),
    scope: { coding: [{ system: SYS.consentScope, code: 'patient-privacy' }] },
    category: [{ coding: [LOINC.consent] }],
    patient: patientRef(c.id),
    dateTime: g.consent_date,
    performer: [{ display: g.relation ?? 'guardian' }],
    organization: [ref('Organization', c.center_id)],
    policy: [{ uri: `${BASE}/privacy-notice/${encodeURIComponent(g.consent_notice_version ?? c.consent_notice_version)}` }],
  };
}

/** The high-risk flag; undefined when the child is not high risk. */
export function toHighRiskFlag(c: ChildTable) {
  if (c.high_risk !== 1) return undefined;
  return {
    resourceType: 'Flag' as const,
    id: `${c.id}-high-risk`,
    status: c.status === 'active' ? ('active' as const) : ('inactive' as const),
    category: [{ coding: [{ system: SYS.flagCategory, code: 'clinical' }] }],
    code: { coding: [{ system: SYS.flag, code: 'high-risk', display: 'High risk of a severe exacerbation' }] },
    subject: patientRef(c.id),
  };
}

export function toCentreOrganization(c: CenterTable) {
  return {
    resourceType: 'Organization' as const,
    id: c.id,
    identifier: [{ system: SYS.centreId, value: c.id }],
    active: true,
    type: [{ coding: [{ system: SYS.orgType, code: 'prov', display: 'Healthcare Provider' }], text: c.kind === 'hospital' ? 'hospital' : 'community health service centre' }],
    name: c.name,
    alias: c.name_en && c.name_en !== c.name ? [c.name_en] : undefined,
    address: [{ district: c.district, line: c.street ? [c.street] : undefined, city: '上海', country: 'CN' }],
  };
}

export function toSchoolOrganization(s: SchoolTable) {
  return {
    resourceType: 'Organization' as const,
    id: s.id,
    identifier: [{ system: SYS.schoolId, value: s.id }],
    active: true,
    type: [{ coding: [{ system: SYS.orgType, code: 'edu', display: 'Educational Institute' }], text: s.kind }],
    name: s.name,
    address: [{ district: s.district, city: '上海', country: 'CN' }],
  };
}

/** A centre's or school's premises; same id as its Organization. */
export function toLocation(o: { id: string; name: string; district: string }) {
  return {
    resourceType: 'Location' as const,
    id: o.id,
    status: 'active' as const,
    name: o.name,
    mode: 'instance' as const,
    address: { district: o.district, city: '上海', country: 'CN' },
    managingOrganization: ref('Organization', o.id),
  };
}
