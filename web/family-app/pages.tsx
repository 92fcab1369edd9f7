import type { Hono } from 'hono';
import type { AppEnv } from '../../server/context';
import { registerPwaRoutes } from './pwa';
import { registerAppPages } from './app-pages';
import { registerPlanPages } from './plan-pages';
import { registerEditorPages } from './editor-pages';
import { registerSendArticlePage } from './sections';

// The installable family app (issue 10): PWA plumbing, the family's pages, the clinician's plan
// form and article editor, and the blocks it adds to the child page and home pages.
export function registerFamilyAppPages(app: Hono<AppEnv>): void {
  registerPwaRoutes(app);
  registerPlanPages(app);
  registerEditorPages(app);
  registerSendArticlePage(app);
  registerAppPages(app);
}
