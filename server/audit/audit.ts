import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
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
  await insertAuditRow(trx, clock.now().toISOString(), ctx.actor?.id ?? null, ctx.actor?.role ?? null, entry.action, entry.entity, entry.entityId ?? null, entry.outcome ?? 'ok', ctx.requestId);
}

// Every audited request inserts one: built once (db/prepared.ts).
const insertAuditRow = prepareQuery((db, at: string, userId: string | null, role: string | null, action: string, entity: string, entityId: string | null, outcome: NonNullable<AuditEntry['outcome']>, requestId: string) =>
  db.insertInto('audit_log').values({ at, user_id: userId, role, action, entity, entity_id: entityId, outcome, request_id: requestId }));
