// Demo clinician training and catchment populations, written through the training services (each
// change at the day it happened, audited as the manager, the trainer or the admin would). The demo
// clinic's own doctor (李医生) is left untrained, so enrolling and passing them changes readiness.
import type { Db } from '../../db/connection';
import { addDays, type IsoDate } from '../calendar';
import { fixedClock } from '../clock';
import type { Actor, RequestContext } from '../context';
import { hashPassword } from '../auth/password';
import { setPopulation } from '../training/coverage';
import { createCourse, createSession, enrol, recordAttendance, recordCompetency } from '../training/service';
import type { Random } from './random';
import type { SeededReference } from './reference';
import type { SeedOptions } from './index';
import { DEMO_PASSWORD } from './users';

const DOCTORS = ['王医生', '赵医生', '孙医生', '周医生', '吴医生', '郑医生'];

const ctxOf = (id: string, role: Actor['role'], centerId: string | null = null): RequestContext => ({ actor: { id, username: 'demo', displayName: 'demo', role, centerId, schoolId: null, sessionId: null }, requestId: 'demo-seed' });
const at = (db: Db, date: IsoDate) => ({ db, clock: fixedClock(`${date}T02:00:00Z`) });

export async function seedTraining(db: Db, rnd: Random, ref: SeededReference, opts: SeedOptions): Promise<void> {
  const today = opts.today;
  const idOf = async (username: string) => (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
  const users = { adminId: await idOf('admin'), managerId: await idOf('manager'), hospitalUserId: await idOf('hospital') };
  const manager = ctxOf(users.managerId, 'manager');
  const trainer = ctxOf(users.hospitalUserId, 'clinician', ref.hospitalId);
  const admin = ctxOf(users.adminId, 'admin');

  // Two more doctors at each of the first three centres (the demo clinic's centre first, whose
  // ~40 children make its before/after figures large enough to show).
  const hash = await hashPassword(DEMO_PASSWORD);
  const doctors: { id: string; centerId: string }[] = [];
  for (const [i, centerId] of ref.centreIds.slice(0, 3).entries()) {
    for (const k of [0, 1]) {
      const id = rnd.uuid();
      await db
        .insertInto('users')
        .values({ id, username: `doctor${i * 2 + k + 1}`, password_hash: hash, display_name: DOCTORS[i * 2 + k]!, role: 'clinician', center_id: centerId, school_id: null, active: 1, created_at: opts.now, password_changed_at: opts.now })
        .execute();
      doctors.push({ id, centerId });
    }
  }

  const course = async (title: string, topic: 'gina_assessment' | 'inhaler_technique' | 'spirometry_pef', format: 'lecture' | 'workshop' | 'placement', hours: number) =>
    (await createCourse(at(db, addDays(today, -900)), manager, { title, topic, format, hours, validMonths: 24 })).id;
  const gina = await course('儿童哮喘 GINA 评估与分级', 'gina_assessment', 'lecture', 3);
  const inhaler = await course('吸入技术教学工作坊', 'inhaler_technique', 'workshop', 4);
  const placement = await course('上海儿童医学中心呼吸专科门诊进修', 'gina_assessment', 'placement', 40);
  const pef = await course('峰流速与肺功能测定', 'spirometry_pef', 'workshop', 3);

  /** A session held `daysAgo` days ago: who attended, and who passed the check. */
  const held = async (courseId: string, daysAgo: number, place: string, outcomes: { id: string; passed: boolean | null }[]) => {
    const date = addDays(today, -daysAgo);
    const s = await createSession(at(db, addDays(date, -20)), manager, courseId, { date, place, trainerId: users.hospitalUserId });
    for (const o of outcomes) {
      await enrol(at(db, addDays(date, -14)), manager, { sessionId: s.id, clinicianId: o.id });
      await recordAttendance(at(db, date), trainer, { sessionId: s.id, clinicianId: o.id, attended: o.passed !== null });
      if (o.passed !== null) await recordCompetency(at(db, date), trainer, { sessionId: s.id, clinicianId: o.id, result: o.passed ? 'pass' : 'fail', checklist: ['gina_assessment_done', 'inhaler_teaching_observed', 'action_plan_written'] });
    }
  };
  const [d1, d2, d3, d4, d5, d6] = doctors.map((d) => d.id) as [string, string, string, string, string, string];
  // Expired (800 days ago), due for renewal soon (680), valid (400 and 120), a failed check, an absence.
  await held(inhaler, 800, '上海儿童医学中心 培训教室', [{ id: d5, passed: true }]);
  await held(inhaler, 680, '上海儿童医学中心 培训教室', [{ id: d3, passed: true }]);
  await held(gina, 400, '浦东新区疾控中心 报告厅', [
    { id: d1, passed: true },
    { id: d2, passed: true },
    { id: d4, passed: false },
    { id: d6, passed: null },
  ]);
  await held(placement, 120, '上海儿童医学中心 呼吸科门诊', [
    { id: d1, passed: true },
    { id: d4, passed: true },
  ]);
  // One ahead, open for enrolment.
  await createSession(at(db, today), manager, pef, { date: addDays(today, 14), place: '潍坊社区卫生服务中心 会议室', trainerId: users.hospitalUserId });

  // Catchment children aged 0-14 per community centre, as the admin would enter them.
  const year = Number(today.slice(0, 4)) - 1;
  for (const centerId of ref.centreIds) {
    await setPopulation(at(db, today), admin, centerId, { year, population: rnd.int(6, 24) * 1000, source: `浦东新区统计年鉴 ${year}（演示数据）` });
  }
}
