// The asthma index API (docs/api.md): public index, range and districts; parents' subscriptions; admin jobs.
import { z } from 'zod';
import { today } from '../clock';
import { decodeCursor, encodeCursor, pageQuery } from '../http/paging';
import { defineRoute, requestContext, type Api } from '../http/route';
import { id, isoDate } from '../http/schemas';
import { PUBLIC_INDEX_CACHE_CONTROL, publicIndexKey, type PublicIndexCache } from './public-cache';
import { createSubscription, deactivateSubscription, findIndexDayWithBasis, indexDayNotFound, getIndexRange, listDistricts, listJobRuns, listSubscriptions, triggerJob } from './service';
import { districtCode, runJobBody, subscriptionBody } from './schemas';

const district = districtCode;
/** Stored rows change once a day, so shared caches may keep answers for a few minutes. */
const PUBLIC_CACHE = PUBLIC_INDEX_CACHE_CONTROL;

export function registerAsthmaIndexRoutes(api: Api, indexCache: PublicIndexCache): void {
  defineRoute(
    api,
    {
      method: 'get',
      path: '/asthma-index',
      summary: 'The asthma index of a district for a day (today when no date)',
      tag: 'asthma-index',
      access: 'public',
      query: z.object({ district, date: isoDate.optional() }),
    },
    async (c, { query }) => {
      const deps = c.get('deps');
      const date = query.date ?? today(deps.clock);
      // The version is read first: a change made meanwhile leaves the stored answer out of date, never wrong.
      const version = await indexCache.version();
      const found = await findIndexDayWithBasis(deps, query.district, date);
      if (!found) throw indexDayNotFound(query.district, date);
      indexCache.put(publicIndexKey(query.district, date), version, found.day, found.row, found.lastOkRunAt);
      c.header('Cache-Control', PUBLIC_CACHE);
      return c.json(found.day);
    },
  );

  defineRoute(
    api,
    {
      method: 'get',
      path: '/asthma-index/range',
      summary: 'Every computed day of a district in a range of at most 366 days',
      tag: 'asthma-index',
      access: 'public',
      query: z.object({ district, from: isoDate, to: isoDate }),
    },
    async (c, { query }) => {
      const items = await getIndexRange(c.get('deps'), query.district, query.from, query.to);
      c.header('Cache-Control', PUBLIC_CACHE);
      return c.json({ items });
    },
  );

  defineRoute(api, { method: 'get', path: '/districts', summary: 'The 16 districts of Shanghai with their weather centroids', tag: 'asthma-index', access: 'public' }, (c) => {
    c.header('Cache-Control', 'public, max-age=86400');
    return c.json({ items: listDistricts() });
  });

  defineRoute(
    api,
    {
      method: 'post',
      path: '/subscriptions',
      summary: 'Subscribe a webhook to a district at or above a level',
      tag: 'asthma-index',
      access: { action: 'family.own' },
      status: 201,
      body: subscriptionBody,
    },
    async (c, { body }) => c.json(await createSubscription(c.get('deps'), requestContext(c), body), 201),
  );

  defineRoute(api, { method: 'get', path: '/subscriptions', summary: "The caller's subscriptions", tag: 'asthma-index', access: { action: 'family.own' } }, async (c) =>
    c.json({ items: await listSubscriptions(c.get('deps'), requestContext(c)), nextCursor: null }),
  );

  defineRoute(
    api,
    {
      method: 'delete',
      path: '/subscriptions/:id',
      summary: 'End a subscription (kept for the delivery history)',
      tag: 'asthma-index',
      access: { action: 'family.own' },
      params: z.object({ id }),
    },
    async (c, { params }) => c.json(await deactivateSubscription(c.get('deps'), requestContext(c), params.id)),
  );

  defineRoute(
    api,
    {
      method: 'post',
      path: '/jobs/:name/run',
      summary: 'Run a job now in the background (body {} for today)',
      tag: 'jobs',
      access: { action: 'jobs.run' },
      status: 202,
      params: z.object({ name: z.string().max(50) }),
      body: runJobBody,
    },
    async (c, { params, body }) => c.json(await triggerJob(c.get('deps'), requestContext(c), params.name, body), 202),
  );

  defineRoute(
    api,
    {
      method: 'get',
      path: '/jobs/runs',
      summary: 'Recent job runs with status and error, newest first',
      tag: 'jobs',
      access: { action: 'jobs.run' },
      query: pageQuery.extend({ name: z.string().max(50).optional() }),
    },
    async (c, { query }) => {
      const cursor = decodeCursor(query.cursor);
      const before = cursor && cursor.length === 2 ? ([String(cursor[0]), String(cursor[1])] as [string, string]) : null;
      const { items, more } = await listJobRuns(c.get('deps'), { name: query.name, limit: query.limit, before });
      const last = items[items.length - 1];
      return c.json({ items, nextCursor: more && last ? encodeCursor([last.startedAt, last.id]) : null });
    },
  );
}
