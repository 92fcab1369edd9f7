import { z } from 'zod';
import { text } from '../text';

export const ARTICLE_TOPICS = ['basics', 'medicines', 'technique', 'monitoring', 'plan', 'triggers', 'school', 'living', 'emergency'] as const;

const title = text({ max: 120 });
const body = text({ max: 40_000, multiline: true });

export const articleSlug = z
  .string()
  .trim()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'v.slug')
  .max(60, 'v.tooLong');

export const articleSchema = z.object({
  topic: z.enum(ARTICLE_TOPICS),
  title: z.object({ zh: title, en: title }),
  /** Markdown (safe subset); rendered and sanitised on read. */
  body: z.object({ zh: body, en: body }),
  status: z.enum(['draft', 'published']),
});
export type ArticleInput = z.infer<typeof articleSchema>;

export const articleCreateSchema = articleSchema.extend({ slug: articleSlug });
