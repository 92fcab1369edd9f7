// Demo referrals in every state between several centres and the hospital, laid out backwards from
// opts.now: some overdue, completed ones with an outcome, and accepted downward ones moving the child
// to the receiving centre (which makes them due within 7 days). Each is made and moved through the
// referral service, by a clinician of the centre whose move it is, with the clock at that moment:
// the state machine, the history, the hand-over and the audit rows are the service's own.
// Emergencies (U1-U3) carry the phone handover the referrer recorded, as the service requires.
import type { Db } from '../../db/connection';
import type { ReferralStatusColumn } from '../../db/schema';
import type { Random } from './random';
import type { SeededReference } from './reference';
import type { SeedOptions } from './index';
import type { SeededChild } from './children';
import { createReferral, moveReferral } from '../referrals/service';
import type { ReferralAction } from '../referrals/rules';
import { referralCreateBody, transitionBody } from '../referrals/schemas';
import { refreshSchedule } from '../followups/clinical-history';
import { fixedClock } from '../clock';
import { parseConfig } from '../config';
import type { Actor, Deps } from '../context';
import { createLogger } from '../log';
import { inOuterTransaction } from './outer-transaction';

/** A move: the state reached, hours after creation, and the reason typed with it. */
type Step = [ReferralStatusColumn, number, string?];
type Urgency = 'emergency' | 'urgent' | 'routine';

interface UpScenario {
  key: string;
  /** 'clinic': a child of the demo clinic account's centre, so its inboxes have work. */
  at: 'clinic' | 'other';
  urgency: Urgency;
  hoursAgo: number;
  steps: Step[];
  outcome?: string;
}

interface DownScenario {
  /** The upward referral whose child the hospital hands back (open when this one was sent). */
  after: string;
  /** Sent to a different community centre (the family moved) rather than the one that referred up. */
  elsewhere?: boolean;
  hoursAgo: number;
  steps: Step[];
  outcome?: string;
}

const UP: UpScenario[] = [
  { key: 'u1', at: 'clinic', urgency: 'urgent', hoursAgo: 30, steps: [] }, // overdue (24 h)
  { key: 'u2', at: 'other', urgency: 'routine', hoursAgo: 80, steps: [] }, // overdue (72 h)
  { key: 'u3', at: 'clinic', urgency: 'emergency', hoursAgo: 5, steps: [] }, // overdue (2 h): first in both inboxes
  { key: 'u4', at: 'other', urgency: 'emergency', hoursAgo: 1, steps: [] },
  { key: 'u14', at: 'clinic', urgency: 'routine', hoursAgo: 100, steps: [] }, // overdue
  { key: 'u5', at: 'clinic', urgency: 'routine', hoursAgo: 70, steps: [['accepted', 20]] },
  {
    key: 'u6',
    at: 'clinic',
    urgency: 'routine',
    hoursAgo: 240,
    steps: [
      ['accepted', 6],
      ['in-progress', 120],
    ],
  },
  {
    key: 'u7',
    at: 'clinic',
    urgency: 'routine',
    hoursAgo: 960,
    steps: [
      ['accepted', 10],
      ['in-progress', 144],
      ['completed', 288],
    ],
    outcome: '肺功能示可逆性气流受限，确诊哮喘；升级为ICS/LABA（GINA 3级），已下转社区继续管理。',
  },
  {
    key: 'u8',
    at: 'other',
    urgency: 'routine',
    hoursAgo: 1440,
    steps: [
      ['accepted', 30],
      ['in-progress', 200],
      ['completed', 400],
    ],
    outcome: '过敏原检测：尘螨阳性。已给予环境控制指导，维持原方案，3个月后社区复查。',
  },
  { key: 'u9', at: 'other', urgency: 'routine', hoursAgo: 480, steps: [['rejected', 30, '未附近两次随访记录及吸入技术核查结果，请补充后再转。']] },
  { key: 'u10', at: 'clinic', urgency: 'routine', hoursAgo: 360, steps: [['cancelled', 4, '家长选择自行前往外院就诊。']] },
  {
    key: 'u11',
    at: 'other',
    urgency: 'emergency',
    hoursAgo: 600,
    steps: [
      ['accepted', 1],
      ['cancelled', 50, '患儿症状缓解，家长暂不愿转诊。'],
    ],
  },
  {
    key: 'u12',
    at: 'other',
    urgency: 'routine',
    hoursAgo: 1200,
    steps: [
      ['accepted', 8],
      ['failed', 720],
    ],
  },
  {
    key: 'u13',
    at: 'clinic',
    urgency: 'routine',
    hoursAgo: 2160,
    steps: [
      ['accepted', 12],
      ['in-progress', 100],
      ['completed', 300],
    ],
    outcome: '排除其他诊断，哮喘部分控制；调整吸入装置并加用储雾罐，已下转。',
  },
  {
    key: 'u15',
    at: 'other',
    urgency: 'emergency',
    hoursAgo: 700,
    steps: [
      ['accepted', 1],
      ['in-progress', 20],
      ['completed', 150],
    ],
    outcome: '急性发作住院3天，出院时病情稳定，出院带药见下转治疗方案。',
  },
  {
    key: 'u16',
    at: 'other',
    urgency: 'routine',
    hoursAgo: 200,
    steps: [
      ['accepted', 5],
      ['in-progress', 48],
      ['completed', 150],
    ],
    outcome: '诊断明确，控制良好；家庭搬迁，转至新住址所属社区中心管理。',
  },
];

