import { z } from 'zod';
import { defineRoute, requestContext, type Api } from '../http/route';
import { isoDate, label } from '../http/schemas';
import { diaryParams } from '../diary/schemas';
import { forbidden } from '../errors';
import { actionPlanSchema } from './plan-schemas';
import { getActionPlan, listPlanVersions, listSchoolPlans, saveActionPlan } from './plans';
import { articleCreateSchema, articleSchema, articleSlug } from './article-schemas';
import { getArticle, listArticles, saveArticle, sendArticle } from './articles';
import { educationReach } from './reach';
import { DiaryConflict, diarySyncSchema, syncDiaryEntry } from './diary-sync';
import { listPushSubscriptions, pushPublicKey, pushSubscriptionSchema, subscribePush, unsubscribePush } from './push';

const idParam = z.object({ id: z.uuid() });
const slugParam = z.object({ slug: articleSlug });
const plans = { action: 'plans.write' } as const;
const editors = { action: 'articles.edit' } as const;
const parents = { action: 'family.own' } as const;

export function registerFamilyAppRoutes(api: Api): void {
  // ---- action plans ----
  defineRoute(
    api,
    { method: 'get', path: '/children/:id/action-plan', summary: 'The action plan in force (the school nurse gets the summary: zones, reliever, contacts)', tag: 'action-plans', access: { action: 'plans.read' }, params: idParam },
    async (c, { params }) => c.json(await getActionPlan(c.get('deps'), requestContext(c), params.id)),
  );
  defineRoute(
    api,
    { method: 'put', path: '/children/:id/action-plan', summary: 'Write a new version of the action plan (optionally given at a follow-up)', tag: 'action-plans', access: plans, params: idParam, body: actionPlanSchema },
    async (c, { params, body }) => c.json(await saveActionPlan(c.get('deps'), requestContext(c), params.id, body)),
  );
  defineRoute(api, { method: 'get', path: '/children/:id/action-plan/versions', summary: 'Versions of the action plan, newest first', tag: 'action-plans', access: { action: 'plans.history' }, params: idParam }, async (c, { params }) =>
    c.json({ items: await listPlanVersions(c.get('deps'), requestContext(c), params.id), nextCursor: null }),
  );
  defineRoute(api, { method: 'get', path: '/action-plans/school', summary: "The nurse's pupils with an action plan", tag: 'action-plans', access: { action: 'plans.school' } }, async (c) =>
    c.json({ items: await listSchoolPlans(c.get('deps'), requestContext(c)), nextCursor: null }),
  );

  // ---- articles ----
  defineRoute(
    api,
    {
      method: 'get',
      path: '/articles',
      summary: 'Published education articles (editors: ?drafts=true adds drafts)',
      tag: 'articles',
      access: 'public',
      query: z.object({ lang: z.enum(['zh', 'en']).optional(), drafts: z.enum(['true', 'false']).optional() }),
    },
    async (c, { query, actor }) => {
      const items = await listArticles(c.get('deps'), actor, { includeDrafts: query.drafts === 'true' });
      return c.json({ items: items.map((a) => ({ ...a, ...(query.lang ? { titleText: a.title[query.lang] } : {}) })), nextCursor: null });
    },
  );
  defineRoute(api, { method: 'get', path: '/articles/:slug', summary: "One article, body as sanitised HTML in both languages (a family's open is recorded)", tag: 'articles', access: 'public', params: slugParam }, async (c, { params }) =>
    c.json(await getArticle(c.get('deps'), requestContext(c), params.slug)),
  );
  defineRoute(api, { method: 'post', path: '/articles', summary: 'Create an article (Markdown, draft or published)', tag: 'articles', access: editors, body: articleCreateSchema, status: 201 }, async (c, { body }) => {
    const { slug, ...input } = body;
    return c.json(await saveArticle(c.get('deps'), requestContext(c), slug, input, 'create'), 201);
  });
  defineRoute(api, { method: 'put', path: '/articles/:slug', summary: 'Update an article, or publish / unpublish it', tag: 'articles', access: editors, params: slugParam, body: articleSchema }, async (c, { params, body }) =>
    c.json(await saveArticle(c.get('deps'), requestContext(c), params.slug, body, 'update')),
  );
  defineRoute(
    api,
    { method: 'post', path: '/children/:id/articles', summary: "Send a published article to the child's family", tag: 'articles', access: editors, params: idParam, body: z.object({ slug: articleSlug }), status: 201 },
    async (c, { params, body }) => c.json(await sendArticle(c.get('deps'), requestContext(c), params.id, body.slug), 201),
  );
  defineRoute(
    api,
    {
      method: 'get',
      path: '/education/reach',
      summary: 'Education reach per centre: families who opened articles, articles read, articles sent',
      tag: 'articles',
      access: { action: 'education.reach' },
      query: z.object({ from: isoDate, to: isoDate, centerId: z.uuid().optional() }),
    },
    async (c, { query, actor }) => {
      if (actor!.role === 'clinician' && query.centerId && query.centerId !== actor!.centerId) throw forbidden();
      const centerId = actor!.role === 'clinician' ? (actor!.centerId ?? undefined) : query.centerId;
      return c.json({ items: await educationReach(c.get('deps'), { from: query.from, to: query.to, centerId }) });
    },
  );

  // ---- offline diary sync ----
  defineRoute(
    api,
    {
      method: 'post',
      path: '/children/:id/diary/:date/sync',
      summary: 'Replay an offline diary entry: idempotent by clientId; 409 conflict with the server version when it changed meanwhile',
      tag: 'diary',
      access: { action: 'diary.keep' },
      params: diaryParams,
      body: diarySyncSchema,
    },
    async (c, { params, body }) => {
      try {
        return c.json(await syncDiaryEntry(c.get('deps'), requestContext(c), params.id, params.date, body));
      } catch (err) {
        if (!(err instanceof DiaryConflict)) throw err;
        return c.json({ error: { code: err.code, message: err.message, details: [] }, server: err.server }, 409);
      }
    },
  );

  // ---- Web Push ----
  defineRoute(api, { method: 'get', path: '/push/public-key', summary: 'The VAPID public key for PushManager.subscribe', tag: 'push', access: 'public' }, async (c) => c.json({ publicKey: await pushPublicKey(c.get('deps')) }));
  defineRoute(
    api,
    {
      method: 'post',
      path: '/push/subscriptions',
      summary: "Save a phone's Web Push subscription, an address of the app-notification channel (same endpoint: update)",
      tag: 'push',
      access: parents,
      body: pushSubscriptionSchema,
      status: 201,
    },
    async (c, { body }) => {
      const result = await subscribePush(c.get('deps'), requestContext(c), body);
      return c.json(result.subscription, result.created ? 201 : 200);
    },
  );
  defineRoute(api, { method: 'get', path: '/push/subscriptions', summary: "The parent's push subscriptions", tag: 'push', access: parents }, async (c) =>
    c.json({ items: await listPushSubscriptions(c.get('deps'), requestContext(c)), nextCursor: null }),
  );
  defineRoute(api, { method: 'post', path: '/push/unsubscribe', summary: 'Remove a push subscription by its endpoint', tag: 'push', access: parents, body: z.object({ endpoint: label(1000) }) }, async (c, { body }) => {
    await unsubscribePush(c.get('deps'), requestContext(c), { endpoint: body.endpoint });
    return c.json({ ok: true });
  });
  defineRoute(api, { method: 'delete', path: '/push/subscriptions/:id', summary: 'Remove a push subscription', tag: 'push', access: parents, params: idParam }, async (c, { params }) => {
    await unsubscribePush(c.get('deps'), requestContext(c), { id: params.id });
    return c.json({ ok: true });
  });
}
