import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
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
  await trx
    .insertInto('audit_log')
    .values({
      at: clock.now().toISOString(),
      user_id: ctx.actor?.id ?? null,
      role: ctx.actor?.role ?? null,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId ?? null,
      outcome: entry.outcome ?? 'ok',
      request_id: ctx.requestId,
    })
    .execute();
}