const DOWN: DownScenario[] = [
  { after: 'u6', hoursAgo: 20, steps: [] },
  { after: 'u16', elsewhere: true, hoursAgo: 72, steps: [['accepted', 30]] }, // moves the child; due within 7 days
  {
    after: 'u7',
    hoursAgo: 700,
    steps: [
      ['accepted', 24],
      ['in-progress', 96],
    ],
  },
  {
    after: 'u13',
    hoursAgo: 1950,
    steps: [
      ['accepted', 20],
      ['in-progress', 120],
      ['completed', 600],
    ],
    outcome: '社区复诊：连续两次随访良好控制，维持GINA 2级方案。',
  },
  { after: 'u15', hoursAgo: 600, steps: [] }, // overdue at the community centre
];

// Urgent is the clinician's call on routine codes; U1-U3 would make an emergency.
const UP_REASONS: Record<Urgency, string[][]> = { emergency: [['U1'], ['U2'], ['U1', 'U6'], ['U3']], urgent: [['U6'], ['U5', 'U6'], ['U7']], routine: [['U5'], ['U5', 'U6'], ['U4'], ['U6'], ['U7'], ['U9'], ['U4', 'U10']] };
const DOWN_REASONS = [['D1'], ['D1', 'D2'], ['D3'], ['D2', 'D4']];
const UP_NOTES = ['连续两次随访未控制，已核查吸入技术和依从性，请协助评估。', '近一年两次口服激素疗程，请专科评估治疗方案。', '诊断不明确，需行支气管舒张试验及FeNO检测。', '夜间症状频繁，峰流速处于黄区，请协助调整治疗。'];
const EMERGENCY_NOTES = ['急性发作，初始治疗后无明显改善，已嘱家长立即送急诊。', '使用缓解药后峰流速仍处红区，已嘱家长立即送急诊。'];
const URGENT_NOTES = ['近一月夜间反复憋醒，两次口服激素疗程后仍未控制，请尽快评估。', '峰流速持续处于黄区，已加用缓解药，请尽快调整治疗。'];
const NOTES: Record<Urgency, string[]> = { emergency: EMERGENCY_NOTES, urgent: URGENT_NOTES, routine: UP_NOTES };
/** Who at the hospital took the emergency call (the demo's stand-in for a typed name). */
const HANDOVER_TO = '上海儿童医学中心急诊科值班医生';
const CONTROLLERS = [
  ['布地奈德吸入气雾剂', '200 µg 每日两次'],
  ['丙酸氟替卡松吸入气雾剂', '125 µg 每日两次（配储雾罐）'],
  ['布地奈德福莫特罗粉吸入剂', '160/4.5 µg 每日两次'],
  ['孟鲁司特钠咀嚼片', '5 mg 每晚一次'],
] as const;

const ACTION: Record<Exclude<ReferralStatusColumn, 'requested'>, ReferralAction> = {
  accepted: 'accept',
  rejected: 'reject',
  'in-progress': 'start',
  failed: 'fail',
  completed: 'complete',
  cancelled: 'cancel',
};

// Centres the demo has no clinician account at get one that cannot sign in ('!' is no password hash).
const NO_PASSWORD = '!';

