// The code table of the FHIR interface (docs/fhir.md "Codes"): every system and code a mapper
// writes comes from here, so the docs, the CodeSystems we publish and the tests read one list.

/** The platform's canonical base for its own Questionnaires, CodeSystems and identifier systems. */
export const BASE = 'https://pudong-child-asthma.example/fhir';

export const SYS = {
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  ucum: 'http://unitsofmeasure.org',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  obsCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  consentScope: 'http://terminology.hl7.org/CodeSystem/consentscope',
  consentPolicy: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  roleCode: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
  orgType: 'http://terminology.hl7.org/CodeSystem/organization-type',
  flagCategory: 'http://terminology.hl7.org/CodeSystem/flag-category',
  /** The platform's id of a child, centre, school or referral. */
  childId: `${BASE}/sid/child-id`,
  centreId: `${BASE}/sid/centre-id`,
  schoolId: `${BASE}/sid/school-id`,
  /** China's resident identity number (居民身份证号), when a hospital sends it. */
  residentId: `${BASE}/sid/resident-id`,
  diary: `${BASE}/CodeSystem/diary`,
  gina: `${BASE}/CodeSystem/gina-control`,
  scores: `${BASE}/CodeSystem/instrument-scores`,
  exacerbation: `${BASE}/CodeSystem/exacerbation`,
  referralReason: `${BASE}/CodeSystem/referral-reason`,
  taskOutput: `${BASE}/CodeSystem/task-output`,
  flag: `${BASE}/CodeSystem/flag`,
} as const;

export const EXT = {
  phoneHandover: `${BASE}/StructureDefinition/phone-handover`,
  carePlan: `${BASE}/StructureDefinition/referral-care-plan`,
  direction: `${BASE}/StructureDefinition/referral-direction`,
} as const;

export interface Coding {
  system: string;
  code: string;
  display?: string;
}

export const LOINC = {
  pef: { system: SYS.loinc, code: '19935-6', display: 'Maximum expiratory gas flow Respiratory system airway by Peak flow meter' },
  personalBest: { system: SYS.loinc, code: '83368-1', display: 'Personal best peak expiratory flow' },
  actPanel: { system: SYS.loinc, code: '82674-3', display: 'Asthma Control Test [ACT]' },
  actTotal: { system: SYS.loinc, code: '82668-5', display: 'Asthma Control Test total score [ACT]' },
  consent: { system: SYS.loinc, code: '59284-0', display: 'Patient Consent' },
} as const satisfies Record<string, Coding>;

export const ASTHMA = {
  snomed: { system: SYS.snomed, code: '195967001', display: 'Asthma' },
  icd10: { system: SYS.icd10, code: 'J45.9', display: 'Asthma, unspecified' },
  referral: { system: SYS.snomed, code: '3457005', display: 'Patient referral' },
} as const satisfies Record<string, Coding>;

/** The three instruments: their Questionnaire canonical and the code of their total. */
export const INSTRUMENT = {
  ACT: { questionnaire: `${BASE}/Questionnaire/act`, panel: LOINC.actPanel as Coding, total: LOINC.actTotal as Coding, items: 5 },
  'C-ACT': {
    questionnaire: `${BASE}/Questionnaire/c-act`,
    panel: { system: SYS.scores, code: 'c-act', display: 'Childhood Asthma Control Test [C-ACT]' },
    total: { system: SYS.scores, code: 'c-act-total', display: 'C-ACT total score' },
    items: 7,
  },
  TRACK: {
    questionnaire: `${BASE}/Questionnaire/track`,
    panel: { system: SYS.scores, code: 'track', display: 'Test for Respiratory and Asthma Control in Kids [TRACK]' },
    total: { system: SYS.scores, code: 'track-total', display: 'TRACK total score' },
    items: 5,
  },
} as const;
export type InstrumentName = keyof typeof INSTRUMENT;

/** Local CodeSystem concepts, as published by GET /fhir/r4/CodeSystem/{id}. */
export const LOCAL_CONCEPTS: Record<string, { title: string; concepts: [code: string, display: string][] }> = {
  diary: {
    title: 'Daily asthma diary items (每日病情监测)',
    concepts: [
      ['daytime-symptoms', 'Daytime symptoms (none, mild, moderate, severe)'],
      ['night-waking', 'Woke at night with asthma'],
      ['night-cough', 'Coughed at night'],
      ['activity-limited', 'Activity limited by asthma'],
      ['reliever-uses', 'Reliever uses in the day'],
      ['pef-am', 'Morning peak flow'],
      ['pef-pm', 'Evening peak flow'],
      ['day-zone', 'Zone of the day (green, yellow, red)'],
      ['danger-sign', 'Danger sign reported'],
      ['reliever_not_helping', 'Reliever not helping'],
      ['hard_to_speak', 'Hard to speak or feed'],
      ['blue_lips', 'Blue lips'],
      ['drowsy_or_confused', 'Drowsy or confused'],
      ['chest_sucking_in', 'Chest sucking in'],
    ],
  },
  'gina-control': {
    title: 'GINA symptom control questions and level',
    concepts: [
      ['q1', 'Daytime symptoms more than twice a week'],
      ['q2', 'Any night waking due to asthma'],
      ['q3', 'Reliever needed more than twice a week'],
      ['q4', 'Any activity limitation due to asthma'],
      ['level', 'GINA symptom control level'],
      ['well', 'Well controlled'],
      ['partly', 'Partly controlled'],
      ['uncontrolled', 'Uncontrolled'],
    ],
  },
  'instrument-scores': {
    title: 'Control instruments without a LOINC code',
    concepts: [
      ['c-act', 'C-ACT'],
      ['c-act-total', 'C-ACT total score'],
      ['track', 'TRACK'],
      ['track-total', 'TRACK total score'],
    ],
  },
  exacerbation: {
    title: 'Exacerbations and emergency care',
    concepts: [
      ['ocs-courses', 'Oral steroid courses since the last review'],
      ['ed-visits', 'Emergency visits since the last review'],
      ['admissions', 'Admissions since the last review'],
      ['ocs-started', 'Oral steroid course started at home'],
      ['ed-visit', 'Emergency visit'],
      ['admission', 'Admission'],
      ['discharge', 'Discharge'],
    ],
  },
  'referral-reason': { title: 'Referral reasons U1-U10, D1-D4 (docs/referrals.md)', concepts: [] },
  'task-output': { title: 'Referral outputs', concepts: [['outcome', 'Outcome summary closing the referral loop']] },
  flag: { title: 'Flags', concepts: [['high-risk', 'High risk of a severe exacerbation']] },
};

export const GINA_LEVEL_CODE = { well: 'well', partly: 'partly', uncontrolled: 'uncontrolled' } as const;

/** Encounter.class of a follow-up by its mode, and of an inbound notice by its kind. */
export const ENCOUNTER_CLASS = {
  clinic: { system: SYS.actCode, code: 'AMB', display: 'ambulatory' },
  phone: { system: SYS.actCode, code: 'VR', display: 'virtual' },
  home: { system: SYS.actCode, code: 'HH', display: 'home health' },
  ed: { system: SYS.actCode, code: 'EMER', display: 'emergency' },
  admitted: { system: SYS.actCode, code: 'IMP', display: 'inpatient encounter' },
} as const;

export const category = (code: 'survey' | 'exam' | 'vital-signs') => [{ coding: [{ system: SYS.obsCategory, code }] }];
