import type { Hono } from 'hono';
import type { AppEnv } from '../../server/context';

// Placeholder: the installable family app pages (issue 10) are registered here.
export function registerFamilyAppPages(_app: Hono<AppEnv>): void {}
