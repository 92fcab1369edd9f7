// The health-education library for families, Simplified Chinese first with the English alongside.
// Wording follows GINA (2024) and China's children's asthma action plan (CCAAP); it never gives a
// dose: medicines are always "as your doctor prescribed" and the child's own action plan decides.
// Markdown in the safe subset of ../markdown.ts; drawings are static SVGs under /static/app/articles/.

export type ArticleTopic = 'basics' | 'medicines' | 'technique' | 'monitoring' | 'plan' | 'triggers' | 'school' | 'living' | 'emergency';

export interface LibraryArticle {
  slug: string;
  topic: ArticleTopic;
  title: { zh: string; en: string };
  body: { zh: string; en: string };
}

import { actionPlan, controllerReliever, inhalerSpacer, peakFlow, whatIsAsthma } from './care';
import { coldsFlu, emergency, exercise, school, triggersHome, triggersOutdoors } from './living';

export const ARTICLE_LIBRARY: readonly LibraryArticle[] = [whatIsAsthma, controllerReliever, inhalerSpacer, peakFlow, actionPlan, triggersHome, triggersOutdoors, school, exercise, coldsFlu, emergency];
