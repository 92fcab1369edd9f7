import { common } from './common';
import { validation } from './validation';
import { schools } from './schools';
import { schoolFields } from './school-fields';
import { schoolAssessment } from './school-assessment';
import { referrals } from './referrals';
import { children } from './children';
import { followUps } from './follow-ups';
import { asthmaIndex } from './asthma-index';
import { familyApp } from './family-app';
import { dashboard } from './dashboard';
import { questionnaires, questionnaireItems } from './questionnaires';
import { notifications } from './notifications';
import { training } from './training';

// A leaf module (issue 32): every layer may import the catalogue; it imports nothing of theirs.
/** The two languages of every page and message. */
export type Lang = 'zh' | 'en';

// Each area keeps its own file; they merge here. Add an area by adding it to this list.
const areas = [common, validation, children, followUps, referrals, schools, schoolFields, schoolAssessment, asthmaIndex, familyApp, dashboard, questionnaires, notifications, training] as const;

type KeysOf<A> = A extends { zh: infer Z } ? keyof Z : never;
export type MessageKey = KeysOf<(typeof areas)[number]>;

const dictionaries: Record<Lang, Record<string, string>> = { zh: {}, en: {} };
for (const area of areas) {
  Object.assign(dictionaries.zh, area.zh);
  Object.assign(dictionaries.en, area.en);
}
Object.assign(dictionaries.zh, questionnaireItems.zh);
Object.assign(dictionaries.en, questionnaireItems.en);

/** Looks a message up and fills {placeholders}; an unknown key shows itself so it is noticed. */
export function t(lang: Lang, key: MessageKey | (string & {}), params: Record<string, string | number> = {}): string {
  const text = dictionaries[lang][key] ?? dictionaries.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

export const allKeys = (lang: Lang) => Object.keys(dictionaries[lang]);
