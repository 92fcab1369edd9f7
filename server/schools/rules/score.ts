// Scores a school first-aid assessment against a rubric (docs/school-rubric.md). Pure: the date comes in the input.
import { addDays, addMonths, daysBetween, type IsoDate } from '../../calendar';
import type { AssessmentInput, KitObservation, MdiObservation } from './assessment-input';
import { CRITICAL_PUFFS, LOW_PUFFS, daysToExpiry, isMdiExpired, kitsRequired, replacementDueDate, trainedRequired, validlyTrainedCount } from './requirements';
import type { ActionTemplate, CapId, Grade, ItemId, Owner, Priority, Rubric, Text, TriggerId } from './rubric-v1';

export type { AssessmentInput } from './assessment-input';

export interface CorrectiveAction {
  kind: 'action';
  item: ItemId;
  trigger: TriggerId;
  priority: Priority;
  dueDate: IsoDate;
  owner: Owner;
  text: Text;
}

/** Not a failure: something still fine today that needs doing before it fails. */
export interface AssessmentAlert extends Omit<CorrectiveAction, 'kind'> {
  kind: 'alert';
  kitLabel: string;
  mdiBatch: string;
}

export interface AssessmentResult {
  rubricVersion: string;
  score: number;
  band: Grade;
  grade: Grade;
  gradeLabel: Text;
  caps: CapId[];
  fractions: Partial<Record<ItemId, number>>;
  notApplicable: ItemId[];
  actions: CorrectiveAction[];
  alerts: AssessmentAlert[];
  reassessBy: IsoDate;
}

const BRIEFED_TARGET = 0.8;
const DRILL_VALID_DAYS = 365;
const EXPIRY_ALERT_DAYS = 30;
const DOCUMENTS_PER_KIT = 5;

/** What the scorer derives once from the observations. */
interface Site {
  input: AssessmentInput;
  kits: KitObservation[];
  kitsRequired: number;
  trainedRequired: number;
  trained: number;
  mdis: MdiObservation[];
  inDate: MdiObservation[];
  inDateOf: (kit: KitObservation) => MdiObservation[];
  usableOnSite: boolean;
}

function observe(input: AssessmentInput): Site {
  const inDateOf = (kit: KitObservation) => kit.mdis.filter((m) => !isMdiExpired(m.expiry, input.date));
  const mdis = input.kits.flatMap((k) => k.mdis);
  const inDate = input.kits.flatMap(inDateOf);
  return {
    input,
    kits: input.kits,
    kitsRequired: kitsRequired(input.enrolment, input.campuses),
    trainedRequired: trainedRequired(input.enrolment),
    trained: validlyTrainedCount(input.staffTraining, input.date),
    mdis,
    inDate,
    inDateOf,
    // "Usable" = in date and able to give at least one puff.
    usableOnSite: inDate.some((m) => m.remaining > 0),
  };
}

/** A check with nothing to satisfy it (no kit, no MDI) fails rather than passes. */
function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

function yes(value: boolean): number {
  return value ? 1 : 0;
}

function kitShare(site: Site, passes: (kit: KitObservation) => boolean): number {
  return share(site.kits.filter(passes).length, site.kits.length);
}

