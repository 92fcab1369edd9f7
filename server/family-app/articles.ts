// The education library: published articles for everyone, drafts for editors (admins, clinicians),
// reads recorded per family account and day, "send to the family" from the clinician, reach per centre.
import { sql } from 'kysely';
import type { ArticleTable } from '../../db/tables/family-app';
import { nowIso, today } from '../clock';
import { addDays } from '../calendar';
import type { Actor, Deps, RequestContext } from '../context';
import { audit } from '../audit/audit';
import { conflict, forbidden, notFound } from '../errors';
import { newId } from '../ids';
import { childInScope } from '../children/service';
import { renderMarkdown } from './markdown';
import type { ArticleInput } from './article-schemas';

export const isEditor = (actor: Actor | null): boolean => actor?.role === 'admin' || actor?.role === 'clinician';

export interface ArticleListItem {
  slug: string;
  topic: string;
  title: { zh: string; en: string };
  status: ArticleTable['status'];
  updatedAt: string;
}

export interface ArticleView extends ArticleListItem {
  /** HTML, sanitised on render. */
  body: { zh: string; en: string };
  /** The Markdown source, for editors only. */
  source?: { zh: string; en: string };
}

const listItem = (a: ArticleTable): ArticleListItem => ({ slug: a.slug, topic: a.topic, title: { zh: a.title_zh, en: a.title_en }, status: a.status, updatedAt: a.updated_at });

/** Published articles in library order; editors may ask for drafts too. */
export async function listArticles(deps: Deps, actor: Actor | null, opts: { includeDrafts?: boolean } = {}): Promise<ArticleListItem[]> {
  let q = deps.db.selectFrom('articles').selectAll().orderBy('position').orderBy('slug');
  if (!(opts.includeDrafts && isEditor(actor))) q = q.where('status', '=', 'published');
  return (await q.execute()).map(listItem);
}

/** One article; a draft is visible to editors only (404 for anyone else). A parent's open is recorded. */
export async function getArticle(deps: Deps, ctx: RequestContext, slug: string): Promise<ArticleView> {
  const actor = ctx.actor;
  const row = await deps.db.selectFrom('articles').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!row || (row.status !== 'published' && !isEditor(actor))) throw notFound();
  if (actor?.role === 'parent' && row.status === 'published') await recordRead(deps, actor, row.id);
  return {
    ...listItem(row),
    body: { zh: renderMarkdown(row.body_zh), en: renderMarkdown(row.body_en) },
    ...(isEditor(actor) ? { source: { zh: row.body_zh, en: row.body_en } } : {}),
  };
}

async function recordRead(deps: Deps, actor: Actor, articleId: string): Promise<void> {
  const now = nowIso(deps.clock);
  await deps.db
    .insertInto('article_reads')
    .values({ article_id: articleId, user_id: actor.id, date: today(deps.clock), first_at: now, opens: 1 })
    .onConflict((oc) => oc.columns(['article_id', 'user_id', 'date']).doUpdateSet({ opens: sql`article_reads.opens + 1` }))
    .execute();
}

/** Creates (slug new) or updates an article; editors only. Audited. */
export async function saveArticle(deps: Deps, ctx: RequestContext, slug: string, input: ArticleInput, mode: 'create' | 'update'): Promise<ArticleView> {
  const actor = ctx.actor;
  if (!actor || !isEditor(actor)) throw forbidden();
  const now = nowIso(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('articles').selectAll().where('slug', '=', slug).executeTakeFirst();
    if (mode === 'create' && existing) throw conflict('An article with this slug exists');
    if (mode === 'update' && !existing) throw notFound();
    const values = {
      topic: input.topic,
      title_zh: input.title.zh,
      title_en: input.title.en,
      body_zh: input.body.zh,
      body_en: input.body.en,
      status: input.status,
      updated_at: now,
      updated_by: actor.id,
      published_at: input.status === 'published' ? (existing?.published_at ?? now) : null,
    };
    let id: string;
    if (existing) {
      id = existing.id;
      await trx.updateTable('articles').set(values).where('id', '=', id).execute();
    } else {
      id = newId();
      const last = await trx
        .selectFrom('articles')
        .select((eb) => eb.fn.max('position').as('p'))
        .executeTakeFirst();
      await trx
        .insertInto('articles')
        .values({ id, slug, position: Number(last?.p ?? 0) + 10, created_at: now, ...values })
        .execute();
    }
    await audit(trx, deps.clock, ctx, { action: existing ? (existing.status !== input.status ? `update_${input.status}` : 'update') : 'create', entity: 'article', entityId: id });
    const row = await trx.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return { ...listItem(row), body: { zh: renderMarkdown(row.body_zh), en: renderMarkdown(row.body_en) }, source: { zh: row.body_zh, en: row.body_en } };
  });
}

