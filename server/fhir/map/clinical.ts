// Pure mappers for what is recorded about a child over time: follow-ups (Encounter, the control
// questionnaire as QuestionnaireResponse with an Observation for its total, PEF, GINA answers,
// exacerbation counts), diary days (Observations) and hospital notices (Encounter + Observation).
import type { ChildEventTable, ChildTable, DiaryEntryTable, FollowUpTable } from '../../../db/schema';
import { ASTHMA, ENCOUNTER_CLASS, INSTRUMENT, LOINC, SYS, category, type Coding } from '../codes';
import { idPart, patientRef, ref } from './patient';

type Value = { valueQuantity: { value: number; unit: string; system: string; code: string } } | { valueInteger: number } | { valueBoolean: boolean } | { valueString: string } | { valueCodeableConcept: { coding: Coding[] } };

export interface ObservationParts {
  id: string;
  childId: string;
  code: Coding;
  cat: 'survey' | 'exam';
  date: string;
  value: Value;
  encounterId?: string;
  derivedFrom?: string;
}

export function observation(p: ObservationParts) {
  return {
    resourceType: 'Observation' as const,
    id: p.id,
    status: 'final' as const,
    category: category(p.cat),
    code: { coding: [p.code] },
    subject: patientRef(p.childId),
    ...(p.encounterId ? { encounter: ref('Encounter', p.encounterId) } : {}),
    effectiveDateTime: p.date,
    ...p.value,
    ...(p.derivedFrom ? { derivedFrom: [ref('QuestionnaireResponse', p.derivedFrom)] } : {}),
  };
}

const lmin = (value: number) => ({ valueQuantity: { value, unit: 'L/min', system: SYS.ucum, code: 'L/min' } });
const local = (system: string, code: string): Coding => ({ system, code });

export function toFollowUpEncounter(f: FollowUpTable) {
  return {
    resourceType: 'Encounter' as const,
    id: f.id,
    status: 'finished' as const,
    class: ENCOUNTER_CLASS[f.mode],
    type: [{ text: 'asthma follow-up' }],
    subject: patientRef(f.child_id),
    period: { start: f.date, end: f.date },
    reasonCode: [{ coding: [ASTHMA.snomed] }],
    serviceProvider: ref('Organization', f.center_id),
  };
}

/** An emergency visit, admission or discharge recorded as a child event (docs/clinical-safety.md 8.4). */
export function toEventEncounter(e: ChildEventTable, centreId: string) {
  const cls = e.kind === 'ed' ? ENCOUNTER_CLASS.ed : ENCOUNTER_CLASS.admitted;
  return {
    resourceType: 'Encounter' as const,
    id: e.id,
    status: e.kind === 'discharged' ? ('finished' as const) : ('unknown' as const),
    class: cls,
    subject: patientRef(e.child_id),
    period: e.kind === 'discharged' ? { end: e.date } : { start: e.date },
    reasonCode: [{ coding: [ASTHMA.snomed] }],
    serviceProvider: ref('Organization', centreId),
  };
}

const EVENT_CODE = { ed: 'ed-visit', admitted: 'admission', discharged: 'discharge' } as const;

export const toEventObservation = (e: ChildEventTable) =>
  observation({ id: `${e.id}-event`, childId: e.child_id, code: local(SYS.exacerbation, EVENT_CODE[e.kind]), cat: 'survey', date: e.date, value: { valueBoolean: true }, encounterId: e.id });

export function toQuestionnaireResponse(f: FollowUpTable) {
  if (!f.instrument || !f.answers) return undefined;
  const def = INSTRUMENT[f.instrument];
  const answers = JSON.parse(f.answers) as number[];
  return {
    resourceType: 'QuestionnaireResponse' as const,
    id: `${f.id}-qr`,
    questionnaire: def.questionnaire,
    status: 'completed' as const,
    subject: patientRef(f.child_id),
    encounter: ref('Encounter', f.id),
    authored: f.created_at,
    item: [...answers.map((a, i) => ({ linkId: String(i + 1), answer: [{ valueInteger: a }] })), ...(f.score === null ? [] : [{ linkId: 'total', answer: [{ valueInteger: f.score }] }])],
  };
}

