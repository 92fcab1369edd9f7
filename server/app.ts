// Builds the app from its features. No listen(): tests call app.request(), main.ts serves it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Hono, type Context } from 'hono';
import type { AppEnv, Deps } from './context';
import { chooseLanguage, limitBody, provideDeps } from './http/middleware';
import { authenticate } from './auth/request-auth';
import { toErrorResponse } from './http/on-error';
import { securityHeaders } from './http/security-headers';
import { buildOpenApi } from './http/openapi';
import type { Api } from './http/route';
import { registerAuthRoutes } from './auth/routes';
import { registerUserRoutes } from './users/routes';
import { registerAuditRoutes } from './audit/routes';
import { registerReferenceRoutes } from './reference/routes';
import { registerHealthRoutes } from './health/routes';
import { registerChildRoutes } from './children/routes';
import { registerReferralRoutes } from './referrals/routes';
import { registerSchoolRoutes } from './schools/routes';
import { registerAsthmaIndexRoutes } from './asthma-index/routes';
import { PublicIndexCache, publicIndexNodeFastPath, servePublicIndexFromCache } from './asthma-index/public-cache';
import { registerFamilyAppRoutes } from './family-app/routes';
import { registerIndicatorRoutes } from './indicators/routes';
import { registerNotificationRoutes } from './notifications/routes';
import { registerTrainingRoutes } from './training/routes';
import { registerWechatCallback } from './notifications/wechat-callback';
import { fhirApp } from './fhir/routes';
import { registerStatic } from '../web/static';
import { registerChildPages } from '../web/children/pages';
import { registerAdminPages } from '../web/admin/pages';
import { registerCalendarPage } from '../web/admin/calendar-page';
import { registerDashboardPages } from '../web/dashboard/pages';
import { registerSchoolPages } from '../web/schools/pages';
import { registerReferralPages } from '../web/referrals/pages';
import { registerAsthmaIndexPages } from '../web/asthma-index/pages';
import { registerFamilyAppPages } from '../web/family-app/pages';
import { registerNotificationPages } from '../web/family-app/notification-pages';
import { registerPushPage } from '../web/family-app/push-page';
import { registerIntegrationPages } from '../web/admin/integrations';
import { registerTrainingPages } from '../web/training/pages';
import { registerCoveragePages } from '../web/training/coverage-pages';
import { registerPages, renderErrorPage } from '../web/pages';
import { installChangeFeed } from '../db/changes';
import { ACTOR_TABLES } from './auth/actor-cache';
import { WORKLIST_TABLES } from './followups/worklist-cache';
import { SNAPSHOT_TABLES } from './indicators/snapshots';
import { SCHOOL_TABLES } from './schools/district-cache';

export const API_VERSION = '1.0.0';
const MAX_BODY_BYTES = 1024 * 1024;

const isApi = (c: Context<AppEnv>) => c.req.path.startsWith('/api/');

export interface BuiltApp {
  app: Hono<AppEnv>;
  api: Api;
  /** Answers a cached public index hit straight on the Node server; false when it did not. */
  serveCached: (req: IncomingMessage, res: ServerResponse) => boolean;
}

export function createApp(deps: Deps): BuiltApp {
  // Before any request, with no transaction open: what the caches copy reports its changes.
  installChangeFeed(deps.db, [...ACTOR_TABLES, ...WORKLIST_TABLES, ...SNAPSHOT_TABLES, ...SCHOOL_TABLES]);
  const app = new Hono<AppEnv>();
  const api: Api = { app, routes: [] };

  const indexCache = new PublicIndexCache(deps.db, { recheckMs: deps.config.PUBLIC_INDEX_RECHECK_MS });
  app.use(provideDeps(deps));
  // First, so every answer (even a refused oversize form) has its language.
  app.use(chooseLanguage);
  app.use(securityHeaders());
  app.use(limitBody(MAX_BODY_BYTES));
  // The FHIR interface authenticates its own callers (SMART backend tokens, sessions, API tokens)
  // and answers every error as an OperationOutcome: mounted before authenticate() (docs/fhir.md).
  app.route('/fhir/r4', fhirApp());
  // Who is calling, and the CSRF check for form-like posts (JSON is not a simple request, so
  // browsers cannot send it cross-site without CORS): skipped only for a request a bearer token
  // authenticated; any other Authorization header is a 401, never the cookie's user.
  app.use(authenticate());

  registerStatic(app);
  registerHealthRoutes(app);
  registerAuthRoutes(api);
  registerUserRoutes(api);
  registerAuditRoutes(api);
  registerReferenceRoutes(api);
  registerChildRoutes(api);
  registerReferralRoutes(api);
  registerSchoolRoutes(api);
  registerAsthmaIndexRoutes(api, indexCache);
  registerFamilyAppRoutes(api);
  registerIndicatorRoutes(api);
  registerNotificationRoutes(api);
  registerTrainingRoutes(api);
  registerWechatCallback(app);
  app.get('/api/v1/openapi.json', (c) => c.json(buildOpenApi(api.routes, API_VERSION)));
  registerPages(app);
  registerChildPages(app);
  registerAdminPages(app);
  registerCalendarPage(app);
  registerDashboardPages(app);
  registerReferralPages(app);
  registerSchoolPages(app);
  registerAsthmaIndexPages(app);
  registerFamilyAppPages(app);
  registerNotificationPages(app);
  registerPushPage(app);
  registerIntegrationPages(app);
  registerTrainingPages(app);
  registerCoveragePages(app);

  app.notFound((c) => {
    if (isApi(c)) return c.json({ error: { code: 'not_found', message: 'No such route', details: [] } }, 404);
    return renderErrorPage(c, 404, 'not_found');
  });
  app.onError((err, c) => {
    const { status, body } = toErrorResponse(err, c);
    if (isApi(c) || c.req.header('accept')?.includes('application/json')) return c.json(body, status as 400);
    return renderErrorPage(c, status, body.error.code, body.error.requestId);
  });
  // In front of the router and middleware: a cached public index answer needs none of them.
  servePublicIndexFromCache(app, indexCache, deps.clock);
  return { app, api, serveCached: publicIndexNodeFastPath(indexCache, deps.clock) };
}
