// GINA symptom control (docs/clinical-rules.md; GINA Box 2-2, China 2016 paediatric guideline): the primary control level.
import type { ExacerbationCounts } from './schedule';

export interface GinaAnswers {
  q1: boolean;
  q2: boolean;
  q3: boolean;
  q4: boolean;
}
export type GinaQuestion = keyof GinaAnswers;
export type GinaLevel = 'well' | 'partly' | 'uncontrolled';

/** GINA asks different things of the 5-and-under; the answer keys stay q1-q4 for both. */
export type GinaAgeBand = '6_and_over' | '5_and_under';

export interface Bilingual {
  zh: string;
  en: string;
}

export function ginaAgeBand(ageYears: number): GinaAgeBand {
  return ageYears >= 6 ? '6_and_over' : '5_and_under';
}

/** Shown above the four questions. */
export const GINA_PERIOD: Bilingual = { zh: '过去4周内：', en: 'In the last 4 weeks:' };

export const GINA_QUESTIONS: Record<GinaAgeBand, Record<GinaQuestion, Bilingual>> = {
  '6_and_over': {
    q1: { zh: '日间哮喘症状每周超过2次？', en: 'Daytime asthma symptoms more than twice a week?' },
    q2: { zh: '有因哮喘夜间憋醒吗？', en: 'Any night waking due to asthma?' },
    q3: {
      zh: '需要使用缓解药（SABA）每周超过2次（不包括运动前用药）？',
      en: 'Reliever (SABA) needed more than twice a week (not counting before exercise)?',
    },
    q4: { zh: '有因哮喘而活动受限吗？', en: 'Any activity limitation due to asthma?' },
  },
  '5_and_under': {
    q1: {
      zh: '持续数分钟以上的日间症状每周超过1次？',
      en: 'Daytime symptoms for more than a few minutes, more than once a week?',
    },
    q2: {
      zh: '有因哮喘而活动受限吗（跑跳玩耍比其他孩子少，走路或玩耍时容易累）？',
      en: 'Any activity limitation due to asthma (runs or plays less than other children, tires easily)?',
    },
    q3: { zh: '需要使用缓解药每周超过1次？', en: 'Reliever needed more than once a week?' },
    q4: { zh: '有因哮喘夜间憋醒或夜间咳嗽吗？', en: 'Any night waking or night coughing due to asthma?' },
  },
};

export const GINA_LEVEL_LABELS: Record<GinaLevel, Bilingual> = {
  well: { zh: '良好控制', en: 'Well controlled' },
  partly: { zh: '部分控制', en: 'Partly controlled' },
  uncontrolled: { zh: '未控制', en: 'Uncontrolled' },
};

/** 0 yes -> well, 1-2 -> partly, 3-4 -> uncontrolled. */
export function ginaControlLevel(answers: GinaAnswers): GinaLevel {
  const yes = [answers.q1, answers.q2, answers.q3, answers.q4].filter(Boolean).length;
  return yes === 0 ? 'well' : yes <= 2 ? 'partly' : 'uncontrolled';
}

export interface RiskFacts {
  /** Null before the first follow-up: the risk history alone decides then. */
  ginaLevel: GinaLevel | null;
  /** Severe exacerbations in the last 12 months (see exacerbationsInLast12Months). */
  exacerbationsLast12Months: ExacerbationCounts;
  everIntensiveCare?: boolean;
}

/** Design (GINA exacerbation risk factors): uncontrolled, a severe exacerbation in 12 months, or ever in ICU. */
export function isHighRisk(facts: RiskFacts): boolean {
  const { ocsCourses, edVisits, admissions } = facts.exacerbationsLast12Months;
  const severeExacerbation = ocsCourses + edVisits + admissions > 0;
  return facts.ginaLevel === 'uncontrolled' || severeExacerbation || facts.everIntensiveCare === true;
}
