// Referral reason codes and the create-referral body, docs/referrals.md and api.md (POST /referrals).
// Codes are data so the web form, the API and the indicators share one list.
import { z } from 'zod';
import { isIsoDate } from '../../calendar';
import { text } from '../../text';
import type { ReferralDirection, ValidationDetail } from './state-machine';
import { REFERRAL_URGENCIES, type ReferralUrgency } from './timeliness';

/** U1-U3 make an emergency (clinical safety rules 8.5); the other up codes are routine unless judged urgent. */
export type ReasonGroup = 'up-emergency' | 'up-routine' | 'down';

export interface ReferralReason {
  code: string;
  direction: ReferralDirection;
  group: ReasonGroup;
  label: { zh: string; en: string };
}

export const REFERRAL_REASONS = [
  {
    code: 'U1',
    direction: 'up',
    group: 'up-emergency',
    label: { zh: '中重度急性发作或初始治疗后无改善', en: 'Moderate/severe exacerbation or not improving after initial treatment' },
  },
  {
    code: 'U2',
    direction: 'up',
    group: 'up-emergency',
    label: { zh: '使用缓解药后峰流速仍处红区', en: 'Red-zone peak flow persisting after reliever' },
  },
  {
    code: 'U3',
    direction: 'up',
    group: 'up-emergency',
    label: { zh: '有危及生命的发作征象', en: 'Signs of a life-threatening attack' },
  },
  {
    code: 'U4',
    direction: 'up',
    group: 'up-routine',
    label: {
      zh: '诊断不明或需本中心无法开展的检查（支气管舒张试验、FeNO、过敏原）',
      en: 'Diagnosis uncertain or tests not available here (reversibility, FeNO, allergy)',
    },
  },
  {
    code: 'U5',
    direction: 'up',
    group: 'up-routine',
    label: {
      zh: '已核查吸入技术和依从性，连续两次随访（间隔≥4周）仍未控制',
      en: 'Uncontrolled at two follow-ups ≥4 weeks apart despite checked technique and adherence',
    },
  },
  {
    code: 'U6',
    direction: 'up',
    group: 'up-routine',
    label: {
      zh: '12个月内≥2次口服激素疗程或任何住院，或曾入住重症监护',
      en: '≥2 oral steroid courses or any admission in 12 months, or ever in intensive care',
    },
  },
  {
    code: 'U7',
    direction: 'up',
    group: 'up-routine',
    label: { zh: '需要GINA第4–5级治疗', en: 'Needs GINA step 4–5 treatment' },
  },
  {
    code: 'U8',
    direction: 'up',
    group: 'up-routine',
    label: { zh: '药物不良反应或生长发育问题', en: 'Adverse effects or growth concern' },
  },
  {
    code: 'U9',
    direction: 'up',
    group: 'up-routine',
    label: { zh: '合并症需专科处理', en: 'Comorbidity needing a specialist' },
  },
  {
    code: 'U10',
    direction: 'up',
    group: 'up-routine',
    label: {
      zh: '5岁以下诊断不明，且使用缓解药或抗生素频于每6–8周一次',
      en: 'Under 5, diagnosis uncertain, reliever or antibiotics more often than every 6–8 weeks',
    },
  },
  {
    code: 'D1',
    direction: 'down',
    group: 'down',
    label: { zh: '诊断明确，治疗方案已记录', en: 'Diagnosis confirmed and plan documented' },
  },
  {
    code: 'D2',
    direction: 'down',
    group: 'down',
    label: { zh: '使用社区可配药物已达控制', en: 'Controlled on medicines the centre stocks' },
  },
  {
    code: 'D3',
    direction: 'down',
    group: 'down',
    label: { zh: '急性发作或出院后病情稳定', en: 'Stable after an exacerbation or discharge' },
  },
  {
    code: 'D4',
    direction: 'down',
    group: 'down',
    label: { zh: '专科检查评估已完成', en: 'Specialist work-up complete' },
  },
] as const satisfies readonly ReferralReason[];

export type ReferralReasonCode = (typeof REFERRAL_REASONS)[number]['code'];

const REASON_BY_CODE: ReadonlyMap<string, ReferralReason> = new Map(REFERRAL_REASONS.map((r) => [r.code, r]));

export function referralReason(code: string): ReferralReason | undefined {
  return REASON_BY_CODE.get(code);
}

export type ReasonsCheck = { ok: true } | { ok: false; details: ValidationDetail[] };

/** The codes that make a referral an emergency: U1-U3. */
export const EMERGENCY_REASON_CODES: readonly string[] = REFERRAL_REASONS.filter((r) => r.group === 'up-emergency').map((r) => r.code);

