import type { Hono } from 'hono';
import type { AppEnv } from '../../server/context';

// Placeholder: the school first-aid pages (issue 5) are registered here.
export function registerSchoolPages(_app: Hono<AppEnv>): void {}
