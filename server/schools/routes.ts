import type { Api } from '../http/route';

// Placeholder: the school first-aid API (issue 5) is registered here.
export function registerSchoolRoutes(_api: Api): void {}