/**
 * The urgency a referral is stored with. Any of U1-U3 makes it an emergency whatever the client
 * sent (the safer reading of 8.5); a clinician may also call one an emergency with other codes.
 * Otherwise urgent or routine is the clinician's call, not checked against the codes.
 */
export function referralUrgency(requested: ReferralUrgency, reasons: readonly string[]): ReferralUrgency {
  return requested === 'emergency' || reasons.some((code) => EMERGENCY_REASON_CODES.includes(code)) ? 'emergency' : requested;
}

/** The clock of the referrer's computer may run a little ahead of the server's. */
export const HANDOVER_FUTURE_TOLERANCE_MS = 5 * 60_000;

/** A phone call recorded as made after `now` (beyond the tolerance) has not happened yet. */
export function isHandoverInFuture(at: string, now: string): boolean {
  return Date.parse(at) > Date.parse(now) + HANDOVER_FUTURE_TOLERANCE_MS;
}

/** At least one code; each code known, listed once, and of the referral's direction. */
export function validateReasons(direction: ReferralDirection, codes: readonly string[]): ReasonsCheck {
  if (codes.length === 0) {
    return { ok: false, details: [{ path: 'reasons', message: 'choose at least one reason' }] };
  }
  const details: ValidationDetail[] = [];
  codes.forEach((code, i) => {
    const reason = REASON_BY_CODE.get(code);
    const path = `reasons.${i}`;
    if (!reason) details.push({ path, message: `unknown reason code ${code}` });
    else if (reason.direction !== direction) {
      details.push({ path, message: `${code} is for ${reason.direction} referrals, not ${direction}` });
    } else if (codes.indexOf(code) !== i) details.push({ path, message: `${code} is listed twice` });
  });
  return details.length === 0 ? { ok: true } : { ok: false, details };
}

/** Required typed text (the message names the field's need; the path names the field). */
const nonBlank = (max: number, multiline = false) => text({ max, multiline });

/** What a hospital hands back with a downward referral, so the community centre can continue care. */
export const carePlanSchema = z.object({
  controller: nonBlank(200),
  dose: nonBlank(200),
  ginaStep: z.number().int().min(1).max(5),
  actionPlanGiven: z.boolean(),
  nextReviewDate: z.string().refine(isIsoDate, 'expected a calendar date YYYY-MM-DD'),
});
export type CarePlan = z.infer<typeof carePlanSchema>;

/**
 * Who at the hospital the referrer told by phone, and when (an instant with its offset). Required
 * for an emergency: the referral only informs the hospital, the call is what reaches it in time.
 */
export const phoneHandoverSchema = z.object({
  to: text({ max: 100 }),
  at: z.iso.datetime({ offset: true, message: 'v.referrals.handoverAt' }),
});
export type PhoneHandover = z.infer<typeof phoneHandoverSchema>;

export const createReferralSchema = z
  .object({
    childId: z.uuid('v.id'),
    direction: z.enum(['up', 'down']),
    toCenterId: z.uuid('v.id'),
    urgency: z.enum(REFERRAL_URGENCIES),
    reasons: z.array(z.string()),
    summary: nonBlank(4000, true),
    carePlan: carePlanSchema.optional(),
    phoneHandover: phoneHandoverSchema.optional(),
  })
  // Runs only once the fields above parse (zod skips refinements after field errors).
  .superRefine((body, ctx) => {
    if (body.direction === 'down' && body.carePlan === undefined) {
      ctx.addIssue({ code: 'custom', path: ['carePlan'], message: 'a downward referral carries a care plan' });
    }
    // An emergency goes up, to the emergency department; the hospital hands children back routinely.
    if (body.direction === 'down' && body.urgency === 'emergency') {
      ctx.addIssue({ code: 'custom', path: ['urgency'], message: 'v.referrals.emergencyDown' });
    } else if (body.direction === 'up' && referralUrgency(body.urgency, body.reasons) === 'emergency' && body.phoneHandover === undefined) {
      ctx.addIssue({ code: 'custom', path: ['phoneHandover'], message: 'v.referrals.phoneHandover' });
    }
    const check = validateReasons(body.direction, body.reasons);
    if (!check.ok) {
      for (const d of check.details) {
        // 'reasons.3' -> ['reasons', 3], the path shape zod uses for array items
        const [head, index] = d.path.split('.');
        ctx.addIssue({ code: 'custom', path: index === undefined ? [head!] : [head!, Number(index)], message: d.message });
      }
    }
  });
export type CreateReferralBody = z.infer<typeof createReferralSchema>;
