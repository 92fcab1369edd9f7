// The family-app tables, added to the DB interface by module augmentation so this feature's
// schema lives beside its migration without editing db/schema.ts.
import type { Bool } from '../schema';

export interface ActionPlanTable {
  id: string;
  child_id: string;
  /** 1, 2, 3 ... per child; the highest is in force. */
  version: number;
  /** The personal best the PEF zones were computed from (null: no PEF zones on this plan). */
  personal_best_pef: number | null;
  /** JSON: ActionPlanContent (zones, medicines, when to call, contacts). */
  plan: string;
  follow_up_id: string | null;
  created_by: string;
  created_at: string;
}

export type ArticleStatus = 'draft' | 'published';

export interface ArticleTable {
  id: string;
  slug: string;
  topic: string;
  position: number;
  title_zh: string;
  title_en: string;
  /** Markdown (the safe subset in server/family-app/markdown.ts). */
  body_zh: string;
  body_en: string;
  status: ArticleStatus;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
  published_at: string | null;
}

/** One row per family account, article and day it was opened. */
export interface ArticleReadTable {
  article_id: string;
  user_id: string;
  date: string;
  first_at: string;
  opens: number;
}

export interface ArticleSendTable {
  id: string;
  article_id: string;
  child_id: string;
  sent_by: string;
  sent_at: string;
}

export interface PushSubscriptionTable {
  id: string;
  user_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  lang: 'zh' | 'en';
  created_at: string;
  updated_at: string;
  last_sent_at: string | null;
}

declare module '../schema' {
  interface DB {
    action_plans: ActionPlanTable;
    articles: ArticleTable;
    article_reads: ArticleReadTable;
    article_sends: ArticleSendTable;
    push_subscriptions: PushSubscriptionTable;
  }
  interface FollowUpTable {
    action_plan_version: number | null;
  }
}
