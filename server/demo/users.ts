import type { Db } from '../../db/connection';
import type { Role } from '../../db/schema';
import { hashPassword } from '../auth/password';
import type { Random } from './random';

export const DEMO_PASSWORD = 'asthma-demo';

export interface DemoUsers {
  parentId: string;
  clinicId: string;
  hospitalUserId: string;
  nurseId: string;
}

/** The demo accounts named in the README; created only in demo mode. */
export async function seedDemoUsers(db: Db, rnd: Random, now: string, org: { clinicCentreId: string; hospitalId: string; schoolId: string }): Promise<DemoUsers> {
  const accounts: { username: string; displayName: string; role: Role; centerId?: string; schoolId?: string }[] = [
    { username: 'admin', displayName: '系统管理员', role: 'admin' },
    { username: 'manager', displayName: '王项目（疾控）', role: 'manager' },
    { username: 'clinic', displayName: '李医生', role: 'clinician', centerId: org.clinicCentreId },
    { username: 'hospital', displayName: '陈主任', role: 'clinician', centerId: org.hospitalId },
    { username: 'school', displayName: '张老师', role: 'nurse', schoolId: org.schoolId },
    { username: 'parent', displayName: '演示家长', role: 'parent' },
  ];
  const ids: Record<string, string> = {};
  for (const a of accounts) {
    const id = rnd.uuid();
    ids[a.username] = id;
    await db
      .insertInto('users')
      .values({
        id,
        username: a.username,
        password_hash: await hashPassword(DEMO_PASSWORD),
        display_name: a.displayName,
        role: a.role,
        center_id: a.centerId ?? null,
        school_id: a.schoolId ?? null,
        active: 1,
        created_at: now,
        password_changed_at: now,
      })
      .execute();
  }
  return { parentId: ids.parent!, clinicId: ids.clinic!, hospitalUserId: ids.hospital!, nurseId: ids.school! };
}
