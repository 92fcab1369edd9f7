// A child's row as the tests insert it directly (the indicators' and the inboxes' hand-made
// histories): active, enrolled 2025-01-01, nothing recorded yet; the test gives what it is about.
import type { Insertable } from 'kysely';
import type { ChildTable } from '../../db/schema';

export function childRow(row: Pick<Insertable<ChildTable>, 'id' | 'center_id'> & Partial<Insertable<ChildTable>>): Insertable<ChildTable> {
  return {
    name: 'c',
    sex: 'M',
    birth_date: '2017-01-01',
    height_cm: 130,
    guardian_name: 'g',
    guardian_phone: '13800000000',
    guardian_relation: 'm',
    school_id: null,
    diagnosis_date: null,
    personal_best_pef: null,
    consent_given_by: 'g',
    consent_date: '2025-01-01',
    consent_notice_version: 'v1',
    status: 'active',
    status_reason: null,
    enrolled_on: '2025-01-01',
    next_due_date: null,
    next_due_reason: null,
    next_due_detail: null,
    latest_gina_level: null,
    latest_follow_up_date: null,
    high_risk: 0,
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
    ...row,
  };
}
