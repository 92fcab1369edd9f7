import type { Hono } from 'hono';
import type { AppEnv } from '../../server/context';
import { addNav } from '../layout';
import { registerSchoolOverviewPages } from './school-pages';
import { registerKitPages } from './kit-pages';
import { registerKitStatusPages } from './kit-status-pages';
import { registerCheckAndUsePages } from './check-use-pages';
import { registerAssessmentPages } from './assessment-pages';
import { registerTrainingPages } from './training-pages';
import { registerSchoolHomeSections } from './home';

// The school first-aid pages (issue 5): the district's list, a school's page, kits, checks, uses,
// trainings and the assessment. Nav and home blocks are registered once, at module load.
addNav('schools.read', { href: '/schools', key: 'nav.schools' }, 1);
registerSchoolHomeSections();

export function registerSchoolPages(app: Hono<AppEnv>): void {
  // /schools/:id/... pages before /schools/:id so each path reaches its own handler.
  registerKitPages(app);
  registerKitStatusPages(app);
  registerCheckAndUsePages(app);
  registerTrainingPages(app);
  registerAssessmentPages(app);
  registerSchoolOverviewPages(app);
}