/** A clinician recommends a published article to a child's family; it shows at the top of their app. */
export async function sendArticle(deps: Deps, ctx: RequestContext, childId: string, slug: string): Promise<{ id: string; slug: string; sentAt: string }> {
  const actor = ctx.actor;
  if (!actor || !isEditor(actor)) throw forbidden();
  const now = nowIso(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    await childInScope(trx, actor, childId);
    const article = await trx.selectFrom('articles').select(['id', 'slug']).where('slug', '=', slug).where('status', '=', 'published').executeTakeFirst();
    if (!article) throw notFound('No such published article');
    const id = newId();
    await trx.insertInto('article_sends').values({ id, article_id: article.id, child_id: childId, sent_by: actor.id, sent_at: now }).execute();
    await audit(trx, deps.clock, ctx, { action: 'send', entity: 'article', entityId: id });
    return { id, slug: article.slug, sentAt: now };
  });
}

export interface SentArticle {
  slug: string;
  title: { zh: string; en: string };
  childId: string;
  sentAt: string;
  read: boolean;
}

/** Articles sent to a parent's children (newest first), with whether the family opened them since. */
export async function sentToFamily(deps: Deps, actor: Actor, limit = 10): Promise<SentArticle[]> {
  const rows = await deps.db
    .selectFrom('article_sends')
    .innerJoin('guardianships', 'guardianships.child_id', 'article_sends.child_id')
    .innerJoin('articles', 'articles.id', 'article_sends.article_id')
    .select(['articles.id as articleId', 'articles.slug', 'articles.title_zh', 'articles.title_en', 'article_sends.child_id', 'article_sends.sent_at'])
    .where('guardianships.user_id', '=', actor.id)
    .where('articles.status', '=', 'published')
    .orderBy('article_sends.sent_at', 'desc')
    .limit(limit)
    .execute();
  const reads = await deps.db.selectFrom('article_reads').select(['article_id', 'first_at']).where('user_id', '=', actor.id).execute();
  return rows.map((r) => ({
    slug: r.slug,
    title: { zh: r.title_zh, en: r.title_en },
    childId: r.child_id,
    sentAt: r.sent_at,
    read: reads.some((x) => x.article_id === r.articleId && x.first_at >= r.sent_at),
  }));
}

export interface EducationReach {
  centerId: string;
  /** Parent accounts of the centre's children who opened at least one article in the period. */
  families: number;
  /** Distinct (family, article) pairs opened in the period. */
  articlesRead: number;
  /** Articles the centre's clinicians sent in the period. */
  sent: number;
}

/** Education reach per centre over [from, to] (Asia/Shanghai dates), for the programme dashboard. */
export async function educationReachByCentre(deps: Deps, period: { from: string; to: string; centerId?: string }): Promise<EducationReach[]> {
  let reads = deps.db
    .selectFrom('article_reads')
    .innerJoin('guardianships', 'guardianships.user_id', 'article_reads.user_id')
    .innerJoin('children', 'children.id', 'guardianships.child_id')
    .select(['children.center_id', sql<number>`count(distinct article_reads.user_id)`.as('families'), sql<number>`count(distinct article_reads.user_id || ':' || article_reads.article_id)`.as('articles_read')])
    .where('article_reads.date', '>=', period.from)
    .where('article_reads.date', '<=', period.to)
    .groupBy('children.center_id');
  if (period.centerId) reads = reads.where('children.center_id', '=', period.centerId);
  let sends = deps.db
    .selectFrom('article_sends')
    .innerJoin('children', 'children.id', 'article_sends.child_id')
    .select(['children.center_id', sql<number>`count(*)`.as('sent')])
    // Shanghai calendar days as UTC instants (UTC+8, no daylight saving).
    .where('article_sends.sent_at', '>=', `${addDays(period.from, -1)}T16:00:00.000Z`)
    .where('article_sends.sent_at', '<', `${period.to}T16:00:00.000Z`)
    .groupBy('children.center_id');
  if (period.centerId) sends = sends.where('children.center_id', '=', period.centerId);
  const [readRows, sendRows] = await Promise.all([reads.execute(), sends.execute()]);
  const byCentre = new Map<string, EducationReach>();
  const entry = (id: string) => byCentre.get(id) ?? byCentre.set(id, { centerId: id, families: 0, articlesRead: 0, sent: 0 }).get(id)!;
  for (const r of readRows) Object.assign(entry(r.center_id), { families: Number(r.families), articlesRead: Number(r.articles_read) });
  for (const s of sendRows) entry(s.center_id).sent = Number(s.sent);
  return [...byCentre.values()].sort((a, b) => a.centerId.localeCompare(b.centerId));
}
