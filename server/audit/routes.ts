import { defineRoute, requestContext, type Api } from '../http/route';
import { auditLogPage, auditQuery } from './log';

export function registerAuditRoutes(api: Api): void {
  defineRoute(api, { method: 'get', path: '/audit', summary: 'Audit log, newest first (admin)', tag: 'admin', access: { action: 'audit.read' }, query: auditQuery }, async (c, { query }) =>
    c.json(await auditLogPage(c.get('deps'), requestContext(c), query)),
  );
}
