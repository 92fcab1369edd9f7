import { z } from 'zod';
import type { Db } from '../../db/connection';
import { defineRoute, type Api } from '../http/route';
import { pageQuery } from '../http/paging';
import { validationFailed } from '../errors';

const auditQuery = pageQuery.extend({
  entity: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  userId: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
});

export type AuditQuery = z.infer<typeof auditQuery>;

/** A page of the audit log, newest first (the indexes of migration 0012 serve the child and user filters). */
export function auditPageQuery(db: Db, query: AuditQuery) {
  let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(query.limit + 1);
  if (query.entity) q = q.where('entity', '=', query.entity);
  if (query.entityId) q = q.where('entity_id', '=', query.entityId);
  if (query.userId) q = q.where('user_id', '=', query.userId);
  if (query.action) q = q.where('action', '=', query.action);
  if (query.cursor) {
    // The cursor is the last id of the page before; anything else would quietly answer nothing.
    if (!/^[1-9]\d{0,15}$/.test(query.cursor)) throw validationFailed([{ path: 'cursor', message: 'v.cursor' }]);
    q = q.where('id', '<', Number(query.cursor));
  }
  return q;
}

export function registerAuditRoutes(api: Api): void {
  defineRoute(api, { method: 'get', path: '/audit', summary: 'Audit log, newest first (admin)', tag: 'admin', access: { roles: ['admin'] }, query: auditQuery }, async (c, { query }) => {
    const rows = await auditPageQuery(c.get('deps').db, query).execute();
    const items = rows.slice(0, query.limit).map((r) => ({
      id: r.id, at: r.at, userId: r.user_id, role: r.role, action: r.action, entity: r.entity, entityId: r.entity_id, outcome: r.outcome, requestId: r.request_id,
    }));
    return c.json({ items, nextCursor: rows.length > query.limit ? String(items[items.length - 1]!.id) : null });
  });
}