/** f in [0, 1] per item; null when the item does not apply to this school. */
const fraction: Record<ItemId, (site: Site) => number | null> = {
  A1: (s) => Math.min(1, s.kits.length / s.kitsRequired),
  A2: (s) => kitShare(s, (k) => k.mdis.length >= 1),
  A3: (s) => share(s.inDate.length, s.mdis.length),
  A4: (s) => share(s.inDate.filter((m) => m.remaining >= LOW_PUFFS).length, s.inDate.length),
  A5: (s) => kitShare(s, (k) => k.spacers >= 2),
  A6: (s) =>
    share(
      s.kits.reduce((sum, k) => sum + Object.values(k.docs).filter(Boolean).length / DOCUMENTS_PER_KIT, 0),
      s.kits.length,
    ),
  B1: (s) => kitShare(s, (k) => k.unlocked),
  B2: (s) => s.input.staffKnewLocation / 2,
  B3: (s) => kitShare(s, (k) => k.storageOk),
  C1: (s) => Math.min(1, s.trained / s.trainedRequired),
  C2: (s) => yes(s.input.healthStaffOk),
  C3: (s) => Math.min(1, s.input.staffBriefedPct / BRIEFED_TARGET),
  D1: (s) => yes(s.input.registerUpdatedThisTerm),
  D2: (s) => (s.input.registered === 0 ? null : s.input.plansValid / s.input.registered),
  D3: (s) => (s.input.registered === 0 ? null : s.input.consents / s.input.registered),
  D4: (s) => yes(s.input.registerAccessible),
  E1: (s) => yes(s.input.procedure),
  E2: (s) => yes(s.input.postersAllKitLocations),
  E3: (s) => yes(drillIsRecent(s.input.lastDrill, s.input.date)),
  F1: (s) => s.input.monthlyChecksLast3 / 3,
  F2: (s) => (s.input.uses === 0 ? null : s.input.usesLoggedComplete / s.input.uses),
  F3: (s) => (s.input.uses === 0 ? null : s.input.usesParentNotified / s.input.uses),
};

function drillIsRecent(lastDrill: IsoDate | null, date: IsoDate): boolean {
  if (lastDrill === null) return false;
  const age = daysBetween(lastDrill, date);
  return age >= 0 && age <= DRILL_VALID_DAYS;
}

const capFires: Record<CapId, (site: Site) => boolean> = {
  noKit: (s) => s.kits.length === 0,
  noUsableMdi: (s) => !s.usableOnSite,
  noTrainedStaff: (s) => s.trained === 0,
  kitWithoutInDateMdi: (s) => s.kits.some((k) => s.inDateOf(k).length === 0),
  mdiBelow20Puffs: (s) => s.inDate.some((m) => m.remaining < CRITICAL_PUFFS),
  kitWithoutSpacers: (s) => s.kits.some((k) => k.spacers === 0),
  lockedKit: (s) => s.kits.some((k) => !k.unlocked),
  onlyOneTrained: (s) => s.trained === 1,
  registerNotUpdated: (s) => !s.input.registerUpdatedThisTerm,
  noProcedure: (s) => !s.input.procedure,
};

// Items whose one failure maps to one action; the kit and training items choose among several.
const simpleTrigger: Partial<Record<ItemId, TriggerId>> = {
  A6: 'documentsMissing',
  B1: 'lockedKit',
  B2: 'locationUnknown',
  B3: 'storage',
  C2: 'noHealthStaff',
  C3: 'briefing',
  D1: 'registerNotUpdated',
  D2: 'plansMissing',
  D3: 'consentsMissing',
  D4: 'registerNotReachable',
  E1: 'noProcedure',
  E2: 'postersMissing',
  E3: 'noDrill',
  F1: 'monthlyChecksMissing',
  F2: 'usesNotRecorded',
  F3: 'parentsNotTold',
};

// One action per failed item (example 3: the expired MDI gives one A3 action, not a second one for its cap);
// a site-wide P1 (no kit, no usable MDI) replaces the per-kit actions it already covers.
function triggers(site: Site, failed: (id: ItemId) => boolean): TriggerId[] {
  const found: TriggerId[] = [];
  const noKit = site.kits.length === 0;
  if (noKit) found.push('noKit');
  else if (failed('A1')) found.push('fewerKits');
  if (!noKit && !site.usableOnSite) found.push('noUsableMdi');
  if (!noKit && site.usableOnSite) {
    if (failed('A2')) found.push('kitWithoutMdi');
    if (failed('A3')) found.push('mdiExpired');
    if (failed('A4')) found.push('lowPuffs');
  }
  if (!noKit && failed('A5')) {
    found.push(site.kits.some((k) => k.spacers === 0) ? 'kitWithoutSpacers' : 'kitWithOneSpacer');
  }
  if (site.trained === 0) found.push('noTrainedStaff', 'trainStaff');
  else if (site.trained === 1) found.push('onlyOneTrained');
  else if (failed('C1')) found.push('fewerTrained');
  const perKit: ItemId[] = ['A6', 'B1', 'B3'];
  for (const [item, trigger] of Object.entries(simpleTrigger) as [ItemId, TriggerId][]) {
    if (failed(item) && !(noKit && perKit.includes(item))) found.push(trigger);
  }
  return found;
}