/** Every Observation a follow-up gives, in a stable order. */
export function followUpObservations(f: FollowUpTable) {
  const at = { childId: f.child_id, date: f.date, encounterId: f.id };
  const out: ReturnType<typeof observation>[] = [];
  if (f.instrument && f.score !== null) {
    out.push(observation({ ...at, id: `${f.id}-total`, code: INSTRUMENT[f.instrument].total, cat: 'survey', value: { valueInteger: f.score }, derivedFrom: `${f.id}-qr` }));
  }
  if (f.pef !== null) out.push(observation({ ...at, id: `${f.id}-pef`, code: LOINC.pef, cat: 'exam', value: lmin(f.pef) }));
  (
    [
      ['q1', f.gina_q1],
      ['q2', f.gina_q2],
      ['q3', f.gina_q3],
      ['q4', f.gina_q4],
    ] as const
  ).forEach(([q, v]) => out.push(observation({ ...at, id: `${f.id}-gina-${q}`, code: local(SYS.gina, q), cat: 'survey', value: { valueBoolean: v === 1 } })));
  out.push(observation({ ...at, id: `${f.id}-gina-level`, code: local(SYS.gina, 'level'), cat: 'survey', value: { valueCodeableConcept: { coding: [local(SYS.gina, f.gina_level)] } } }));
  out.push(observation({ ...at, id: `${f.id}-ocs`, code: local(SYS.exacerbation, 'ocs-courses'), cat: 'survey', value: { valueInteger: f.ocs_courses } }));
  out.push(observation({ ...at, id: `${f.id}-ed`, code: local(SYS.exacerbation, 'ed-visits'), cat: 'survey', value: { valueInteger: f.ed_visits } }));
  out.push(observation({ ...at, id: `${f.id}-adm`, code: local(SYS.exacerbation, 'admissions'), cat: 'survey', value: { valueInteger: f.admissions } }));
  return out;
}

/** Every Observation a diary day gives: symptoms, reliever, peak flows, the day's zone, danger signs. */
export function diaryObservations(d: DiaryEntryTable) {
  const at = { childId: d.child_id, date: d.date };
  const code = (c: string) => local(SYS.diary, c);
  const out: ReturnType<typeof observation>[] = [
    observation({ ...at, id: `${d.id}-symptoms`, code: code('daytime-symptoms'), cat: 'survey', value: { valueString: d.daytime_symptoms } }),
    observation({ ...at, id: `${d.id}-night-waking`, code: code('night-waking'), cat: 'survey', value: { valueBoolean: d.night_waking === 1 } }),
    observation({ ...at, id: `${d.id}-night-cough`, code: code('night-cough'), cat: 'survey', value: { valueBoolean: d.night_cough === 1 } }),
    observation({ ...at, id: `${d.id}-activity`, code: code('activity-limited'), cat: 'survey', value: { valueBoolean: d.activity_limited === 1 } }),
    observation({ ...at, id: `${d.id}-reliever`, code: code('reliever-uses'), cat: 'survey', value: { valueInteger: d.reliever_uses } }),
  ];
  if (d.pef_am !== null) out.push(observation({ ...at, id: `${d.id}-pef-am`, code: LOINC.pef, cat: 'exam', value: lmin(d.pef_am) }));
  if (d.pef_pm !== null) out.push(observation({ ...at, id: `${d.id}-pef-pm`, code: LOINC.pef, cat: 'exam', value: lmin(d.pef_pm) }));
  if (d.day_zone) out.push(observation({ ...at, id: `${d.id}-zone`, code: code('day-zone'), cat: 'survey', value: { valueString: d.day_zone } }));
  for (const sign of JSON.parse(d.danger_signs || '[]') as string[]) {
    out.push(observation({ ...at, id: `${d.id}-danger-${idPart(sign)}`, code: code('danger-sign'), cat: 'survey', value: { valueCodeableConcept: { coding: [code(sign)] } } }));
  }
  if (d.ocs_started === 1) out.push(observation({ ...at, id: `${d.id}-ocs-started`, code: local(SYS.exacerbation, 'ocs-started'), cat: 'survey', value: { valueBoolean: true } }));
  if (d.unscheduled_care === 'ed' || d.unscheduled_care === 'admitted') {
    out.push(observation({ ...at, id: `${d.id}-care`, code: local(SYS.exacerbation, d.unscheduled_care === 'ed' ? 'ed-visit' : 'admission'), cat: 'survey', value: { valueBoolean: true } }));
  }
  return out;
}

/** The personal best PEF, when recorded. */
export function personalBestObservation(c: ChildTable) {
  if (c.personal_best_pef === null) return undefined;
  return observation({ id: `${c.id}-personal-best`, childId: c.id, code: LOINC.personalBest, cat: 'exam', date: c.personal_best_date ?? c.enrolled_on, value: lmin(c.personal_best_pef) });
}
