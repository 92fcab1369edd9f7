// What the family app's diary page knows of the days its form offers: the server's entry for each,
// so the form opens on the day as it stands (a second edit the same day updates it) instead of a
// blank form that would silently replace it. offline-diary.js reads this state (#diary-state).
import type { DiaryList } from '../../server/diary/service';
import type { FormValues } from '../forms';

type DiaryItem = DiaryList['items'][number];

const CHECKS = ['symptomsOverFewMinutes', 'nightWaking', 'nightCough', 'activityLimited', 'controllerTakenAm', 'controllerTakenPm', 'schoolAbsence', 'ocsStarted'] as const;

/** A day in the shape the page script reads from the form and uploads (offline-diary.js `bodyOf`). */
export function formEntry(e: DiaryItem) {
  return {
    daytimeSymptoms: e.daytimeSymptoms,
    ...Object.fromEntries(CHECKS.map((k) => [k, e[k] === true])),
    relieverUses: e.relieverUses,
    pefAm: e.pefAm ?? undefined,
    pefPm: e.pefPm ?? undefined,
    triggers: e.triggers,
    unscheduledCare: e.unscheduledCare,
    note: e.note ?? undefined,
    dangerSigns: e.dangerSigns,
  };
}
export type FormEntry = ReturnType<typeof formEntry>;

/** The form's fields for a day: its entry when there is one (the page works without JavaScript too). */
export function dayFormValues(date: string, e: DiaryItem | undefined): FormValues {
  if (!e) return { date, daytimeSymptoms: 'none', relieverUses: '0', unscheduledCare: 'none' };
  return {
    date,
    daytimeSymptoms: e.daytimeSymptoms,
    ...Object.fromEntries(CHECKS.map((k) => [k, e[k] ? 'on' : undefined])),
    relieverUses: String(e.relieverUses),
    pefAm: e.pefAm?.toString(),
    pefPm: e.pefPm?.toString(),
    triggers: e.triggers,
    dangerSigns: e.dangerSigns,
    unscheduledCare: e.unscheduledCare,
    note: e.note ?? undefined,
  };
}

/** The offered days' versions (date -> updatedAt, the sync's base) and their values. */
export function offeredDays(items: DiaryItem[], dates: string[]) {
  const offered = items.filter((e) => dates.includes(e.date));
  return {
    entries: Object.fromEntries(offered.map((e) => [e.date, e.updatedAt])) as Record<string, string>,
    days: Object.fromEntries(offered.map((e) => [e.date, formEntry(e)])) as Record<string, FormEntry>,
  };
}
