import type { Api } from '../http/route';

// Placeholder: the public asthma index, subscriptions and job API (issue 6) are registered here.
export function registerAsthmaIndexRoutes(_api: Api): void {}