function fill(text: Text, values: Record<string, string | number>): Text {
  const put = (s: string) => s.replace(/\{(\w+)\}/g, (whole, key: string) => String(values[key] ?? whole));
  return { zh: put(text.zh), en: put(text.en) };
}

function template(rubric: Rubric, trigger: TriggerId): ActionTemplate | undefined {
  return rubric.actions.find((a) => a.id === trigger);
}

function expiryAlerts(site: Site, rubric: Rubric): AssessmentAlert[] {
  const t = template(rubric, 'mdiExpiringSoon');
  if (!t) return [];
  const date = site.input.date;
  return site.kits.flatMap((kit) =>
    site
      .inDateOf(kit)
      .filter((m) => daysToExpiry(m.expiry, date) <= EXPIRY_ALERT_DAYS)
      .map((m) => ({
        kind: 'alert' as const,
        item: t.item,
        trigger: t.id,
        priority: t.priority,
        dueDate: replacementDueDate(m.expiry, date),
        owner: t.owner,
        text: fill(t.text, { kit: kit.label, batch: m.batch }),
        kitLabel: kit.label,
        mdiBatch: m.batch,
      })),
  );
}

const GRADE_ORDER: Grade[] = ['A', 'B', 'C', 'D'];
const worse = (a: Grade, b: Grade): Grade => (GRADE_ORDER.indexOf(a) >= GRADE_ORDER.indexOf(b) ? a : b);

export function scoreAssessment(input: AssessmentInput, rubric: Rubric): AssessmentResult {
  const site = observe(input);
  const fractions: Partial<Record<ItemId, number>> = {};
  const notApplicable: ItemId[] = [];
  let earned = 0;
  let possible = 0;
  for (const item of rubric.items) {
    const f = fraction[item.id](site);
    if (f === null) {
      notApplicable.push(item.id);
      continue;
    }
    fractions[item.id] = f;
    earned += item.weight * f;
    possible += item.weight;
  }
  // The epsilon keeps binary noise (88.85 stored as 88.8499...) from rounding a half down.
  const score = possible === 0 ? 0 : Math.round((1000 * earned) / possible + 1e-9) / 10;
  const bandRule = rubric.bands.find((b) => score >= b.min) ?? rubric.bands[rubric.bands.length - 1]!;
  const caps = rubric.caps.filter((c) => capFires[c.id](site));
  const grade = caps.reduce((g, c) => worse(g, c.grade), bandRule.band);
  const gradeLabel = rubric.bands.find((b) => b.band === grade)?.label ?? bandRule.label;

  const failed = (id: ItemId) => (fractions[id] ?? 1) < 1;
  const itemOrder = rubric.items.map((i) => i.id);
  const values = { kitsRequired: site.kitsRequired, trainedRequired: site.trainedRequired };
  const actions = triggers(site, failed)
    .map((trigger) => template(rubric, trigger))
    .filter((t): t is ActionTemplate => t !== undefined)
    .map(
      (t): CorrectiveAction => ({
        kind: 'action',
        item: t.item,
        trigger: t.id,
        priority: t.priority,
        dueDate: addDays(input.date, t.days),
        owner: t.owner,
        text: fill(t.text, values),
      }),
    )
    .sort((a, b) => itemOrder.indexOf(a.item) - itemOrder.indexOf(b.item));

  const reassess = rubric.reassess[grade];
  const reassessBy = 'days' in reassess ? addDays(input.date, reassess.days) : addMonths(input.date, reassess.months);
  return {
    rubricVersion: rubric.version,
    score,
    band: bandRule.band,
    grade,
    gradeLabel,
    caps: caps.map((c) => c.id),
    fractions,
    notApplicable,
    actions,
    alerts: expiryAlerts(site, rubric),
    reassessBy,
  };
}
