import type { Api } from '../http/route';

// Placeholder: action plans, articles and push subscriptions (issue 10) are registered here.
export function registerFamilyAppRoutes(_api: Api): void {}
