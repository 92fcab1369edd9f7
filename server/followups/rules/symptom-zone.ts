// A diary day's zone from symptoms and danger signs, at every age and without a peak-flow meter
// (safety rules v2, docs/clinical-safety.md), and the peak-flow zone it is compared with. Pure. The
// phone runs these same functions offline: web/static.ts serves their text as
// /static/app/diary-zone.js, so this file imports nothing and its functions call only each other.

export type PefZone = 'green' | 'yellow' | 'red';

/** Percent of the reference, unrounded so 79.99 % is never shown as green. */
export function pefPercent(reading: number, reference: number): number {
  return (reading / reference) * 100;
}

export function pefZone(reading: number, reference: number): PefZone {
  const percent = pefPercent(reading, reference);
  return percent >= 80 ? 'green' : percent >= 50 ? 'yellow' : 'red';
}

/** A day's zone is the zone of its lowest reading; null with no reading or no reference. */
export function dayPefZone(readings: readonly (number | null | undefined)[], reference: number | null): PefZone | null {
  const taken = readings.filter((r): r is number => typeof r === 'number');
  if (taken.length === 0 || reference === null) return null;
  return pefZone(Math.min(...taken), reference);
}

export const DANGER_SIGNS = ['reliever_not_helping', 'hard_to_speak', 'blue_lips', 'drowsy_or_confused', 'chest_sucking_in'] as const;
export type DangerSign = (typeof DANGER_SIGNS)[number];
export type Zone = PefZone;

export interface SymptomFacts {
  daytimeSymptoms: 'none' | 'mild' | 'moderate' | 'severe';
  nightWaking: boolean;
  /** Coughing at night (design, safer reading: the action plan's yellow zone lists it). */
  nightCough?: boolean;
  activityLimited: boolean;
  /** Reliever uses that day, not counting before exercise. */
  relieverUses: number;
  dangerSigns?: readonly string[] | null;
}

/**
 * red: any danger sign, severe daytime symptoms, or 6+ reliever uses; yellow: moderate symptoms,
 * night waking or night cough, 3-5 reliever uses, or limited activity; green otherwise.
 */
export function symptomZone(day: SymptomFacts): Zone {
  const uses = day.relieverUses;
  if ((day.dangerSigns ?? []).length > 0 || day.daytimeSymptoms === 'severe' || uses >= 6) return 'red';
  if (day.daytimeSymptoms === 'moderate' || day.nightWaking || day.nightCough === true || uses >= 3 || day.activityLimited) return 'yellow';
  return 'green';
}

export interface DayZone {
  symptomZone: Zone;
  /** Null without a reading or without a reference (no personal best, no prediction for the age). */
  pefZone: Zone | null;
  /** The worse of the two: symptoms alone decide when there is no PEF zone. */
  zone: Zone;
  /** Any danger sign: the parent is told to call 120 now, before anything is uploaded. */
  emergency: boolean;
}

/** The day's zone: the worse of the PEF zone and the symptom zone. */
export function diaryDayZone(day: SymptomFacts & { pefAm?: number | null; pefPm?: number | null }, pefReference: number | null): DayZone {
  const fromSymptoms = symptomZone(day);
  const fromPef = dayPefZone([day.pefAm, day.pefPm], pefReference);
  const rank = { green: 0, yellow: 1, red: 2 };
  const zone = fromPef !== null && rank[fromPef] > rank[fromSymptoms] ? fromPef : fromSymptoms;
  return { symptomZone: fromSymptoms, pefZone: fromPef, zone, emergency: (day.dangerSigns ?? []).length > 0 };
}

/** What the phone's script is made of, callees before callers. */
export const BROWSER_RULES = [pefPercent, pefZone, dayPefZone, symptomZone, diaryDayZone] as const;

/** The classic script the family app loads: `window.asthmaDiaryZone(day, pefReference)`. */
export function browserZoneScript(): string {
  const body = BROWSER_RULES.map((f) => f.toString()).join('\n');
  return `// Generated from server/followups/rules/symptom-zone.ts: the server's own rule, run offline.\n(function () {\n${body}\nwindow.asthmaDiaryZone = ${diaryDayZone.name};\n})();\n`;
}
