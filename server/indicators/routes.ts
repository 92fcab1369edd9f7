import { z } from 'zod';
import { defineRoute, requestContext, type Api } from '../http/route';
import { isoDate } from '../http/schemas';
import { centreComparison, indicatorsFor, indicatorTrends, indexValidation } from './service';
import { indicatorsCsv } from './export';
import { sharedBody } from '../http/shared-body';

export const indicatorQuery = z.object({ from: isoDate.optional(), to: isoDate.optional(), centerId: z.uuid().optional() });
const viewers = { action: 'indicators.read' } as const;

export function registerIndicatorRoutes(api: Api): void {
  defineRoute(api, { method: 'get', path: '/indicators', summary: 'Programme indicators for a period (clinicians: own centre)', tag: 'indicators', access: viewers, query: indicatorQuery }, async (c, { query }) => {
    const { items, gradeDistribution, referralCounts, ...head } = await indicatorsFor(c.get('deps'), requestContext(c), query);
    // The figures are shared (and frozen) while the snapshot is unchanged: the body is built once per head.
    const headJson = JSON.stringify(head);
    const body = sharedBody(items, headJson, () => `${headJson.slice(0, -1)},"items":${JSON.stringify(items)},"gradeDistribution":${JSON.stringify(gradeDistribution)},"referralCounts":${JSON.stringify(referralCounts)}}`);
    return c.body(body, 200, { 'Content-Type': 'application/json' });
  });
  defineRoute(api, { method: 'get', path: '/indicators.csv', summary: 'The indicators as CSV (UTF-8 with BOM), named by scope and period', tag: 'indicators', access: viewers, query: indicatorQuery }, async (c, { query }) => {
    const { csv, name } = await indicatorsCsv(c.get('deps'), requestContext(c), query, c.get('lang'));
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${name}"`);
    return c.body(csv);
  });
  defineRoute(api, { method: 'get', path: '/indicators/trends', summary: 'Monthly series for the trend charts', tag: 'indicators', access: viewers, query: indicatorQuery }, async (c, { query }) =>
    c.json(await indicatorTrends(c.get('deps'), requestContext(c), query)),
  );
  defineRoute(api, { method: 'get', path: '/indicators/centres', summary: 'One row per centre (managers)', tag: 'indicators', access: { action: 'indicators.compare' }, query: indicatorQuery }, async (c, { query }) =>
    c.json(await centreComparison(c.get('deps'), requestContext(c), query)),
  );
  defineRoute(api, { method: 'get', path: '/indicators/index-validation', summary: 'Diary symptoms and exacerbations by asthma-index level', tag: 'indicators', access: viewers, query: indicatorQuery }, async (c, { query }) =>
    c.json(await indexValidation(c.get('deps'), requestContext(c), query)),
  );
}
