import type { Hono } from 'hono';
import type { AppEnv } from '../../server/context';

// Placeholder: the referral inboxes and pages (issue 4) are registered here.
export function registerReferralPages(_app: Hono<AppEnv>): void {}
