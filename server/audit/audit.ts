import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { prepareAppend } from '../../db/connection';
import { prepareQuery } from '../../db/prepared';
import type { Clock } from '../clock';
import type { RequestContext } from '../context';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | null;
  outcome?: 'ok' | 'denied' | 'failed';
}

/**
 * Appends an audit row inside the caller's transaction, so the row and the change commit together.
 * Only ids and codes go in: never names, phones, free text or secrets.
 */
export async function audit(trx: Kysely<DB>, clock: Clock, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  const row = auditRow(clock, ctx, entry);
  await insertAuditRow(trx, row.at, row.user_id, row.role, row.action, row.entity, row.entity_id, row.outcome, row.request_id);
}

type AuditRow = Required<Omit<Insertable<DB['audit_log']>, 'id'>> & { request_id: string };

const auditRow = (clock: Clock, ctx: RequestContext, entry: AuditEntry): AuditRow => ({
  at: clock.now().toISOString(),
  user_id: ctx.actor?.id ?? null,
  role: ctx.actor?.role ?? null,
  action: entry.action,
  entity: entry.entity,
  entity_id: entry.entityId ?? null,
  outcome: entry.outcome ?? 'ok',
  request_id: ctx.requestId,
});

/**
 * The audit row of a read, which changes nothing else: appended without a transaction of its own
 * (db/connection.ts prepareAppend). Still committed before the caller answers.
 */
export function auditRead(db: Kysely<DB>, clock: Clock, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  return appendAuditRow(db, auditRow(clock, ctx, entry));
}

const appendAuditRow = prepareAppend('audit_log', ['at', 'user_id', 'role', 'action', 'entity', 'entity_id', 'outcome', 'request_id']);

// Every audited request inserts one: built once (db/prepared.ts).
const insertAuditRow = prepareQuery((db, at: string, userId: string | null, role: string | null, action: string, entity: string, entityId: string | null, outcome: NonNullable<AuditEntry['outcome']>, requestId: string) =>
  db.insertInto('audit_log').values({ at, user_id: userId, role, action, entity, entity_id: entityId, outcome, request_id: requestId }),
);
