// What a parent is told with a diary day (safety rules v2, docs/clinical-safety.md): the emergency
// text for a danger sign, and after an alert what happens next, in words that never promise that
// someone is watching. Both languages always: the phone may show either.
import { t } from '../../web/i18n';
import type { DiaryAlert } from '../followups/rules';

export interface Bilingual {
  zh: string;
  en: string;
}

const both = (key: string, vars?: Record<string, string>): Bilingual => ({ zh: t('zh', key, vars), en: t('en', key, vars) });

/** Call 120 now, and the red zone's reliever while waiting. */
export const emergencyText = (): Bilingual => both('diary.emergency');

/**
 * After an urgent alert: the red zone now, who sees the record and when, and 120. After a nurse
 * alert: who sees it and when, 120, and what the plan's yellow zone says (or its default wording).
 */
export function afterAlertText(alerts: readonly Pick<DiaryAlert, 'level'>[], yellowActions: string | null): Bilingual | null {
  if (alerts.some((a) => a.level === 'urgent')) return both('diary.alertUrgent');
  if (alerts.length === 0) return null;
  const base = both('diary.alertNurse');
  const yellow = yellowActions ? both('diary.alertNurseYellow', { actions: yellowActions }) : both('diary.alertNurseYellowDefault');
  return { zh: `${base.zh}${yellow.zh}`, en: `${base.en} ${yellow.en}` };
}
