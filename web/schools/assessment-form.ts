// The assessment form as flat field values, to and from the input the scorer reads. Rows the nurse
// unticks are left out; error paths are mapped back to the rows she sees.
import type { AssessmentInput } from '../../server/schools/rules';
import type { Prefilled } from '../../server/schools/service';
import { DOCUMENT_KEYS } from '../../server/schools/schemas';
import { checked, num, str, yesNo, yn, type FormValues } from './parts';

export const BLANK_TRAINING_ROWS = 3;

const s = (v: number | string | null | undefined) => (v === null || v === undefined ? '' : String(v));

export function prefillToForm(input: Prefilled): FormValues {
  const v: FormValues = {
    date: s(input.date),
    enrolment: s(input.enrolment),
    campuses: s(input.campuses),
    staffKnewLocation: s(input.staffKnewLocation),
    healthStaffOk: yn(input.healthStaffOk),
    staffBriefedPct: input.staffBriefedPct === null ? '' : String(Math.round(input.staffBriefedPct * 100)),
    registerUpdatedThisTerm: yn(input.registerUpdatedThisTerm),
    registerAccessible: yn(input.registerAccessible),
    registered: s(input.registered),
    plansValid: s(input.plansValid),
    consents: s(input.consents),
    procedure: yn(input.procedure),
    postersAllKitLocations: yn(input.postersAllKitLocations),
    lastDrill: s(input.lastDrill),
    monthlyChecksLast3: s(input.monthlyChecksLast3),
    uses: s(input.uses),
    usesLoggedComplete: s(input.usesLoggedComplete),
    usesParentNotified: s(input.usesParentNotified),
  };
  const kits = input.kits ?? [];
  v.kitCount = String(kits.length);
  kits.forEach((k, i) => {
    const p = `kits.${i}.`;
    Object.assign(v, { [`${p}include`]: 'on', [`${p}label`]: k.label, [`${p}spacers`]: String(k.spacers), [`${p}unlocked`]: yn(k.unlocked), [`${p}storageOk`]: yn(k.storageOk), [`${p}mdiRows`]: String(k.mdis.length + 1) });
    for (const d of DOCUMENT_KEYS) if (k.docs[d]) v[`${p}docs.${d}`] = 'on';
    k.mdis.forEach((m, j) => {
      const q = `${p}mdis.${j}.`;
      Object.assign(v, { [`${q}known`]: '1', [`${q}include`]: 'on', [`${q}batch`]: m.batch, [`${q}expiry`]: m.expiry, [`${q}remaining`]: String(m.remaining) });
    });
  });
  const training = input.staffTraining ?? [];
  v.trainingRows = String(training.length + BLANK_TRAINING_ROWS);
  training.forEach((tr, i) => {
    const p = `staffTraining.${i}.`;
    Object.assign(v, { [`${p}known`]: '1', [`${p}include`]: 'on', [`${p}name`]: tr.name, [`${p}date`]: tr.date, [`${p}pass`]: yn(tr.pass) });
  });
  return v;
}

const count = (form: FormValues, name: string, max: number) => Math.min(max, Math.max(0, Number.parseInt(str(form, name), 10) || 0));

/** A row the form started with counts while ticked; a blank row counts once something is typed in it. */
function rowUsed(form: FormValues, prefix: string, typed: string[]): boolean {
  if (str(form, `${prefix}known`) === '1') return checked(form, `${prefix}include`);
  return typed.some((f) => str(form, `${prefix}${f}`).trim() !== '');
}

export function formToInput(form: FormValues): { input: Record<string, unknown>; formPath: (path: string) => string } {
  const kitRows: number[] = [];
  const mdiRows: number[][] = [];
  const kits = [];
  for (let i = 0; i < count(form, 'kitCount', 50); i++) {
    const p = `kits.${i}.`;
    if (!checked(form, `${p}include`)) continue;
    const rows: number[] = [];
    const mdis = [];
    for (let j = 0; j < count(form, `${p}mdiRows`, 30); j++) {
      const q = `${p}mdis.${j}.`;
      if (!rowUsed(form, q, ['batch', 'expiry', 'remaining'])) continue;
      rows.push(j);
      mdis.push({ batch: str(form, `${q}batch`), expiry: str(form, `${q}expiry`).trim(), remaining: num(str(form, `${q}remaining`)) });
    }
    kitRows.push(i);
    mdiRows.push(rows);
    kits.push({
      label: str(form, `${p}label`),
      spacers: num(str(form, `${p}spacers`)),
      unlocked: yesNo(str(form, `${p}unlocked`)),
      storageOk: yesNo(str(form, `${p}storageOk`)),
      docs: Object.fromEntries(DOCUMENT_KEYS.map((d) => [d, checked(form, `${p}docs.${d}`)])),
      mdis,
    });
  }
  const trainingRows: number[] = [];
  const staffTraining = [];
  for (let i = 0; i < count(form, 'trainingRows', 200); i++) {
    const p = `staffTraining.${i}.`;
    if (!rowUsed(form, p, ['name', 'date'])) continue;
    trainingRows.push(i);
    staffTraining.push({ name: str(form, `${p}name`), date: str(form, `${p}date`), pass: yesNo(str(form, `${p}pass`)) });
  }
  const pct = num(str(form, 'staffBriefedPct'));
  const input: Partial<Record<keyof AssessmentInput, unknown>> = {
    date: str(form, 'date'),
    enrolment: num(str(form, 'enrolment')),
    campuses: num(str(form, 'campuses')),
    kits,
    staffKnewLocation: num(str(form, 'staffKnewLocation')),
    healthStaffOk: yesNo(str(form, 'healthStaffOk')),
    staffBriefedPct: typeof pct === 'number' ? pct / 100 : pct,
    staffTraining,
    registerUpdatedThisTerm: yesNo(str(form, 'registerUpdatedThisTerm')),
    registerAccessible: yesNo(str(form, 'registerAccessible')),
    registered: num(str(form, 'registered')),
    plansValid: num(str(form, 'plansValid')),
    consents: num(str(form, 'consents')),
    procedure: yesNo(str(form, 'procedure')),
    postersAllKitLocations: yesNo(str(form, 'postersAllKitLocations')),
    lastDrill: str(form, 'lastDrill') || null,
    monthlyChecksLast3: num(str(form, 'monthlyChecksLast3')),
    uses: num(str(form, 'uses')),
    usesLoggedComplete: num(str(form, 'usesLoggedComplete')),
    usesParentNotified: num(str(form, 'usesParentNotified')),
  };
  const formPath = (path: string) =>
    path
      .replace(/^kits\.(\d+)\.(?:mdis\.(\d+)\.)?/, (_, a: string, b: string | undefined) => `kits.${kitRows[+a]}.${b === undefined ? '' : `mdis.${mdiRows[+a]?.[+b]}.`}`)
      .replace(/^staffTraining\.(\d+)\./, (_, a: string) => `staffTraining.${trainingRows[+a]}.`);
  return { input, formPath };
}
