// On-time follow-up and overdue from the history of each child's due dates (v2). Pure.
import { addDays, type IsoDate } from '../../calendar';
import { activeAtEnd, count, percent, type ChildRecord, type Figure, type Period } from './model';

/** One change of a child's due date: from `since` (Asia/Shanghai day) the child was due on `dueDate` (null: none). */
export interface DueChange {
  childId: string;
  since: IsoDate;
  /** Orders changes within one day (the row's sequence). */
  seq: number;
  dueDate: IsoDate | null;
  graceDays: number | null;
  reason: string | null;
}

export interface DueOutcome {
  childId: string;
  dueDate: IsoDate;
  deadline: IsoDate;
  reason: string | null;
  /** met: a follow-up came while it was in force, by the deadline; missed: the deadline passed without one. */
  outcome: 'met' | 'missed' | 'open' | 'replaced';
}

/**
 * What became of each due date. A due date is in force from the day after it was set until the
 * day its successor was set (so a follow-up on day d answers the due date in force on d, not the
 * one it sets itself). Met: a follow-up on a day it was in force, by its due date plus grace.
 * Missed: its deadline passed, before `asOf`, while it was still in force. Replaced: superseded
 * before its deadline without a follow-up (an exacerbation brought it forward (R4), a withdrawal);
 * the due date that replaced it is the one measured. Open: neither yet.
 */
export function dueOutcomes(changes: readonly DueChange[], followUpDates: ReadonlyMap<string, readonly IsoDate[]>, asOf: IsoDate): DueOutcome[] {
  const byChild = new Map<string, DueChange[]>();
  for (const c of changes) (byChild.get(c.childId) ?? byChild.set(c.childId, []).get(c.childId)!).push(c);
  const out: DueOutcome[] = [];
  for (const [childId, list] of byChild) {
    list.sort((a, b) => (a.since !== b.since ? (a.since < b.since ? -1 : 1) : a.seq - b.seq));
    const visits = [...(followUpDates.get(childId) ?? [])].sort();
    list.forEach((c, i) => {
      if (c.dueDate === null) return;
      const deadline = addDays(c.dueDate, c.graceDays ?? 0);
      const until = list[i + 1]?.since ?? null;
      const met = visits.some((v) => v > c.since && (until === null || v <= until) && v <= deadline);
      const outcome = met ? 'met' : until !== null && until <= deadline ? 'replaced' : deadline < asOf ? 'missed' : 'open';
      out.push({ childId, dueDate: c.dueDate, deadline, reason: c.reason, outcome });
    });
  }
  return out;
}

/** On-time follow-up from outcomes already worked out: of the due dates falling in the period that were met or missed, those met. Group: their children. */
export function onTimeOf(outcomes: readonly DueOutcome[], p: Period): Figure {
  const decided = outcomes.filter((o) => o.dueDate >= p.from && o.dueDate <= p.to && (o.outcome === 'met' || o.outcome === 'missed'));
  const children = new Set(decided.map((o) => o.childId)).size;
  return percent(decided.filter((o) => o.outcome === 'met').length, decided.length, children);
}

/** On-time follow-up over a due-date history (dueOutcomes, then onTimeOf). */
export const onTimeFollowUp = (changes: readonly DueChange[], followUpDates: ReadonlyMap<string, readonly IsoDate[]>, p: Period, asOf: IsoDate): Figure => onTimeOf(dueOutcomes(changes, followUpDates, asOf), p);

/**
 * Overdue at the period end (a count): children active at the end whose due date in force at the
 * end of its last day had passed its grace with no follow-up since it was set. Same grace as the
 * worklist (the grace stored with the due date).
 */
export function overdueAtEnd(children: readonly ChildRecord[], changes: readonly DueChange[], followUpDates: ReadonlyMap<string, readonly IsoDate[]>, p: Period): Figure {
  const inForce = new Map<string, DueChange>();
  for (const c of changes) {
    if (c.since > p.to) continue;
    const seen = inForce.get(c.childId);
    if (!seen || c.since > seen.since || (c.since === seen.since && c.seq > seen.seq)) inForce.set(c.childId, c);
  }
  const n = activeAtEnd(children, p).filter((child) => {
    const c = inForce.get(child.id);
    if (!c || c.dueDate === null || addDays(c.dueDate, c.graceDays ?? 0) >= p.to) return false;
    return !(followUpDates.get(child.id) ?? []).some((v) => v > c.since && v <= p.to);
  }).length;
  return count(n);
}
