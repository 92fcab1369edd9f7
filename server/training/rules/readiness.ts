// A centre's readiness (issue 36): who holds a valid certificate (attended and passed the competency
// check, not yet expired), who is due for renewal, placements completed. Pure: no I/O, no clock.
import { addDays, addMonths, type IsoDate } from '../../calendar';

/** A certificate's life when the course does not say otherwise. */
export const DEFAULT_VALID_MONTHS = 24;
/** A valid certificate expiring within this many days is due for renewal. */
export const RENEWAL_WINDOW_DAYS = 90;

export interface TrainingRecord {
  clinicianId: string;
  centerId: string;
  format: 'lecture' | 'workshop' | 'placement';
  attended: boolean | null;
  competency: 'pass' | 'fail' | null;
  competencyDate: IsoDate | null;
  validMonths: number;
}

export type CertificateStatus = 'trained' | 'due' | 'lapsed' | 'untrained';

/** The first day a certificate passed on `passedOn` is no longer valid. */
export const certificateExpiry = (passedOn: IsoDate, validMonths: number): IsoDate => addMonths(passedOn, validMonths);

const passed = (r: TrainingRecord): r is TrainingRecord & { competencyDate: IsoDate } => r.attended === true && r.competency === 'pass' && r.competencyDate !== null;

/**
 * A clinician's standing on `today`: the latest-expiring passed certificate decides. 'due' is still
 * valid (counts as trained) but expires within RENEWAL_WINDOW_DAYS; 'lapsed' has expired.
 */
export function clinicianStatus(records: readonly TrainingRecord[], today: IsoDate): { status: CertificateStatus; expiresOn: IsoDate | null; trainedSince: IsoDate | null } {
  let expiresOn: IsoDate | null = null;
  let trainedSince: IsoDate | null = null;
  for (const r of records) {
    if (!passed(r)) continue;
    const end = certificateExpiry(r.competencyDate, r.validMonths);
    if (expiresOn === null || end > expiresOn) expiresOn = end;
    if (trainedSince === null || r.competencyDate < trainedSince) trainedSince = r.competencyDate;
  }
  if (expiresOn === null) return { status: 'untrained', expiresOn: null, trainedSince: null };
  if (expiresOn <= today) return { status: 'lapsed', expiresOn, trainedSince };
  return { status: expiresOn <= addDays(today, RENEWAL_WINDOW_DAYS) ? 'due' : 'trained', expiresOn, trainedSince };
}

export interface CentreReadiness {
  centerId: string;
  /** Active clinician accounts of the centre. */
  clinicians: number;
  /** Valid certificate on the day ('trained' and 'due'). */
  trained: number;
  /** Valid but expiring within the renewal window. */
  dueSoon: number;
  /** Held a certificate that has expired, and hold no valid one. */
  lapsed: number;
  /** Placement sessions attended by the centre's clinicians. */
  placements: number;
  /** The first day one of its clinicians passed a competency check; null if none ever did. */
  firstTrainedOn: IsoDate | null;
}

/** One row per centre named in `clinicians` (id and centre of each active clinician). */
export function centreReadiness(clinicians: readonly { id: string; centerId: string }[], records: readonly TrainingRecord[], today: IsoDate): CentreReadiness[] {
  const rows = new Map<string, CentreReadiness>();
  const row = (centerId: string) => rows.get(centerId) ?? rows.set(centerId, { centerId, clinicians: 0, trained: 0, dueSoon: 0, lapsed: 0, placements: 0, firstTrainedOn: null }).get(centerId)!;
  for (const c of clinicians) {
    const r = row(c.centerId);
    r.clinicians++;
    const { status } = clinicianStatus(
      records.filter((x) => x.clinicianId === c.id),
      today,
    );
    if (status === 'trained' || status === 'due') r.trained++;
    if (status === 'due') r.dueSoon++;
    if (status === 'lapsed') r.lapsed++;
  }
  // Placements and the first training are the centre's history: counted where the clinician worked then.
  for (const x of records) {
    if (!rows.has(x.centerId)) continue;
    const r = row(x.centerId);
    if (x.format === 'placement' && x.attended === true) r.placements++;
    if (passed(x) && (r.firstTrainedOn === null || x.competencyDate < r.firstTrainedOn)) r.firstTrainedOn = x.competencyDate;
  }
  return [...rows.values()];
}
