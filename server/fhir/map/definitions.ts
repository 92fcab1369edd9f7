// Definitional resources the platform publishes: the three control Questionnaires, the local
// CodeSystems (docs/fhir.md "Codes"), the CapabilityStatement and the action plan as CarePlan.
import { itemValues } from '../../followups/rules/instruments';
import { REFERRAL_REASONS } from '../../referrals/rules/reasons';
import { BASE, INSTRUMENT, LOCAL_CONCEPTS, type InstrumentName } from '../codes';
import { patientRef, ref } from './patient';

/** The version of this interface; CapabilityStatement.date is its release date, not the clock. */
export const FHIR_INTERFACE_VERSION = '1.0.0';
const RELEASED = '2026-12-06';

const QUESTIONNAIRE_ID: Record<InstrumentName, string> = { ACT: 'act', 'C-ACT': 'c-act', TRACK: 'track' };

export function toQuestionnaire(name: InstrumentName) {
  const def = INSTRUMENT[name];
  return {
    resourceType: 'Questionnaire' as const,
    id: QUESTIONNAIRE_ID[name],
    url: def.questionnaire,
    version: FHIR_INTERFACE_VERSION,
    name: name.replace('-', ''),
    title: def.panel.display,
    status: 'active' as const,
    subjectType: ['Patient'],
    date: RELEASED,
    code: [def.panel],
    item: [
      ...itemValues(name).map((values, i) => ({
        linkId: String(i + 1),
        text: `${name} item ${i + 1}`,
        type: 'choice' as const,
        required: true,
        answerOption: values.map((v) => ({ valueInteger: v })),
      })),
      { linkId: 'total', text: `${name} total score`, type: 'integer' as const, readOnly: true, code: [def.total] },
    ],
  };
}

export const questionnaireIds = () => Object.values(QUESTIONNAIRE_ID);
export const instrumentOfQuestionnaire = (id: string) => (Object.keys(QUESTIONNAIRE_ID) as InstrumentName[]).find((k) => QUESTIONNAIRE_ID[k] === id);

export function toCodeSystem(id: string) {
  const def = LOCAL_CONCEPTS[id];
  if (!def) return undefined;
  const concepts = id === 'referral-reason' ? REFERRAL_REASONS.map((r) => [r.code, r.code] as [string, string]) : def.concepts;
  return {
    resourceType: 'CodeSystem' as const,
    id,
    url: `${BASE}/CodeSystem/${id}`,
    version: FHIR_INTERFACE_VERSION,
    name: id.replace(/-(\w)/g, (_, ch: string) => ch.toUpperCase()).replace(/^\w/, (ch) => ch.toUpperCase()),
    title: def.title,
    status: 'active' as const,
    date: RELEASED,
    content: 'complete' as const,
    caseSensitive: true,
    count: concepts.length,
    concept: concepts.map(([code, display]) => ({ code, display })),
  };
}

export interface PlanRow {
  id: string;
  child_id: string;
  version: number;
  created_at: string;
  plan: string;
  follow_up_id: string | null;
}

interface PlanZone {
  signs: string;
  actions?: string;
  medicines: { role: string; name: string; dose: string }[];
  relieverSchedule?: { puffs: number; everyMinutes: number; maxPuffs: number; repeatAfterMinutes: number };
}
interface PlanContent {
  zones?: Record<'green' | 'yellow' | 'red', PlanZone>;
  callDoctorWhen?: string;
  call120When?: string;
}

/** The plan's zones as activities: each zone's signs and actions, and each medicine with its dose as written. */
function planActivities(content: PlanContent) {
  const out: { detail: Record<string, unknown> }[] = [];
  for (const zone of ['green', 'yellow', 'red'] as const) {
    const z = content.zones?.[zone];
    if (!z) continue;
    const reason = [{ text: `${zone} zone: ${z.signs}` }];
    if (z.actions) out.push({ detail: { status: 'not-started', reasonCode: reason, description: z.actions } });
    for (const m of z.medicines) {
      const schedule =
        zone === 'red' && m.role === 'reliever' && z.relieverSchedule
          ? ` (${z.relieverSchedule.puffs} puffs every ${z.relieverSchedule.everyMinutes} min, at most ${z.relieverSchedule.maxPuffs}; call 120, repeat after ${z.relieverSchedule.repeatAfterMinutes} min)`
          : '';
      out.push({ detail: { kind: 'MedicationRequest', status: 'not-started', reasonCode: reason, productCodeableConcept: { text: m.name }, description: `${m.role}: ${m.dose}${schedule}` } });
    }
  }
  if (content.callDoctorWhen) out.push({ detail: { status: 'not-started', description: `Call the doctor when: ${content.callDoctorWhen}` } });
  if (content.call120When) out.push({ detail: { status: 'not-started', description: `Call 120 when: ${content.call120When}` } });
  return out;
}

/** An action plan version; only the newest is active (the platform keeps every version). */
export function toCarePlan(p: PlanRow, newest: boolean) {
  const activity = planActivities(JSON.parse(p.plan) as PlanContent);
  return {
    resourceType: 'CarePlan' as const,
    id: p.id,
    status: newest ? ('active' as const) : ('revoked' as const),
    intent: 'plan' as const,
    title: `哮喘行动计划 Asthma action plan v${p.version}`,
    subject: patientRef(p.child_id),
    created: p.created_at,
    ...(p.follow_up_id ? { encounter: ref('Encounter', p.follow_up_id) } : {}),
    addresses: [ref('Condition', `${p.child_id}-asthma`)],
    ...(activity.length ? { activity } : {}),
  };
}

export const FHIR_TYPES = [
  'Patient',
  'RelatedPerson',
  'Organization',
  'Location',
  'Encounter',
  'Observation',
  'QuestionnaireResponse',
  'Condition',
  'CarePlan',
  'Flag',
  'Consent',
  'Questionnaire',
  'CodeSystem',
  'ServiceRequest',
  'Task',
] as const;
export type FhirType = (typeof FHIR_TYPES)[number];

export type SearchParamType = 'token' | 'reference' | 'date' | 'number' | 'uri' | 'string';

export function capabilityStatement(base: string, searchParams: Record<FhirType, Record<string, SearchParamType>>) {
  const writable: Partial<Record<FhirType, string[]>> = { Encounter: ['create'], Task: ['update', 'patch'] };
  return {
    resourceType: 'CapabilityStatement' as const,
    status: 'active' as const,
    date: RELEASED,
    publisher: 'Pudong child asthma programme platform',
    kind: 'instance' as const,
    software: { name: 'pudong-child-asthma', version: FHIR_INTERFACE_VERSION },
    implementation: { description: 'Pudong child asthma programme: FHIR R4 interface', url: base },
    fhirVersion: '4.0.1' as const,
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server' as const,
        security: {
          service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }] }],
          extension: [{ url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris', extension: [{ url: 'token', valueUri: `${base}/auth/token` }] }],
          description: 'SMART Backend Services (client credentials, private_key_jwt) or a platform session or API token',
        },
        resource: FHIR_TYPES.map((type) => ({
          type,
          interaction: [{ code: 'read' as const }, { code: 'search-type' as const }, ...(writable[type] ?? []).map((code) => ({ code: code as 'create' | 'update' | 'patch' }))],
          searchParam: Object.entries(searchParams[type]).map(([name, t]) => ({ name, type: t })),
        })),
        interaction: [{ code: 'transaction' as const }],
        operation: [{ name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export' }],
      },
    ],
  };
}
