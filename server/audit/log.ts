// The audit log read back by an admin: the API's pages and the admin's audit page.
import { portableSql } from '../../db/sql';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/connection';
import type { Deps, RequestContext } from '../context';
import { actorOf } from '../auth/actor';
import { validationFailed } from '../errors';
import { pageQuery } from '../http/paging';
import { assertMay } from '../auth/policy';

export const auditQuery = pageQuery.extend({
  entity: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  userId: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
});

export type AuditQuery = z.infer<typeof auditQuery>;

/** A page of the audit log, newest first, served by an index of migrations 0012 and 0014. */
export function auditPageQuery(db: Db, query: AuditQuery) {
  // One index serves the page: a child's or a user's rows (few), else the kind of record and the
  // action together or either alone (migration 0014). The other filters are checked row by row: a
  // unary + keeps SQLite from choosing their index (with "entity = 'child'" it preferred a run of
  // millions of rows to one child's few).
  type Column = 'entity' | 'entity_id' | 'user_id' | 'action';
  const served: Column[] = query.entityId ? ['entity_id'] : query.userId ? ['user_id'] : ['entity', 'action'];
  const { unindexed } = portableSql(db);
  const column = (name: Column) => (served.includes(name) ? sql.ref<string>(name) : unindexed(name));
  let q = db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  if (query.entity) q = q.where(column('entity'), '=', query.entity);
  if (query.entityId) q = q.where(column('entity_id'), '=', query.entityId);
  if (query.userId) q = q.where(column('user_id'), '=', query.userId);
  if (query.action) q = q.where(column('action'), '=', query.action);
  if (query.cursor) {
    // The cursor is the last id of the page before; anything else would quietly answer nothing.
    if (!/^[1-9]\d{0,15}$/.test(query.cursor) || !Number.isSafeInteger(Number(query.cursor))) throw validationFailed([{ path: 'cursor', message: 'v.cursor' }]);
    q = q.where('id', '<', Number(query.cursor));
  }
  return q;
}

export interface AuditLogItem {
  id: number;
  at: string;
  userId: string | null;
  role: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  outcome: string;
  requestId: string | null;
}

/** A page of the audit log, newest first, for an admin; nextCursor continues it. */
export async function auditLogPage(deps: Deps, ctx: RequestContext, query: AuditQuery): Promise<{ items: AuditLogItem[]; nextCursor: string | null }> {
  assertMay(actorOf(ctx), 'audit.read');
  const rows = await auditPageQuery(deps.db, query).execute();
  const items = rows.slice(0, query.limit).map((r) => ({
    id: r.id,
    at: r.at,
    userId: r.user_id,
    role: r.role,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    outcome: r.outcome,
    requestId: r.request_id,
  }));
  return { items, nextCursor: rows.length > query.limit ? String(items[items.length - 1]!.id) : null };
}
