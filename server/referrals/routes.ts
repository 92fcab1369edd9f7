import type { Api } from '../http/route';

// Placeholder: the referral API (issue 4) is registered here.
export function registerReferralRoutes(_api: Api): void {}
