import type { Hono } from 'hono';
import type { AppEnv } from '../../server/context';
import { registerChildListPages } from './list';
import { registerChildDetailPages } from './detail';
import { registerFollowUpFormPages } from './follow-up-form';
import { registerWorklistPages } from './worklist';
import { registerDiaryPages } from '../diary/pages';

/** The registry, follow-up and diary pages (issue 3). */
export function registerChildPages(app: Hono<AppEnv>): void {
  // The form pages come first so "/children/new" is not taken for a child id.
  registerChildListPages(app);
  registerFollowUpFormPages(app);
  registerChildDetailPages(app);
  registerWorklistPages(app);
  registerDiaryPages(app);
}
