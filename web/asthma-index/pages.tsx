import type { Hono } from 'hono';
import type { AppEnv } from '../../server/context';

// Placeholder: the public index page and admin job pages (issue 6) are registered here.
export function registerAsthmaIndexPages(_app: Hono<AppEnv>): void {}
