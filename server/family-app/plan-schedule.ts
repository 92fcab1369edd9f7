// The red zone's reliever schedule in words (safety rules 8.7), the same sentence wherever a plan is
// shown: the printed plan, the phone, the school nurse's summary and the API. Pure.
import { t } from '../../web/i18n';
import type { Lang } from '../context';
import { STANDARD_RELIEVER_SCHEDULE, type ActionPlanContent, type RelieverSchedule } from './plan-schemas';

export interface Bilingual {
  zh: string;
  en: string;
}

export interface RedZoneSchedule extends RelieverSchedule {
  /**
   * True for a plan saved before the rule: it states no numbers, so the standard emergency advice is
   * shown in their place, labelled as such (never passed off as the doctor's), until a new version.
   */
  standard: boolean;
  text: Bilingual;
}

// English needs "1 puff" / "1 minute"; Chinese has one form.
const puffs = (lang: Lang, n: number) => t(lang, n === 1 ? 'plan.unit.puff' : 'plan.unit.puffs', { n });
const minutes = (lang: Lang, n: number) => t(lang, n === 1 ? 'plan.unit.minute' : 'plan.unit.minutes', { n });

export function scheduleText(lang: Lang, s: RelieverSchedule): string {
  return t(lang, 'plan.schedule.text', {
    puffs: puffs(lang, s.puffs),
    everyMinutes: minutes(lang, s.everyMinutes),
    maxPuffs: puffs(lang, s.maxPuffs),
    repeatAfterMinutes: minutes(lang, s.repeatAfterMinutes),
  });
}

export function redZoneSchedule(content: ActionPlanContent): RedZoneSchedule {
  const stored = content.zones.red.relieverSchedule;
  const s: RelieverSchedule = stored ?? { ...STANDARD_RELIEVER_SCHEDULE };
  return { puffs: s.puffs, everyMinutes: s.everyMinutes, maxPuffs: s.maxPuffs, repeatAfterMinutes: s.repeatAfterMinutes, standard: !stored, text: { zh: scheduleText('zh', s), en: scheduleText('en', s) } };
}