export async function seedReferrals(db: Db, rnd: Random, ref: SeededReference, opts: SeedOptions, children: SeededChild[]): Promise<void> {
  if (children.length === 0) return;
  const nowMs = Date.parse(opts.now);
  const instant = (hoursAgo: number) => new Date(nowMs - hoursAgo * 3_600_000).toISOString();
  const clinicians = new Map<string, Actor>();
  for (const u of await db.selectFrom('users').select(['id', 'username', 'display_name', 'center_id']).where('role', '=', 'clinician').execute()) {
    if (u.center_id && !clinicians.has(u.center_id)) clinicians.set(u.center_id, { id: u.id, username: u.username, displayName: u.display_name, role: 'clinician', centerId: u.center_id, schoolId: null, sessionId: null });
  }
  const clinicianAt = async (centreId: string): Promise<Actor> => {
    const known = clinicians.get(centreId);
    if (known) return known;
    const actor: Actor = { id: rnd.uuid(), username: `demo-clinician-${clinicians.size + 1}`, displayName: '社区医生', role: 'clinician', centerId: centreId, schoolId: null, sessionId: null };
    await db
      .insertInto('users')
      .values({ id: actor.id, username: actor.username, password_hash: NO_PASSWORD, display_name: actor.displayName, role: 'clinician', center_id: centreId, school_id: null, active: 1, created_at: opts.now, password_changed_at: opts.now })
      .execute();
    clinicians.set(centreId, actor);
    return actor;
  };
  // The service runs inside the seed's one transaction, with the clock at each move's moment.
  const config = parseConfig({});
  const log = createLogger('error');
  const inSeed = inOuterTransaction(db);
  const at = (hoursAgo: number): Deps => ({ db: inSeed, config, clock: fixedClock(instant(hoursAgo)), log });
  const ctx = (actor: Actor) => ({ actor, requestId: 'demo-seed' });

  const active = new Set((await db.selectFrom('children').select('id').where('status', '=', 'active').execute()).map((c) => c.id));
  const clinicCentre = ref.centreIds[0];
  const sicker = (c: SeededChild) => (c.latestGinaLevel === 'uncontrolled' ? 0 : c.latestGinaLevel === 'partly' ? 1 : 2);
  const pool = children.filter((c) => active.has(c.id) && c.centerId !== ref.hospitalId).sort((a, b) => sicker(a) - sicker(b));
  const taken = new Set<string>();
  let otherTurn = 0;
  const pickChild = (at: 'clinic' | 'other'): SeededChild | undefined => {
    const free = pool.filter((c) => !taken.has(c.id));
    const own = free.filter((c) => c.centerId === clinicCentre);
    const others = free.filter((c) => c.centerId !== clinicCentre);
    let child: SeededChild | undefined;
    if (at === 'clinic') child = own[0] ?? others[0];
    else {
      // Spread the other referrals over several centres.
      const centres = [...new Set(others.map((c) => c.centerId))];
      const centre = centres[otherTurn++ % Math.max(centres.length, 1)];
      child = others.find((c) => c.centerId === centre) ?? own[0];
    }
    if (child) taken.add(child.id);
    return child;
  };

  /** Moves the referral through its steps, each by the side whose move it is (only the referring side cancels). */
  async function move(id: string, from: string, to: string, hoursAgo: number, steps: Step[], outcome?: string): Promise<void> {
    for (const [status, after, reason] of steps) {
      if (status === 'requested') continue;
      const actor = await clinicianAt(status === 'cancelled' ? from : to);
      await moveReferral(at(hoursAgo - after), ctx(actor), id, ACTION[status], transitionBody.parse({ reason, outcome: status === 'completed' ? outcome : undefined }));
    }
  }

  const upByKey = new Map<string, { id: string; child: SeededChild }>();
  for (const s of UP) {
    const child = pickChild(s.at);
    if (!child) continue;
    const emergency = s.urgency === 'emergency';
    const { id } = await createReferral(
      at(s.hoursAgo),
      ctx(await clinicianAt(child.centerId)),
      referralCreateBody.parse({
        childId: child.id,
        direction: 'up',
        toCenterId: ref.hospitalId,
        urgency: s.urgency,
        reasons: rnd.pick(UP_REASONS[s.urgency]),
        summary: rnd.pick(NOTES[s.urgency]),
        // The call comes first: ten minutes before the referral is sent.
        phoneHandover: emergency ? { to: HANDOVER_TO, at: instant(s.hoursAgo + 1 / 6) } : undefined,
      }),
    );
    await move(id, child.centerId, ref.hospitalId, s.hoursAgo, s.steps, s.outcome);
    upByKey.set(s.key, { id, child });
  }

  const handedDown = new Set<string>();
  for (const s of DOWN) {
    const up = upByKey.get(s.after);
    if (!up) continue;
    const elsewhere = ref.centreIds.find((c) => c !== up.child.centerId && c !== clinicCentre);
    const to = s.elsewhere && elsewhere ? elsewhere : up.child.centerId;
    const [controller, dose] = rnd.pick(CONTROLLERS);
    const createdDate = new Date(nowMs - s.hoursAgo * 3_600_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    const review = new Date(Date.parse(`${createdDate}T00:00:00Z`) + 28 * 86_400_000).toISOString().slice(0, 10);
    const { id } = await createReferral(
      at(s.hoursAgo),
      ctx(await clinicianAt(ref.hospitalId)),
      referralCreateBody.parse({
        childId: up.child.id,
        direction: 'down',
        toCenterId: to,
        urgency: 'routine',
        reasons: rnd.pick(DOWN_REASONS),
        summary: '专科评估完成，病情稳定，转回社区按治疗方案随访。',
        carePlan: { controller, dose, ginaStep: rnd.int(2, 3), actionPlanGiven: true, nextReviewDate: review },
        previousReferralId: up.id,
      }),
    );
    await move(id, ref.hospitalId, to, s.hoursAgo, s.steps, s.outcome);
    if (s.steps.some(([st]) => st === 'accepted')) handedDown.add(up.child.id);
  }
  // The service scheduled each hand-over as of its day; the demo's children are due as of today.
  for (const childId of handedDown) await refreshSchedule(db, childId, opts.today, opts.now);
}
